package securedtls

import (
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCertificateRequestAlgorithms checks the client's reading of a DTLS 1.2
// CertificateRequest with an EC identity, as
// nx_secure_tls_process_certificate_request.c does: ecdsa_sign must be
// among the types (else NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE),
// ECDSA-SHA256 among the algorithms (else
// NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG); lists past the message are
// 0x10A. An odd algorithms length is not a length error: the list is read
// two bytes at a time while below its length, the last pair taking the
// next byte (was 0x10A here).
func TestCertificateRequestAlgorithms(t *testing.T) {
	for _, row := range []struct {
		name string
		body []byte
		want nx.Status
	}{
		{"ECDSA-SHA256 offered", []byte{1, 64, 0, 2, 4, 3, 0, 0}, nx.NX_SUCCESS},
		{"odd length, ECDSA-SHA256 first", []byte{1, 64, 0, 3, 4, 3, 1, 0, 0}, nx.NX_SUCCESS},
		{"odd length, last pair takes the next byte", []byte{1, 64, 0, 3, 4, 1, 4, 3, 0}, nx.NX_SUCCESS},
		{"odd length, not offered", []byte{1, 64, 0, 3, 4, 1, 4, 0, 0}, nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG},
		{"RSA-SHA256 only", []byte{1, 64, 0, 2, 4, 1, 0, 0}, nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG},
		{"rsa_sign only", []byte{1, 1, 0, 2, 4, 3, 0, 0}, nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE},
		{"algorithms past the message", []byte{1, 64, 0, 4, 4, 3}, lengthError},
		{"types past the message", []byte{3, 64}, lengthError},
	} {
		t.Run(row.name, func(t *testing.T) {
			s := sigSession(t, nx.NX_SECURE_DTLS_VERSION_1_2)
			id := testcerts.Get("ec-client")
			var cert X509Cert
			require.Equal(t, nx.NX_SUCCESS, X509CertificateInitialize(&cert, id.CertDER, nil, id.KeyDER, id.KeyType))
			s.NxSecureDTLSTLSSession.certs.local = &certStore{certs: []*X509Cert{&cert}}
			assert.Equal(t, row.want, s.clientCertificateRequest(row.body))
			assert.Equal(t, row.want == nx.NX_SUCCESS, s.hs.certRequested)
		})
	}
}
