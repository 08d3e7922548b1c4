package rtos_test

import (
	"fmt"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// The README's porting example: one device whose thread takes a packet
// from its pool once a second.
func Example() {
	e := rtos.NewEngine(1) // seed 1; virtual clock at 0
	defer e.Close()
	var worker rtos.Thread
	var pool packetpool.Pool
	rounds := 0
	e.AddKernel("sensor", func(mem []byte) {
		packetpool.PoolCreate(&pool, "pool", 1536, mem[:16*1600])
		rtos.ThreadCreate(&worker, "worker", func(nx.ULONG) {
			for {
				var pkt *packetpool.Packet
				if packetpool.Allocate(&pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER) == nx.NX_SUCCESS {
					packetpool.Release(pkt)
					rounds++
				}
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE) // one second: 100 ticks
			}
		}, 0, mem[16*1600:16*1600+2048], 10, 10, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	})
	// A virtual minute, in milliseconds of real time. Each round's sleep
	// starts after its services' CPU time (a Cortex-M4 by default), so the
	// 61st round begins just after the minute.
	err := e.RunFor(time.Minute)
	fmt.Println(err, rounds, pool.Total(), pool.Available())
	// Output: <nil> 60 16 16
}
