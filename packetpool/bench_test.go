package packetpool

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// BenchmarkAllocateRelease measures one nx_packet_allocate plus one
// nx_packet_release from a thread.
func BenchmarkAllocateRelease(b *testing.B) {
	e := rtos.NewEngine(1)
	defer e.Close()
	var p Pool
	var th rtos.Thread
	n := b.N
	e.AddKernel("d", func([]byte) {
		PoolCreate(&p, "p", 1536, make([]byte, 16*1600))
		rtos.ThreadCreate(&th, "t", func(nx.ULONG) {
			b.ResetTimer()
			var pkt *Packet
			for i := 0; i < n; i++ {
				Allocate(&p, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT)
				Release(pkt)
			}
			b.StopTimer()
		}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
	})
	if err := e.RunFor(time.Millisecond); err != nil {
		b.Fatal(err)
	}
}
