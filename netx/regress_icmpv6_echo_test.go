package netx_test

import (
	"bytes"
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// linkLocalOf is the link-local address NetX makes from an interface's MAC.
func linkLocalOf(f *netx.Interface) net.IP {
	msw, lsw := f.PhysicalAddress()
	ip := make(net.IP, 16)
	ip[0], ip[1] = 0xFE, 0x80
	binary.BigEndian.PutUint16(ip[8:], uint16(msw)^0x0200)
	ip[10] = byte(lsw >> 24)
	ip[11], ip[12] = 0xFF, 0xFE
	ip[13], ip[14], ip[15] = byte(lsw>>16), byte(lsw>>8), byte(lsw)
	return ip
}

// receiveNow hands raw bytes to the instance through the direct receive
// path (_nx_ip_packet_receive), in the calling thread.
func receiveNow(t *testing.T, n *node, raw []byte) {
	var pkt *packetpool.Packet
	require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&n.pool, &pkt, nx.NX_RECEIVE_PACKET, nx.NX_NO_WAIT))
	require.Equal(t, nx.NX_SUCCESS, packetpool.DataAppend(pkt, raw, &n.pool, nx.NX_NO_WAIT))
	pkt.NxPacketAddress = n.ip.Interface(0)
	netx.IPPacketReceive(&n.ip, pkt)
}

// TestRegressICMPv6EchoRequest is netx_icmpv6_echo_request_test.c: an echo
// request to a link-local address still under DAD is not answered; after
// DAD one from the unspecified address is not either; a proper one is
// counted as received and answered.
func TestRegressICMPv6EchoRequest(t *testing.T) {
	counts := threeEchoes(t, layers.ICMPv6TypeEchoRequest, func(s *netx.ICMPStats) [2]nx.ULONG {
		return [2]nx.ULONG{s.PingsReceived, s.PingsRespondedTo}
	})
	assert.Equal(t, [][2]nx.ULONG{{0, 0}, {0, 0}, {1, 1}}, counts)
}

// threeEchoes is the C echo tests' sequence: an echo message of type typ
// from fe80::1 to the node's link-local address while it is still under
// DAD, then after DAD one from the unspecified address and one from
// fe80::1; it returns the counters count picks after each.
func threeEchoes(t *testing.T, typ uint8, count func(s *netx.ICMPStats) [2]nx.ULONG) [][2]nx.ULONG {
	w := newWorld(t)
	var counts [][2]nx.ULONG
	w.addNode("ip_0", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
		own := linkLocalOf(n.ip.Interface(0))
		for i, src := range []net.IP{net.ParseIP("fe80::1"), net.IPv6unspecified, net.ParseIP("fe80::1")} {
			if i == 1 {
				rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
			}
			receiveNow(t, n, icmp6(t, src, own, typ, &layers.ICMPv6Echo{Identifier: 1, SeqNumber: 1}))
			counts = append(counts, count(&n.ip.Stats.ICMP))
		}
	}, withICMP(t, v6A))
	// A reply to fe80::1 waits for a neighbour that never answers.
	w.run(15 * time.Second)
	return counts
}

// TestRegressNDCacheWithOwnAddress is netx_nd_cache_with_own_address_test.c:
// a static entry for fe80::211:22ff:fe33:4457 is found by address and by
// MAC; once the interface takes that MAC and its link-local address becomes
// that address, DAD's success removes the entry
// (_nx_icmpv6_DAD_clear_NDCache_entry).
func TestRegressNDCacheWithOwnAddress(t *testing.T) {
	w := newWorld(t)
	done := false
	w.addNode("ip_0", addrA, func(n *node) {
		var index nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, &index))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		dest := [4]nx.ULONG{0xFE800000, 0, 0x021122FF, 0xFE334457}
		require.Equal(t, nx.NX_SUCCESS, netx.NDCacheEntrySet(&n.ip, dest[:], 0, []byte{0, 0x11, 0x22, 0x33, 0x44, 0x57}))
		var msw, lsw nx.ULONG
		var ifc nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.NDCacheHardwareAddressFind(&n.ip, v6(dest), &msw, &lsw, &ifc))
		assert.Equal(t, []nx.ULONG{0, 0x11, 0x22334457}, []nx.ULONG{ifc, msw, lsw})
		var a nx.NXDAddress
		require.Equal(t, nx.NX_SUCCESS, netx.NDCacheIPAddressFind(&n.ip, &a, 0x11, 0x22334457, &ifc))
		assert.Equal(t, dest, a.NxdIPAddress.V6)

		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressDelete(&n.ip, index))
		require.Equal(t, nx.NX_SUCCESS, netx.IPInterfacePhysicalAddressSet(&n.ip, 0, 0x11, 0x22334457, nx.NX_TRUE))
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, &index))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_ENTRY_NOT_FOUND, netx.NDCacheHardwareAddressFind(&n.ip, v6(dest), &msw, &lsw, &ifc))
		done = true
	}, withICMP(t, v6A))
	w.run(15 * time.Second)
	assert.True(t, done)
}

