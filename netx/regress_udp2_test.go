package netx_test

import (
	"bytes"
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

// TestRegressUDPFragment is netx_udp_fragment_test.c: ip_1 sends 1000
// datagrams of 300 bytes (a 256-byte MTU, so two fragments each) over IPv4
// and 1000 over IPv6 from its own pool_1; ip_0 receives all 2000 intact.
// Then ip_0's fragmentation fails three ways, each counted once in
// nx_ip_fragment_failures: pool_0 empty, pool_0 with one packet (the
// second fragment finds none), and a chain shorter than its length. (The
// C test leaves its exhausting packets allocated; the port releases them
// so that the pools are full at the end.) Thread_1 starts sending once
// thread_0 has bound its port (the C test resumes it there).
func TestRegressUDPFragment(t *testing.T) {
	var pool1 packetpool.Pool
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334456}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334499}
	sendBuff := make([]byte, 300)
	for i := range sendBuff {
		sendBuff[i] = byte(i)
	}
	cfg := cConfig{payload: 256, poolBytes: 5120, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, fragment: true, priority: 3, mtu: 256}
	cfg.define = func(c *cTest) {
		c.status(packetpool.PoolCreate(&pool1, "NetX Main Packet Pool", 256, make([]byte, 5120)), nx.NX_SUCCESS, "pool_1 create")
		for i, ip := range []*netx.IP{&c.ip0, &c.ip1} {
			c.status(netx.IPv6Enable(ip), nx.NX_SUCCESS, "ipv6 enable")
			c.status(netx.ICMPEnable(ip), nx.NX_SUCCESS, "icmp enable")
			c.status(netx.IPv6AddressSet(ip, 0, []*nx.NXDAddress{&address0, &address1}[i], 64, nil), nx.NX_SUCCESS, "ipv6 address set")
		}
	}
	// The run outlasts the reassembly time (TTL 0x80: 128 s) of the
	// datagram whose second fragment could not be made.
	runC(t, cfg, 200*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 0")
		received := 0
		for range 2000 {
			var pkt *packetpool.Packet
			if netx.UDPSocketReceive(&socket0, &pkt, 3*nx.NX_IP_PERIODIC_RATE) != nx.NX_SUCCESS {
				break
			}
			buf := make([]byte, 400)
			var n nx.ULONG
			packetpool.DataRetrieve(pkt, buf, &n)
			c.check(bytes.Equal(buf[:n], sendBuff), "datagram %d: %d bytes, not the data sent", received, n)
			packetpool.Release(pkt)
			received++
		}
		c.check(received == 2000, "received %d datagrams, want 2000", received)

		failures := c.ip0.Stats.FragmentFailures
		msw, lsw := c.mac(&c.ip1)
		send := func(extra nx.ULONG, want nx.ULONG, what string) {
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(pkt, sendBuff, &c.pool0, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "append")
			pkt.NxPacketLength += extra
			netx.ARPDynamicEntrySet(&c.ip0, ip1Address, msw, lsw)
			if netx.UDPSocketSendV4(&socket0, pkt, ip1Address, 0x89) != nx.NX_SUCCESS {
				packetpool.Release(pkt)
			}
			c.check(c.ip0.Stats.FragmentFailures == failures+want, "%s: fragment failures %d, want %d", what,
				c.ip0.Stats.FragmentFailures-failures, want)
		}
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, sendBuff, &c.pool0, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "append")
		var held []*packetpool.Packet
		for {
			var p *packetpool.Packet
			if packetpool.Allocate(&c.pool0, &p, nx.NX_UDP_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				break
			}
			held = append(held, p)
		}
		netx.ARPDynamicEntrySet(&c.ip0, ip1Address, msw, lsw)
		if netx.UDPSocketSendV4(&socket0, pkt, ip1Address, 0x89) != nx.NX_SUCCESS {
			packetpool.Release(pkt)
		}
		c.check(c.ip0.Stats.FragmentFailures == failures+1, "no packet: fragment failures %d, want 1", c.ip0.Stats.FragmentFailures-failures)
		packetpool.Release(held[len(held)-1])
		send(0, 2, "one packet")
		packetpool.Release(held[len(held)-2])
		send(256, 3, "a chain shorter than its length")
		for _, p := range held[:len(held)-2] {
			packetpool.Release(p)
		}
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
	}, func(c *cTest) {
		rtos.ThreadSleep(5*nx.NX_IP_PERIODIC_RATE + 1)
		var socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 1")
		for v6 := range 2 {
			for range 1000 {
				var pkt *packetpool.Packet
				c.status(packetpool.Allocate(&pool1, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
				c.status(packetpool.DataAppend(pkt, sendBuff, &pool1, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "append")
				var st nx.Status
				if v6 == 0 {
					st = netx.UDPSocketSendV4(&socket1, pkt, ip0Address, 0x88)
				} else {
					st = netx.UDPSocketSend(&socket1, pkt, &address0, 0x88)
				}
				if st != nx.NX_SUCCESS {
					c.status(st, nx.NX_SUCCESS, "send")
					packetpool.Release(pkt)
					break
				}
				rtos.ThreadRelinquish()
			}
		}
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
	})
}
