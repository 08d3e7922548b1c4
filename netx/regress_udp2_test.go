package netx_test

import (
	"bytes"
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
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
		c.ipv6On(64, &address0, &address1)
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
		held := c.takeAll()
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

// TestRegressNXDUDPSocketSendSpecial is
// netx_nxd_udp_socket_send_special_test.c: nxd_udp_socket_send on an
// unbound socket is NX_NOT_BOUND; bound, to 111.222.222.222 (no route) it
// is NX_IP_ADDRESS_ERROR, and to an IPv6 address outside every prefix with
// no default router NX_NO_INTERFACE_ADDRESS; a 131074-byte datagram over
// IPv6, whose checksum carries past 16 bits many times, is accepted.
func TestRegressNXDUDPSocketSendSpecial(t *testing.T) {
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334456}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334499}
	address3 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address3.NxdIPAddress.V6 = [4]nx.ULONG{0x30010DB8, 0x00010001, 0x021122FF, 0xFE334499}
	address2 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	address2.NxdIPAddress.V4 = nx.IP_ADDRESS(111, 222, 222, 222)
	cfg := cConfig{payload: 1536, poolBytes: 1536 * 120, mask: 0xFFFFF000, udp: true, define: func(c *cTest) {
		c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
		c.status(netx.ICMPEnable(&c.ip0), nx.NX_SUCCESS, "icmp enable")
		c.status(netx.IPv6AddressSet(&c.ip0, 0, &address0, 64, nil), nx.NX_SUCCESS, "ipv6 address set")
	}}
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
		c.status(netx.UDPSocketSend(&socket0, pkt, &address2, 0x89), nx.NX_NOT_BOUND, "send unbound")
		c.status(netx.UDPSocketBind(&socket0, 0x88, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind")
		c.status(netx.UDPSocketSend(&socket0, pkt, &address2, 0x89), nx.NX_IP_ADDRESS_ERROR, "send to 111.222.222.222")
		c.status(netx.UDPSocketSend(&socket0, pkt, &address3, 0x89), nx.NX_NO_INTERFACE_ADDRESS, "send to 3001:db8::")
		c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")

		data := bytes.Repeat([]byte{0xFF}, 4096*32+2)
		data[4096*32-1], data[4096*32], data[4096*32+1] = 0x9F, 0xD5, 0x39
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, data, &c.pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append 131074 bytes")
		c.status(netx.UDPSocketSend(&socket0, pkt, &address1, 0x89), nx.NX_SUCCESS, "send 131074 bytes")
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
	}, nil)
}

