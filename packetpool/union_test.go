package packetpool_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestReleaseThroughUnion checks an application releasing a packet one of
// NetX's holders has, with and without error checking. _nx_packet_release
// itself refuses a packet whose nx_packet_union_next is not
// NX_PACKET_ALLOCATED: one on the DTLS retransmission queue or the
// reassembly list (LinkThroughUnion) is NX_PTR_ERROR in both builds,
// counted in the pool's invalid releases, and stays where it is (was
// released without error checking). A packet a queue links through
// nx_packet_queue_next only (HandOver) is refused by the nxe_ layer alone;
// one handed to a driver (HandOverOutside) is released in both builds. The
// next hand-over clears the mark.
func TestReleaseThroughUnion(t *testing.T) {
	for _, row := range []struct {
		name       string
		hand       func(*packetpool.Packet)
		want       nx.Status // with error checking
		wantNoNXE  nx.Status // without
		holderName string
	}{
		{"linked through nx_packet_union_next", func(p *packetpool.Packet) {
			packetpool.HandOver(p, "reassembly list")
			packetpool.LinkThroughUnion(p)
		}, nx.NX_PTR_ERROR, nx.NX_PTR_ERROR, "reassembly list"},
		{"linked through nx_packet_queue_next", func(p *packetpool.Packet) { packetpool.HandOver(p, "UDP receive queue") },
			nx.NX_PTR_ERROR, nx.NX_SUCCESS, "UDP receive queue"},
		{"handed to a driver", func(p *packetpool.Packet) { packetpool.HandOverOutside(p, "driver") },
			nx.NX_SUCCESS, nx.NX_SUCCESS, "driver"},
	} {
		t.Run(row.name, func(t *testing.T) {
			want := row.want
			if !packetpool.ErrorChecking {
				want = row.wantNoNXE
			}
			var got, again nx.Status = 0xFF, 0xFF
			var holder string
			var invalid nx.ULONG
			e := rtos.NewEngine(1)
			t.Cleanup(e.Close)
			var pool packetpool.Pool
			var th rtos.Thread
			e.AddKernel("dev", func([]byte) {
				require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&pool, "pool", 64, make([]byte, 4096)))
				rtos.ThreadCreate(&th, "app", func(nx.ULONG) {
					var p *packetpool.Packet
					require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&pool, &p, 0, nx.NX_NO_WAIT))
					row.hand(p)
					got = packetpool.Release(p)
					packetpool.PoolInfoGet(&pool, nil, nil, nil, nil, &invalid)
					if got != nx.NX_SUCCESS {
						holder = p.Holder()
						packetpool.HandToCaller(p)
						again = packetpool.Release(p)
					}
				}, 0, make([]byte, 1024), 10, 10, 0, nx.TX_AUTO_START)
			})
			require.NoError(t, e.RunFor(time.Second))
			require.NoError(t, packetpool.CheckFull(e))
			assert.Equal(t, want, got, "release")
			if want == nx.NX_SUCCESS {
				assert.Zero(t, invalid, "invalid releases")
				return
			}
			assert.Equal(t, nx.ULONG(1), invalid, "invalid releases")
			assert.Equal(t, row.holderName, holder, "still held")
			assert.Equal(t, nx.NX_SUCCESS, again, "release after a hand-over to the caller")
		})
	}
}
