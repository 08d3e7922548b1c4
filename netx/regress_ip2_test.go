package netx_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressIPBasic is netx_ip_basic_test.c: the address of ip_0 reads
// back after nx_ip_address_set; both instances are deleted and created
// again on the same driver, finish initializing and answer the driver's
// link status; fragmentation enables and disables; a gateway reads back
// and clears; the MAC is the driver's; nx_ip_info_get takes NULL
// pointers, and a fresh instance has sent and received nothing. Left out:
// the static routes (not in the default build) and
// nx_ip_forwarding_enable/disable (forwarding is out of nxsim).
func TestRegressIPBasic(t *testing.T) {
	cfg := cConfig{payload: 256, poolBytes: 8192, twoIPs: true, arp: true,
		addresses: [2]nx.ULONG{nx.IP_ADDRESS(1, 2, 3, 9), nx.IP_ADDRESS(1, 2, 3, 10)}}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		var address, mask, value nx.ULONG
		st := netx.IPAddressGet(&c.ip0, &address, &mask)
		c.check(st == nx.NX_SUCCESS && address == nx.IP_ADDRESS(1, 2, 3, 9), "address get: %v %#x", st, address)
		c.status(netx.IPAddressSet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 13), 0xFFFFFF00), nx.NX_SUCCESS, "address set")
		st = netx.IPAddressGet(&c.ip0, &address, &mask)
		c.check(st == nx.NX_SUCCESS && address == nx.IP_ADDRESS(1, 2, 3, 13), "address get after set: %v %#x", st, address)

		c.status(netx.IPDelete(&c.ip0), nx.NX_SUCCESS, "delete ip_0")
		c.status(netx.IPDelete(&c.ip1), nx.NX_SUCCESS, "delete ip_1")
		c.status(netx.IPCreate(&c.ip0, "NetX IP Instance 0", ip0Address, 0xFFFFFF00, &c.pool0, c.driver, make([]byte, 2048), 1), nx.NX_SUCCESS, "create ip_0")
		c.status(netx.IPCreate(&c.ip1, "NetX IP Instance 1", ip1Address, 0xFFFFFF00, &c.pool0, c.driver, make([]byte, 2048), 1), nx.NX_SUCCESS, "create ip_1")
		c.status(netx.ARPEnable(&c.ip0, make([]byte, 1024)), nx.NX_SUCCESS, "arp enable ip_0")
		c.status(netx.ARPEnable(&c.ip1, make([]byte, 1024)), nx.NX_SUCCESS, "arp enable ip_1")
		st = netx.IPStatusCheck(&c.ip0, nx.NX_IP_INITIALIZE_DONE, &value, nx.NX_IP_PERIODIC_RATE)
		c.check(st == nx.NX_SUCCESS && value == nx.NX_IP_INITIALIZE_DONE, "status check: %v %#x", st, value)
		netx.IPDriverDirectCommand(&c.ip0, nx.NX_LINK_GET_STATUS, &value)
		netx.IPDriverInterfaceDirectCommand(&c.ip0, nx.NX_LINK_GET_STATUS, 0, &value)

		c.status(netx.IPFragmentEnable(&c.ip0), nx.NX_SUCCESS, "fragment enable")
		c.status(netx.IPFragmentDisable(&c.ip0), nx.NX_SUCCESS, "fragment disable")
		c.status(netx.IPGatewayAddressSet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 87)), nx.NX_SUCCESS, "gateway set")
		var gateway nx.ULONG
		st = netx.IPGatewayAddressGet(&c.ip0, &gateway)
		c.check(st == nx.NX_SUCCESS && gateway == nx.IP_ADDRESS(1, 2, 3, 87), "gateway get: %v %#x", st, gateway)
		msw, lsw := c.ip0.Interface(0).PhysicalAddress()
		var gotMSW, gotLSW nx.ULONG
		st = netx.IPInterfacePhysicalAddressGet(&c.ip0, 0, &gotMSW, &gotLSW)
		c.check(st == nx.NX_SUCCESS && gotMSW == msw && gotLSW == lsw && msw|lsw != 0, "physical address: %v %04x:%08x", st, gotMSW, gotLSW)
		c.status(netx.IPGatewayAddressClear(&c.ip0), nx.NX_SUCCESS, "gateway clear")

		c.status(netx.IPInfoGet(&c.ip0, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil), nx.NX_SUCCESS, "info get, nothing asked")
		var v [10]nx.ULONG
		c.status(netx.IPInfoGet(&c.ip0, &v[0], &v[1], &v[2], &v[3], &v[4], &v[5], &v[6], &v[7], &v[8], &v[9]), nx.NX_SUCCESS, "info get")
		c.check(v == [10]nx.ULONG{}, "a fresh instance counted %v", v)
	}, nil)
}

