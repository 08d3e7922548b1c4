package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestMultipleSessionsConnectFail ports nx_secure_dtls_multiple_sessions_connect_fail_test.c
// as a PSK variant: 2 server sessions, 3 clients. Client 1's handshake fails
// (here with a wrong key instead of the C test's cookie-length filter); the
// failed session keeps its slot, so client 2 finds the server full until
// the server ends that slot with session_end(NX_NO_WAIT) (0x00: the
// handshake never completed); then client 2 gets the freed slot.
func TestMultipleSessionsConnectFail(t *testing.T) {
	w := newWorld(t, 20)
	var d dtlsServer
	srv := []nx.Status{0xFF, 0xFF, 0xFF}
	cli := []nx.Status{0xFF, 0xFF, 0xFF, 0xFF}
	var endFailed nx.Status = 0xFF
	var slotAlert [2]nx.UINT
	w.add("server", serverIP, 7, func(b *board) {
		d.create(t, b, 2, table(t, pskSuites...))
		s0 := d.next(nx.NX_WAIT_FOREVER)
		srv[0] = securedtls.ServerSessionStart(s0, 5*nx.NX_IP_PERIODIC_RATE)
		s1 := d.next(nx.NX_WAIT_FOREVER)
		srv[1] = securedtls.ServerSessionStart(s1, 5*nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE) // client 2's first try finds no free slot
		endFailed = securedtls.SessionEnd(s1, nx.NX_NO_WAIT)
		s2 := d.next(nx.NX_WAIT_FOREVER)
		srv[2] = securedtls.ServerSessionStart(s2, 5*nx.NX_IP_PERIODIC_RATE)
		tls := &s2.NxSecureDTLSTLSSession
		slotAlert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	for i := 0; i < 3; i++ {
		w.add("client"+string(rune('0'+i)), nx.IP_ADDRESS(192, 168, 1, nx.ULONG(3+i)), 8, func(b *board) {
			rtos.ThreadSleep(nx.ULONG(i) * nx.NX_IP_PERIODIC_RATE / 4)
			var c dtlsClient
			key := psk
			if i == 1 {
				key = []byte("wrong_psk!")
			}
			must(t, "session_create", securedtls.SessionCreate(&c.s, table(t, pskSuites...), c.meta[:], c.reasm[:], 0, nil))
			must(t, "psk_add", securedtls.PSKAdd(&c.s, key, pskID, pskHint))
			netx.UDPSocketCreate(&b.ip, &b.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
			netx.UDPSocketBind(&b.socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER)
			cli[i] = c.start(b, nx.NX_IP_PERIODIC_RATE)
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			if i == 2 {
				// The server was full: try again once the slot is freed.
				rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
				cli[3] = c.start(b, 5*nx.NX_IP_PERIODIC_RATE)
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			}
			rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
			c.close(b)
		})
	}
	w.run(20 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SECURE_TLS_PADDING_CHECK_FAILED, nx.NX_SUCCESS}, srv)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SUCCESS}, cli,
		"client 2 is refused (internal_error) while the failed slot is held, then connects")
	assert.Equal(t, nx.NX_SUCCESS, endFailed)
	assert.Equal(t, []nx.UINT{nx.UINT(nx.NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS)}, d.errors)
	assert.Equal(t, [2]nx.UINT{}, slotAlert, "slot 1 never received an alert (the failing side sent it)")
}
