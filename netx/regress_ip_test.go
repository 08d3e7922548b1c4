package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// multihome is the world of the IP interface tests: ip_0 and ip_1 with
// ARP, 256-byte packets, two physical interfaces per instance.
var multihome = cConfig{payload: 256, poolBytes: 8192, twoIPs: true, arp: true, interfaces: 2}

// TestRegressIPGatewayAddress is netx_ip_gateway_address_test.c: no gateway
// is NX_NOT_FOUND; a gateway off every subnet is NX_IP_ADDRESS_ERROR; one
// on interface 0 is kept; a source send through interface 1 to an address
// only that gateway reaches is dropped by IP as an invalid transmit packet.
func TestRegressIPGatewayAddress(t *testing.T) {
	cfg := cConfig{payload: 256, poolBytes: 8192, udp: true, interfaces: 2, define: func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(1, 3, 3, 4), 0xFFFF0000, c.lan.Driver), nx.NX_SUCCESS, "attach")
	}}
	runC(t, cfg, time.Second, func(c *cTest) {
		var address nx.ULONG
		c.status(netx.IPGatewayAddressGet(&c.ip0, &address), nx.NX_NOT_FOUND, "gateway get, none set")
		c.status(netx.IPGatewayAddressSet(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 1)), nx.NX_IP_ADDRESS_ERROR, "gateway off every subnet")
		c.status(netx.IPGatewayAddressSet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 1)), nx.NX_SUCCESS, "gateway set")
		st := netx.IPGatewayAddressGet(&c.ip0, &address)
		c.check(st == nx.NX_SUCCESS && address == nx.IP_ADDRESS(1, 2, 3, 1), "gateway get: %v %#x", st, address)
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&s, 0x88, 5*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind")
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, 5*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
		c.check(c.ip0.Stats.InvalidTransmitPackets == 0, "no invalid transmit packet yet")
		netx.UDPSocketSourceSendV4(&s, pkt, nx.IP_ADDRESS(1, 4, 3, 5), 12, 1)
		c.check(c.ip0.Stats.InvalidTransmitPackets == 1, "invalid transmit packets %d, want 1", c.ip0.Stats.InvalidTransmitPackets)
		netx.UDPSocketUnbind(&s)
		netx.UDPSocketDelete(&s)
	}, nil)
}

// TestRegressIPInterfaceInfoGet is netx_ip_interface_info_get_test.c: an
// interface not attached yet has no information; after the attach both
// interfaces of both instances report name, address and mask; index 2 is
// NX_INVALID_INTERFACE.
func TestRegressIPInterfaceInfoGet(t *testing.T) {
	runC(t, multihome, time.Second, func(c *cTest) {
		var name string
		var address, mask, mtu, msw, lsw nx.ULONG
		info := func(ip *netx.IP, index nx.UINT) nx.Status {
			return netx.IPInterfaceInfoGet(ip, index, &name, &address, &mask, &mtu, &msw, &lsw)
		}
		c.check(info(&c.ip0, 1) != nx.NX_SUCCESS, "interface 1 before the attach")
		c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_1")
		c.status(netx.IPInterfaceInfoGet(&c.ip0, 0, nil, nil, nil, nil, nil, nil), nx.NX_SUCCESS, "info get, nothing asked")
		for _, tc := range []struct {
			ip      *netx.IP
			index   nx.UINT
			name    string
			address nx.ULONG
			mask    nx.ULONG
		}{
			{&c.ip0, 0, "PRI", ip0Address, 0xFFFFFF00},
			{&c.ip0, 1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000},
			{&c.ip1, 0, "PRI", ip1Address, 0xFFFFFF00},
			{&c.ip1, 1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000},
		} {
			st := info(tc.ip, tc.index)
			c.check(st == nx.NX_SUCCESS && name == tc.name && address == tc.address && mask == tc.mask,
				"%s interface %d: %v %q %#x %#x", tc.ip.Name(), tc.index, st, name, address, mask)
		}
		if netx.ErrorChecking {
			c.status(info(&c.ip0, 2), nx.NX_INVALID_INTERFACE, "ip_0 interface 2")
			c.status(info(&c.ip1, 2), nx.NX_INVALID_INTERFACE, "ip_1 interface 2")
		}
	}, nil)
}