// TestRegressUDPSourceSend is netx_udp_source_send_test.c: ip_0 and ip_1
// each with a second interface (1.2.4.x/16) and a global IPv6 address.
// nx_udp_socket_source_send to 1.2.3.5 from interface 1 arrives from
// 1.2.4.4, port 0x88; nxd_udp_socket_source_send from IPv6 address 0
// arrives too (56 bytes waiting in all). nx_udp_packet_info_extract gives
// the IPv4 sender and NX_INVALID_PACKET for the IPv6 datagram, whose
// nxd_ form works. Left out: the steps that null the packet's interface
// pointer or rewrite its IP version, the static route (not in the default
// build) and the pool deletion under a waiting thread.
func TestRegressUDPSourceSend(t *testing.T) {
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334456}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334499}
	var socket1 netx.UDPSocket
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, priority1: 3, mtu: 256, interfaces: 2}
	cfg.define = func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(1, 2, 4, 4), 0xFFFF0000, c.driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "Second Interface", nx.IP_ADDRESS(1, 2, 4, 5), 0xFFFF0000, c.driver), nx.NX_SUCCESS, "attach ip_1")
		c.ipv6On(64, &address0, &address1)
	}
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket0 netx.UDPSocket
		c.socket0(&socket0)
		var st nx.Status
		netx.ARPDynamicEntrySet(&c.ip0, ip1Address, 0, 0)
		rtos.ThreadSleep(1) // the ARP exchange the C RAM driver does inside the call
		for v6 := range 2 {
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
			if v6 == 0 {
				st = netx.UDPSocketSourceSendV4(&socket0, pkt, ip1Address, 0x89, 1)
			} else {
				st = netx.UDPSocketSourceSend(&socket0, pkt, &address1, 0x89, 0)
			}
			c.status(st, nx.NX_SUCCESS, "source send")
		}
		rtos.ThreadSleep(1)
		c.status(rtos.ThreadResume(&c.thread1), nx.NX_SUCCESS, "resume thread 1")
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
	}, func(c *cTest) {
		var available nx.ULONG
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBytesAvailable(&socket1, &available), nx.NX_NOT_SUCCESSFUL, "bytes available, not bound")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 1")
		c.status(rtos.ThreadSuspend(&c.thread1), nx.NX_SUCCESS, "suspend")
		st := netx.UDPSocketBytesAvailable(&socket1, &available)
		c.check(st == nx.NX_SUCCESS && available == 56, "bytes available: %v %d, want 56", st, available)
		var pkt *packetpool.Packet
		c.status(netx.UDPSocketReceive(&socket1, &pkt, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "receive IPv4")
		if pkt != nil {
			var src nx.ULONG
			var port, protocol, index nx.UINT
			st = netx.UDPPacketInfoExtractV4(pkt, &src, nil, &port, nil)
			c.check(st == nx.NX_SUCCESS && src == nx.IP_ADDRESS(1, 2, 4, 4) && port == 0x88, "info extract: %v %#x %#x", st, src, port)
			c.check(string(pkt.Data()) == tcpStandInData, "data %q", pkt.Data())
			c.status(netx.UDPPacketInfoExtract(pkt, nil, &protocol, &port, &index), nx.NX_SUCCESS, "nxd info extract")
			c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		}
		pkt = nil
		c.status(netx.UDPSocketReceive(&socket1, &pkt, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "receive IPv6")
		if pkt != nil {
			var src nx.ULONG
			var port, protocol, index nx.UINT
			var from nx.NXDAddress
			c.status(netx.UDPPacketInfoExtractV4(pkt, &src, nil, &port, nil), nx.NX_INVALID_PACKET, "IPv4 info extract of an IPv6 datagram")
			c.check(string(pkt.Data()) == tcpStandInData, "data %q", pkt.Data())
			st = netx.UDPPacketInfoExtract(pkt, &from, &protocol, &port, &index)
			c.check(st == nx.NX_SUCCESS && from.NxdIPAddress.V6 == address0.NxdIPAddress.V6 && port == 0x88, "nxd info extract: %v", st)
			c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		}
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
	})
}

