package securedtls_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// TestCertClientVerify checks client certificates with
// server_x509_client_verify_configure on (nx_secure_dtls_ecc_client_cert_test.c
// for the EC case): a client identity the server's trusted CA issued
// completes the handshake and the echo; a client without an identity sends
// an empty Certificate, the server fails with
// NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED and sends bad_certificate;
// an identity from an untrusted CA fails the server with
// NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND and sends unknown_ca (codes and
// alerts by code reading: nx_secure_tls_process_remote_certificate.c,
// nx_secure_tls_map_error_to_alert.c). The client returns the alert. A
// client that does not trust the server's CA fails with 0x11B and sends
// unknown_ca.
func TestCertClientVerify(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	ec := func(clientLocal ...string) certSetup {
		return certSetup{serverTable: []nx.USHORT{0xC023}, clientTable: []nx.USHORT{0xC023}, serverLocal: []string{"ec-server"},
			serverTrust: []string{"ec-ca"}, clientLocal: clientLocal, clientTrust: []string{"ec-ca"},
			serverGroups: groups, clientGroups: groups, verifyClient: true}
	}
	rsa := certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D}, serverLocal: []string{"rsa-server"},
		serverTrust: []string{"rsa-ca"}, clientLocal: []string{"rsa-client"}, clientTrust: []string{"rsa-ca"}, verifyClient: true}
	untrustedServer := ec("ec-client")
	untrustedServer.clientTrust = []string{"other-ca"}
	runCertRows(t, []certExpect{
		{"EC client identity", ec("ec-client"), nx.NX_SUCCESS, nx.NX_SUCCESS, [2]nx.UINT{}, [2]nx.UINT{}},
		{"RSA client identity", rsa, nx.NX_SUCCESS, nx.NX_SUCCESS, [2]nx.UINT{}, [2]nx.UINT{}},
		{"no client identity", ec(), nx.NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED, nx.NX_SECURE_TLS_ALERT_RECEIVED,
			[2]nx.UINT{}, [2]nx.UINT{2, 42}},
		{"untrusted client identity", ec("ec-client-untrusted"), nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, nx.NX_SECURE_TLS_ALERT_RECEIVED,
			[2]nx.UINT{}, [2]nx.UINT{2, 48}}, {"server identity the client does not trust", untrustedServer, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND,
			[2]nx.UINT{2, 48}, [2]nx.UINT{}},
	})
}

// certExpect is one certificate handshake and what each side's start
// returns and which alert each side received; a successful one also echoes
// 64 bytes.
type certExpect struct {
	name               string
	setup              certSetup
	wantSrv, wantCli   nx.Status
	srvAlert, cliAlert [2]nx.UINT
}

// runCertRows runs each row as a subtest.
func runCertRows(t *testing.T, rows []certExpect) {
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			res := runCert(t, r.setup)
			assert.Equal(t, r.wantSrv, res.srvStart, "server start")
			assert.Equal(t, r.wantCli, res.cliStart, "client start")
			assert.Equal(t, r.srvAlert, res.srvAlert, "alert the server received")
			assert.Equal(t, r.cliAlert, res.cliAlert, "alert the client received")
			if r.wantCli == nx.NX_SUCCESS {
				assert.Len(t, res.echoed, 64)
			}
		})
	}
}

// flipLastByte is a filter that flips the low bit of a handshake
// datagram's last byte: the end of the RSA-encrypted premaster in a
// ClientKeyExchange, the end of the signature in a ServerKeyExchange.
func flipLastByte(name string, typ uint8) *sim.Rule {
	return &sim.Rule{Name: name, Match: sim.Match{Record: sim.HandshakeTypeIs(typ)},
		Action: sim.EditIt(name, func(p []byte) []byte { p[len(p)-1] ^= 1; return p })}
}

// TestCertTamper checks what a damaged certificate or key exchange does.
// The C handshake_fail filter that adds 512 to the first certificate's
// length fails the client with NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH and
// sends decode_error (netx-observed.md §4d). An RSA premaster
// that decrypts to bad PKCS#1 padding is not an error at the
// ClientKeyExchange: the server goes on with a random premaster
// (nx_secure_process_client_key_exchange.c, RFC 5246's Bleichenbacher
// countermeasure) and fails at the client's Finished record,
// NX_SECURE_TLS_PADDING_CHECK_FAILED with bad_record_mac, as a wrong PSK
// does (netx-observed.md §4e). A ServerKeyExchange whose signature does not
// verify fails the client with NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR
// and sends decrypt_error.
func TestCertTamper(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	certLength512 := &sim.Rule{Name: "certificate length +512", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.Certificate)},
		Action: sim.EditIt("first certificate length +512", func(p []byte) []byte { p[13+12+4] += 2; return p })}
	runCertRows(t, []certExpect{
		{"first certificate length +512", certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D},
			serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, clientIngress: certLength512},
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, [2]nx.UINT{2, 50}, [2]nx.UINT{}},
		{"RSA premaster with bad padding", certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D},
			serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, serverIngress: flipLastByte("CKE", sim.ClientKeyExchange)},
			nx.NX_SECURE_TLS_PADDING_CHECK_FAILED, nx.NX_SECURE_TLS_ALERT_RECEIVED, [2]nx.UINT{}, [2]nx.UINT{2, 20}},
		{"ServerKeyExchange signature", certSetup{serverTable: []nx.USHORT{0xC023}, clientTable: []nx.USHORT{0xC023},
			serverLocal: []string{"ec-server"}, clientTrust: []string{"ec-ca"}, serverGroups: groups, clientGroups: groups,
			clientIngress: flipLastByte("SKE", sim.ServerKeyExchange)},
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR, [2]nx.UINT{2, 51}, [2]nx.UINT{}},
	})
}

// TestCertLargeCertificate: a server identity (RSA-4096, 2.6 kB) whose
// Certificate message does not fit one pool packet. Without IP
// fragmentation the datagram never leaves and both starts time out
// (0x01); with it, the client receives the reassembled datagram as a
// packet chain, which nx_secure_dtls_session_receive.c refuses
// (NX_SECURE_TLS_INVALID_PACKET, "chained packet is not supported"), and
// sends internal_error.
func TestCertLargeCertificate(t *testing.T) {
	large := certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D}, serverLocal: []string{"rsa-large"}, clientTrust: []string{"rsa-ca"}}
	fragmented := large
	fragmented.fragments = true
	runCertRows(t, []certExpect{
		{"no IP fragmentation", large, nx.NX_NO_PACKET, nx.NX_NO_PACKET, [2]nx.UINT{}, [2]nx.UINT{}},
		{"IP fragmentation", fragmented, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_INVALID_PACKET, [2]nx.UINT{2, 80}, [2]nx.UINT{}},
	})
}
