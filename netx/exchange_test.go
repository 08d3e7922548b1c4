package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	addrA = nx.IP_ADDRESS(192, 168, 1, 10)
	addrB = nx.IP_ADDRESS(192, 168, 1, 20)
	addrC = nx.IP_ADDRESS(192, 168, 1, 30)
)

func TestTwoDevicesExchangeUDPOverIPv4(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	var gotByB, gotByA string
	var from nx.NXDAddress
	var fromPort nx.UINT
	w.addNode("a", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&n.ip, &sa, "a", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5))
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&sa, 5000, nx.NX_NO_WAIT))
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, "ping"))
		var st nx.Status
		gotByA, st = receiveText(t, &sa, 100)
		require.Equal(t, nx.NX_SUCCESS, st)
	})
	w.addNode("b", addrB, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&n.ip, &sb, "b", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5))
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&sb, 6000, nx.NX_NO_WAIT))
		var pkt = receiveRaw(t, &sb, 100)
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSourceExtract(pkt, &from, &fromPort))
		gotByB = text(t, pkt)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sb, &from, fromPort, "pong"))
	})
	w.run(time.Second)
	assert.Equal(t, "ping", gotByB)
	assert.Equal(t, "pong", gotByA)
	assert.Equal(t, addrA, from.NxdIPAddress.V4)
	assert.Equal(t, nx.UINT(5000), fromPort)
}

// openSocket creates and binds a socket on the node (from its thread).
func openSocket(t *testing.T, n *node, s *netx.UDPSocket, port nx.UINT, queue nx.ULONG) {
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&n.ip, s, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, queue))
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(s, port, nx.NX_NO_WAIT))
}

func closeSocket(t *testing.T, s *netx.UDPSocket) {
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketUnbind(s))
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketDelete(s))
}

// The receive notify runs on the IP thread, once per datagram, and a notify
// that blocks stalls everything the IP thread does for that instance.
func TestReceiveNotifyRunsOnTheIPThreadAndABlockingOneStalls(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	var onIPThread []bool
	var notifyTicks []nx.ULONG
	var queued []nx.ULONG
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 8)
		for i := 0; i < 3; i++ {
			require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, "x"))
			rtos.ThreadSleep(10)
		}
		closeSocket(t, &sa)
	})
	w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &sb, 6000, 8)
		netx.UDPSocketReceiveNotify(&sb, func(s *netx.UDPSocket) {
			onIPThread = append(onIPThread, rtos.ThreadIdentify() == n.ip.IPThread())
			notifyTicks = append(notifyTicks, rtos.TimeGet())
			if len(notifyTicks) == 1 {
				rtos.ThreadSleep(50) // a callback that blocks
			}
		})
		rtos.ThreadSleep(100)
		var q nx.ULONG
		netx.UDPSocketInfoGet(&sb, nil, nil, nil, nil, &q, nil, nil)
		queued = append(queued, q)
		for i := 0; i < 3; i++ {
			_, st := receiveText(t, &sb, nx.NX_NO_WAIT)
			require.Equal(t, nx.NX_SUCCESS, st)
		}
		closeSocket(t, &sb)
	})
	w.run(2 * time.Second)
	assert.Equal(t, []bool{true, true, true}, onIPThread)
	// The datagrams arrived at ticks 1, 11 and 21; the second and third
	// waited in the driver's deferred queue until the first notify returned.
	assert.Equal(t, []nx.ULONG{1, 51, 51}, notifyTicks)
	assert.Equal(t, []nx.ULONG{3}, queued)
}

func TestReceiveQueueOverflowDropsTheOldest(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	var got []string
	var dropped nx.ULONG
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 1)
		for _, m := range []string{"one", "two", "three"} {
			require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, m))
		}
		closeSocket(t, &sa)
	})
	w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &sb, 6000, 2)
		rtos.ThreadSleep(10)
		for {
			m, st := receiveText(t, &sb, nx.NX_NO_WAIT)
			if st != nx.NX_SUCCESS {
				require.Equal(t, nx.NX_NO_PACKET, st)
				break
			}
			got = append(got, m)
		}
		netx.UDPSocketInfoGet(&sb, nil, nil, nil, nil, nil, &dropped, nil)
		closeSocket(t, &sb)
	})
	w.run(time.Second)
	assert.Equal(t, []string{"two", "three"}, got)
	assert.Equal(t, nx.ULONG(1), dropped)
}

// waiters holds two threads blocked on a node's sockets: one receiving on
// s1 (bound to 7000), one binding s2 to the same port.
type waiters struct {
	receiver, binder       rtos.Thread
	recvStatus, bindStatus nx.Status
}

// block starts the two waiting threads; both are more urgent than the
// caller, so they are waiting when it goes on.
func (w *waiters) block(t *testing.T, n *node, s1, s2 *netx.UDPSocket) {
	openSocket(t, n, s1, 7000, 4)
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&n.ip, s2, "s2", 0, 0, 64, 4))
	rtos.ThreadCreate(&w.receiver, "receiver", func(nx.ULONG) {
		var pkt *packetpool.Packet
		w.recvStatus = netx.UDPSocketReceive(s1, &pkt, nx.NX_WAIT_FOREVER)
	}, 0, make([]byte, 1024), 5, 5, 0, nx.TX_AUTO_START)
	rtos.ThreadCreate(&w.binder, "binder", func(nx.ULONG) {
		w.bindStatus = netx.UDPSocketBind(s2, 7000, nx.NX_WAIT_FOREVER)
	}, 0, make([]byte, 1024), 6, 6, 0, nx.TX_AUTO_START)
}