// TestRegressIPDelete is netx_ip_delete_test.c without its TCP, raw
// packet, IGMP and RARP steps (out of nxsim): nx_ip_delete is
// NX_SOCKETS_BOUND while a UDP socket is bound and succeeds once it is
// deleted; three instances are created and deleted; a packet handed to
// ARP's deferred receive and an IPv6 ping waiting for neighbour discovery
// go back to the pool when the instance is deleted before processing
// them; a ping waiting forever for an unresolved host ends when the
// instance is deleted; and a driver that sleeps in NX_LINK_UNINITIALIZE
// does not stop the delete. The pool is full after each step.
func TestRegressIPDelete(t *testing.T) {
	var ip1, ip2 netx.IP
	pingDone := false
	cfg := cConfig{payload: 256, poolBytes: 8192, arp: true, udp: true, priority1: 3, addresses: [2]nx.ULONG{nx.IP_ADDRESS(1, 2, 3, 9)}}
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		full := func(what string) {
			c.t.Helper()
			var total, free nx.ULONG
			c.status(packetpool.PoolInfoGet(&c.pool0, &total, &free, nil, nil, nil), nx.NX_SUCCESS, "pool info")
			c.check(total == free, "%s: %d of %d packets free", what, free, total)
		}
		create := func(ip *netx.IP, address nx.ULONG, driver netx.Driver) {
			c.t.Helper()
			c.status(netx.IPCreate(ip, "NetX IP Instance", address, 0xFFFFFF00, &c.pool0, driver, make([]byte, 2048), 1), nx.NX_SUCCESS, "create")
		}
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "socket create")
		c.status(netx.UDPSocketBind(&s, 0x88, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		c.status(netx.IPDelete(&c.ip0), nx.NX_SOCKETS_BOUND, "delete with a bound socket")
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "socket delete")
		c.status(netx.IPDelete(&c.ip0), nx.NX_SUCCESS, "delete")

		create(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 9), c.driver)
		create(&ip1, nx.IP_ADDRESS(2, 2, 3, 9), c.driver)
		create(&ip2, nx.IP_ADDRESS(3, 2, 3, 9), c.driver)
		for _, ip := range []*netx.IP{&ip2, &ip1, &c.ip0} {
			c.status(netx.IPDelete(ip), nx.NX_SUCCESS, "delete one of three")
		}

		var old nx.UINT
		create(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 9), c.driver)
		c.status(netx.ARPEnable(&c.ip0, make([]byte, 1024)), nx.NX_SUCCESS, "arp enable")
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_IP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, []byte("ABCEFGHIJKLMNOPQRSTUVWXYZ"), &c.pool0, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "append")
		c.status(rtos.ThreadPreemptionChange(&c.thread0, 0, &old), nx.NX_SUCCESS, "preemption threshold 0")
		netx.ARPPacketDeferredReceive(&c.ip0, pkt)
		c.status(netx.IPDelete(&c.ip0), nx.NX_SUCCESS, "delete with an ARP packet queued")
		c.status(rtos.ThreadPreemptionChange(&c.thread0, old, &old), nx.NX_SUCCESS, "preemption threshold back")
		full("ARP packet queued at the delete")

		create(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 9), c.driver)
		c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
		c.status(netx.ICMPEnable(&c.ip0), nx.NX_SUCCESS, "icmp enable")
		c.status(netx.IPv6AddressSet(&c.ip0, 0, nil, 10, nil), nx.NX_SUCCESS, "link-local address")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		to := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
		to.NxdIPAddress.V6 = [4]nx.ULONG{0xFE800000, 0, 0, 1}
		netx.ICMPPing(&c.ip0, &to, nil, &pkt, nx.NX_NO_WAIT)
		c.status(netx.IPDelete(&c.ip0), nx.NX_SUCCESS, "delete with a ping waiting for ND")
		full("ping waiting for neighbour discovery at the delete")

		create(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 9), c.driver)
		c.status(netx.ARPEnable(&c.ip0, make([]byte, 1024)), nx.NX_SUCCESS, "arp enable")
		c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable")
		c.status(rtos.ThreadResume(&c.thread1), nx.NX_SUCCESS, "resume the pinging thread")
		c.status(netx.IPDelete(&c.ip0), nx.NX_SUCCESS, "delete under a waiting ping")
		c.check(pingDone, "the waiting ping did not end")
		full("ping waiting at the delete")

		slow := func(req *netx.IPDriver) {
			if req.NxIPDriverCommand == nx.NX_LINK_UNINITIALIZE {
				c.status(rtos.ThreadSleep(1), nx.NX_SUCCESS, "sleep in the driver")
			}
			c.driver(req)
		}
		create(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 9), slow)
		c.status(netx.IPDelete(&c.ip0), nx.NX_SUCCESS, "delete with a driver that sleeps")
	}, func(c *cTest) {
		c.status(rtos.ThreadSuspend(&c.thread1), nx.NX_SUCCESS, "wait")
		var pkt *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 4), nil, &pkt, nx.NX_WAIT_FOREVER)
		c.check(st != nx.NX_SUCCESS, "ping to nobody: %v", st)
		pingDone = true
	})
}