// TestRegressIPInterfaceAddressGet is netx_ip_interface_address_get_test.c.
func TestRegressIPInterfaceAddressGet(t *testing.T) {
	runC(t, multihome, time.Second, func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_1")
		var address, mask nx.ULONG
		for _, tc := range []struct {
			ip      *netx.IP
			index   nx.UINT
			address nx.ULONG
			mask    nx.ULONG
		}{
			{&c.ip0, 0, ip0Address, 0xFFFFFF00},
			{&c.ip0, 1, nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000},
			{&c.ip1, 0, ip1Address, 0xFFFFFF00},
			{&c.ip1, 1, nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000},
		} {
			st := netx.IPInterfaceAddressGet(tc.ip, tc.index, &address, &mask)
			c.check(st == nx.NX_SUCCESS && address == tc.address && mask == tc.mask,
				"%s interface %d: %v %#x %#x", tc.ip.Name(), tc.index, st, address, mask)
		}
		if netx.ErrorChecking {
			c.status(netx.IPInterfaceAddressGet(&c.ip0, 2, &address, &mask), nx.NX_INVALID_INTERFACE, "ip_0 interface 2")
			c.status(netx.IPInterfaceAddressGet(&c.ip1, 2, &address, &mask), nx.NX_INVALID_INTERFACE, "ip_1 interface 2")
		}
	}, nil)
}

// TestRegressIPAddressGet is netx_ip_address_get_test.c: nx_ip_address_get
// answers interface 0 of each instance; the attached interface 1 and the
// missing interface 2 answer through nx_ip_interface_address_get.
func TestRegressIPAddressGet(t *testing.T) {
	runC(t, multihome, time.Second, func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_1")
		var address, mask nx.ULONG
		for _, tc := range []struct {
			ip            *netx.IP
			primary, attd nx.ULONG
		}{{&c.ip0, ip0Address, nx.IP_ADDRESS(4, 3, 2, 10)}, {&c.ip1, ip1Address, nx.IP_ADDRESS(4, 3, 2, 11)}} {
			st := netx.IPAddressGet(tc.ip, &address, &mask)
			c.check(st == nx.NX_SUCCESS && address == tc.primary && mask == 0xFFFFFF00, "%s address get: %v %#x %#x", tc.ip.Name(), st, address, mask)
			st = netx.IPInterfaceAddressGet(tc.ip, 1, &address, &mask)
			c.check(st == nx.NX_SUCCESS && address == tc.attd && mask == 0xFF000000, "%s interface 1: %v %#x %#x", tc.ip.Name(), st, address, mask)
			c.status(netx.IPInterfaceAddressGet(tc.ip, 2, &address, &mask), nx.NX_INVALID_INTERFACE, "interface 2")
		}
	}, nil)
}

// TestRegressIPInterfacePhysicalAddress is
// netx_ip_interface_physical_address_test.c: a MAC set with the driver told
// is what the interface then reports (the segment's driver serves
// NX_LINK_SET_PHYSICAL_ADDRESS, as C's RAM driver does).
func TestRegressIPInterfacePhysicalAddress(t *testing.T) {
	runC(t, cConfig{}, time.Second, func(c *cTest) {
		var msw, lsw nx.ULONG
		c.status(netx.IPInterfacePhysicalAddressGet(&c.ip0, 0, &msw, &lsw), nx.NX_SUCCESS, "physical address get")
		c.status(netx.IPInterfacePhysicalAddressSet(&c.ip0, 0, 0x0102, 0x03040506, nx.NX_TRUE), nx.NX_SUCCESS, "physical address set")
		c.status(netx.IPInterfacePhysicalAddressGet(&c.ip0, 0, &msw, &lsw), nx.NX_SUCCESS, "physical address get")
		c.check(msw == 0x0102 && lsw == 0x03040506, "MAC %04x:%08x", msw, lsw)
	}, nil)
}

// TestRegressIPInterfacePhysicalAddressSetFail is
// netx_ip_interface_physical_address_set_fail_test.c: a driver that answers
// NX_LINK_SET_PHYSICAL_ADDRESS with NX_UNHANDLED_COMMAND makes the service
// return it, and the MAC stays. (The C test's driver refuses the request;
// here a driver in front of the segment does.)
func TestRegressIPInterfacePhysicalAddressSetFail(t *testing.T) {
	var lan func(*netx.IPDriver)
	cfg := cConfig{define: func(c *cTest) { lan = c.lan.Driver }}
	cfg.driver = func(req *netx.IPDriver) {
		if req.NxIPDriverCommand == nx.NX_LINK_SET_PHYSICAL_ADDRESS {
			req.NxIPDriverStatus = nx.NX_UNHANDLED_COMMAND
			return
		}
		lan(req)
	}
	runC(t, cfg, time.Second, func(c *cTest) {
		msw, lsw := c.mac(&c.ip0)
		c.status(netx.IPInterfacePhysicalAddressSet(&c.ip0, 0, 0x0011, 0x22334458, nx.NX_TRUE), nx.NX_UNHANDLED_COMMAND, "physical address set")
		nmsw, nlsw := c.mac(&c.ip0)
		c.check(nmsw == msw && nlsw == lsw, "the MAC changed")
	}, nil)
}

