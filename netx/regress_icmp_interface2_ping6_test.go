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

// interface2Hook is which of netx_icmp_interface2_ping6_test.c's
// packet_process_callback functions is set.
type interface2Hook int

const (
	interface2None          interface2Hook = iota
	interface2CheckChecksum                // check_checksum: no ICMPv6 checksum of 0xFFFF
	interface2NoEcho                       // packet_process: no echo request may leave
)

// replyDestination is the destination address of a reply's IPv6 header.
func replyDestination(resp *packetpool.Packet) [4]nx.ULONG {
	h := resp.NxPacketDataStart[resp.NxPacketIPHeader:]
	var a [4]nx.ULONG
	for i := range a {
		a[i] = binary.BigEndian.Uint32(h[24+4*i:])
	}
	return a
}

// TestRegressICMPInterface2Ping6 is netx_icmp_interface2_ping6_test.c:
// ip_0 and ip_1 on the 512-byte RAM driver with a second interface each
// (built with NX_MAX_PHYSICAL_INTERFACES 2, as the multihome tests are),
// IPv6 and ICMP. Pings of ::1, of ip_0's own global address and of ip_1's
// (with and without address mapping) are answered; after the addresses
// are deleted and set again on both interfaces, an unknown address times
// out, a newly set one on ip_1 is answered, and a ping of ip_1's second
// interface address is answered to ip_0's second one, with no ICMPv6
// checksum of 0xFFFF on the wire; nx_icmp_info_get counts 8 sent, 1
// timeout, 7 responses. With link-local addresses on both interfaces, a
// source ping from a tentative address sends no echo request; after DAD
// the source ping from interface 1's link-local address is answered to it;
// with both links disabled by nx_ip_driver_interface_direct_command a ping
// fails. The C test's steps under NX_DISABLE_FRAGMENTATION and its "#if 0"
// block (neighbour cache and destination table sizes) are not in the
// default build. ip_1 runs at priority 1 here (2 in the C test).
func TestRegressICMPInterface2Ping6(t *testing.T) {
	address := func(a ...nx.ULONG) *nx.NXDAddress { return v6([4]nx.ULONG{a[0], a[1], a[2], a[3]}) }
	var (
		address1 = address(0x20010000, 0, 0, 0x10000001)
		address2 = address(0x20010000, 0, 0, 0x10000002)
		address3 = address(0x30010000, 0, 0, 0x20000003)
		address4 = address(0x30010000, 0, 0, 0x20000004)
		address5 = address(0x30010000, 0, 0, 0x10000005)
		ip0LLA1  = address(0xfe800000, 0, 0, 1)
		ip0LLA2  = address(0xfe800000, 0, 0, 2)
		ip1LLA1  = address(0xfe800000, 1, 0, 1)
		ip1LLA2  = address(0xfe800000, 1, 0, 2)
		loopback = address(0, 0, 0, 1)
	)
	hook := interface2None
	cfg := cConfig{payload: 1024, poolBytes: 8192, twoIPs: true, interfaces: 2, mtu: 512}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		d := p.Data()
		if hook == interface2None || len(d) < 40+8 || d[6] != 58 {
			return ramBypass, 0
		}
		if hook == interface2CheckChecksum {
			c.check(binary.BigEndian.Uint16(d[42:]) != 0xFFFF, "an ICMPv6 checksum of 0xFFFF was sent")
		} else if ip == &c.ip0 && d[40] == 128 {
			c.check(false, "an echo request was sent from an address still in DAD")
		}
		return ramBypass, 0
	}
	cfg.define = func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 4), 0xFFFFFF00, c.driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 5), 0xFFFFFF00, c.driver), nx.NX_SUCCESS, "attach ip_1")
		for _, ip := range []*netx.IP{&c.ip0, &c.ip1} {
			c.status(netx.IPv6Enable(ip), nx.NX_SUCCESS, "ipv6 enable")
			c.status(netx.ICMPEnable(ip), nx.NX_SUCCESS, "icmp enable")
		}
	}
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		// ping is nxd_icmp_ping (index < 0) or nxd_icmp_interface_ping,
		// which nx_api.h maps to nxd_icmp_source_ping.
		ping := func(to *nx.NXDAddress, index int, data string, wait nx.ULONG) (nx.Status, *packetpool.Packet) {
			var resp *packetpool.Packet
			if index < 0 {
				return netx.ICMPPing(&c.ip0, to, []byte(data), &resp, wait), resp
			}
			return netx.ICMPSourcePing(&c.ip0, to, nx.UINT(index), []byte(data), &resp, wait), resp
		}
		answered := func(to *nx.NXDAddress, index int, data string, wait nx.ULONG, what string) *packetpool.Packet {
			st, resp := ping(to, index, data, wait)
			c.check(st == nx.NX_SUCCESS && resp != nil && resp.NxPacketLength == 28, "%s: %v", what, st)
			return resp
		}
		release := func(resp *packetpool.Packet) {
			if resp != nil {
				packetpool.Release(resp)
			}
		}
		set := func(ip *netx.IP, ifc nx.UINT, a *nx.NXDAddress, prefix nx.ULONG, index *nx.UINT) {
			c.status(netx.IPv6AddressSet(ip, ifc, a, prefix, index), nx.NX_SUCCESS, "ipv6 address set")
		}
		mapping := func(needed nx.UINT) {
			c.status(netx.IPInterfaceAddressMappingConfigure(&c.ip0, 0, needed), nx.NX_SUCCESS, "mapping configure ip_0")
			c.status(netx.IPInterfaceAddressMappingConfigure(&c.ip1, 0, needed), nx.NX_SUCCESS, "mapping configure ip_1")
		}
		linkCommand := func(command nx.UINT) {
			var value nx.ULONG
			for ifc := nx.UINT(0); ifc < 2; ifc++ {
				c.status(netx.IPDriverInterfaceDirectCommand(&c.ip0, command, ifc, &value), nx.NX_SUCCESS, "interface direct command")
			}
		}

		set(&c.ip0, 0, address1, 64, nil)
		set(&c.ip1, 0, address2, 64, nil)
		release(answered(loopback, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE, "ping ::1"))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)

		mapping(nx.NX_FALSE)
		release(answered(address1, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE, "ping our own address"))
		release(answered(address2, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE, "ping ip_1 without mapping"))
		mapping(nx.NX_TRUE)

		c.status(netx.IPv6AddressDelete(&c.ip0, 0), nx.NX_SUCCESS, "address delete ip_0")
		c.status(netx.IPv6AddressDelete(&c.ip1, 0), nx.NX_SUCCESS, "address delete ip_1")
		set(&c.ip0, 0, address1, 64, nil)
		set(&c.ip1, 0, address2, 64, nil)
		set(&c.ip0, 1, address3, 64, nil)
		set(&c.ip1, 1, address4, 64, nil)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)

		st, resp := ping(address5, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE)
		c.check(st == nx.NX_NO_RESPONSE && resp == nil, "ping of an unknown address: %v", st)
		release(resp)
		set(&c.ip1, 0, address5, 64, nil)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		release(answered(address5, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE, "ping address 5"))
		release(answered(address1, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE, "ping our own address again"))
		release(answered(address2, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE, "ping ip_1's address"))

		// The C test's data is a 26-character literal sent as 28 bytes.
		hook = interface2CheckChecksum
		resp = answered(address4, -1, "zzzNzFzHbJKLMNOPQRSTUVWXYZ\x00\x00", nx.NX_IP_PERIODIC_RATE, "ping ip_1's second interface")
		hook = interface2None
		info := getICMPInfo(t, &c.ip0)
		c.check(info.timeouts == 1 && info.sent == 8 && info.responses == 7, "icmp info %+v: want 8 sent, 1 timeout, 7 responses", info)
		c.check(info.suspended == 0 && info.checksumErrors == 0 && info.unhandled == 0, "icmp info %+v", info)
		if resp != nil {
			c.check(replyDestination(resp) == address3.NxdIPAddress.V6, "the reply went to %x, not ip_0's second address", replyDestination(resp))
			release(resp)
		}

		var index1, index2 nx.UINT
		set(&c.ip0, 0, ip0LLA1, 10, &index1)
		set(&c.ip1, 0, ip1LLA1, 10, nil)
		set(&c.ip0, 1, ip0LLA2, 10, &index2)
		set(&c.ip1, 1, ip1LLA2, 10, nil)
		// The C test disables interrupts around this ping and fails on any
		// frame; here the hook fails on an echo request from ip_0.
		hook = interface2NoEcho
		st, resp = ping(ip1LLA2, int(index2), tcpStandInData, nx.NX_NO_WAIT)
		hook = interface2None
		release(resp)
		// Not checked by the C test: the tentative address passes
		// _nxde_icmp_source_ping, the request is counted as sent and
		// _nx_ipv6_header_add drops it.
		c.check(st == nx.NX_NO_RESPONSE, "ping from a tentative address: %v", st)
		c.check(getICMPInfo(t, &c.ip0).sent == 9, "the ping from a tentative address is not counted as sent")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)

		resp = answered(ip1LLA2, int(index2), tcpStandInData, nx.NX_IP_PERIODIC_RATE, "interface ping from ip_0's second link-local address")
		if resp != nil {
			c.check(replyDestination(resp) == ip0LLA2.NxdIPAddress.V6, "the reply went to %x, not ip_0's second link-local address", replyDestination(resp))
			release(resp)
		}

		linkCommand(nx.NX_LINK_DISABLE)
		st, resp = ping(ip1LLA2, -1, tcpStandInData, nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS, "ping with both links down: %v", st)
		release(resp)
		linkCommand(nx.NX_LINK_ENABLE)
	}, nil)
}
