package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/require"
)

// node is one emulated device with a pool, an IP instance on a segment,
// ARP and UDP enabled, and an application thread.
type node struct {
	k    *rtos.Kernel
	pool packetpool.Pool
	ip   netx.IP
	app  rtos.Thread
	arp  [1024]byte
}

// world is an engine with one segment and its nodes.
type world struct {
	t   *testing.T
	e   *rtos.Engine
	net *sim.Network
	lan *sim.Segment
	// poolPayload and poolMemory size the nodes' pools (1536 and 32*1600
	// bytes when zero): the C regression tests use small pools.
	poolPayload, poolMemory nx.ULONG
	// wrap, if set, wraps the segment's driver (the C tests' hook on the
	// RAM driver's sends).
	wrap func(netx.Driver) netx.Driver
}

func newWorld(t *testing.T) *world {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	n := sim.NewNetwork(e)
	return &world{t: t, e: e, net: n, lan: n.Segment("lan")}
}

// addNode creates a device at address (mask /24) whose application thread
// (priority 10) runs app once the link is up; extra runs in
// tx_application_define after the instance exists.
func (w *world) addNode(name string, address nx.ULONG, app func(n *node), extra ...func(n *node)) *node {
	return w.addNodeOn(w.lan, name, address, app, extra...)
}

// addNodeOn is addNode on another segment of the world's network.
func (w *world) addNodeOn(seg *sim.Segment, name string, address nx.ULONG, app func(n *node), extra ...func(n *node)) *node {
	n := &node{}
	n.k = w.e.AddKernel(name, func(mem []byte) {
		netx.SystemInitialize()
		payload, memory := nx.ULONG(1536), nx.ULONG(32*1600)
		if w.poolPayload != 0 {
			payload, memory = w.poolPayload, w.poolMemory
		}
		require.Equal(w.t, nx.NX_SUCCESS, packetpool.PoolCreate(&n.pool, name+" pool", payload, make([]byte, memory)))
		driver := netx.Driver(seg.Driver)
		if w.wrap != nil {
			driver = w.wrap(driver)
		}
		require.Equal(w.t, nx.NX_SUCCESS, netx.IPCreate(&n.ip, name+" ip", address, 0xFFFFFF00, &n.pool, driver, make([]byte, 2048), 1))
		require.Equal(w.t, nx.NX_SUCCESS, netx.ARPEnable(&n.ip, n.arp[:]))
		require.Equal(w.t, nx.NX_SUCCESS, netx.UDPEnable(&n.ip))
		for _, f := range extra {
			f(n)
		}
		require.Equal(w.t, nx.TX_SUCCESS, rtos.ThreadCreate(&n.app, name+" app", func(nx.ULONG) {
			var status nx.ULONG
			require.Equal(w.t, nx.NX_SUCCESS, netx.IPStatusCheck(&n.ip, nx.NX_IP_LINK_ENABLED, &status, 100))
			rtos.ThreadSleep(1) // every device of the world has booted
			if app != nil {
				app(n)
			}
		}, 0, make([]byte, 2048), 10, 10, 0, nx.TX_AUTO_START))
	})
	return n
}

func (w *world) run(d time.Duration) {
	w.t.Helper()
	require.NoError(w.t, w.e.RunFor(d))
}

// v4 is an NXD_ADDRESS for an IPv4 address.
func v4(a nx.ULONG) *nx.NXDAddress {
	var d nx.NXDAddress
	d.NxdIPVersion = nx.NX_IP_VERSION_V4
	d.NxdIPAddress.V4 = a
	return &d
}

// sendText allocates a UDP packet with text and sends it; it returns the
// send status (the packet is released by the caller's side on failure).
func (n *node) sendText(t *testing.T, s *netx.UDPSocket, to *nx.NXDAddress, port nx.UINT, text string) nx.Status {
	var pkt *packetpool.Packet
	require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&n.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER))
	require.Equal(t, nx.NX_SUCCESS, packetpool.DataAppend(pkt, []byte(text), &n.pool, nx.NX_WAIT_FOREVER))
	st := netx.UDPSocketSend(s, pkt, to, port)
	if st != nx.NX_SUCCESS {
		packetpool.Release(pkt)
	}
	return st
}

// receiveText receives one datagram and returns its text, releasing it.
func receiveText(t *testing.T, s *netx.UDPSocket, wait nx.ULONG) (string, nx.Status) {
	var pkt *packetpool.Packet
	st := netx.UDPSocketReceive(s, &pkt, wait)
	if st != nx.NX_SUCCESS {
		return "", st
	}
	buf := make([]byte, pkt.NxPacketLength)
	var n nx.ULONG
	require.Equal(t, nx.NX_SUCCESS, packetpool.DataRetrieve(pkt, buf, &n))
	require.Equal(t, nx.NX_SUCCESS, packetpool.Release(pkt))
	return string(buf), st
}
