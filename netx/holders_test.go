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

// The leak report says who holds each packet out of its pool: a datagram
// NetX keeps on the ARP entry of a host that never answers is reported as
// held by that ARP queue, handed over at the application's send; a packet
// the application allocated and kept is held by its thread.
func TestLeakReportNamesTheHolders(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	n := sim.NewNetwork(e)
	w := &world{t: t, e: e, net: n, lan: n.Segment("lan")} // no pool check at the end: the leaks are the point
	var s netx.UDPSocket
	var kept *packetpool.Packet
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &s, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v4(nx.IP_ADDRESS(192, 168, 1, 99)), 6000, "anyone?"))
		require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&n.pool, &kept, nx.NX_UDP_PACKET, nx.NX_NO_WAIT))
	})
	w.run(2 * time.Second)
	err := packetpool.CheckFull(e)
	require.Error(t, err)
	report := err.Error()
	assert.Contains(t, report, `2 packet(s) not back`)
	assert.Contains(t, report, `held by ARP queue of "a ip" for 192.168.1.99, last handed over at github.com/nxsim/nxsim/netx_test.(*node).sendText`)
	assert.Contains(t, report, `held by thread a app`)
	assert.Equal(t, "thread a app", kept.Holder())
}

// A datagram waiting for neighbour discovery is reported as held by the
// ND queue of its next hop.
func TestLeakReportNamesTheNDQueue(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	n := sim.NewNetwork(e)
	w := &world{t: t, e: e, net: n, lan: n.Segment("lan")} // no pool check at the end: the leak is the point
	var s netx.UDPSocket
	w.addNode("a", addrA, func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE) // duplicate address detection
		openSocket(t, n, &s, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v6(v6B), 6000, "anyone?"))
	}, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(v6A), 64, nil))
	})
	w.run(5*time.Second + 100*time.Millisecond)
	err := packetpool.CheckFull(e)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `held by ND queue of "a ip" for 2001:db8::20`)
}
