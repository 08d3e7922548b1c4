package securedtls

import (
	"crypto/x509"
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestServerKeyExchangeOrder checks that an ECDHE ServerKeyExchange is
// taken only right after the server's Certificate, as
// nx_secure_tls_process_server_key_exchange.c does with the client state
// SERVER_CERTIFICATE: without a Certificate, or a second time, it is
// NX_SECURE_TLS_UNEXPECTED_MESSAGE (was CERTIFICATE_NOT_FOUND, or a second
// key taken). A ServerKeyExchange for a suite without one (RSA key
// transport) is unexpected too (the end of
// nx_secure_process_server_key_exchange.c).
func TestServerKeyExchangeOrder(t *testing.T) {
	pub, _ := sigIdentity(t, "ec-server")
	for _, row := range []struct {
		name    string
		suite   uint16
		cert    bool
		seenSKE bool
		want    nx.Status
	}{
		{"ECDHE without a Certificate", 0xC009, false, false, nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE},
		{"ECDHE a second time", 0xC009, true, true, nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE},
		{"ECDHE after the Certificate: the body is read", 0xC009, true, false, lengthError},
		{"RSA key transport", 0x003D, true, false, nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE},
	} {
		t.Run(row.name, func(t *testing.T) {
			s := sigSession(t, nx.NX_SECURE_DTLS_VERSION_1_2)
			tab, err := NewCryptoTable(0xC009, 0x003D)
			assert.NoError(t, err)
			s.table = tab
			s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite = row.suite
			if row.cert {
				s.hs.peerCert = &X509Cert{parsed: &x509.Certificate{PublicKey: pub}}
			}
			s.hs.skeSeen = row.seenSKE
			assert.Equal(t, row.want, s.clientServerKeyExchange([]byte{3, 0}))
		})
	}
}
