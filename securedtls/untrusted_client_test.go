package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestUntrustedClientThenRetry checks a server verifying clients facing a
// client certificate from a CA it does not trust, and what the rest of the
// client's flight does when the application calls server_session_start
// again. The first start returns NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND
// (nx_secure_tls_process_remote_certificate.c) and sends unknown_ca; the
// client returns NX_SECURE_TLS_ALERT_RECEIVED. nx_secure_dtls_server_handshake.c
// checks no message order, so the second start takes the queued
// ClientKeyExchange (no 0x10B and no unexpected_message: a CCS error is
// NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE in DTLS, nx_secure_dtls_process_record.c);
// the CertificateVerify is checked against the untrusted leaf, still the
// remote list's endpoint (the certificates are added before the chain is
// verified), over a transcript without the failed Certificate (NetX hashes
// a message only after it succeeded): NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE.
func TestUntrustedClientThenRetry(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	m := mode{name: "untrusted", serverSuites: []nx.USHORT{0xC023}, clientSuites: []nx.USHORT{0xC023}, serverCert: "ec-server",
		clientTrusts: "ec-ca", clientCert: "ec-client-untrusted", serverTrusts: []string{"ec-ca"}, noPSK: true, verifyClient: true,
		serverGroups: groups, clientGroups: groups, suite: 0xC023}
	w := newWorld(t, 5)
	var first, second, client nx.Status = 0xFF, 0xFF, 0xFF
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.build(t, b, 1, table(t, m.serverSuites...), m)
		s := d.next(nx.NX_WAIT_FOREVER)
		first = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
		second = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.build(t, b, table(t, m.clientSuites...), m)
		client = c.start(b, 5*nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(10 * nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		c.close(b)
	})
	w.run(30 * time.Second)
	assert.Equal(t, nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, first, "first server start")
	assert.Equal(t, nx.NX_SECURE_TLS_ALERT_RECEIVED, client, "client start")
	assert.Equal(t, nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE, second, "second server start")
}
