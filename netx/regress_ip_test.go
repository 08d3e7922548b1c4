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
