package securedtls_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestReleaseQueuedPacket checks what an application gets when it releases
// a packet one of the DTLS queues holds, as NetX's _nx_packet_release
// decides it from nx_packet_union_next: the retransmission queue links its
// packets through that field (nx_secure_dtls_send_record.c), so the release
// is NX_PTR_ERROR and the packet stays queued; the server session's receive
// queue links them through nx_packet_queue_next only
// (nx_secure_dtls_receive_callback.c), so the release succeeds — the
// session then goes on without that datagram (here: the client's
// retransmitted ClientHello completes the handshake). Either way the leak
// report names the DTLS queue while it holds the packet.
func TestReleaseQueuedPacket(t *testing.T) {
	client := nx.IP_ADDRESS(192, 168, 1, 3)
	t.Run("retransmission queue", func(t *testing.T) {
		w := newWorld(t, 3)
		w.add("server", serverIP, 7, func(*board) {}) // no DTLS server: never answers
		var release nx.Status = 0xFF
		var holder string
		var leaks []packetpool.Leak
		w.add("client", client, 8, func(b *board) {
			var c dtlsClient
			c.create(t, b, table(t, pskSuites...))
			// A second application thread looks at the queue while the
			// first waits in client_session_start.
			var peek rtos.Thread
			rtos.ThreadCreate(&peek, "peek", func(nx.ULONG) {
				rtos.ThreadSleep(20)
				q := securedtls.RetransmitQueue(&c.s)
				if assert.Len(t, q, 1, "the ClientHello is queued") {
					holder = q[0].Holder()
					release = packetpool.Release(q[0])
					leaks = b.pool.Leaks()
				}
			}, 0, make([]byte, 4096), 5, 5, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
			c.start(b, 50)
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			c.close(b)
		})
		w.run(5 * time.Second)
		assert.Equal(t, "DTLS retransmission queue of the session with 192.168.1.2:4433", holder)
		if securedtls.ErrorChecking {
			assert.Equal(t, nx.NX_PTR_ERROR, release)
			if assert.Len(t, leaks, 1) {
				assert.Equal(t, holder, leaks[0].Holder)
			}
		}
	})
	t.Run("receive queue", func(t *testing.T) {
		w := newWorld(t, 3)
		var release, start, cstart nx.Status = 0xFF, 0xFF, 0xFF
		var holder, after string
		w.add("server", serverIP, 7, func(b *board) {
			var d dtlsServer
			d.create(t, b, 1, table(t, pskSuites...))
			s := d.next(nx.NX_WAIT_FOREVER)
			q := securedtls.ReceiveQueue(s)
			if !assert.Len(t, q, 1, "the ClientHello is queued") {
				return
			}
			holder = q[0].Holder()
			release = packetpool.Release(q[0])
			after = q[0].Holder()
			start = securedtls.ServerSessionStart(s, nx.NX_WAIT_FOREVER)
			securedtls.SessionEnd(s, nx.NX_NO_WAIT)
			d.shutdown(t)
		})
		w.add("client", client, 8, func(b *board) {
			var c dtlsClient
			c.create(t, b, table(t, pskSuites...))
			cstart = c.start(b, 20*nx.NX_IP_PERIODIC_RATE)
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			c.close(b)
		})
		w.run(30 * time.Second)
		assert.True(t, strings.HasPrefix(holder, "DTLS receive queue of the server session with 192.168.1.3:"), holder)
		assert.Equal(t, nx.NX_SUCCESS, release)
		assert.Equal(t, "pool", after)
		assert.Equal(t, nx.NX_SUCCESS, start)
		assert.Equal(t, nx.NX_SUCCESS, cstart)
	})
}