// TestRegressIPStatusCheck is netx_ip_status_check_test.c without its TCP
// and IGMP bits (out of nxsim): each bit asked for alone is answered alone.
func TestRegressIPStatusCheck(t *testing.T) {
	runC(t, cConfig{arp: true, udp: true}, time.Second, func(c *cTest) {
		for _, bit := range []nx.ULONG{nx.NX_IP_INITIALIZE_DONE, nx.NX_IP_LINK_ENABLED, nx.NX_IP_ARP_ENABLED, nx.NX_IP_UDP_ENABLED,
			nx.NX_IP_RARP_COMPLETE, nx.NX_IP_INTERFACE_LINK_ENABLED} {
			var value nx.ULONG
			st := netx.IPStatusCheck(&c.ip0, bit, &value, nx.NX_IP_PERIODIC_RATE)
			c.check(st == nx.NX_SUCCESS && value == bit, "status check %#x: %v %#x", bit, st, value)
		}
	}, nil)
}

// TestRegressIPInterfaceStatusCheck is
// netx_ip_interface_status_check_test.c without its TCP and IGMP bits (out
// of nxsim) and its corruption of nx_ip_id: each bit of each attached
// interface is answered, also when the driver does not answer
// NX_LINK_GET_STATUS; undefined bits are refused; interface 2 is
// NX_INVALID_INTERFACE.
func TestRegressIPInterfaceStatusCheck(t *testing.T) {
	testEnabled := false
	var lan netx.Driver
	cfg := multihome
	cfg.udp = true
	cfg.define = func(c *cTest) { lan = c.lan.Driver }
	cfg.driver = func(req *netx.IPDriver) {
		if req.NxIPDriverCommand == nx.NX_LINK_GET_STATUS && testEnabled {
			req.NxIPDriverStatus = nx.NX_UNHANDLED_COMMAND
			testEnabled = false
			return
		}
		lan(req)
	}
	runC(t, cfg, time.Second, func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000, cfg.driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000, cfg.driver), nx.NX_SUCCESS, "attach ip_1")
		var val nx.ULONG
		has := func(ip *netx.IP, index nx.UINT, bit nx.ULONG) {
			c.t.Helper()
			st := netx.IPInterfaceStatusCheck(ip, index, bit, &val, nx.NX_NO_WAIT)
			c.check(st == nx.NX_SUCCESS && val&bit != 0, "%s interface %d bit %#x: %v %#x", ip.Name(), index, bit, st, val)
		}
		has(&c.ip0, 0, nx.NX_IP_ADDRESS_RESOLVED)
		has(&c.ip0, 0, nx.NX_IP_LINK_ENABLED)
		testEnabled = true
		has(&c.ip0, 0, nx.NX_IP_LINK_ENABLED)
		has(&c.ip0, 0, nx.NX_IP_ARP_ENABLED)
		has(&c.ip0, 0, nx.NX_IP_UDP_ENABLED)
		has(&c.ip0, 0, nx.NX_IP_RARP_COMPLETE)
		c.check(netx.IPInterfaceStatusCheck(&c.ip0, 0, 4343, &val, nx.NX_NO_WAIT) != nx.NX_SUCCESS, "undefined bits, no wait")
		c.check(netx.IPInterfaceStatusCheck(&c.ip0, 0, 4343, &val, 10) != nx.NX_SUCCESS, "undefined bits, waiting")
		for _, ip := range []*netx.IP{&c.ip0, &c.ip1} {
			has(ip, 0, nx.NX_IP_INTERFACE_LINK_ENABLED)
			has(ip, 1, nx.NX_IP_INTERFACE_LINK_ENABLED)
		}
		testEnabled = true
		has(&c.ip1, 0, nx.NX_IP_INTERFACE_LINK_ENABLED)
		if netx.ErrorChecking {
			c.status(netx.IPInterfaceStatusCheck(&c.ip0, 2, nx.NX_IP_INTERFACE_LINK_ENABLED, &val, nx.NX_NO_WAIT), nx.NX_INVALID_INTERFACE, "ip_0 interface 2")
			c.status(netx.IPInterfaceStatusCheck(&c.ip1, 2, nx.NX_IP_INTERFACE_LINK_ENABLED, &val, nx.NX_NO_WAIT), nx.NX_INVALID_INTERFACE, "ip_1 interface 2")
		}
	}, nil)
}

