package securedtls_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestClientCertificateCurve checks the client's CertificateVerify with an
// EC identity (P-256) under an RSA suite, the server verifying clients: as
// in nx_secure_tls_send_certificate_verify.c the key's curve is looked up
// in the client session's own ecc_initialize groups
// (_nx_secure_tls_find_curve_method), whatever the server's
// CertificateRequest offered; not there, the client's start returns
// NX_CRYTPO_MISSING_ECC_CURVE (0x2000F) and no CertificateVerify is sent
// (was signed and sent here). The client sends internal_error
// (nx_secure_tls_map_error_to_alert.c's default) and the server's start
// returns NX_SECURE_TLS_ALERT_RECEIVED.
func TestClientCertificateCurve(t *testing.T) {
	setup := func(clientGroups ...nx.USHORT) certSetup {
		return certSetup{serverTable: []nx.USHORT{0xC023, 0x003D}, clientTable: []nx.USHORT{0x003D}, serverLocal: []string{"rsa-server"},
			serverTrust: []string{"ec-ca"}, clientLocal: []string{"ec-client"}, clientTrust: []string{"rsa-ca"},
			serverGroups: []nx.USHORT{23, 24, 25}, clientGroups: clientGroups, verifyClient: true}
	}
	internalError := [2]nx.UINT{2, 80}
	runCertRows(t, []certExpect{
		{"curve among the client's groups", setup(24, 23), nx.NX_SUCCESS, nx.NX_SUCCESS, [2]nx.UINT{}, [2]nx.UINT{}},
		{"no ecc_initialize on the client", setup(), nx.NX_SECURE_TLS_ALERT_RECEIVED, 0x2000F, internalError, [2]nx.UINT{}},
		{"curve not among the client's groups", setup(24, 25), nx.NX_SECURE_TLS_ALERT_RECEIVED, 0x2000F, internalError, [2]nx.UINT{}},
	})
}