// TestRegressUDPPacketReceive is netx_udp_packet_receive_test.c: an
// unbound socket answers NX_NOT_BOUND to checksum disable and enable,
// port get and receive. Two IPv6 datagrams from ip_0 go to ports 0x100
// and 0x8100 of ip_1, where only 0x100 is bound (two threads wait there):
// one thread gets the first (its IPv4 source is NX_INVALID_PACKET), the
// other times out — the second found no port. Of QUEUE_SIZE+2 datagrams
// sent to a socket whose queue holds QUEUE_SIZE, QUEUE_SIZE are received
// and then none. The C test then replaces ip_1's UDP receive to give one
// datagram a UDP length of 0xFFFF; here ip_0's driver hook does it, and
// ip_1 counts it invalid and drops it. (The step that corrupts the
// socket's ID is left out.)
func TestRegressUDPPacketReceive(t *testing.T) {
	const port1, port2, queueSize = 0x100, 0x8100, 5
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334456}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334499}
	var socket0, socket1 netx.UDPSocket
	corrupt := false
	cfg := cConfig{payload: 256, poolBytes: 256 * 20, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, priority: 3, mtu: 256}
	cfg.define = func(c *cTest) {
		c.ipv6On(64, &address0, &address1)
	}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if b := p.Data(); corrupt && ip == &c.ip0 && len(b) >= 28 && b[0]>>4 == 4 && b[9] == 17 {
			corrupt = false
			b[24], b[25] = 0xFF, 0xFF
		}
		return ramBypass, 0
	}
	send := func(c *cTest, to *nx.NXDAddress, port nx.UINT) {
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, 5*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
		c.status(netx.UDPSocketSourceSend(&socket0, pkt, to, port, 0), nx.NX_SUCCESS, "source send")
	}
	v4To := v4(ip1Address)
	cfg.thread2 = func(c *cTest) {
		var pkt *packetpool.Packet
		c.status(netx.UDPSocketReceive(&socket1, &pkt, 7*nx.NX_IP_PERIODIC_RATE), nx.NX_NO_PACKET, "thread 2: nothing for port 0x8100")
		c.status(rtos.ThreadResume(&c.thread0), nx.NX_SUCCESS, "resume thread 0")
	}
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var free nx.UINT
		var pkt *packetpool.Packet
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		st := netx.UDPFreePortFind(&c.ip0, 0x88, &free)
		c.check(st == nx.NX_SUCCESS && free == 0x88, "free port find: %v %#x", st, free)
		c.status(netx.UDPSocketChecksumDisable(&socket0), nx.NX_NOT_BOUND, "checksum disable, unbound")
		c.status(netx.UDPSocketChecksumEnable(&socket0), nx.NX_NOT_BOUND, "checksum enable, unbound")
		c.status(netx.UDPSocketPortGet(&socket0, &free), nx.NX_NOT_BOUND, "port get, unbound")
		c.status(netx.UDPSocketReceive(&socket0, &pkt, nx.NX_IP_PERIODIC_RATE/10), nx.NX_NOT_BOUND, "receive, unbound")
		c.status(netx.UDPSocketBind(&socket0, 0x88, 5*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind 0")
		netx.ARPDynamicEntrySet(&c.ip0, ip1Address, 0, 0)
		send(c, &address1, port1)
		send(c, &address1, port2)
		c.status(rtos.ThreadSuspend(&c.thread0), nx.NX_SUCCESS, "suspend")
		c.status(rtos.ThreadResume(&c.thread1), nx.NX_SUCCESS, "resume thread 1")
		for range queueSize + 2 {
			send(c, v4To, port1)
		}
		c.status(rtos.ThreadSuspend(&c.thread0), nx.NX_SUCCESS, "suspend")
		invalid := c.ip1.Stats.UDPInvalidPackets
		corrupt = true
		send(c, v4To, port1)
		rtos.ThreadSleep(1)
		c.check(c.ip1.Stats.UDPInvalidPackets == invalid+1, "ip_1 invalid UDP packets %d, want %d", c.ip1.Stats.UDPInvalidPackets, invalid+1)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
	}, func(c *cTest) {
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, queueSize), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, port1, 5*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind 1")
		var pkt *packetpool.Packet
		st := netx.UDPSocketReceive(&socket1, &pkt, 7*nx.NX_IP_PERIODIC_RATE)
		c.status(st, nx.NX_SUCCESS, "receive the IPv6 datagram")
		if st == nx.NX_SUCCESS {
			var src nx.ULONG
			var port nx.UINT
			c.status(netx.UDPPacketInfoExtractV4(pkt, &src, nil, &port, nil), nx.NX_INVALID_PACKET, "IPv4 info extract of an IPv6 datagram")
			c.check(string(pkt.Data()) == tcpStandInData, "data %q", pkt.Data())
			c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		}
		c.status(rtos.ThreadSuspend(&c.thread1), nx.NX_SUCCESS, "suspend")
		for i := range queueSize {
			pkt = nil
			st = netx.UDPSocketReceive(&socket1, &pkt, 2*nx.NX_IP_PERIODIC_RATE)
			c.status(st, nx.NX_SUCCESS, fmt.Sprintf("receive %d of the queue", i))
			if st == nx.NX_SUCCESS {
				c.check(string(pkt.Data()) == tcpStandInData, "data %q", pkt.Data())
				packetpool.Release(pkt)
			}
		}
		c.status(netx.UDPSocketReceive(&socket1, &pkt, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_NO_PACKET, "the queue held only QUEUE_SIZE")
		c.status(rtos.ThreadResume(&c.thread0), nx.NX_SUCCESS, "resume thread 0")
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
	})
}

