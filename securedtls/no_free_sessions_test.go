package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestNoFreeSessions ports nx_secure_dtls_no_free_sessions_test.c (PSK
// variant) with netx-observed.md §4b: a server with 2 sessions; the third
// client's start fails at once with NX_SECURE_TLS_ALERT_RECEIVED, fatal
// internal_error recorded; error_notify(NULL, 0x123) once; connect_notify
// twice; the first two clients unaffected; close_notify of the two clients
// gives receive_notify but never disconnect_notify.
func TestNoFreeSessions(t *testing.T) { forModes(t, testNoFreeSessions) }

// testNoFreeSessions is TestNoFreeSessions in mode m.
func testNoFreeSessions(t *testing.T, m mode) {
	w := newWorld(t, 4)
	var d dtlsServer
	srvStatus := []nx.Status{0xFF, 0xFF}
	cliStatus := []nx.Status{0xFF, 0xFF, 0xFF}
	var refusedTicks nx.ULONG
	var refusedLevel, refusedValue nx.UINT
	disconnects := 0
	w.add("server", serverIP, 7, func(b *board) {
		d.createIn(t, b, 2, m)
		securedtls.ServerNotifySet(&d.srv, func(*securedtls.Session) nx.Status { disconnects++; return nx.NX_SUCCESS },
			func(_ *securedtls.Session, code nx.UINT) nx.Status {
				d.errors = append(d.errors, code)
				return nx.NX_SUCCESS
			})
		for i := 0; i < 2; i++ {
			s := d.next(nx.NX_WAIT_FOREVER)
			srvStatus[i] = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
		}
		rtos.ThreadSleep(10 * nx.NX_IP_PERIODIC_RATE)
		for i := 0; i < 2; i++ {
			_, st := receive(d.connected[i], nx.NX_NO_WAIT)
			assert.Equal(t, nx.NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED, st)
			securedtls.SessionEnd(d.connected[i], nx.NX_NO_WAIT)
		}
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	for i := 0; i < 3; i++ {
		w.add("client"+string(rune('0'+i)), nx.IP_ADDRESS(192, 168, 1, nx.ULONG(3+i)), 8, func(b *board) {
			rtos.ThreadSleep(nx.ULONG(i) * nx.NX_IP_PERIODIC_RATE)
			var c dtlsClient
			c.createIn(t, b, m)
			start := rtos.TimeGet()
			cliStatus[i] = c.start(b, nx.NX_IP_PERIODIC_RATE)
			if i == 2 {
				refusedTicks = rtos.TimeGet() - start
				refusedLevel = c.s.NxSecureDTLSTLSSession.NxSecureTLSReceivedAlertLevel
				refusedValue = c.s.NxSecureDTLSTLSSession.NxSecureTLSReceivedAlertValue
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
				return
			}
			rtos.ThreadSleep(3 * nx.NX_IP_PERIODIC_RATE)
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			rtos.ThreadSleep(10 * nx.NX_IP_PERIODIC_RATE) // the server's late close_notify
			c.close(b)
		})
	}
	w.run(20 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SUCCESS}, srvStatus)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SUCCESS, nx.NX_SECURE_TLS_ALERT_RECEIVED}, cliStatus)
	assert.Equal(t, nx.ULONG(0), refusedTicks)
	assert.Equal(t, nx.UINT(2), refusedLevel)
	assert.Equal(t, nx.UINT(80), refusedValue)
	assert.Equal(t, []nx.UINT{nx.UINT(nx.NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS)}, d.errors)
	assert.Len(t, d.connected, 2)
	assert.Equal(t, 0, disconnects)
	assert.Equal(t, 2, d.receives, "one receive_notify per close_notify")
}
