package securedtls_test

import (
	"strconv"
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// largeCertBuffer is a remote-certificate slot that holds rsa-large: NetX
// refuses a certificate larger than the slot session_create carved
// (0x12D), so the client sizes it for the chain it expects.
const largeCertBuffer = 3000 + 304

// largeChainMode is the C tests' RSA setup on 0x003D with the server's
// identity cert: a server pool whose packets hold the whole Certificate
// message (3000 bytes), IP fragmentation on both devices, a client slot
// that holds the certificate.
func largeChainMode(cert string, ipv6 bool) mode {
	m := rsaMode
	m.serverSuites, m.clientSuites = []nx.USHORT{0x003D}, []nx.USHORT{0x003D}
	m.serverCert, m.serverPacket, m.ipFragment, m.ipv6, m.certBuffer = cert, 3000, true, ipv6, largeCertBuffer
	return m
}

// TestLargeCertificateChain (issue 11 item 5, the sender's side): a NetX
// server sends its Certificate as one handshake message in one record in
// one datagram (nx_secure_dtls_send_handshake_record.c), so a chain larger
// than the MTU — rsa-large, a 2581-byte certificate — leaves as IP
// fragments. A NetX client gets it reassembled, a packet chain, and
// refuses it (nx_secure_dtls_session_receive.c): client_session_start
// returns NX_SECURE_TLS_INVALID_PACKET (0x104), the device records the
// rehearsal note, and the server receives the fatal internal_error alert
// (server_session_start 0x114, alert 2/80). The same handshake with the
// 877-byte rsa-server certificate succeeds. Over IPv4 and IPv6.
func TestLargeCertificateChain(t *testing.T) {
	for i, ipv6 := range []bool{false, true} {
		name := map[bool]string{false: "IPv4", true: "IPv6"}[ipv6]
		t.Run(name+" large chain", func(t *testing.T) {
			r := exchange(t, largeChainMode("rsa-large", ipv6), uint64(130+i))
			assert.Equal(t, nx.NX_SECURE_TLS_INVALID_PACKET, r.client, "client_session_start")
			assert.Contains(t, r.clientNotes, "nx_secure_dtls_session_receive", "the client device's rehearsal note")
			assert.Equal(t, nx.NX_SECURE_TLS_ALERT_RECEIVED, r.server, "server_session_start")
			assert.Equal(t, [2]nx.UINT{nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, 80}, r.serverAlert, "fatal internal_error")
			assert.Equal(t, nx.NX_SUCCESS, r.clientEnd, "client session_end after the failed handshake")
			assert.Equal(t, nx.NX_SUCCESS, r.serverEnd, "server session_end after the failed handshake")
		})
		t.Run(name+" chain within the MTU", func(t *testing.T) {
			exchange(t, largeChainMode("rsa-server", ipv6), uint64(140+i)).succeeded(t, 0x003D)
		})
	}
}

// TestLargeCertificateChainOpenSSL: OpenSSL fragments its handshake at the
// DTLS layer (-mtu 1200), so the large chain crosses to a NetX client in
// datagrams that each fit one packet, and the handshake succeeds when the
// client's certificate slot holds the certificate (0x12D when it does not). The
// other way, NetX's one big datagram leaves as IP fragments, the sim's
// bridge reassembles them as the host's kernel would, and OpenSSL, which
// has no single-packet rule, verifies the chain.
func TestLargeCertificateChainOpenSSL(t *testing.T) {
	openssl := needTool(t, "openssl")
	s := certSuite{id: 0x003D, openssl: "AES256-SHA256", cert: "rsa-large", ca: "rsa-ca"}
	server := func(port int) []string {
		return []string{"s_server", "-dtls1_2", "-accept", "127.0.0.1:" + strconv.Itoa(port), "-mtu", "1200",
			"-cert", testcerts.Path(s.cert, "crt.pem"), "-key", testcerts.Path(s.cert, "key.pem"),
			"-cipher", opensslCipher(s), "-naccept", "1", "-no_ticket", "-quiet"}
	}
	t.Run("OpenSSL server, nxsim client", func(t *testing.T) {
		m := s.deviceMode()
		m.certBuffer = largeCertBuffer
		clientAgainst(t, m, openssl, server, "hello from openssl\n").check(t, "hello from openssl\n", "hello from nxsim")
	})
	// With the C tests' 2048-byte slot the reassembled certificate does not
	// fit: NetX's client refuses it (NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE)
	// and OpenSSL gets the fatal internal_error alert.
	t.Run("OpenSSL server, nxsim client with a 2048-byte slot", func(t *testing.T) {
		x := clientAgainst(t, s.deviceMode(), openssl, server, "")
		assert.Equal(t, nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE, x.start, "client_session_start; the tool said:\n%s", x.out)
		assert.Contains(t, x.out, "alert internal error")
	})
	t.Run("nxsim server, OpenSSL client", func(t *testing.T) {
		m := largeChainMode(s.cert, false)
		m.clientSuites, m.serverSuites, m.noPSK = []nx.USHORT{s.id}, []nx.USHORT{s.id}, true
		serverAgainst(t, m, openssl, func(port int) []string {
			return []string{"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + strconv.Itoa(port), "-mtu", "1200",
				"-CAfile", testcerts.Path(s.ca, "crt.pem"), "-verify_return_error", "-cipher", opensslCipher(s),
				"-legacy_server_connect", "-quiet"}
		}, "hello from openssl\n").check(t, "hello from openssl\n", "hello from nxsim")
	})
}

// TestLargeCertificateChainGnuTLS: gnutls-serv fragments its handshake at
// the DTLS layer too (--mtu 1200); the NetX client whose slot holds
// rsa-large verifies the chain and gets its line echoed.
func TestLargeCertificateChainGnuTLS(t *testing.T) {
	serv := needTool(t, "gnutls-serv")
	s := certSuite{id: 0x003D, gnutls: "+RSA:+AES-256-CBC:+SHA256", cert: "rsa-large", ca: "rsa-ca"}
	m := s.deviceMode()
	m.certBuffer = largeCertBuffer
	clientAgainst(t, m, serv, func(port int) []string {
		return gnutlsServer(port, gnutlsPriority(s),
			"--x509certfile", testcerts.Path(s.cert, "crt.pem"), "--x509keyfile", testcerts.Path(s.cert, "key.pem"))
	}, "").check(t, "hello from nxsim\n", "")
}