// TestRegressUDPPortTableUpdate is netx_udp_port_table_udpate_test.c: ip_1
// binds 0x89 and 0x8089, two ports in the same bucket of the port table; a
// datagram to 0x8089 (the C test captures it in the RAM driver and hands
// it to ip_1 itself) reaches the socket bound to 0x8089. The C test's
// reads of the bucket's head (which socket NetX moved to the front) are
// internals and left out.
func TestRegressUDPPortTableUpdate(t *testing.T) {
	runC(t, udpTwoIPsICMP, 5*time.Second, func(c *cTest) {
		var socket0, socket1, socket2 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketCreate(&c.ip1, &socket2, "Socket 2", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 2")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 0x89")
		c.status(netx.UDPSocketBind(&socket2, 0x8089, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 0x8089")
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 0")
		c.status(c.sendText(&socket0, ip1Address, 0x8089, tcpStandInData), nx.NX_SUCCESS, "send to 0x8089")
		var pkt *packetpool.Packet
		c.status(netx.UDPSocketReceive(&socket2, &pkt, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "receive on 0x8089")
		c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		c.status(netx.UDPSocketReceive(&socket1, &pkt, nx.NX_NO_WAIT), nx.NX_NO_PACKET, "nothing on 0x89")
		for _, s := range []*netx.UDPSocket{&socket0, &socket1, &socket2} {
			c.status(netx.UDPSocketUnbind(s), nx.NX_SUCCESS, "unbind")
			c.status(netx.UDPSocketDelete(s), nx.NX_SUCCESS, "delete")
		}
	}, nil)
}

// TestRegressUDPIPv6Interface2 is netx_udp_ipv6_interface2_test_1_test.c:
// ip_0 and ip_1 have 2001::1000:1 and :2 on interface 0 and 3001::2000:3
// and :4 on their second interface (its own 512-byte RAM driver). During
// duplicate address detection a source send from address 0 finds no valid
// address (NX_NO_INTERFACE_ADDRESS); afterwards 2000 datagrams to
// 3001::2000:4, the first 1000 without a checksum, arrive from
// 3001::2000:3 port 0x88 on interface 1; the counters show the sends and
// no receive on the sender, and the notify ran per datagram.
func TestRegressUDPIPv6Interface2(t *testing.T) {
	const total = 2000
	addr := func(w0, w3 nx.ULONG) *nx.NXDAddress {
		a := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
		a.NxdIPAddress.V6 = [4]nx.ULONG{w0, 0, 0, w3}
		return &a
	}
	address1, address2 := addr(0x20010000, 0x10000001), addr(0x20010000, 0x10000002)
	address3, address4 := addr(0x30010000, 0x20000003), addr(0x30010000, 0x20000004)
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, udp: true, priority: 3, mtu: 256, interfaces: 2,
		define: func(c *cTest) {
			wan := sim.NewNetwork(c.e).Segment("ram 512")
			wan.MTU = 512
			c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 4), 0xFFFFFF00, wan.Driver), nx.NX_SUCCESS, "attach ip_0")
			c.status(netx.IPInterfaceAttach(&c.ip1, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 5), 0xFFFFFF00, wan.Driver), nx.NX_SUCCESS, "attach ip_1")
			c.ipv6On(64, address1, address2)
			c.status(netx.IPv6AddressSet(&c.ip0, 1, address3, 64, nil), nx.NX_SUCCESS, "ip_0 address set, interface 1")
			c.status(netx.IPv6AddressSet(&c.ip1, 1, address4, 64, nil), nx.NX_SUCCESS, "ip_1 address set, interface 1")
		}}
	received, notifyCalls := 0, 0
	var socket1 netx.UDPSocket
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		var socket0 netx.UDPSocket
		c.socket0(&socket0)
		c.status(netx.UDPSocketChecksumDisable(&socket0), nx.NX_SUCCESS, "checksum disable")
		send := func(to *nx.NXDAddress, source bool) nx.Status {
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_NO_WAIT)
			var st nx.Status
			if source {
				st = netx.UDPSocketSourceSend(&socket0, pkt, to, 0x89, 0)
			} else {
				st = netx.UDPSocketSend(&socket0, pkt, to, 0x89)
			}
			if st != nx.NX_SUCCESS {
				packetpool.Release(pkt)
			}
			return st
		}
		c.status(send(address4, true), nx.NX_NO_INTERFACE_ADDRESS, "source send during DAD")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		c.status(rtos.ThreadResume(&c.thread1), nx.NX_SUCCESS, "resume thread 1")
		rtos.ThreadRelinquish()
		for sent := 0; sent < total; sent++ {
			if sent == total/2 {
				c.status(netx.UDPSocketChecksumEnable(&socket0), nx.NX_SUCCESS, "checksum enable")
			}
			if st := send(address4, false); st != nx.NX_SUCCESS {
				c.status(st, nx.NX_SUCCESS, "send")
				break
			}
			rtos.ThreadRelinquish()
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.udpStreamCounters(&socket0, total, 28, received, notifyCalls)
	}, func(c *cTest) {
		c.status(rtos.ThreadSuspend(&c.thread1), nx.NX_SUCCESS, "wait for thread 0") // TX_DONT_START in C
		c.udpStreamReceiver(&socket1, total, nx.NX_WAIT_FOREVER, &received, &notifyCalls, func(i int, pkt *packetpool.Packet) bool {
			var from nx.NXDAddress
			var port, protocol, index nx.UINT
			st := netx.UDPSourceExtract(pkt, &from, &port)
			ok := st == nx.NX_SUCCESS && port == 0x88 && from == *address3
			st = netx.UDPPacketInfoExtract(pkt, &from, &protocol, &port, &index)
			ok = ok && st == nx.NX_SUCCESS && port == 0x88 && protocol == 0x11 && index == 1 && from == *address3
			c.check(ok, "datagram %d: from %v port %#x interface %d", i, from.NxdIPAddress.V6, port, index)
			return ok
		})
	})
}

