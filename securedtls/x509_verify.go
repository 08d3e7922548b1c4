package securedtls

import "github.com/nxsim/nxsim/nx"

// The peer's certificate chain, received and verified as
// nx_secure_tls_process_remote_certificate.c,
// nx_secure_tls_remote_certificate_verify.c,
// nx_secure_remote_certificate_verify.c and
// nx_secure_x509_certificate_chain_verify.c do it.

// verifyRemoteChain stores chain (the DER certificates of the peer's
// Certificate message, leaf first) in the session's remote-certificate
// slots, verifies it against the trusted store and returns the leaf with
// its public key, or NetX's status:
//
//   - no certificate 0x132; the message past the packet buffer 0x135;
//   - a certificate longer than a slot, or no slot left and no room for
//     another 304-byte structure at the end of the packet (reassembly)
//     buffer, 0x12D (certificates beyond the slots are kept there, as in C);
//   - a parse error with the parser's X.509 code (0x181-0x192), an
//     algorithm other than RSA and EC 0x10D;
//   - chain errors: issuer in no store 0x11B, unknown signature algorithm
//     0x116, bad signature 0x117, a self-signed leaf with self-signed
//     certificates refused 0x11A (accepted, the regression build's default,
//     it must verify itself and be trusted, else 0x18C), issuer KeyUsage
//     without keyCertSign 0x1A0, key of the wrong type 0x19A, curve not in
//     the X.509 curve table 0x2000F, validity (only with a time function)
//     0x193/0x194/0x196, padding 0x18D.
//
// After success NetX frees the chain and keeps a copy of the leaf: in a
// free slot, or else in the packet buffer, which it shrinks for good.
func verifyRemoteChain(s *Session, chain [][]byte) (*X509Cert, nx.Status) {
	cs := &s.NxSecureDTLSTLSSession.certs
	cs.remote = certStore{}
	msgLen := 3
	for _, der := range chain {
		msgLen += 3 + len(der)
	}
	if len(chain) == 0 {
		return nil, nx.NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED
	}
	if msgLen > len(s.reassembly) {
		return nil, nx.NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
	}
	room, slots := len(s.reassembly)-msgLen, s.remoteCertSlots
	for _, der := range chain {
		if slots > 0 {
			slots--
			if cs.remoteSlotSize < len(der) {
				return nil, nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE
			}
		} else {
			if room < x509CertSize {
				return nil, nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE
			}
			room -= x509CertSize
		}
		cert := &X509Cert{der: append([]byte(nil), der...)}
		fields, st := parseCertificate(cert.der)
		if st == nx.NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER {
			return nil, nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
		}
		if st != nx.NX_SUCCESS {
			return nil, st
		}
		cert.setFields(fields)
		cs.remote.certs = append(cs.remote.certs, cert)
	}
	leaf := cs.remote.endpoint()
	if st := s.remoteCertificateVerify(leaf); st != nx.NX_SUCCESS {
		return nil, st
	}
	return leaf, s.keepEndpoint(leaf, msgLen)
}

// keepEndpoint is the end of _nx_secure_tls_process_remote_certificate:
// the chain is freed and the leaf stays alone in the remote list, in a
// slot, or else in a copy at the end of the packet buffer, which loses the
// structure and the copy for good (0x12D when they do not fit).
func (s *Session) keepEndpoint(leaf *X509Cert, msgLen int) nx.Status {
	cs := &s.NxSecureDTLSTLSSession.certs
	cs.remote = certStore{certs: []*X509Cert{leaf}}
	if s.remoteCertSlots > 0 {
		return nx.NX_SUCCESS
	}
	room := len(s.reassembly) - msgLen - x509CertSize
	if room < len(leaf.der) {
		return nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE
	}
	s.reassembly = s.reassembly[:len(s.reassembly)-x509CertSize-len(leaf.der)]
	return nx.NX_SUCCESS
}

// remoteCertificateVerify is _nx_secure_tls_remote_certificate_verify with
// _nx_secure_remote_certificate_verify's translation of the X.509 codes.
func (s *Session) remoteCertificateVerify(leaf *X509Cert) nx.Status {
	var now uint32
	if f := s.NxSecureDTLSTLSSession.timeFunc; f != nil {
		now = f()
	}
	switch st := s.chainVerify(leaf, now); st {
	case nx.NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER:
		return nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
	case nx.NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM:
		return nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM
	case nx.NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED:
		return nx.NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED
	case nx.NX_SECURE_X509_INVALID_SELF_SIGNED_CERT:
		return nx.NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT
	case nx.NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND:
		return nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND
	default:
		return st
	}
}

// Where _nx_secure_x509_store_certificate_find found a certificate.
const (
	locNone = iota
	locLocal
	locRemote
	locTrusted
)

// findIssuer is _nx_secure_x509_store_certificate_find by name: the
// trusted store, then the local one, then the remote certificates, by
// common name.
func (s *Session) findIssuer(name *dnFields) (*X509Cert, int) {
	cs := &s.NxSecureDTLSTLSSession.certs
	if c := cs.trusted.find(name); c != nil {
		return c, locTrusted
	}
	if c := cs.local.find(name); c != nil {
		return c, locLocal
	}
	if c := cs.remote.find(name); c != nil {
		return c, locRemote
	}
	return nil, locNone
}

// chainVerify is _nx_secure_x509_certificate_chain_verify: from the leaf,
// each certificate's validity (when now != 0), its issuer (itself when
// self-signed, all name fields compared) and signature, until an issuer
// from the trusted store has verified one. The trusted certificate itself
// is neither dated nor verified.
func (s *Session) chainVerify(cert *X509Cert, now uint32) nx.Status {
	v := verifyContext{table: s.table}
	rejectSelfSigned := false
	if s.dev != nil {
		v.curves = s.dev.x509Curves
		rejectSelfSigned = s.dev.config.X509RejectSelfSigned
	}
	for cert != nil {
		f := cert.fields
		if now != 0 {
			if st := f.expirationCheck(now); st != nx.NX_SUCCESS {
				return st
			}
		}
		issuer, loc := cert, locNone
		if !compareNames(&f.subject, &f.issuer, true) {
			if issuer, loc = s.findIssuer(&f.issuer); issuer == nil {
				return nx.NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND
			}
		} else if rejectSelfSigned {
			return nx.NX_SECURE_X509_INVALID_SELF_SIGNED_CERT
		}
		if st := v.certificateVerify(f, issuer.fields); st != nx.NX_SUCCESS {
			return st
		}
		if loc == locTrusted {
			return nx.NX_SUCCESS
		}
		if issuer == cert { // self-signed: accepted only if a trusted certificate has its name
			if _, where := s.findIssuer(&f.subject); where == locTrusted {
				return nx.NX_SUCCESS
			}
			break
		}
		cert = issuer
	}
	return nx.NX_SECURE_X509_CHAIN_VERIFY_FAILURE
}
