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
	"github.com/stretchr/testify/require"
)

// ipv6ICMPOn is the define of the C tests with one instance: nxd_ipv6_enable
// and nxd_icmp_enable on ip_0.
func ipv6ICMPOn(c *cTest) {
	c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
	c.status(netx.ICMPEnable(&c.ip0), nx.NX_SUCCESS, "icmp enable")
}

// padN4 is a hop-by-hop (or destination options) header of 8 bytes whose
// only option is a PadN of 4 bytes, followed by next.
func padN4(next byte) []byte { return []byte{next, 0, 1, 4, 0, 0, 0, 0} }

// withExtension inserts an extension header (its next-header byte already
// set) between the IPv6 header of datagram and its payload; the IPv6
// header's next header becomes typ.
func withExtension(datagram []byte, typ byte, ext []byte) []byte {
	out := append(append(append([]byte(nil), datagram[:40]...), ext...), datagram[40:]...)
	out[6] = typ
	binary.BigEndian.PutUint16(out[4:], uint16(len(out)-40))
	return out
}

// echoRequest6 is an ICMPv6 echo request (IPv6 header, no extension) with
// the identifier, sequence and data given.
func echoRequest6(t *testing.T, src, dst net.IP, id, seq uint16, data []byte) []byte {
	ip := &layers.IPv6{Version: 6, HopLimit: 255, NextHeader: layers.IPProtocolICMPv6, SrcIP: src, DstIP: dst}
	c := &layers.ICMPv6{TypeCode: layers.CreateICMPv6TypeCode(layers.ICMPv6TypeEchoRequest, 0)}
	require.NoError(t, c.SetNetworkLayerForChecksum(ip))
	return serialize(t, ip, c, &layers.ICMPv6Echo{Identifier: id, SeqNumber: seq}, gopacket.Payload(data))
}

// receiveRaw hands ip a packet of pool holding raw whose first buffer ends
// after have bytes (the C tests' nx_packet_append_ptr), through
// _nx_ip_packet_receive in the calling thread.
func (c *cTest) receiveRaw(ip *netx.IP, pool *packetpool.Pool, raw []byte, have int) {
	c.t.Helper()
	var p *packetpool.Packet
	c.status(packetpool.Allocate(pool, &p, nx.NX_IPv6_PACKET, nx.NX_NO_WAIT), nx.NX_SUCCESS, "allocate")
	copy(p.NxPacketDataStart[p.NxPacketPrependPtr:], raw)
	p.NxPacketLength = nx.ULONG(len(raw))
	p.NxPacketAppendPtr = p.NxPacketPrependPtr + have
	p.NxPacketAddress = ip.Interface(0)
	netx.IPPacketReceive(ip, p)
}

// TestRegressIPv6HopByHopOptionError is
// netx_ipv6_hop_by_hop_option_error_test.c: an echo request to ip_0's
// link-local address behind a hop-by-hop header (one PadN option) is
// answered; the same datagram whose first buffer ends inside the ICMPv6
// header (the hop-by-hop header reaches past it: 46 bytes of 64) is
// dropped, and so is one whose buffer ends one byte into the hop-by-hop
// header (the C test calls _nx_ipv6_process_hop_by_hop_option itself with
// such a packet and expects NX_OPTION_HEADER_ERROR).
func TestRegressIPv6HopByHopOptionError(t *testing.T) {
	cfg := cConfig{poolBytes: 1536 * 4, mtu: 256, define: ipv6ICMPOn}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		c.status(netx.IPv6AddressSet(&c.ip0, 0, nil, 10, nil), nx.NX_SUCCESS, "link-local address set")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		own := linkLocalOf(c.ip0.Interface(0))
		echo := echoRequest6(t, net.ParseIP("fe80::200:ff:fe00:100"), own, 0, 0, []byte{1, 2, 3, 4, 5, 6, 7, 8})
		pkt := withExtension(echo, 0, padN4(58))
		require.Len(t, pkt, 64)
		for _, have := range []int{64, 46, 41} {
			dropped := c.ip0.Stats.ReceivePacketsDropped
			c.receiveRaw(&c.ip0, &c.pool0, pkt, have)
			s := c.ip0.Stats.ICMP
			c.check(s.PingsReceived == 1 && s.PingsRespondedTo == 1, "%d bytes in the buffer: pings received %d, responded %d, want 1, 1",
				have, s.PingsReceived, s.PingsRespondedTo)
			c.check((have == 64) == (c.ip0.Stats.ReceivePacketsDropped == dropped), "%d bytes in the buffer: dropped %d -> %d",
				have, dropped, c.ip0.Stats.ReceivePacketsDropped)
		}
	}, nil)
}