// TestRegressPacketPayloadSize is netx_packet_payload_size_test.c with its
// TCP connection replaced by the UDP stand-in: ip_0's pool has a payload
// of 202 bytes (not a multiple of 4) and ip_1's of 512; 250 bytes of 0x01
// sent from ip_0 (a chain of two packets) arrive at ip_1 whole. Left out:
// the pool created on memory one byte off alignment (Go memory has no
// address to misalign).
func TestRegressPacketPayloadSize(t *testing.T) {
	var pool1 packetpool.Pool
	var ip1 netx.IP
	sendBuff := bytes.Repeat([]byte{0x01}, 250)
	cfg := cConfig{payload: 202, poolBytes: 8192, arp: true, udp: true, mask: 0xFFFFFF00, priority1: 3}
	cfg.define = func(c *cTest) {
		c.status(packetpool.PoolCreate(&pool1, "NetX Main Packet Pool", 512, make([]byte, 8192)), nx.NX_SUCCESS, "pool_1 create")
		c.status(netx.IPCreate(&ip1, "NetX IP Instance 1", ip1Address, 0xFFFFFF00, &pool1, c.driver, make([]byte, 2048), 1), nx.NX_SUCCESS, "ip_1 create")
		c.status(netx.ARPEnable(&ip1, make([]byte, 1024)), nx.NX_SUCCESS, "ip_1 arp enable")
		c.status(netx.UDPEnable(&ip1), nx.NX_SUCCESS, "ip_1 udp enable")
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "Client Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 300), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&s, 12, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		c.status(c.sendText(&s, ip1Address, 12, string(sendBuff)), nx.NX_SUCCESS, "send 250 bytes")
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "delete")
	}, func(c *cTest) {
		var actual nx.ULONG
		c.status(netx.IPStatusCheck(&ip1, nx.NX_IP_INITIALIZE_DONE, &actual, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "status check")
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&ip1, &s, "Server Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 300), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&s, 12, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		var pkt *packetpool.Packet
		st := netx.UDPSocketReceive(&s, &pkt, 5*nx.NX_IP_PERIODIC_RATE)
		c.status(st, nx.NX_SUCCESS, "receive")
		if st == nx.NX_SUCCESS {
			recv := make([]byte, 300)
			var n nx.ULONG
			c.status(packetpool.DataRetrieve(pkt, recv, &n), nx.NX_SUCCESS, "retrieve")
			c.check(bytes.Equal(recv[:n], sendBuff), "received %d bytes, not the 250 sent", n)
			packetpool.Release(pkt)
		}
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "delete")
	})
}

