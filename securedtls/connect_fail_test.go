package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// connectFailRequest is client i's 64-byte request of
// multiple_sessions_connect_fail: byte j is j for client 0, j<<1 for
// client 2.
func connectFailRequest(i int) []byte {
	b := make([]byte, 64)
	for j := range b {
		b[j] = byte(j << (i / 2))
	}
	return b
}

// TestMultipleSessionsConnectFail ports nx_secure_dtls_multiple_sessions_connect_fail_test.c
// as a PSK variant: 2 server sessions, 3 clients one after the other.
// Client 1's datagrams pass its filter, which sets every HelloVerifyRequest's
// cookie length to 255: its start fails with 0x10A and the server's start
// of that connection with 0x114, the decode_error (50) alert received
// (netx-observed.md §4d). The server ends that session (NX_NO_WAIT: 0x00,
// the handshake never completed, §4g) and client 2 connects in the freed
// slot, whose remembered alert stays 2/50 (§4g); clients 0 and 2 each
// send a request the server receives on their own session. The C threads'
// resume/suspend ordering is kept with virtual-time sleeps (the clients
// are separate devices here).
func TestMultipleSessionsConnectFail(t *testing.T) { forModes(t, testMultipleSessionsConnectFail) }

// testMultipleSessionsConnectFail is TestMultipleSessionsConnectFail in mode m.
func testMultipleSessionsConnectFail(t *testing.T, m mode) {
	w := newWorld(t, 20)
	var d dtlsServer
	srv := []nx.Status{0xFF, 0xFF, 0xFF}
	cli := []nx.Status{0xFF, 0xFF, 0xFF}
	sent := []nx.Status{0xFF, 0xFF, 0xFF}
	var endFailed nx.Status = 0xFF
	var failedAlert, reusedAlert [2]nx.UINT
	got := map[int][]byte{}
	w.add("server", serverIP, 7, func(b *board) {
		d.createIn(t, b, 2, m)
		for i := range srv {
			s := d.next(nx.NX_WAIT_FOREVER)
			srv[i] = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
			if i == 1 {
				failedAlert = receivedAlert(s)
				endFailed = securedtls.SessionEnd(s, nx.NX_NO_WAIT)
			}
		}
		reusedAlert = receivedAlert(d.connected[2])
		for d.receives < 2 {
			rtos.ThreadSleep(1)
		}
		for _, i := range []int{0, 2} {
			got[i], _ = receive(d.connected[i], nx.NX_IP_PERIODIC_RATE)
		}
		for i := range d.sessions {
			securedtls.SessionEnd(&d.sessions[i], nx.NX_NO_WAIT)
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		d.shutdown(t)
	})
	// When each client starts (after the one before it is done), when it
	// sends, and how long it waits before ending.
	plan := []struct{ start, send, end nx.ULONG }{
		{0, 300, 0},   // client 0 sends once client 2 has sent
		{50, 0, 0},    // client 1 fails
		{150, 0, 200}, // client 2 sends, then waits for client 0's send
	}
	for i := range plan {
		w.add("client"+string(rune('0'+i)), nx.IP_ADDRESS(192, 168, 1, nx.ULONG(3+i)), 8, func(b *board) {
			p := plan[i]
			rtos.ThreadSleep(p.start)
			var c dtlsClient
			c.createIn(t, b, m)
			wait := nx.UINT(nx.NX_WAIT_FOREVER)
			if i == 1 {
				wait = nx.NX_IP_PERIODIC_RATE
			}
			cli[i] = c.start(b, wait)
			if i != 1 {
				rtos.ThreadSleep(p.send - min(p.send, rtos.TimeGet()))
				sent[i] = send(t, &c.s, &b.pool, connectFailRequest(i))
				rtos.ThreadSleep(p.end)
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			}
			c.close(b)
		})
	}
	filter := cookieLength255("client1")
	if err := w.lan.Ingress("client1", sim.Rules(filter)); err != nil {
		t.Fatal(err)
	}
	w.run(20 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SUCCESS}, srv, "server_session_start per connection")
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, nx.NX_SUCCESS}, cli, "client_session_start")
	assert.Equal(t, [2]nx.UINT{2, 50}, failedAlert, "fatal decode_error received from client 1")
	assert.Equal(t, nx.NX_SUCCESS, endFailed)
	assert.Equal(t, [2]nx.UINT{2, 50}, reusedAlert, "the freed slot keeps the remembered alert into client 2's connection")
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, 0xFF, nx.NX_SUCCESS}, sent)
	assert.Equal(t, map[int][]byte{0: connectFailRequest(0), 2: connectFailRequest(2)}, got, "each request on its client's session")
	assert.Empty(t, d.errors, "no connection refused")
	assert.Equal(t, sim.RuleStats{Matched: 1, Acted: 1}, filter.Stats(), "client 1 got one HelloVerifyRequest, edited")
}

// TestFailedHandshakeHoldsItsSlot goes beyond the C test: a session whose
// handshake failed (client 1 behind the cookie-length filter) keeps its
// slot, so with 2 sessions client 2 is refused (fatal internal_error,
// 0x114; error_notify(NULL, 0x123), netx-observed §4b) until the server
// ends the failed session with session_end(NX_NO_WAIT) (0x00); then client
// 2 gets the freed slot.
func TestFailedHandshakeHoldsItsSlot(t *testing.T) {
	w := newWorld(t, 20)
	var d dtlsServer
	srv := []nx.Status{0xFF, 0xFF, 0xFF}
	cli := []nx.Status{0xFF, 0xFF, 0xFF, 0xFF}
	var endFailed nx.Status = 0xFF
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
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		d.shutdown(t)
	})
	for i := 0; i < 3; i++ {
		w.add("client"+string(rune('0'+i)), nx.IP_ADDRESS(192, 168, 1, nx.ULONG(3+i)), 8, func(b *board) {
			rtos.ThreadSleep(nx.ULONG(i) * nx.NX_IP_PERIODIC_RATE / 4)
			var c dtlsClient
			c.create(t, b, table(t, pskSuites...))
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
	if err := w.lan.Ingress("client1", sim.Rules(cookieLength255("client1"))); err != nil {
		t.Fatal(err)
	}
	w.run(20 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SUCCESS}, srv)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SUCCESS}, cli,
		"client 2 is refused (internal_error) while the failed slot is held, then connects")
	assert.Equal(t, nx.NX_SUCCESS, endFailed)
	assert.Equal(t, []nx.UINT{nx.UINT(nx.NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS)}, d.errors)
}
