package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// Datagrams to a host that never answers ARP: at most NX_ARP_MAX_QUEUE_DEPTH
// wait (the oldest go first), the request is repeated every
// NX_ARP_UPDATE_RATE seconds, and after NX_ARP_MAXIMUM_RETRIES the entry and
// what waited on it are dropped — all after sends that returned NX_SUCCESS.
func TestARPQueueingRetriesAndAging(t *testing.T) {
	w := newWorld(t)
	var s netx.UDPSocket
	absent := nx.IP_ADDRESS(192, 168, 1, 99)
	a := w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &s, 5000, 4)
		for i := 0; i < 6; i++ {
			assert.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v4(absent), 6000, "anyone?"))
		}
		closeSocket(t, &s)
	})
	w.run(5 * time.Second)
	assert.Equal(t, nx.ULONG(2), a.ip.Stats.ARPQueueOverflow)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.ARPRequestsSent)
	w.run(200 * time.Second)
	assert.Equal(t, nx.ULONG(1+nx.NX_ARP_MAXIMUM_RETRIES), a.ip.Stats.ARPRequestsSent)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.ARPAgedOut)
	assert.Equal(t, nx.ULONG(6), a.ip.Stats.SendPacketsDropped, "2 pushed out of the queue, 4 aged out")
	assert.Equal(t, uint64(1+nx.NX_ARP_MAXIMUM_RETRIES), w.lan.Ports()[0].Stats.FramesSent)
}

// With more than one physical interface, a second interface on another
// segment is attached, brought up at once, and routes its own subnet.
func TestInterfaceAttachOnASecondSegment(t *testing.T) {
	old := netx.MaxPhysicalInterfaces
	netx.MaxPhysicalInterfaces = 2
	defer func() { netx.MaxPhysicalInterfaces = old }()
	w := newWorld(t)
	wan := w.net.Segment("wan")
	far := nx.IP_ADDRESS(10, 9, 0, 2)
	var s, fs netx.UDPSocket
	var got string
	w.addNode("router", addrA, func(n *node) {
		assert.Equal(t, nx.NX_SUCCESS, netx.IPInterfaceAttach(&n.ip, "WAN", nx.IP_ADDRESS(10, 9, 0, 1), 0xFFFFFF00, wan.Driver))
		assert.Equal(t, nx.NX_NO_MORE_ENTRIES, netx.IPInterfaceAttach(&n.ip, "THIRD", nx.IP_ADDRESS(10, 8, 0, 1), 0xFFFFFF00, wan.Driver))
		second := n.ip.Interface(1)
		assert.True(t, second.LinkUp(), "brought up at once: the IP thread had started")
		assert.Equal(t, nx.ULONG(1500), second.MTU())
		openSocket(t, n, &s, 5000, 4)
		assert.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v4(far), 6000, "over the WAN"))
		closeSocket(t, &s)
	})
	w.addNodeOn(wan, "far", far, func(n *node) {
		openSocket(t, n, &fs, 6000, 4)
		got, _ = receiveText(t, &fs, 100)
		closeSocket(t, &fs)
	})
	w.run(time.Second)
	assert.Equal(t, "over the WAN", got)
	assert.Zero(t, w.lan.Ports()[0].Stats.FramesSent, "nothing for 10.9.0.x on the LAN")
}