// TestRegressIPInterfaceStatusCheckFail is
// netx_ip_interface_status_check_fail_test.c: on an instance without ARP,
// UDP, TCP or IGMP each of those bits is NX_NOT_SUCCESSFUL, and so is
// NX_IP_RARP_COMPLETE with address 0. The link bits (NX_IP_LINK_ENABLED,
// NX_IP_INTERFACE_LINK_ENABLED) are not set when the driver fails
// NX_LINK_GET_STATUS, when it does not handle it and nx_interface_link_up
// is false, or when it answers NX_FALSE (_nx_ip_interface_status_check).
// The closing interface detach is out of nxsim.
func TestRegressIPInterfaceStatusCheckFail(t *testing.T) {
	var inject struct {
		on     bool
		status nx.Status
		value  nx.ULONG
	}
	var lan netx.Driver
	cfg := cConfig{payload: 256, poolBytes: 8192, mask: 0xFFFFFF00, define: func(c *cTest) { lan = c.lan.Driver }}
	cfg.driver = func(req *netx.IPDriver) {
		if inject.on && req.NxIPDriverCommand == nx.NX_LINK_GET_STATUS {
			inject.on = false
			req.NxIPDriverStatus = inject.status
			*req.NxIPDriverReturnPtr = inject.value
			return
		}
		lan(req)
	}
	runC(t, cfg, time.Second, func(c *cTest) {
		var val nx.ULONG
		notSet := func(bit nx.ULONG, what string) {
			c.t.Helper()
			c.status(netx.IPInterfaceStatusCheck(&c.ip0, 0, bit, &val, nx.NX_NO_WAIT), nx.NX_NOT_SUCCESSFUL, what)
		}
		notSet(nx.NX_IP_ARP_ENABLED, "ARP not enabled")
		notSet(nx.NX_IP_UDP_ENABLED, "UDP not enabled")
		notSet(nx.NX_IP_TCP_ENABLED, "TCP not enabled")
		notSet(nx.NX_IP_IGMP_ENABLED, "IGMP not enabled")
		c.status(netx.IPAddressSet(&c.ip0, 0, 0xFFFFFF00), nx.NX_SUCCESS, "address 0")
		notSet(nx.NX_IP_RARP_COMPLETE, "no address")
		c.status(netx.IPAddressSet(&c.ip0, ip0Address, 0xFFFFFF00), nx.NX_SUCCESS, "address back")
		for _, bit := range []nx.ULONG{nx.NX_IP_LINK_ENABLED, nx.NX_IP_INTERFACE_LINK_ENABLED} {
			inject.on, inject.status, inject.value = true, 1, nx.NX_TRUE
			notSet(bit, "the driver fails NX_LINK_GET_STATUS")
			inject.on, inject.status = true, nx.NX_UNHANDLED_COMMAND
			c.ip0.Interface(0).SetLinkUp(false)
			notSet(bit, "unhandled, nx_interface_link_up false")
			c.ip0.Interface(0).SetLinkUp(true)
		}
		inject.on, inject.status, inject.value = true, nx.NX_SUCCESS, nx.NX_FALSE
		notSet(nx.NX_IP_INTERFACE_LINK_ENABLED, "the driver answers NX_FALSE")
	}, nil)
}