// TestRegressUDPPacketType is netx_udp_packet_type_test.c: of datagrams
// whose packets were allocated with room for the UDP and IP headers and
// the link header, for those two only, and for less, over IPv4 and IPv6:
// the first arrives; the second is sent (NX_SUCCESS) but the driver, with
// no room for the Ethernet header, drops it (the RAM driver's "physical
// header won't fit"; the segment does the same); the others are refused
// by nx_udp_socket_send (with error checking).
func TestRegressUDPPacketType(t *testing.T) {
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334456}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334499}
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, mtu: 256,
		define: func(c *cTest) { c.ipv6On(64, &address0, &address1) }}
	var socket1 netx.UDPSocket
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		c.status(rtos.ThreadSuspend(&c.thread0), nx.NX_SUCCESS, "wait for socket 1")
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		send := func(packetType nx.ULONG, to *nx.NXDAddress) nx.Status {
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, packetType, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + copy(pkt.NxPacketDataStart[pkt.NxPacketPrependPtr:], tcpStandInData)
			pkt.NxPacketLength = 28
			st := netx.UDPSocketSend(&socket0, pkt, to, 0x89)
			if st != nx.NX_SUCCESS {
				packetpool.Release(pkt)
			}
			return st
		}
		for _, v := range []struct {
			to     *nx.NXDAddress
			header nx.ULONG
		}{{v4(ip1Address), 20}, {&address1, 40}} {
			c.status(send(8+v.header+nx.NX_PHYSICAL_HEADER, v.to), nx.NX_SUCCESS, "send with room for every header")
			c.status(send(8+v.header, v.to), nx.NX_SUCCESS, "send without room for the link header")
			if v.header == 40 {
				rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
			}
			if netx.ErrorChecking {
				c.check(send(8, v.to) != nx.NX_SUCCESS, "a send without room for the IP header was taken")
				c.check(send(0, v.to) != nx.NX_SUCCESS, "a send without room for any header was taken")
			}
			c.status(rtos.ThreadSuspend(&c.thread0), nx.NX_SUCCESS, "wait for the receiver")
		}
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
	}, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		// As the C test: after the IPv4 datagram one empty wait of a second,
		// after the IPv6 one three (thread_0 sleeps 2 s there).
		for _, empty := range []int{1, 3} {
			c.status(rtos.ThreadResume(&c.thread0), nx.NX_SUCCESS, "resume thread 0")
			var pkt *packetpool.Packet
			c.status(netx.UDPSocketReceive(&socket1, &pkt, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "the datagram with room for every header")
			if pkt != nil {
				packetpool.Release(pkt)
			}
			for range empty {
				pkt = nil
				c.status(netx.UDPSocketReceive(&socket1, &pkt, nx.NX_IP_PERIODIC_RATE), nx.NX_NO_PACKET, "nothing else arrives")
			}
		}
		c.status(rtos.ThreadResume(&c.thread0), nx.NX_SUCCESS, "resume thread 0")
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete")
	})
}