// TestRegressIPAddressSet is netx_ip_address_set_test.c: pings between two
// instances with a second interface each reach the addresses they have
// (and time out for those nobody has); after nx_ip_interface_address_set
// (interface 1) and nx_ip_address_set give new addresses, pings reach the
// new ones; the ICMP counters and the interface addresses follow;
// interface 2 is NX_INVALID_INTERFACE.
func TestRegressIPAddressSet(t *testing.T) {
	readdressedPings(t, false, func(ip *netx.IP, a nx.ULONG) nx.Status { return netx.IPAddressSet(ip, a, 0xFFFFFF00) })
}

// TestRegressIPInterfaceAddressSet is
// netx_ip_interface_address_set_test.c (without its address-change
// notification, not emulated): the same with interface 0 re-addressed by
// nx_ip_interface_address_set, and a second attach of an address already
// attached refused (NX_DUPLICATED_ENTRY).
func TestRegressIPInterfaceAddressSet(t *testing.T) {
	readdressedPings(t, true, func(ip *netx.IP, a nx.ULONG) nx.Status { return netx.IPInterfaceAddressSet(ip, 0, a, 0xFFFFFF00) })
}

// readdressedPings is the body of the two tests above; setPrimary gives
// interface 0 its new address.
func readdressedPings(t *testing.T, duplicateAttach bool, setPrimary func(ip *netx.IP, a nx.ULONG) nx.Status) {
	cfg := multihome
	cfg.addresses = [2]nx.ULONG{nx.IP_ADDRESS(1, 2, 3, 14), nx.IP_ADDRESS(1, 2, 3, 15)}
	cfg.define = func(c *cTest) {
		c.status(netx.ICMPEnableV4(&c.ip0)|netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable")
	}
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 110), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_0")
		if duplicateAttach {
			c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 110), 0xFF000000, c.lan.Driver), nx.NX_DUPLICATED_ENTRY, "attach ip_0 again")
		}
		c.status(netx.IPInterfaceAttach(&c.ip1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 111), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_1")
		ping := func(from *netx.IP, to nx.ULONG, answered bool) {
			c.t.Helper()
			var response *packetpool.Packet
			st := netx.ICMPPingV4(from, to, []byte(tcpStandInData), &response, nx.NX_IP_PERIODIC_RATE)
			if !answered {
				c.check(st == nx.NX_NO_RESPONSE && response == nil, "ping %#x: %v, want NX_NO_RESPONSE", to, st)
				return
			}
			c.check(st == nx.NX_SUCCESS && response != nil && response.NxPacketLength == 28, "ping %#x: %v", to, st)
			if response != nil {
				packetpool.Release(response)
			}
		}
		icmpInfo := func(ip *netx.IP, sent, timeouts, responses nx.ULONG) {
			c.t.Helper()
			var s, to, suspended, r, checksum, unhandled nx.ULONG
			st := netx.ICMPInfoGet(ip, &s, &to, &suspended, &r, &checksum, &unhandled)
			c.check(st == nx.NX_SUCCESS && s == sent && to == timeouts && r == responses && suspended == 0 && checksum == 0 && unhandled == 0,
				"%s icmp info: %v sent %d timeouts %d suspended %d responses %d checksum %d unhandled %d", ip.Name(), st, s, to, suspended, r, checksum, unhandled)
		}
		ping(&c.ip1, nx.IP_ADDRESS(4, 3, 2, 91), false)
		ping(&c.ip1, nx.IP_ADDRESS(4, 3, 2, 110), true)
		ping(&c.ip1, nx.IP_ADDRESS(1, 2, 3, 14), true)
		ping(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 9), false)
		ping(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 111), true)
		ping(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 15), true)
		icmpInfo(&c.ip0, 3, 1, 2)
		icmpInfo(&c.ip1, 3, 1, 2)
		c.status(netx.IPInterfaceAddressSet(&c.ip0, 1, nx.IP_ADDRESS(4, 3, 2, 10), 0xFFFFFF00), nx.NX_SUCCESS, "ip_0 interface 1 address set")
		c.status(netx.IPInterfaceAddressSet(&c.ip0, 2, nx.IP_ADDRESS(4, 3, 2, 15), 0xFFFFF000), nx.NX_INVALID_INTERFACE, "ip_0 interface 2")
		c.status(setPrimary(&c.ip0, ip0Address), nx.NX_SUCCESS, "ip_0 interface 0 address set")
		c.status(netx.IPInterfaceAddressSet(&c.ip1, 1, nx.IP_ADDRESS(4, 3, 2, 11), 0xFFFFFF00), nx.NX_SUCCESS, "ip_1 interface 1 address set")
		c.status(netx.IPInterfaceAddressSet(&c.ip1, 2, nx.IP_ADDRESS(4, 3, 2, 15), 0xFFFFF000), nx.NX_INVALID_INTERFACE, "ip_1 interface 2")
		c.status(setPrimary(&c.ip1, ip1Address), nx.NX_SUCCESS, "ip_1 interface 0 address set")
		ping(&c.ip1, nx.IP_ADDRESS(4, 3, 2, 91), false)
		ping(&c.ip1, nx.IP_ADDRESS(4, 3, 2, 10), true)
		ping(&c.ip1, ip0Address, true)
		ping(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 9), false)
		ping(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 11), true)
		ping(&c.ip0, ip1Address, true)
		icmpInfo(&c.ip0, 6, 2, 4)
		icmpInfo(&c.ip1, 6, 2, 4)
		var address, mask nx.ULONG
		for _, tc := range []struct {
			ip            *netx.IP
			index         nx.UINT
			address, mask nx.ULONG
		}{
			{&c.ip0, 0, ip0Address, 0xFFFFFF00}, {&c.ip0, 1, nx.IP_ADDRESS(4, 3, 2, 10), 0xFFFFFF00},
			{&c.ip1, 0, ip1Address, 0xFFFFFF00}, {&c.ip1, 1, nx.IP_ADDRESS(4, 3, 2, 11), 0xFFFFFF00},
		} {
			st := netx.IPInterfaceAddressGet(tc.ip, tc.index, &address, &mask)
			c.check(st == nx.NX_SUCCESS && address == tc.address && mask == tc.mask, "%s interface %d: %v %#x %#x", tc.ip.Name(), tc.index, st, address, mask)
		}
		c.status(netx.IPInterfaceAddressGet(&c.ip0, 2, &address, &mask), nx.NX_INVALID_INTERFACE, "ip_0 interface 2")
		c.status(netx.IPInterfaceAddressGet(&c.ip1, 2, &address, &mask), nx.NX_INVALID_INTERFACE, "ip_1 interface 2")
		// The unanswered echo requests still wait for ARP (the C test ends
		// with them queued); they go back to the pool.
		netx.ARPEntryDelete(&c.ip1, nx.IP_ADDRESS(4, 3, 2, 91))
		netx.ARPEntryDelete(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 9))
	}, nil)
}

