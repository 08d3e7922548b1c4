package netx_test

import (
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// ipv6Datagram is an IPv6 header from src to dst with next header next,
// followed by payload (the payload length set to its size).
func ipv6Datagram(src, dst string, next byte, payload []byte) []byte {
	d := make([]byte, 40, 40+len(payload))
	d[0], d[6], d[7] = 0x60, next, 255
	copy(d[8:], net.ParseIP(src).To16())
	copy(d[24:], net.ParseIP(dst).To16())
	d = append(d, payload...)
	d[4], d[5] = byte(len(payload)>>8), byte(len(payload))
	return d
}

// TestRegressIPv6InvalidPacketReceive is
// netx_ipv6_invalid_packet_receive_test.c: ip_0's echo request to ip_1
// reaches ip_1 (from ip_0's driver hook, where the C test replaces ip_1's
// IPv6 receive) only with a payload length one more than its bytes, and is
// dropped: the ping gets no answer and the hook saw it once. A datagram
// whose routing header is 7 bytes, and the same 7 bytes behind a fragment
// header (fragmentation enabled), are dropped (the C test hands the 7
// bytes to _nx_ipv6_process_routing_option and
// _nx_ipv6_process_fragment_option and expects NX_OPTION_HEADER_ERROR);
// so is one with three destination options headers. The C test's
// delivery of a copy while ip_1's address state is written
// NX_IPV6_ADDR_STATE_UNKNOWN (a control-block write) is left out.
func TestRegressIPv6InvalidPacketReceive(t *testing.T) {
	requests := 0
	global0 := v6([4]nx.ULONG{0x20010000, 0, 0, 0x10000001})
	global1 := v6([4]nx.ULONG{0x20010000, 0, 0, 0x10000002})
	cfg := cConfig{payload: 256, poolBytes: 2048, twoIPs: true, mtu: 256, define: func(c *cTest) {
		for i, ip := range []*netx.IP{&c.ip0, &c.ip1} {
			c.status(netx.IPv6Enable(ip), nx.NX_SUCCESS, "ipv6 enable")
			c.status(netx.ICMPEnable(ip), nx.NX_SUCCESS, "icmp enable")
			c.status(netx.IPv6AddressSet(ip, 0, []*nx.NXDAddress{global0, global1}[i], 64, nil), nx.NX_SUCCESS, "address set")
		}
	}}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if ip != &c.ip0 || p.NxPacketLength != 76 || p.Data()[0]>>4 != 6 {
			return ramBypass, 0
		}
		requests++
		c.deliverCopy(p, &c.ip1, addToWord(4)(0x00010000)) // payload length + 1
		return ramDrop, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var resp *packetpool.Packet
		st := netx.ICMPPing(&c.ip0, global1, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS && resp == nil, "the ping was answered")
		c.check(requests == 1, "the hook saw %d requests, want 1", requests)

		routing := []byte{0x3A, 0, 1, 4, 0, 0, 0}
		padN := padN4(60)
		for _, in := range []struct {
			what     string
			datagram []byte
		}{
			{"a 7-byte routing header", ipv6Datagram("2001::1000:3", "2001::1000:1", 43, routing)},
			{"a 7-byte fragment header", ipv6Datagram("2001::1000:3", "2001::1000:1", 44, routing)},
			{"three destination options headers", ipv6Datagram("2001::1000:3", "2001::1000:1", 60,
				append(append(append([]byte(nil), padN...), padN...), 1, 2, 3, 4, 5, 6, 7, 8))},
		} {
			if in.what == "a 7-byte fragment header" {
				c.status(netx.IPFragmentEnable(&c.ip0), nx.NX_SUCCESS, "fragment enable")
			}
			dropped := c.ip0.Stats.ReceivePacketsDropped
			c.receiveRaw(&c.ip0, &c.pool0, in.datagram, len(in.datagram))
			c.check(c.ip0.Stats.ReceivePacketsDropped == dropped+1, "%s: dropped %d -> %d", in.what, dropped, c.ip0.Stats.ReceivePacketsDropped)
		}
	}, nil)
}

// TestRegressICMPv6InvalidMessage is netx_icmpv6_invalid_message_test.c
// as NetX Duo is built by default (without
// NX_ENABLE_IPV6_PATH_MTU_DISCOVERY, so without its packet-too-big
// message): after DAD the link-local address reads back with prefix 10 on
// interface 0, and an echo request and an echo reply of 7 bytes, too short
// for their header, are each counted as an invalid ICMP packet.
func TestRegressICMPv6InvalidMessage(t *testing.T) {
	cfg := cConfig{define: ipv6ICMPOn}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var index nx.UINT
		c.status(netx.IPv6AddressSet(&c.ip0, 0, nil, 10, &index), nx.NX_SUCCESS, "link-local address set")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var a nx.NXDAddress
		var prefix nx.ULONG
		var ifc nx.UINT
		st := netx.IPv6AddressGet(&c.ip0, index, &a, &prefix, &ifc)
		c.check(st == nx.NX_SUCCESS && prefix == 10 && ifc == 0, "address get: %v, prefix %d, interface %d", st, prefix, ifc)
		own := linkLocalOf(c.ip0.Interface(0))
		for _, typ := range []uint8{layers.ICMPv6TypeEchoRequest, layers.ICMPv6TypeEchoReply} {
			c.deliverDeferred(&c.ip0, icmp6(t, net.ParseIP("fe80::200:ff:fe00:100"), own, typ, gopacket.Payload{0, 0, 0}))
		}
		rtos.ThreadSleep(1)
		c.check(c.ip0.Stats.ICMP.InvalidPackets == 2, "%d invalid ICMP packets, want 2", c.ip0.Stats.ICMP.InvalidPackets)
	}, nil)
}