// TestRegressICMPv6EchoReply is netx_icmpv6_echo_reply_test.c: an echo
// reply to a link-local address still under DAD, one from the unspecified
// address, and one nobody waits for are each counted as a response
// received and as an invalid packet.
func TestRegressICMPv6EchoReply(t *testing.T) {
	counts := threeEchoes(t, layers.ICMPv6TypeEchoReply, func(s *netx.ICMPStats) [2]nx.ULONG {
		return [2]nx.ULONG{s.PingResponsesReceived, s.InvalidPackets}
	})
	assert.Equal(t, [][2]nx.ULONG{{1, 1}, {2, 2}, {3, 3}}, counts)
}

// TestRegressICMPv6InvalidNA is netx_icmpv6_invalid_na.c: after DAD, a
// neighbour advertisement whose target is our own (valid) link-local
// address matches no neighbour cache entry and is counted invalid.
func TestRegressICMPv6InvalidNA(t *testing.T) {
	w := newWorld(t)
	var invalid nx.ULONG
	w.addNode("ip_0", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		own := linkLocalOf(n.ip.Interface(0))
		msw, lsw := n.ip.Interface(0).PhysicalAddress()
		mac := []byte{byte(msw >> 8), byte(msw), byte(lsw >> 24), byte(lsw >> 16), byte(lsw >> 8), byte(lsw)}
		receiveNow(t, n, icmp6(t, own, own, layers.ICMPv6TypeNeighborAdvertisement, &layers.ICMPv6NeighborAdvertisement{
			Flags: 0x60, TargetAddress: own, Options: layers.ICMPv6Options{{Type: layers.ICMPv6OptTargetAddress, Data: mac}}}))
		invalid = n.ip.Stats.ICMP.InvalidPackets
	}, withICMP(t, v6A))
	w.run(10 * time.Second)
	assert.Equal(t, nx.ULONG(1), invalid)
}

// TestRegressICMPv6NSWithSmallPacket is netx_icmpv6_ns_with_small_packet_test.c:
// with a pool whose packets have no room after the IPv6 headroom
// (NX_IPv6_ICMP_PACKET bytes of payload), DAD sends no solicitation.
func TestRegressICMPv6NSWithSmallPacket(t *testing.T) {
	var ns int
	w := newWorld(t)
	w.poolPayload, w.poolMemory = nx.NX_IPv6_PACKET, 8192
	w.lan.MTU = 512
	w.wrap = countICMPv6(135, &ns)
	var seen int
	w.addNode("ip_0", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		seen = ns
	}, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
	})
	w.run(10 * time.Second)
	assert.Zero(t, seen)
}

// TestRegressICMPv6InvalidLength2 is netx_icmpv6_invalid_length_test2.c: a
// neighbour solicitation whose ICMPv6 message is 8 bytes, too short to hold
// a target address, is counted invalid.
func TestRegressICMPv6InvalidLength2(t *testing.T) {
	w := newWorld(t)
	var invalid nx.ULONG
	w.addNode("ip_0", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		receiveNow(t, n, icmp6(t, net.ParseIP("fe80::1"), linkLocalOf(n.ip.Interface(0)), layers.ICMPv6TypeNeighborSolicitation,
			gopacket.Payload{0, 0, 0, 0}))
		invalid = n.ip.Stats.ICMP.InvalidPackets
	}, withICMP(t, v6A))
	w.run(10 * time.Second)
	assert.Equal(t, nx.ULONG(1), invalid)
}

// TestRegressICMPPing6DataAppend is netx_icmp_ping6_data_append_test.c: a
// ping of 400 bytes from a pool of ten 256-byte packets is chained and
// sent; one of 4096 bytes does not fit the pool and is NX_OVERFLOW, as
// nx_icmp_interface_ping6.c returns when the data append fails.
func TestRegressICMPPing6DataAppend(t *testing.T) {
	var st nx.Status
	w := regressWorld(t, 1500)
	w.poolPayload, w.poolMemory = 256, (packetpool.PacketHeaderSize+256)*10
	w.regressNodes(func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		data := bytes.Repeat([]byte{'A'}, 4096)
		var resp *packetpool.Packet
		if netx.ICMPPing(&n.ip, v6(global(0x10000002)), data[:400], &resp, nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
			packetpool.Release(resp)
		}
		st = netx.ICMPPing(&n.ip, v6(global(0x10000002)), data, &resp, nx.NX_IP_PERIODIC_RATE)
	}, true)
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_OVERFLOW, st)
}
