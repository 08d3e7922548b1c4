package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestRetransmitQueueReleaseCore checks, in both builds (with and without
// error checking), an application releasing the ClientHello the
// retransmission queue holds while client_session_start waits for a server
// that never answers: the queue links it through nx_packet_union_next
// (nx_secure_dtls_send_record.c), which _nx_packet_release itself checks,
// so the release is NX_PTR_ERROR and counts one invalid release in the
// pool; the packet stays queued, and the session's own flush at the end
// returns it to its pool (was released without error checking).
func TestRetransmitQueueReleaseCore(t *testing.T) {
	for _, row := range []struct {
		name   string
		peekAt nx.ULONG
	}{{"before the first retransmission", 20}, {"after the first retransmission", 120}} {
		t.Run(row.name, func(t *testing.T) {
			w := newWorld(t, 5)
			w.add("server", serverIP, 7, func(*board) {})
			var release nx.Status = 0xFF
			var invalid nx.ULONG
			var stillQueued bool
			w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
				var c dtlsClient
				c.create(t, b, table(t, pskSuites...))
				var app rtos.Thread
				rtos.ThreadCreate(&app, "app", func(nx.ULONG) {
					rtos.ThreadSleep(row.peekAt)
					q := securedtls.RetransmitQueue(&c.s)
					if assert.NotEmpty(t, q) {
						release = packetpool.Release(q[0])
						packetpool.PoolInfoGet(&b.pool, nil, nil, nil, nil, &invalid)
						stillQueued = len(securedtls.RetransmitQueue(&c.s)) > 0 && securedtls.RetransmitQueue(&c.s)[0] == q[0] && packetpool.Allocated(q[0])
					}
				}, 0, make([]byte, 4096), 5, 5, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
				c.start(b, 200)
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
				c.close(b)
			})
			w.run(5 * time.Second)
			assert.Equal(t, nx.NX_PTR_ERROR, release)
			assert.Equal(t, nx.ULONG(1), invalid, "invalid releases")
			assert.True(t, stillQueued, "the ClientHello is still queued")
		})
	}
}
