package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// TestRegressICMPPingLinkDown is the link step of netx_icmp_ping_test.c:
// with ip_0's only interface down (the C test writes nx_interface_link_up),
// a ping to 255.255.255.255 finds no interface (NX_IP_ADDRESS_ERROR); with
// it up again the ping is answered.
func TestRegressICMPPingLinkDown(t *testing.T) {
	runC(t, udpTwoIPsICMP, 5*time.Second, func(c *cTest) {
		var resp *packetpool.Packet
		c.ip0.Interface(0).SetLinkUp(false)
		c.status(netx.ICMPPingV4(&c.ip0, 0xFFFFFFFF, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE), nx.NX_IP_ADDRESS_ERROR, "ping, link down")
		c.ip0.Interface(0).SetLinkUp(true)
		st := netx.ICMPPingV4(&c.ip0, 0xFFFFFFFF, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.status(st, nx.NX_SUCCESS, "ping, link up")
		if st == nx.NX_SUCCESS {
			packetpool.Release(resp)
		}
	}, nil)
}

// The link as the driver reports it: nx_ip_driver_direct_command with
// NX_LINK_DISABLE takes the segment's port down, which the driver reports
// in nx_interface_link_up as NetX Duo's RAM driver does; the status check
// says so, datagrams have no way out (NX_IP_ADDRESS_ERROR from route find)
// and a datagram to ip_0 is dropped by its driver; NX_LINK_ENABLE brings
// everything back.
func TestLinkDisableIsReportedByTheDriver(t *testing.T) {
	runC(t, udpTwoIPsICMP, 5*time.Second, func(c *cTest) {
		var ret, status nx.ULONG
		var socket0, socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind 0")
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind 1")

		c.status(netx.IPDriverDirectCommand(&c.ip0, nx.NX_LINK_DISABLE, &ret), nx.NX_SUCCESS, "link disable")
		c.check(!c.ip0.Interface(0).LinkUp(), "the link is still up")
		st := netx.IPInterfaceStatusCheck(&c.ip0, 0, nx.NX_IP_LINK_ENABLED, &status, nx.NX_NO_WAIT)
		c.check(st != nx.NX_SUCCESS && status&nx.NX_IP_LINK_ENABLED == 0, "status check with the link down: %v %#x", st, status)
		c.status(c.sendText(&socket0, ip1Address, 0x89, tcpStandInData), nx.NX_IP_ADDRESS_ERROR, "send, link down")
		c.status(c.sendText(&socket1, ip0Address, 0x88, tcpStandInData), nx.NX_SUCCESS, "send to ip_0, its link down")
		var pkt *packetpool.Packet
		c.status(netx.UDPSocketReceive(&socket0, &pkt, nx.NX_IP_PERIODIC_RATE), nx.NX_NO_PACKET, "receive, link down")

		c.status(netx.IPDriverDirectCommand(&c.ip0, nx.NX_LINK_ENABLE, &ret), nx.NX_SUCCESS, "link enable")
		c.status(netx.IPInterfaceStatusCheck(&c.ip0, 0, nx.NX_IP_LINK_ENABLED, &status, nx.NX_NO_WAIT), nx.NX_SUCCESS, "status check, link up")
		c.status(c.sendText(&socket0, ip1Address, 0x89, tcpStandInData), nx.NX_SUCCESS, "send, link up")
		c.status(netx.UDPSocketReceive(&socket1, &pkt, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "receive on ip_1")
		packetpool.Release(pkt)
		for _, s := range []*netx.UDPSocket{&socket0, &socket1} {
			c.status(netx.UDPSocketUnbind(s), nx.NX_SUCCESS, "unbind")
			c.status(netx.UDPSocketDelete(s), nx.NX_SUCCESS, "delete")
		}
	}, nil)
}