// TestRegressIPLoopbackMultihome is netx_ip_loopback_multihome_test.c:
// ip_0 with 1.2.3.4 and, on a second interface, 1.2.3.5, and two global
// IPv6 addresses, pings each of its own addresses; every ping is answered
// through the loopback interface and no frame reaches the driver.
func TestRegressIPLoopbackMultihome(t *testing.T) {
	watching, frames := false, 0
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 0x10000001}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 0x10000002}
	cfg := cConfig{payload: 256, poolBytes: 4096, arp: true, mask: 0xFFFFFF00, interfaces: 2}
	cfg.define = func(c *cTest) {
		c.status(netx.ICMPEnable(&c.ip0), nx.NX_SUCCESS, "icmp enable")
		c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
		c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", ip1Address, 0xFFFFFF00, c.driver), nx.NX_SUCCESS, "attach")
		c.status(netx.IPv6AddressSet(&c.ip0, 0, &address0, 64, nil), nx.NX_SUCCESS, "address 0")
		c.status(netx.IPv6AddressSet(&c.ip0, 0, &address1, 64, nil), nx.NX_SUCCESS, "address 1")
	}
	cfg.hook = func(*cTest, *netx.IP, *packetpool.Packet) (ramOp, nx.ULONG) {
		if watching {
			frames++
		}
		return ramBypass, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		watching = true
		for _, to := range []*nx.NXDAddress{v4(ip0Address), v4(ip1Address), &address0, &address1} {
			var resp *packetpool.Packet
			st := netx.ICMPPing(&c.ip0, to, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
			c.check(st == nx.NX_SUCCESS && resp != nil && resp.NxPacketLength == 28, "ping %v: %v", to.NxdIPAddress, st)
			if resp != nil {
				packetpool.Release(resp)
			}
		}
		watching = false
		c.check(frames == 0, "%d frames reached the driver", frames)
	}, nil)
}

// deliverCopy hands ip a copy of p (prepend at its IP header), changed by
// edit and chained to packets holding extra, as the C tests do from their
// receive hooks with nx_packet_copy and _nx_ipv4/6_packet_receive.
func (c *cTest) deliverCopy(p *packetpool.Packet, ip *netx.IP, edit func(q *packetpool.Packet), extra ...string) {
	c.t.Helper()
	var q *packetpool.Packet
	c.status(packetpool.Copy(p, &q, &c.pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "copy")
	edit(q)
	last := q
	for _, data := range extra {
		var e *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &e, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		e.NxPacketAppendPtr = e.NxPacketPrependPtr + copy(e.NxPacketDataStart[e.NxPacketPrependPtr:], data)
		e.NxPacketLength = nx.ULONG(len(data))
		last.NxPacketNext, q.NxPacketLast, last = e, e, e
	}
	netx.IPPacketDeferredReceive(ip, q)
}

// addToWord returns an edit that adds d to the big-endian 32-bit word at
// byte offset at of a packet (an IP header's word_0, word_1, ...).
func addToWord(at int) func(d uint32) func(q *packetpool.Packet) {
	return func(d uint32) func(q *packetpool.Packet) {
		return func(q *packetpool.Packet) {
			b := q.Data()[at:]
			binary.BigEndian.PutUint32(b, binary.BigEndian.Uint32(b)+d)
		}
	}
}

// TestRegressIPInvalidPacketReceive is netx_ip_invalid_packet_receive_test.c:
// ip_0's echo request never reaches ip_1 as sent. ip_1 gets (the C test
// replaces ip_1's IPv4 receive; here ip_0's driver hook takes the request
// off the wire and hands ip_1 the copies) an 18-byte copy, copies whose
// total length is one more and one less than the packet, chains whose
// total length is 4 short of their bytes (one and two extra packets), a
// copy with IP version 3, and, once ip_1's address is 0, the request
// itself. The ping gets no answer, the hook ran once, and every packet is
// back in the pool.
func TestRegressIPInvalidPacketReceive(t *testing.T) {
	requests := 0
	cfg := cConfig{payload: 500, poolBytes: 4096, twoIPs: true, arp: true, mtu: 256, define: icmpOn}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if b := p.Data(); ip != &c.ip0 || b[0]>>4 != 4 || b[9] != 1 {
			return ramBypass, 0
		}
		requests++
		deliver := func(edit func(q *packetpool.Packet), extra ...string) { c.deliverCopy(p, &c.ip1, edit, extra...) }
		addToWord0 := addToWord(0)
		deliver(func(q *packetpool.Packet) { q.NxPacketLength = 18 })
		deliver(addToWord0(1))
		deliver(addToWord0(0xFFFFFFFF))
		deliver(addToWord0(0xFFFFFFFC), "ABC")
		deliver(addToWord0(0xFFFFFFFC), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABC")
		deliver(addToWord0(0xFF000000))
		c.status(netx.IPAddressSet(&c.ip1, 0, 0), nx.NX_SUCCESS, "ip_1 address 0")
		deliver(func(*packetpool.Packet) {})
		return ramDrop, 0
	}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, ip1Address, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS && resp == nil, "the ping was answered")
		c.check(requests == 1, "the hook saw %d requests, want 1", requests)
	}, nil)
}