// Unbind releases what was queued, wakes receivers with NX_SOCKET_UNBOUND
// and hands the port to the first thread waiting to bind it.
func TestUnbindWakesReceiversAndHandsThePortOver(t *testing.T) {
	w := newWorld(t)
	var s1, s2 netx.UDPSocket
	var ws waiters
	var port nx.UINT
	w.addNode("a", addrA, func(n *node) {
		ws.block(t, n, &s1, &s2)
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketUnbind(&s1))
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketPortGet(&s2, &port))
		closeSocket(t, &s2)
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketDelete(&s1))
	})
	w.run(time.Second)
	assert.Equal(t, nx.NX_SOCKET_UNBOUND, ws.recvStatus)
	assert.Equal(t, nx.NX_SUCCESS, ws.bindStatus)
	assert.Equal(t, nx.UINT(7000), port)
}

func TestAnyPortIsDrawnFromTheDeviceStream(t *testing.T) {
	ports := func(seed uint64) nx.UINT {
		w := newWorld(t)
		w.e = rtos.NewEngine(seed)
		t.Cleanup(w.e.Close)
		w.lan = sim.NewNetwork(w.e).Segment("lan")
		var s netx.UDPSocket
		var p nx.UINT
		w.addNode("a", addrA, func(n *node) {
			openSocket(t, n, &s, nx.NX_ANY_PORT, 1)
			netx.UDPSocketPortGet(&s, &p)
			closeSocket(t, &s)
		})
		w.run(time.Second)
		return p
	}
	p1, p2 := ports(7), ports(7)
	assert.Equal(t, p1, p2)
	assert.GreaterOrEqual(t, p1, nx.UINT(0xC000))
}

func TestLoopbackToOwnAddress(t *testing.T) {
	w := newWorld(t)
	var s netx.UDPSocket
	var got string
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &s, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v4(addrA), 5000, "me"))
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v4(nx.IP_ADDRESS(127, 0, 0, 1)), 5000, "lo"))
		a, _ := receiveText(t, &s, 10)
		b, _ := receiveText(t, &s, 10)
		got = a + "+" + b
		closeSocket(t, &s)
	})
	w.run(time.Second)
	assert.Equal(t, "me+lo", got)
	assert.Equal(t, uint64(0), w.lan.Ports()[0].Stats.FramesSent, "nothing on the wire")
}

func TestOversizeDatagramsAndFragmentation(t *testing.T) {
	big := string(make([]byte, 3000))
	for _, fragment := range []bool{false, true} {
		w := newWorld(t)
		var sa, sb netx.UDPSocket
		var got string
		var st nx.Status
		a := w.addNode("a", addrA, func(n *node) {
			openSocket(t, n, &sa, 5000, 4)
			require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, big), "the send succeeds either way")
			closeSocket(t, &sa)
		}, func(n *node) {
			if fragment {
				netx.IPFragmentEnable(&n.ip)
			}
		})
		b := w.addNode("b", addrB, func(n *node) {
			openSocket(t, n, &sb, 6000, 4)
			got, st = receiveText(t, &sb, 50)
			closeSocket(t, &sb)
		}, func(n *node) {
			if fragment {
				netx.IPFragmentEnable(&n.ip)
			}
		})
		w.run(time.Second)
		if fragment {
			assert.Equal(t, nx.NX_SUCCESS, st)
			assert.Equal(t, big, got)
			assert.Equal(t, nx.ULONG(3), a.ip.Stats.FragmentsSent)
			assert.Equal(t, nx.ULONG(3), b.ip.Stats.FragmentsReceived)
		} else {
			assert.Equal(t, nx.NX_NO_PACKET, st)
			assert.Equal(t, nx.ULONG(1), a.ip.Stats.SendPacketsDropped)
		}
	}
}

// A receiver whose pool is empty loses the frame in its driver, counted.
func TestStarvedReceiverDropsAndCounts(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	var hog []*packetpool.Packet
	var st nx.Status
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 4)
		rtos.ThreadSleep(1) // b's thread takes every packet first: allocation costs CPU time
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, "lost?"))
		closeSocket(t, &sa)
	}, func(n *node) {
		netx.ARPStaticEntryCreate(&n.ip, addrB, 0x0200, 2)
	})
	w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &sb, 6000, 4)
		rtos.ThreadSleep(5)
		_, st = receiveText(t, &sb, nx.NX_NO_WAIT)
		for _, p := range hog {
			packetpool.Release(p)
		}
		closeSocket(t, &sb)
	}, func(n *node) {
		// The pool is emptied before anything runs (initialization is free).
		for {
			var p *packetpool.Packet
			if packetpool.Allocate(&n.pool, &p, 0, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				break
			}
			hog = append(hog, p)
		}
	})
	w.run(time.Second)
	assert.Equal(t, nx.NX_NO_PACKET, st)
	assert.Equal(t, uint64(1), w.lan.Ports()[1].Stats.RxNoPacket)
}

// tx_thread_wait_abort ends NetX waits with NX_WAIT_ABORTED: a receive and
// a bind waiting for a taken port.
func TestNetXWaitsCanBeAborted(t *testing.T) {
	w := newWorld(t)
	var s1, s2 netx.UDPSocket
	var ws waiters
	w.addNode("a", addrA, func(n *node) {
		ws.block(t, n, &s1, &s2)
		require.Equal(t, nx.TX_SUCCESS, rtos.ThreadWaitAbort(&ws.receiver))
		require.Equal(t, nx.TX_SUCCESS, rtos.ThreadWaitAbort(&ws.binder))
		closeSocket(t, &s1)
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketDelete(&s2))
	})
	w.run(time.Second)
	assert.Equal(t, nx.NX_WAIT_ABORTED, ws.recvStatus)
	assert.Equal(t, nx.NX_WAIT_ABORTED, ws.bindStatus)
}
