package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// sourcePing is nxd_icmp_source_ping of the 28-byte test data; it returns
// the status and the reply's length, and releases the reply.
func (c *cTest) sourcePing(ip *netx.IP, to *nx.NXDAddress, index nx.UINT) (nx.Status, nx.ULONG) {
	c.t.Helper()
	var resp *packetpool.Packet
	st := netx.ICMPSourcePing(ip, to, index, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
	if resp == nil {
		return st, 0
	}
	n := resp.NxPacketLength
	c.status(packetpool.Release(resp), nx.NX_SUCCESS, "release the reply")
	return st, n
}

// TestRegressICMPInterface2Ping is netx_icmp_interface2_ping_test.c: ip_0
// and ip_1 on 1.2.3/24 and, by a second interface, 2.2.3/24. A ping to a
// silent 2.2.3.7 times out; nxd_icmp_source_ping to 2.2.3.5 from interface
// 0, which has no route there, sends nothing and times out; the plain ping
// to 2.2.3.5 is answered; nx_icmp_info_get counts 3 sent, 2 timeouts, 1
// response.
func TestRegressICMPInterface2Ping(t *testing.T) {
	cfg := multihome
	cfg.mask = 0xFFFFFF00
	cfg.mtu = 512
	cfg.define = func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 4), 0xFFFFFF00, c.driver), nx.NX_SUCCESS, "attach ip_0")
		c.status(netx.IPInterfaceAttach(&c.ip1, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 5), 0xFFFFFF00, c.driver), nx.NX_SUCCESS, "attach ip_1")
		icmpOn(c)
	}
	// The request to 2.2.3.7 waits on its ARP entry until the entry gives
	// up (NX_ARP_MAXIMUM_RETRIES); the run lasts until then.
	runC(t, cfg, 200*time.Second, func(c *cTest) {
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 7), []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.check(st == nx.NX_NO_RESPONSE && resp == nil, "ping 2.2.3.7: %v", st)
		to := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
		to.NxdIPAddress.V4 = nx.IP_ADDRESS(2, 2, 3, 5)
		st, n := c.sourcePing(&c.ip0, &to, 0)
		c.check(st != nx.NX_SUCCESS && n == 0, "source ping from interface 0: %v", st)
		c.check(c.ip0.Stats.InvalidTransmitPackets == 1, "invalid transmit packets %d, want 1 (nx_ip_packet_send found no next hop)",
			c.ip0.Stats.InvalidTransmitPackets)
		st = netx.ICMPPingV4(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 5), []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.status(st, nx.NX_SUCCESS, "ping 2.2.3.5")
		if st == nx.NX_SUCCESS {
			packetpool.Release(resp)
		}
		var sent, timeouts, suspended, responses, checksumErrors, unhandled nx.ULONG
		c.status(netx.ICMPInfoGet(&c.ip0, &sent, &timeouts, &suspended, &responses, &checksumErrors, &unhandled), nx.NX_SUCCESS, "icmp info get")
		c.check(timeouts == 2 && sent == 3 && responses == 1, "sent %d, timeouts %d, responses %d", sent, timeouts, responses)
	}, nil)
}

// TestRegressICMPLoopback is netx_icmp_loopback_test.c: nxd_icmp_source_ping
// to 127.0.0.1 from the loopback interface (NX_LOOPBACK_INTERFACE) and, once
// duplicate address detection is over, to the instance's own global IPv6
// address from address index 0, are answered with the 28 bytes.
func TestRegressICMPLoopback(t *testing.T) {
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0x20010DB8, 0x00010001, 0x021122FF, 0xFE334456}
	lo := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	lo.NxdIPAddress.V4 = nx.IP_ADDRESS(127, 0, 0, 1)
	cfg := cConfig{payload: 256, poolBytes: 4096, arp: true, define: func(c *cTest) {
		c.status(netx.ICMPEnable(&c.ip0), nx.NX_SUCCESS, "icmp enable")
		c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
		c.status(netx.IPv6AddressSet(&c.ip0, 0, &address0, 64, nil), nx.NX_SUCCESS, "ipv6 address set")
	}}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		st, n := c.sourcePing(&c.ip0, &lo, nx.UINT(netx.MaxPhysicalInterfaces))
		c.check(st == nx.NX_SUCCESS && n == 28, "source ping 127.0.0.1: %v, %d bytes", st, n)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		st, n = c.sourcePing(&c.ip0, &address0, 0)
		c.check(st == nx.NX_SUCCESS && n == 28, "source ping to our IPv6 address: %v, %d bytes", st, n)
	}, nil)
}

// TestRegressICMPNXEAPISourcePing is the nxd_icmp_source_ping part of
// netx_icmp_nxe_api_test.c (_nxde_icmp_source_ping's checks). The C test
// unhooks an attached address or clears its valid flag; here the entry is
// simply unused. Its step with IPv6 receive unhooked is left out (there is
// no nxd_ipv6_disable in nxsim).
func TestRegressICMPNXEAPISourcePing(t *testing.T) {
	var resp *packetpool.Packet
	data := []byte(tcpStandInData)
	v4To := v4(addrB)
	v6To := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	v6To.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 1}
	bad := nx.NXDAddress{NxdIPVersion: 0x80}
	ping := func(to *nx.NXDAddress, index nx.UINT) func(t *testing.T, s *stack) nx.Status {
		return func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPSourcePing(&s.ip, to, index, data, &resp, nx.NX_NO_WAIT)
		}
	}
	icmpOn := func(call func(t *testing.T, s *stack) nx.Status) func(t *testing.T, s *stack) nx.Status {
		return func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnableV4(&s.ip)
			return call(t, s)
		}
	}
	withAddress := func(call func(t *testing.T, s *stack) nx.Status) func(t *testing.T, s *stack) nx.Status {
		return func(t *testing.T, s *stack) nx.Status {
			netx.IPv6Enable(&s.ip)
			a := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
			a.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 2}
			netx.IPv6AddressSet(&s.ip, 0, &a, 64, nil)
			return call(t, s)
		}
	}
	runRows(t, []row{
		{"nxd_icmp_source_ping NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPSourcePing(nil, v4To, 0, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nxd_icmp_source_ping invalid IP", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPSourcePing(&netx.IP{}, v4To, 0, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nxd_icmp_source_ping NULL response pointer", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPSourcePing(&s.ip, v4To, 0, data, nil, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nxd_icmp_source_ping NULL address", true, thread, false, ping(nil, 0), nx.NX_IP_ADDRESS_ERROR},
		{"nxd_icmp_source_ping bad version", true, thread, false, ping(&bad, 0), nx.NX_IP_ADDRESS_ERROR},
		{"nxd_icmp_source_ping interface NX_MAX_IP_INTERFACES", true, thread, false,
			icmpOn(ping(v4To, nx.UINT(netx.MaxPhysicalInterfaces+1))), nx.NX_INVALID_INTERFACE},
		{"nxd_icmp_source_ping ICMPv4 not enabled", true, thread, false, ping(v4To, 0), nx.NX_NOT_ENABLED},
		{"nxd_icmp_source_ping IPv6 index out of range", true, thread, false,
			withIPv6On(ping(&v6To, nx.UINT(3*netx.MaxPhysicalInterfaces+1))), nx.NX_INVALID_INTERFACE},
		{"nxd_icmp_source_ping IPv6 entry unused", true, thread, false, withIPv6On(ping(&v6To, 0)), nx.NX_INVALID_INTERFACE},
		{"nxd_icmp_source_ping ICMPv6 not enabled", true, thread, false, withAddress(ping(&v6To, 0)), nx.NX_NOT_ENABLED},
	})
}