// TestRegressIPv6HopByHopFragment is netx_ipv6_hop_by_hop_fragment_test.c:
// ip_0 pings ip_1 (fe80::1 to fe80::2, 512-byte MTU); its driver hook
// drops the 28-byte request and sends instead one with a hop-by-hop header
// and 1400 bytes of data, fragmented as NetX fragments it (the hop-by-hop
// header is in every fragment's unfragmentable part,
// _nx_ipv6_fragment_process). ip_1 reassembles and answers it, and the
// ping gets the 1400 bytes back. The C test sends that datagram with
// nxd_ip_raw_packet_send (raw IP is out of nxsim); here the hook hands the
// fragments to ip_1 as the RAM driver would.
func TestRegressIPv6HopByHopFragment(t *testing.T) {
	addr0 := v6([4]nx.ULONG{0xFE800000, 0, 0, 1})
	addr1 := v6([4]nx.ULONG{0xFE800000, 0, 0, 2})
	data := bytes.Repeat([]byte("abcdefghijklmnopqrstuvw"), 61)[:1400]
	cfg := cConfig{poolBytes: 15360, twoIPs: true, mtu: 512, define: func(c *cTest) {
		for _, ip := range []*netx.IP{&c.ip0, &c.ip1} {
			c.status(netx.ICMPEnable(ip), nx.NX_SUCCESS, "icmp enable")
			c.status(netx.IPv6Enable(ip), nx.NX_SUCCESS, "ipv6 enable")
			c.status(netx.IPFragmentEnable(ip), nx.NX_SUCCESS, "fragment enable")
		}
	}}
	injected := 0
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if ip != &c.ip0 || p.NxPacketLength != 76 {
			return ramBypass, 0
		}
		b := p.Data()
		echo := echoRequest6(t, net.ParseIP("fe80::1"), net.ParseIP("fe80::2"),
			binary.BigEndian.Uint16(b[44:]), binary.BigEndian.Uint16(b[46:]), data)
		for _, frag := range fragmentAfterHopByHop(echo, 512, 7) {
			var q *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &q, nx.NX_IPv6_PACKET, nx.NX_NO_WAIT), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(q, frag, &c.pool0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "append")
			netx.IPPacketDeferredReceive(&c.ip1, q)
			injected++
		}
		return ramDrop, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		c.status(netx.IPv6AddressSet(&c.ip0, 0, addr0, 10, nil), nx.NX_SUCCESS, "address set ip_0")
		c.status(netx.IPv6AddressSet(&c.ip1, 0, addr1, 10, nil), nx.NX_SUCCESS, "address set ip_1")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var resp *packetpool.Packet
		st := netx.ICMPPing(&c.ip0, addr1, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ  "), &resp, nx.NX_IP_PERIODIC_RATE)
		c.status(st, nx.NX_SUCCESS, "ping")
		if resp != nil {
			c.check(resp.NxPacketLength == 1400, "response length %d, want 1400", resp.NxPacketLength)
			packetpool.Release(resp)
		}
		c.check(injected == 4, "%d fragments injected, want 4", injected)
	}, nil)
}