// TestRegressIPv6PacketChain is netx_ipv6_packet_chain_test.c: ip_0's
// echo request to ip_1 never reaches it as sent; ip_1 gets (from ip_0's
// driver hook, where the C test replaces ip_1's IPv6 receive) copies whose
// payload length is 4 short of their bytes, chained to one and to two
// extra packets, and a copy whose payload length is 3 short. The ping gets
// no answer, the hook ran once, and every packet is back in the pool.
func TestRegressIPv6PacketChain(t *testing.T) {
	requests := 0
	global0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	global0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 0x10000001}
	global1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	global1.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 0x10000002}
	cfg := cConfig{payload: 256, poolBytes: 2048, twoIPs: true, mtu: 256, mask: 0xFFFFFF00, define: func(c *cTest) {
		c.ipv6On(64, &global0, &global1)
	}}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if ip != &c.ip0 || p.NxPacketLength != 76 || p.Data()[0]>>4 != 6 {
			return ramBypass, 0
		}
		requests++
		shorten := addToWord(4) // payload length, in word_1
		c.deliverCopy(p, &c.ip1, shorten(0xFFFC0000), "ABC")
		c.deliverCopy(p, &c.ip1, shorten(0xFFFC0000), "ABCDEFGHIJKLMNOPQRSTUVWXYZ", "ABC")
		c.deliverCopy(p, &c.ip1, shorten(0xFFFD0000))
		return ramDrop, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var resp *packetpool.Packet
		st := netx.ICMPPing(&c.ip0, &global1, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS && resp == nil, "the ping was answered")
		c.check(requests == 1, "the hook saw %d requests, want 1", requests)
	}, nil)
}

// TestRegressICMPv6BufferOverwrite is netx_icmpv6_ns_buffer_overwrite_test.c
// and netx_icmpv6_na_buffer_overwrite_test.c: a 1496-byte IPv6 datagram to
// our global address whose hop-by-hop header fills 1448 bytes and whose
// neighbour solicitation (or advertisement) is only its 8-byte ICMPv6
// header must leave every packet of the pool intact: after a second each
// can be allocated and belongs to the pool. (The C tests inject captured
// frames; the port builds the same datagram. nxsim does not process
// hop-by-hop options and drops the datagram.)
func TestRegressICMPv6BufferOverwrite(t *testing.T) {
	own := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	own.NxdIPAddress.V6 = [4]nx.ULONG{0x11111111, 0, 0, 0x66666666}
	for _, icmpType := range []byte{135, 136} {
		datagram := make([]byte, 40+1448+8)
		datagram[0] = 0x60
		binary.BigEndian.PutUint16(datagram[4:], uint16(len(datagram)-40))
		datagram[6], datagram[7] = 0, 0xFF // hop-by-hop options, hop limit 255
		for i, w := range [4]uint32{0x11111111, 0, 0, 0x66666667} {
			binary.BigEndian.PutUint32(datagram[8+4*i:], w)
			binary.BigEndian.PutUint32(datagram[24+4*i:], own.NxdIPAddress.V6[i])
		}
		datagram[40], datagram[41] = 58, 180 // ICMPv6 next, (180+1)*8 bytes of Pad1 options
		datagram[40+1448] = icmpType
		cfg := cConfig{payload: 1508, poolBytes: 1600 * 16, mask: 0xFFFFFF00, define: func(c *cTest) { c.ipv6On(64, &own) }}
		runC(t, cfg, 10*time.Second, func(c *cTest) {
			rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_PHYSICAL_HEADER, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(pkt, datagram, &c.pool0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "append")
			netx.IPPacketDeferredReceive(&c.ip0, pkt)
			rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
			held := c.takeAll()
			c.check(c.freePackets() == 0, "ICMPv6 type %d: a packet of the pool could not be allocated", icmpType)
			for _, p := range held {
				packetpool.Release(p)
			}
		}, nil)
	}
}
