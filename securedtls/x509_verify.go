package securedtls

import (
	"bytes"
	"crypto/x509"

	"github.com/nxsim/nxsim/nx"
)

// verifyRemoteChain verifies the peer's chain (DER, end entity first)
// against the session's trusted store and returns the end-entity
// certificate. This is the minimal version the certificate handshake
// needs: each certificate's issuer is looked for in the trusted store, then
// among the received certificates, by name and signature; there are no
// date or name checks. The x509 work replaces it with NetX's rules
// (nx_secure_x509_certificate_chain_verify.c).
func verifyRemoteChain(s *Session, chain [][]byte) (*X509Cert, nx.Status) {
	parsed := make([]*x509.Certificate, len(chain))
	for i, der := range chain {
		c, err := x509.ParseCertificate(der)
		if err != nil {
			return nil, nx.NX_SECURE_TLS_INVALID_CERTIFICATE
		}
		parsed[i] = c
	}
	var trusted []*x509.Certificate
	if st := s.NxSecureDTLSTLSSession.certs.trusted; st != nil {
		for _, c := range st.certs {
			trusted = append(trusted, c.parsed)
		}
	}
	cur := parsed[0]
	for range len(parsed) + 1 {
		if issuer := signedBy(cur, trusted); issuer != nil {
			return &X509Cert{der: chain[0], parsed: parsed[0], commonName: []byte(parsed[0].Subject.CommonName), valid: true}, nx.NX_SUCCESS
		}
		next := signedBy(cur, parsed)
		if next == nil || next == cur {
			break
		}
		cur = next
	}
	return nil, nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND
}

// signedBy returns the certificate of pool that issued cert, charging one
// signature check per candidate whose name matches.
func signedBy(cert *x509.Certificate, pool []*x509.Certificate) *x509.Certificate {
	for _, c := range pool {
		if !bytes.Equal(c.RawSubject, cert.RawIssuer) {
			continue
		}
		chargeVerify(c.PublicKey)
		if cert.CheckSignatureFrom(c) == nil {
			return c
		}
	}
	return nil
}
