package securedtls

import (
	"crypto/ecdsa"
	"slices"

	"github.com/nxsim/nxsim/nx"
)

// Client certificates: the server's CertificateRequest, the client's
// Certificate and CertificateVerify (NX_SECURE_ENABLE_CLIENT_CERTIFICATE_VERIFY,
// on in the emulated build).

// The ClientCertificateType values NetX uses.
const (
	certTypeRSASign   = 1
	certTypeECDSASign = 64
)

// certificateRequest is the body nx_secure_tls_send_certificate_request.c
// builds: rsa_sign and ecdsa_sign when the session has ecc_initialize
// groups, else rsa_sign alone; in DTLS 1.2 (a version whose signatures
// carry their algorithm) RSA and ECDSA with SHA-256, or RSA alone; no
// certificate authorities.
func (s *Session) certificateRequest() []byte {
	ecc := len(s.NxSecureDTLSTLSSession.certs.groups) > 0
	b := []byte{1, certTypeRSASign}
	algs := []byte{0, 2, sigRSASHA256 >> 8, sigRSASHA256 & 0xFF}
	if ecc {
		b = []byte{2, certTypeRSASign, certTypeECDSASign}
		algs = []byte{0, 4, sigRSASHA256 >> 8, sigRSASHA256 & 0xFF, sigECDSASHA256 >> 8, sigECDSASHA256 & 0xFF}
	}
	if s.signsWithAlgorithm() {
		b = append(b, algs...)
	}
	return append(b, 0, 0)
}

// signsWithAlgorithm reports whether the negotiated version's signatures
// and CertificateRequest carry SignatureAndHashAlgorithms (DTLS 1.2, not
// 1.0).
func (s *Session) signsWithAlgorithm() bool {
	_, alg := signatureDigest(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion, true, sigCertificateVerify)
	return alg != 0
}

// clientCertificateRequest checks a CertificateRequest against the
// client's identity (nx_secure_tls_process_certificate_request.c): its
// certificate type and SHA-256 signature algorithm must be offered. The
// certificate authorities are not read.
func (s *Session) clientCertificateRequest(body []byte) nx.Status {
	var wantType byte
	var wantAlg uint16
	if id := s.localIdentity(); id != nil {
		wantType, wantAlg = certTypeECDSASign, sigECDSASHA256
		if isRSAKey(id.parsed.PublicKey) {
			wantType, wantAlg = certTypeRSASign, sigRSASHA256
		}
	}
	types, rest, ok := vector8(body)
	if !ok {
		return lengthError
	}
	if wantType != 0 && !slices.Contains(types, wantType) {
		return nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE
	}
	if !s.signsWithAlgorithm() {
		s.hs.certRequested = true
		return nx.NX_SUCCESS
	}
	algs, _, ok := vector16(rest)
	if !ok {
		return lengthError
	}
	// The list is read two bytes at a time while the offset is below its
	// length: an odd length reads one byte past it (the certificate
	// authorities' length, or zero past the message) rather than being a
	// length error (nx_secure_tls_process_certificate_request.c).
	found := wantAlg == 0
	for i := 0; i < len(algs); i += 2 {
		found = found || uint16(at(rest, 2+i))<<8|uint16(at(rest, 3+i)) == wantAlg
	}
	if !found {
		return nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG
	}
	s.hs.certRequested = true
	return nx.NX_SUCCESS
}

// sendClientCertificate answers a CertificateRequest with the identity
// chain; without an identity the Certificate is empty and no
// CertificateVerify follows (nx_secure_tls_send_certificate.c).
func (s *Session) sendClientCertificate(wait nx.ULONG) nx.Status {
	chain := s.localChain()
	if chain == nil {
		s.hs.certRequested = false
	}
	return s.sendHandshake(msgCertificate, certificateMessage(chain), wait)
}

// sendCertificateVerify signs the transcript so far with the identity's
// key (nx_secure_tls_send_certificate_verify.c).
//
// An EC key's curve must be one of the session's ecc_initialize groups:
// NetX looks the curve method up there (_nx_secure_tls_find_curve_method on
// the session's nx_secure_tls_ecc, not on what the server offered) before
// signing, and returns its NX_CRYTPO_MISSING_ECC_CURVE when it is not; the
// Certificate and ClientKeyExchange are already sent, no CertificateVerify
// is.
func (s *Session) sendCertificateVerify(wait nx.ULONG) nx.Status {
	id := s.localIdentity()
	if pub, ok := id.parsed.PublicKey.(*ecdsa.PublicKey); ok && !slices.Contains(s.NxSecureDTLSTLSSession.certs.groups, groupOf(pub)) {
		return nxCryptoMissingECCCurve
	}
	h, alg := signatureDigest(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion, isRSAKey(id.parsed.PublicKey), sigCertificateVerify)
	s.chargeTranscriptHash()
	sig, st := sign(id.key, h, s.hs.transcript)
	if st != nx.NX_SUCCESS {
		return st
	}
	return s.sendHandshake(msgCertificateVerify, signed(alg, sig), wait)
}

// serverCertificateVerify checks the client's CertificateVerify against the
// transcript before it (nx_secure_tls_process_certificate_verify.c); a good
// one gives the client's credentials. The key is the remote list's
// endpoint (_nx_secure_x509_remote_endpoint_certificate_get): after a
// Certificate whose chain failed to verify it is still the untrusted leaf,
// as in NetX.
func (s *Session) serverCertificateVerify(body []byte) nx.Status {
	cert := s.NxSecureDTLSTLSSession.certs.remote.endpoint()
	if cert == nil {
		return nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
	}
	s.chargeTranscriptHash()
	if st := s.checkCertificateVerify(cert.parsed.PublicKey, body, s.hs.transcript); st != nx.NX_SUCCESS {
		return st
	}
	s.hs.credentials = true
	return nx.NX_SUCCESS
}
