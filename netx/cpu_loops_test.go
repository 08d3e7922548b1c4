package netx_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
)

// Two IP instances on one device over a zero-latency segment, as the C
// tests' RAM driver loops back: a loop of sends with tx_thread_relinquish
// delivers every datagram, because each service call is an interrupt point
// where the receive interrupt due at that same instant is taken — on the
// zero profile too, where no time passes at all.
func TestSendLoopWithRelinquishDeliversOnOneDevice(t *testing.T) {
	const n = 50
	for _, p := range []*rtos.Profile{rtos.ProfileZero, rtos.ProfileDefault} {
		t.Run(p.Name, func(t *testing.T) {
			e := rtos.NewEngine(1, rtos.WithProfile(p))
			t.Cleanup(e.Close)
			pooltest.Verify(t, e)
			lan := sim.NewNetwork(e).Segment("lan")
			lan.Latency = 0
			var pool packetpool.Pool
			var ip0, ip1 netx.IP
			var s0, s1 netx.UDPSocket
			var app rtos.Thread
			var arp0, arp1 [1024]byte
			received := 0
			var took time.Duration
			e.AddKernel("board", func(mem []byte) {
				netx.SystemInitialize()
				require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&pool, "pool", 1536, make([]byte, 64*1600)))
				for i, ip := range []*netx.IP{&ip0, &ip1} {
					addr := []nx.ULONG{addrA, addrB}[i]
					require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(ip, "ip", addr, 0xFFFFFF00, &pool, lan.Driver, make([]byte, 2048), 1))
					require.Equal(t, nx.NX_SUCCESS, netx.ARPEnable(ip, [][]byte{arp0[:], arp1[:]}[i]))
					require.Equal(t, nx.NX_SUCCESS, netx.UDPEnable(ip))
				}
				require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&app, "app", func(nx.ULONG) {
					require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&ip0, &s0, "tx", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, n))
					require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&s0, 5000, nx.NX_NO_WAIT))
					require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&ip1, &s1, "rx", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, n))
					require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&s1, 6000, nx.NX_NO_WAIT))
					start := e.Now()
					for range n {
						var pkt *packetpool.Packet
						require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&pool, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT))
						require.Equal(t, nx.NX_SUCCESS, packetpool.DataAppend(pkt, []byte("loop"), &pool, nx.NX_NO_WAIT))
						require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketSend(&s0, pkt, v4(addrB), 6000))
						rtos.ThreadRelinquish()
					}
					took = e.Now() - start
					for {
						var pkt *packetpool.Packet
						if netx.UDPSocketReceive(&s1, &pkt, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
							break
						}
						received++
						packetpool.Release(pkt)
					}
					closeSocket(t, &s0)
					closeSocket(t, &s1)
				}, 0, make([]byte, 2048), 10, 10, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
			})
			require.NoError(t, e.RunFor(5*time.Second))
			assert.Equal(t, n, received)
			if p == rtos.ProfileZero {
				assert.Zero(t, took, "nothing costs time on the zero profile")
			} else {
				assert.Positive(t, took, "the loop takes virtual time")
			}
		})
	}
}

// Between two devices on the default profile, a tight send loop (no sleep,
// no relinquish) takes virtual time, and every datagram is either received
// or counted where it was lost: the sender's failed send, the receiver's
// driver with no packet, or the receiving socket's full queue.
func TestTightSendLoopBetweenDevicesDeliversOrCounts(t *testing.T) {
	const n = 200
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	sendFailures, received := 0, 0
	var took time.Duration
	a := w.addNode("a", addrA, func(nd *node) {
		openSocket(t, nd, &sa, 5000, 4)
		start := w.e.Now()
		for range n {
			var pkt *packetpool.Packet
			if packetpool.Allocate(&nd.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				sendFailures++
				continue
			}
			packetpool.DataAppend(pkt, []byte("tight loop"), &nd.pool, nx.NX_NO_WAIT)
			if netx.UDPSocketSend(&sa, pkt, v4(addrB), 6000) != nx.NX_SUCCESS {
				packetpool.Release(pkt)
				sendFailures++
			}
		}
		took = w.e.Now() - start
		closeSocket(t, &sa)
	}, func(nd *node) {
		netx.ARPStaticEntryCreate(&nd.ip, addrB, 0x0200, 2)
	})
	b := w.addNode("b", addrB, func(nd *node) {
		openSocket(t, nd, &sb, 6000, 8)
		for {
			if _, st := receiveText(t, &sb, 50); st != nx.NX_SUCCESS {
				break
			}
			received++
		}
		closeSocket(t, &sb)
	})
	w.run(5 * time.Second)
	port := w.lan.Ports()[1]
	dropped := int(b.ip.Stats.UDPReceivePacketsDropped) + int(port.Stats.RxNoPacket)
	assert.Positive(t, took, "the loop takes virtual time")
	assert.Equal(t, n, received+dropped+sendFailures,
		"received %d, dropped at the receiver %d, failed sends %d", received, dropped, sendFailures)
	assert.Positive(t, received)
	_ = a
}
