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
