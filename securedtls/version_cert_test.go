package securedtls_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestVersion10Certificates: the certificate handshakes over DTLS 1.0 (the
// client overridden to 0xFEFF), with the signature digests NetX uses there
// (version_sign.go): RSA key transport, ECDHE_RSA (MD5 ‖ SHA-1 signature,
// no SignatureAndHashAlgorithm), RSA and EC client certificates (the EC
// CertificateVerify over the 36-byte MD5 ‖ SHA-1 hash) complete and echo 64
// bytes; ECDHE_ECDSA does not: the NetX server signs its parameters with
// SHA-256 where the NetX client checks SHA-1, so the client fails with
// NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR and sends decrypt_error. A
// completed handshake is DTLS 1.0: the client refuses any other version.
func TestVersion10Certificates(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	var none [2]nx.UINT
	var v10 nx.USHORT = nx.NX_SECURE_DTLS_VERSION_1_0
	runCertRows(t, []certExpect{
		{"RSA key transport", certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D},
			serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, clientVersion: v10}, 0, 0, none, none},
		{"ECDHE_RSA", certSetup{serverTable: []nx.USHORT{0xC027}, clientTable: []nx.USHORT{0xC027},
			serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups,
			clientVersion: v10}, 0, 0, none, none},
		{"RSA client certificate", certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D},
			serverLocal: []string{"rsa-server"}, serverTrust: []string{"rsa-ca"}, clientLocal: []string{"rsa-client"},
			clientTrust: []string{"rsa-ca"}, verifyClient: true, clientVersion: v10}, 0, 0, none, none},
		{"EC client certificate", certSetup{serverTable: []nx.USHORT{0xC027}, clientTable: []nx.USHORT{0xC027},
			serverLocal: []string{"rsa-server"}, serverTrust: []string{"ec-ca"}, clientLocal: []string{"ec-client"},
			clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups, verifyClient: true, clientVersion: v10},
			0, 0, none, none},
		{"ECDHE_ECDSA: SHA-256 signed, SHA-1 checked", certSetup{serverTable: []nx.USHORT{0xC023}, clientTable: []nx.USHORT{0xC023},
			serverLocal: []string{"ec-server"}, clientTrust: []string{"ec-ca"}, serverGroups: groups, clientGroups: groups,
			clientVersion: v10}, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR, [2]nx.UINT{2, 51}, none},
	})
}
