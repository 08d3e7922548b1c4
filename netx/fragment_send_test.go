package netx_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fragmenting is the extra setup of a node with fragmentation enabled.
func fragmenting(n *node) { netx.IPFragmentEnable(&n.ip) }

// A datagram of six fragments to a peer not yet in the ARP cache waits on
// the ARP entry whole, and is fragmented when the answer comes: all of it
// arrives (nx_ip_driver_packet_send.c queues before fragmenting; an entry
// holds NX_ARP_MAX_QUEUE_DEPTH datagrams, not fragments).
func TestOversizeDatagramWaitsForARPWholeThenFragments(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	big := strings.Repeat("0123456789", 800)
	var got string
	a := w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, big))
		closeSocket(t, &sa)
	}, fragmenting)
	w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &sb, 6000, 4)
		got, _ = receiveText(t, &sb, 100)
		closeSocket(t, &sb)
	}, fragmenting)
	w.run(2 * time.Second)
	assert.Equal(t, big, got)
	assert.Equal(t, nx.ULONG(6), a.ip.Stats.FragmentsSent)
	assert.Zero(t, a.ip.Stats.ARPQueueOverflow)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.SuccessfulFragmentRequests)
}

// A datagram whose chain holds fewer bytes than its NxPacketLength: NetX
// sends the fragments the chain can fill, then finds the source exhausted,
// drops the rest and counts an invalid transmit packet and a fragment
// failure (nx_ip_fragment_packet.c) — no fragment comes from stale memory.
func TestFragmentingAChainShorterThanItsLength(t *testing.T) {
	w := newWorld(t)
	var sa netx.UDPSocket
	a := w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, netx.ARPStaticEntryCreate(&n.ip, addrB, 0x0200, 0x00000002))
		var pkt *packetpool.Packet
		require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&n.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER))
		require.Equal(t, nx.NX_SUCCESS, packetpool.DataAppend(pkt, make([]byte, 2000), &n.pool, nx.NX_WAIT_FOREVER))
		pkt.NxPacketLength = 4000 // the application's bookkeeping went wrong
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketSend(&sa, pkt, v4(addrB), 6000))
		closeSocket(t, &sa)
	}, fragmenting)
	w.run(time.Second)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.FragmentsSent, "1480 of the 2028 bytes the chain holds fill one fragment")
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.InvalidTransmitPackets)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.FragmentFailures)
	assert.Equal(t, uint64(1), w.lan.Ports()[0].Stats.FramesSent)
}