// fragmentAfterHopByHop fragments datagram (IPv6 header and payload) for
// the MTU as _nx_ipv6_fragment_process does when the datagram carries a
// hop-by-hop header (a PadN one is added here): the IPv6 and hop-by-hop
// headers are the unfragmentable part, each fragment but the last carries
// ((MTU - 48) & ~7) - 8 bytes.
func fragmentAfterHopByHop(datagram []byte, mtu int, id uint32) [][]byte {
	next := datagram[6]
	unfragmentable := withExtension(datagram[:40], 0, padN4(44))
	payload := datagram[40:]
	size := (mtu-len(unfragmentable))&^7 - 8
	var out [][]byte
	for off := 0; off < len(payload); off += size {
		n := min(size, len(payload)-off)
		flags := uint16(off)
		if off+n < len(payload) {
			flags |= 1
		}
		fh := []byte{next, 0, 0, 0, 0, 0, 0, 0}
		binary.BigEndian.PutUint16(fh[2:], flags)
		binary.BigEndian.PutUint32(fh[4:], id)
		frag := append(append(append([]byte(nil), unfragmentable...), fh...), payload[off:off+n]...)
		binary.BigEndian.PutUint16(frag[4:], uint16(len(frag)-40))
		out = append(out, frag)
	}
	return out
}

// TestRegressICMPv6BufferOverwrite is netx_icmpv6_ns_buffer_overwrite_test.c
// and netx_icmpv6_na_buffer_overwrite_test.c: a neighbour solicitation (or
// advertisement) of only 8 bytes behind a 1448-byte hop-by-hop header
// arrives chained over two 1508-byte packets, the ICMPv6 header split
// between them. NetX drops it; a second later every packet of the pool
// can be allocated again (the C test checks that none of them was
// overwritten with a foreign pool owner, which Go's memory cannot do).
func TestRegressICMPv6BufferOverwrite(t *testing.T) {
	for _, tc := range []struct {
		cFile string
		typ   uint8
	}{
		{"netx_icmpv6_ns_buffer_overwrite_test.c", layers.ICMPv6TypeNeighborSolicitation},
		{"netx_icmpv6_na_buffer_overwrite_test.c", layers.ICMPv6TypeNeighborAdvertisement},
	} {
		t.Run(tc.cFile, func(t *testing.T) {
			cfg := cConfig{payload: 1508, poolBytes: (int(packetpool.PacketHeaderSize) + 1508) * 16, define: ipv6ICMPOn}
			runC(t, cfg, 10*time.Second, func(c *cTest) {
				own := [4]nx.ULONG{0x11111111, 0, 0, 0x66666666}
				c.status(netx.IPv6AddressSet(&c.ip0, 0, v6(own), 64, nil), nx.NX_SUCCESS, "address set")
				rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
				message := icmp6(t, net.ParseIP("1111::6666:6667"), net.ParseIP("1111::6666:6666"), tc.typ, gopacket.Payload{0, 0, 0, 0})
				hopByHop := make([]byte, 1448) // Pad1 options
				hopByHop[0], hopByHop[1] = 58, 1448/8-1
				var p *packetpool.Packet
				c.status(packetpool.Allocate(&c.pool0, &p, nx.NX_PHYSICAL_HEADER, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
				c.status(packetpool.DataAppend(p, withExtension(message, 0, hopByHop), &c.pool0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "append")
				c.check(p.NxPacketNext != nil, "the message is not chained")
				netx.IPPacketDeferredReceive(&c.ip0, p)
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
				c.poolWhole(&c.pool0)
			}, nil)
		})
	}
}

// poolWhole is the C tests' check that no packet of a pool was
// overwritten: every packet of the pool is free and allocates from it.
func (c *cTest) poolWhole(pool *packetpool.Pool) {
	c.t.Helper()
	held := make([]*packetpool.Packet, pool.Total())
	for i := range held {
		st := packetpool.Allocate(pool, &held[i], 0, nx.NX_NO_WAIT)
		c.check(st == nx.NX_SUCCESS && held[i].Pool() == pool, "packet %d of %d: %v", i+1, len(held), st)
	}
	for _, p := range held {
		if p != nil {
			packetpool.Release(p)
		}
	}
}
