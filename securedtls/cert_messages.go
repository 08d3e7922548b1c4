package securedtls

import (
	"bytes"

	"github.com/nxsim/nxsim/nx"
)

// The certificate handshake messages (RFC 5246 §7.4.2, §7.4.4, §7.4.8).
const (
	msgCertificate        = 11
	msgCertificateRequest = 13
	msgCertificateVerify  = 15
)

// localIdentity is the session's identity certificate: the first
// certificate of the local store that has a private key, as
// _nx_secure_x509_local_device_certificate_get returns it for a NULL name;
// nil without one.
func (s *Session) localIdentity() *X509Cert {
	if local := s.NxSecureDTLSTLSSession.certs.local; local != nil {
		for _, c := range local.certs {
			if c.key != nil {
				return c
			}
		}
	}
	return nil
}

// identityKey is the identity certificate's private key of type K: no
// identity is NX_SECURE_TLS_CERTIFICATE_NOT_FOUND, a key of another type
// NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER.
func identityKey[K any](s *Session) (K, nx.Status) {
	var zero K
	id := s.localIdentity()
	if id == nil {
		return zero, nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
	}
	key, ok := id.key.(K)
	if !ok {
		return zero, nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
	}
	return key, nx.NX_SUCCESS
}

// localChain is what nx_secure_tls_send_certificate.c sends: the identity
// certificate, then each issuer found in the local store, stopping before
// a self-signed one (the root stays home). nil without an identity.
func (s *Session) localChain() [][]byte {
	cert := s.localIdentity()
	if cert == nil {
		return nil
	}
	chain := [][]byte{cert.der}
	for len(chain) <= len(s.NxSecureDTLSTLSSession.certs.local.certs) {
		issuer := s.localIssuer(cert)
		if issuer == nil || bytes.Equal(issuer.parsed.RawSubject, issuer.parsed.RawIssuer) {
			break
		}
		chain = append(chain, issuer.der)
		cert = issuer
	}
	return chain
}

// localIssuer finds cert's issuer by distinguished name in the local store.
func (s *Session) localIssuer(cert *X509Cert) *X509Cert {
	for _, c := range s.NxSecureDTLSTLSSession.certs.local.certs {
		if bytes.Equal(c.parsed.RawSubject, cert.parsed.RawIssuer) {
			return c
		}
	}
	return nil
}

// certificateMessage is a Certificate body: the three-byte total length,
// then each certificate with its three-byte length; no certificates is a
// zero total (a client without an identity).
func certificateMessage(chain [][]byte) []byte {
	total := 0
	for _, der := range chain {
		total += 3 + len(der)
	}
	b := make([]byte, 3, 3+total)
	putUint24(b, total)
	for _, der := range chain {
		n := make([]byte, 3)
		putUint24(n, len(der))
		b = append(append(b, n...), der...)
	}
	return b
}

// parseCertificateMessage splits a Certificate body with
// nx_secure_tls_process_remote_certificate.c's checks: a total beyond the
// message or a certificate beyond the total is a length error, a zero
// total NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED.
func parseCertificateMessage(b []byte) ([][]byte, nx.Status) {
	if len(b) < 3 {
		return nil, lengthError
	}
	total := int(uint24(b))
	if total > len(b) {
		return nil, lengthError
	}
	if total == 0 {
		return nil, nx.NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED
	}
	var chain [][]byte
	rest := b[3:]
	for total > 0 {
		if len(rest) < 3 {
			return nil, lengthError
		}
		n := int(uint24(rest))
		if n+3 > total || n+3 > len(rest) {
			return nil, lengthError
		}
		chain = append(chain, rest[3:3+n])
		rest, total = rest[3+n:], total-3-n
	}
	return chain, nx.NX_SUCCESS
}

// processRemoteCertificate takes the peer's Certificate message: the chain
// verified against the trusted store; the end-entity certificate is kept
// for the key exchange and CertificateVerify.
func (s *Session) processRemoteCertificate(body []byte) nx.Status {
	chain, st := parseCertificateMessage(body)
	if st != nx.NX_SUCCESS {
		return st
	}
	leaf, st := verifyRemoteChain(s, chain)
	if st != nx.NX_SUCCESS {
		return st
	}
	s.hs.peerCert = leaf
	return nx.NX_SUCCESS
}
