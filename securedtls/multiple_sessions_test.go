package securedtls_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestMultipleSessions ports nx_secure_dtls_multiple_sessions_connect_test.c,
// _receive_test.c and _send_test.c, and nx_secure_dtls_concurrent_sessions_test.c
// (PSK variants): two clients on two devices; the server starts their
// sessions one after the other, or from two threads at once; each client
// sends 64 distinct bytes, the server gets one receive_notify per session and
// the right payload from each; the server sends each client its own record
// with server_session_send; all four session_end(500 ticks) return 0x00.
func TestMultipleSessions(t *testing.T) { forModes(t, testMultipleSessions) }

// testMultipleSessions is TestMultipleSessions in mode m.
func testMultipleSessions(t *testing.T, m mode) {
	for _, concurrent := range []bool{false, true} {
		name := "sequential"
		if concurrent {
			name = "concurrent"
		}
		t.Run(name, func(t *testing.T) {
			w := newWorld(t, 10)
			var d dtlsServer
			payload := func(i int) []byte { return bytes.Repeat([]byte{byte(0x10 + i)}, 64) }
			srvStart := []nx.Status{0xFF, 0xFF}
			srvGot := make([][]byte, 2)
			srvEnd := []nx.Status{0xFF, 0xFF}
			cliStart := []nx.Status{0xFF, 0xFF}
			cliGot := make([][]byte, 2)
			cliEnd := []nx.Status{0xFF, 0xFF}
			var other rtos.Thread
			notifies := 0
			w.add("server", serverIP, 7, func(b *board) {
				d.createIn(t, b, 2, m)
				s0 := d.next(nx.NX_WAIT_FOREVER)
				if concurrent {
					rtos.ThreadCreate(&other, "server 1", func(nx.ULONG) {
						s1 := d.next(nx.NX_WAIT_FOREVER)
						srvStart[1] = securedtls.ServerSessionStart(s1, 5*nx.NX_IP_PERIODIC_RATE)
					}, 0, make([]byte, 4096), 7, 7, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
					srvStart[0] = securedtls.ServerSessionStart(s0, 5*nx.NX_IP_PERIODIC_RATE)
				} else {
					srvStart[0] = securedtls.ServerSessionStart(s0, 5*nx.NX_IP_PERIODIC_RATE)
					s1 := d.next(nx.NX_WAIT_FOREVER)
					srvStart[1] = securedtls.ServerSessionStart(s1, 5*nx.NX_IP_PERIODIC_RATE)
				}
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
				for i, s := range d.connected {
					data, st := receive(s, 5*nx.NX_IP_PERIODIC_RATE)
					must(t, "server receive", st)
					srvGot[i] = data
				}
				notifies = d.receives
				for i, s := range d.connected {
					must(t, "server_session_send", send(t, s, &b.pool, append([]byte("to "), srvGot[i]...)))
				}
				for i, s := range d.connected {
					srvEnd[i] = securedtls.SessionEnd(s, 500)
				}
				must(t, "server_stop", securedtls.ServerStop(&d.srv))
				must(t, "server_delete", securedtls.ServerDelete(&d.srv))
			})
			for i := 0; i < 2; i++ {
				w.add("client"+string(rune('0'+i)), nx.IP_ADDRESS(192, 168, 1, nx.ULONG(3+i)), 8, func(b *board) {
					if !concurrent {
						rtos.ThreadSleep(nx.ULONG(i) * nx.NX_IP_PERIODIC_RATE / 2)
					}
					var c dtlsClient
					c.createIn(t, b, m)
					cliStart[i] = c.start(b, 5*nx.NX_IP_PERIODIC_RATE)
					must(t, "client send", send(t, &c.s, &b.pool, payload(i)))
					cliGot[i], _ = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
					cliEnd[i] = securedtls.SessionEnd(&c.s, 500)
					rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
					c.close(b)
				})
			}
			w.run(20 * time.Second)
			ok := []nx.Status{nx.NX_SUCCESS, nx.NX_SUCCESS}
			assert.Equal(t, ok, srvStart)
			assert.Equal(t, ok, cliStart)
			assert.Equal(t, 2, notifies, "one receive_notify per session's record")
			for i := range 2 {
				// Sessions are matched by their data, as the C test matches by address.
				assert.Contains(t, [][]byte{payload(0), payload(1)}, srvGot[i])
				assert.Equal(t, append([]byte("to "), payload(i)...), cliGot[i])
			}
			assert.NotEqual(t, srvGot[0], srvGot[1])
			assert.Equal(t, ok, srvEnd)
			assert.Equal(t, ok, cliEnd)
		})
	}
}

// TestMultipleSessionsReuse ports nx_secure_dtls_multiple_sessions_reuse_test.c
// (PSK variant): one client session object and one UDP port reused 100
// times — start, then session_end(NX_NO_WAIT) on both sides — and every
// start succeeds: stale close_notify alerts are ignored on both sides.
func TestMultipleSessionsReuse(t *testing.T) { forModes(t, testMultipleSessionsReuse) }

// testMultipleSessionsReuse is TestMultipleSessionsReuse in mode m.
func testMultipleSessionsReuse(t *testing.T, m mode) {
	w := newWorld(t, 11)
	var d dtlsServer
	const rounds = 100
	var srvOK, cliOK int
	w.add("server", serverIP, 7, func(b *board) {
		d.createIn(t, b, 2, m)
		for range rounds {
			s := d.next(10 * nx.NX_IP_PERIODIC_RATE)
			if s == nil {
				break
			}
			if securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
				srvOK++
			}
			securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		}
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.createIn(t, b, m)
		for range rounds {
			if c.start(b, 5*nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
				cliOK++
			}
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			rtos.ThreadSleep(5)
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	w.run(200 * time.Second)
	assert.Equal(t, rounds, cliOK)
	assert.Equal(t, rounds, srvOK)
}
