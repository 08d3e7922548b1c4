package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestAbortWaiting ports nx_secure_dtls_abort_waiting_test.c (PSK variant,
// netx-observed.md §4c): the server thread waiting in
// server_session_start(s1, 1 s) after its HelloVerifyRequest is woken by
// session_end(s1, NX_NO_WAIT) from another thread and returns 0x101 in the
// same tick; that end returns 0x00; client 1's handshake then goes
// unanswered and fails; session 0 is unaffected. (The C test makes client 1
// drop every HelloVerifyRequest; here the server never answers its second
// ClientHello, which the abort makes a new peer's — the codes checked are
// the same.)
func TestAbortWaiting(t *testing.T) { forModes(t, testAbortWaiting) }

// testAbortWaiting is TestAbortWaiting in mode m.
func testAbortWaiting(t *testing.T, m mode) {
	w := newWorld(t, 6)
	var d dtlsServer
	var s0Status, s1Status, endStatus, c0Status, c1Status nx.Status = 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	var abortedAfter nx.ULONG
	var waiter, ender rtos.Thread
	w.add("server", serverIP, 7, func(b *board) {
		d.createIn(t, b, 2, m)
		s0 := d.next(nx.NX_WAIT_FOREVER)
		s0Status = securedtls.ServerSessionStart(s0, 5*nx.NX_IP_PERIODIC_RATE)
		s1 := d.next(nx.NX_WAIT_FOREVER)
		stack := make([]byte, 4096)
		rtos.ThreadCreate(&waiter, "waiter", func(nx.ULONG) {
			start := rtos.TimeGet()
			s1Status = securedtls.ServerSessionStart(s1, nx.NX_IP_PERIODIC_RATE)
			abortedAfter = rtos.TimeGet() - start
		}, 0, stack, 7, 7, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		rtos.ThreadCreate(&ender, "ender", func(nx.ULONG) {
			endStatus = securedtls.SessionEnd(s1, nx.NX_NO_WAIT)
		}, 0, make([]byte, 4096), 8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(s0, nx.NX_NO_WAIT)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client0", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.createIn(t, b, m)
		c0Status = c.start(b, 2*nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(8 * nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionReset(&c.s)
		c.close(b)
	})
	w.add("client1", nx.IP_ADDRESS(192, 168, 1, 4), 8, func(b *board) {
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 2)
		var c dtlsClient
		c.createIn(t, b, m)
		c1Status = c.start(b, nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionReset(&c.s)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	w.run(20 * time.Second)
	assert.Equal(t, nx.NX_SUCCESS, s0Status)
	assert.Equal(t, nx.NX_SUCCESS, c0Status)
	assert.Equal(t, nx.NX_SECURE_TLS_SESSION_UNINITIALIZED, s1Status)
	assert.Equal(t, nx.ULONG(0), abortedAfter)
	assert.Equal(t, nx.NX_SUCCESS, endStatus)
	assert.NotEqual(t, nx.NX_SUCCESS, c1Status)
}
