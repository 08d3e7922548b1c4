package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// udpTwoIPsICMP is the world of netx_udp_port_unreachable_test.c: ip_0 and
// ip_1 with ARP, UDP and ICMP, 256-byte packets in 2048 bytes, a /20.
var udpTwoIPsICMP = cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, mtu: 256,
	define: func(c *cTest) {
		c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0")
		c.status(netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable ip_1")
	}}

// sendText sends text from s to address:port in a fresh packet of pool_0.
func (c *cTest) sendText(s *netx.UDPSocket, address nx.ULONG, port nx.UINT, text string) nx.Status {
	c.t.Helper()
	var pkt *packetpool.Packet
	c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
	c.status(packetpool.DataAppend(pkt, []byte(text), &c.pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
	st := netx.UDPSocketSendV4(s, pkt, address, port)
	if st != nx.NX_SUCCESS {
		packetpool.Release(pkt)
	}
	return st
}

// TestRegressUDPPortUnreachable is netx_udp_port_unreachable_test.c: a
// datagram to a port ip_1 has not bound comes back as an ICMP port
// unreachable that ip_0 counts as unhandled — also when ip_1 has bound
// 0x8089, a port in the same hash bucket as 0x89. The C RAM driver answers
// inside the send; here a tick passes before the counter is read.
func TestRegressUDPPortUnreachable(t *testing.T) {
	runC(t, udpTwoIPsICMP, time.Second, func(c *cTest) {
		var socket0, socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 0")
		c.status(c.sendText(&socket0, ip1Address, 0x89, tcpStandInData), nx.NX_SUCCESS, "send to an unbound port")
		rtos.ThreadSleep(1)
		c.check(c.ip0.Stats.ICMP.UnhandledMessages == 1, "unhandled ICMP %d, want 1", c.ip0.Stats.ICMP.UnhandledMessages)
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, 0x8089, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 1")
		c.status(c.sendText(&socket0, ip1Address, 0x89, tcpStandInData), nx.NX_SUCCESS, "send to a port sharing the bucket")
		rtos.ThreadSleep(1)
		c.check(c.ip0.Stats.ICMP.UnhandledMessages == 2, "unhandled ICMP %d, want 2", c.ip0.Stats.ICMP.UnhandledMessages)
		for _, s := range []*netx.UDPSocket{&socket0, &socket1} {
			c.status(netx.UDPSocketUnbind(s), nx.NX_SUCCESS, "unbind")
			c.status(netx.UDPSocketDelete(s), nx.NX_SUCCESS, "delete")
		}
	}, nil)
}