// TestRegressIPInterfaceAttachment is netx_ip_interface_attachment_test.c:
// in application define each instance gets a second interface and a third
// attach finds no entry (NX_NO_MORE_ENTRIES); a ping to an address nobody
// has times out, pings to ip_1's second and first interfaces are answered,
// and the ICMP counters say so.
func TestRegressIPInterfaceAttachment(t *testing.T) {
	cfg := multihome
	cfg.define = func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 10), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "2nd interface", nx.IP_ADDRESS(4, 3, 2, 11), 0xFF000000, c.lan.Driver), nx.NX_SUCCESS, "attach ip_1")
		c.status(netx.IPInterfaceAttach(&c.ip0, "New interface", nx.IP_ADDRESS(5, 3, 2, 10), 0xFFFFFF00, c.lan.Driver), nx.NX_NO_MORE_ENTRIES, "a third interface")
		c.status(netx.ICMPEnableV4(&c.ip0)|netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable")
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var response *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 9), []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ  "), &response, nx.NX_IP_PERIODIC_RATE)
		c.check(st == nx.NX_NO_RESPONSE && response == nil, "ping 4.3.2.9: %v", st)
		for _, to := range []nx.ULONG{nx.IP_ADDRESS(4, 3, 2, 11), ip1Address} {
			st = netx.ICMPPingV4(&c.ip0, to, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ  "), &response, nx.NX_IP_PERIODIC_RATE)
			c.check(st == nx.NX_SUCCESS && response != nil && response.NxPacketLength == 28, "ping %#x: %v", to, st)
			if response != nil {
				packetpool.Release(response)
			}
		}
		var sent, timeouts, suspended, responses, checksum, unhandled nx.ULONG
		st = netx.ICMPInfoGet(&c.ip0, &sent, &timeouts, &suspended, &responses, &checksum, &unhandled)
		c.check(st == nx.NX_SUCCESS && sent == 3 && timeouts == 1 && responses == 2 && suspended == 0 && checksum == 0 && unhandled == 0,
			"icmp info: %v %d %d %d %d %d %d", st, sent, timeouts, suspended, responses, checksum, unhandled)
		netx.ARPEntryDelete(&c.ip0, nx.IP_ADDRESS(4, 3, 2, 9)) // the unanswered request goes back to the pool
	}, nil)
}
