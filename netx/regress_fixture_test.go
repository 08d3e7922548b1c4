package netx_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/require"
)

// cTest is the world most of NetX Duo's regression tests
// (test/regression/netxduo_test) build in their application define: one
// device with pool_0, ip_0 (and often ip_1) on the RAM driver — here a sim
// segment — and thread_0 (and thread_1). The fields are the C globals.
type cTest struct {
	t       *testing.T
	e       *rtos.Engine
	lan     *sim.Segment
	k       *rtos.Kernel
	pool0   packetpool.Pool
	ip0     netx.IP
	ip1     netx.IP
	thread0 rtos.Thread
	thread1 rtos.Thread
	thread2 rtos.Thread
	done    bool
	// driver is the driver both instances were created with (for
	// instances and interfaces a test adds).
	driver netx.Driver
}

// cConfig is what a C test's application define varies.
type cConfig struct {
	payload   nx.ULONG // pool_0 payload size (1536)
	poolBytes int      // pool_0 memory (1536*16)
	mask      nx.ULONG // network mask of both instances (0xFFFFFF00)
	twoIPs    bool     // ip_1 at 1.2.3.5 on the same segment
	arp       bool     // nx_arp_enable on every instance
	udp       bool     // nx_udp_enable on every instance
	fragment  bool     // nx_ip_fragment_enable on every instance
	priority  nx.UINT  // thread_0 and thread_1 priority (4)
	priority1 nx.UINT  // thread_1's own priority, when it differs
	mtu       nx.ULONG // the RAM driver's MTU (1500)
	ticks     uint32   // the device's TX_TIMER_TICKS_PER_SECOND (100)
	arpBytes  int      // memory given to nx_arp_enable (1024)
	// interfaces is NX_MAX_PHYSICAL_INTERFACES of the C build (1; the
	// multihome tests are built with 2).
	interfaces int
	define     func(c *cTest)
	// driver replaces the RAM driver of both instances (the tests that
	// bring their own driver); it may call the segment's.
	driver netx.Driver
	// addresses replaces ip_0's and ip_1's 1.2.3.4 and 1.2.3.5.
	addresses [2]nx.ULONG
	// thread2 is the entry of a third thread, created after the others.
	thread2 func(c *cTest)
	// hook is the RAM driver's advanced_packet_process_callback, set for
	// the whole test (the C tests set and clear the global; a hook that
	// answers ramBypass is the same as none).
	hook ramHook
}

var (
	ip0Address = nx.IP_ADDRESS(1, 2, 3, 4)
	ip1Address = nx.IP_ADDRESS(1, 2, 3, 5)
)

// runC builds the C test's world and runs thread_0 (and thread_1 when
// given) until virtual time d has passed; thread_0 must reach its end. The
// pools must be full again when the test ends, and each check the C test
// makes (error_counter++) is an assertion in the Go body.
func runC(t *testing.T, cfg cConfig, d time.Duration, thread0, thread1 func(c *cTest)) *cTest {
	t.Helper()
	if cfg.payload == 0 {
		cfg.payload, cfg.poolBytes = 1536, 1536*16
	}
	if cfg.mask == 0 {
		cfg.mask = 0xFFFFFF00
	}
	if cfg.priority == 0 {
		cfg.priority = 4
	}
	if cfg.priority1 == 0 {
		cfg.priority1 = cfg.priority
	}
	if cfg.arpBytes == 0 {
		cfg.arpBytes = 1024
	}
	if cfg.interfaces != 0 {
		old := netx.MaxPhysicalInterfaces
		netx.MaxPhysicalInterfaces = cfg.interfaces
		t.Cleanup(func() { netx.MaxPhysicalInterfaces = old })
	}
	c := &cTest{t: t, e: rtos.NewEngine(1)}
	t.Cleanup(c.e.Close)
	pooltest.Verify(t, c.e)
	c.lan = sim.NewNetwork(c.e).Segment("ram")
	c.lan.MTU = cfg.mtu
	// The ports of the C regression suites run on the host profile, what
	// the real NetX test build costs on a Linux host (DESIGN.md, CPU time).
	opts := []rtos.KernelOption{rtos.KernelProfile(rtos.ProfileHost)}
	if cfg.ticks != 0 {
		opts = append(opts, rtos.TicksPerSecond(cfg.ticks))
	}
	c.k = c.e.AddKernel("test", func([]byte) {
		netx.SystemInitialize()
		require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&c.pool0, "NetX Main Packet Pool", cfg.payload, make([]byte, cfg.poolBytes)))
		driver := cfg.driver
		switch {
		case driver == nil && cfg.hook != nil:
			driver = c.ramDriver(cfg.hook)
		case driver == nil:
			driver = c.lan.Driver
		}
		c.driver = driver
		ips := []*netx.IP{&c.ip0}
		addr0, addr1 := ip0Address, ip1Address
		if cfg.addresses[0] != 0 {
			addr0, addr1 = cfg.addresses[0], cfg.addresses[1]
		}
		require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&c.ip0, "NetX IP Instance 0", addr0, cfg.mask, &c.pool0, driver, make([]byte, 2048), 1))
		if cfg.twoIPs {
			ips = append(ips, &c.ip1)
			require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&c.ip1, "NetX IP Instance 1", addr1, cfg.mask, &c.pool0, driver, make([]byte, 2048), 1))
		}
		for _, ip := range ips {
			if cfg.arp {
				require.Equal(t, nx.NX_SUCCESS, netx.ARPEnable(ip, make([]byte, cfg.arpBytes)))
			}
			if cfg.udp {
				require.Equal(t, nx.NX_SUCCESS, netx.UDPEnable(ip))
			}
			if cfg.fragment {
				require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(ip))
			}
		}
		if cfg.define != nil {
			cfg.define(c)
		}
		stack := func() []byte { return make([]byte, 2048) }
		require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&c.thread0, "thread 0", func(nx.ULONG) {
			thread0(c)
			c.done = true
		}, 0, stack(), cfg.priority, cfg.priority, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
		if thread1 != nil {
			require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&c.thread1, "thread 1", func(nx.ULONG) { thread1(c) },
				0, stack(), cfg.priority1, cfg.priority1, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
		}
		if cfg.thread2 != nil {
			require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&c.thread2, "thread 2", func(nx.ULONG) { cfg.thread2(c) },
				0, stack(), cfg.priority1, cfg.priority1, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
		}
	}, opts...)
	require.NoError(t, c.e.RunFor(d))
	require.True(t, c.done, "thread_0 did not reach the end of the test")
	return c
}

// check is one of the C test's "if (...) error_counter++" lines: the
// condition must hold; what names the check (the C test's error number or
// the call) is printed when it does not.
func (c *cTest) check(ok bool, what string, args ...any) {
	c.t.Helper()
	if !ok {
		c.t.Errorf("check failed: %s", fmt.Sprintf(what, args...))
	}
}

// status checks a service's status against the one the C test expects.
func (c *cTest) status(got, want nx.Status, what string) {
	c.t.Helper()
	if got != want {
		c.t.Errorf("%s: got %v, want %v", what, got, want)
	}
}

// The C tests that exercise ARP or IP with a TCP connection from thread_0
// (ip_0) to a listener of thread_1 (ip_1, port 12) and 28 bytes of data
// become a UDP exchange: TCP is out of nxsim, and what those tests check
// is ARP's and IP's side of the traffic.
const tcpStandInData = "ABCDEFGHIJKLMNOPQRSTUVWXYZ  "

// udpSendStandIn is thread_0's side: after a tick (the C client's connect
// waits for the listener), 28 bytes from ip to to:12.
func (c *cTest) udpSendStandIn(ip *netx.IP, to nx.ULONG) {
	c.t.Helper()
	rtos.ThreadSleep(1)
	var s netx.UDPSocket
	c.status(netx.UDPSocketCreate(ip, &s, "Client Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5), nx.NX_SUCCESS, "client socket create")
	c.status(netx.UDPSocketBind(&s, 12, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "client socket bind")
	var pkt *packetpool.Packet
	c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
	packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_WAIT_FOREVER)
	if st := netx.UDPSocketSendV4(&s, pkt, to, 12); st != nx.NX_SUCCESS {
		c.status(st, nx.NX_SUCCESS, "send")
		packetpool.Release(pkt)
	}
	c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "client socket unbind")
	c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "client socket delete")
}

// udpReceiveStandIn is thread_1's side: the 28 bytes arrive on ip, port 12,
// within 5 seconds.
func (c *cTest) udpReceiveStandIn(ip *netx.IP) {
	c.t.Helper()
	var s netx.UDPSocket
	c.status(netx.UDPSocketCreate(ip, &s, "Server Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5), nx.NX_SUCCESS, "server socket create")
	c.status(netx.UDPSocketBind(&s, 12, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "server socket bind")
	var pkt *packetpool.Packet
	st := netx.UDPSocketReceive(&s, &pkt, 5*nx.NX_IP_PERIODIC_RATE)
	c.check(st == nx.NX_SUCCESS && pkt.NxPacketLength == 28, "receive: %v", st)
	if st == nx.NX_SUCCESS {
		packetpool.Release(pkt)
	}
	c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "server socket unbind")
	c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "server socket delete")
}

// mac returns interface 0's MAC: the C tests' RAM driver gives ip_0 and
// ip_1 fixed MACs (0x0011:0x22334456 and ...57) that they write as
// constants; here the segment gives the MACs and the tests ask.
func (c *cTest) mac(ip *netx.IP) (msw, lsw nx.ULONG) {
	c.t.Helper()
	c.status(netx.IPInterfacePhysicalAddressGet(ip, 0, &msw, &lsw), nx.NX_SUCCESS, "physical address get")
	return msw, lsw
}

// arpInfo is nx_arp_info_get's eight counters.
type arpInfo struct {
	requestsSent, requestsReceived, responsesSent, responsesReceived nx.ULONG
	dynamicEntries, staticEntries, agedEntries, invalidMessages      nx.ULONG
}

func (c *cTest) arpInfo(ip *netx.IP) arpInfo {
	c.t.Helper()
	var a arpInfo
	c.status(netx.ARPInfoGet(ip, &a.requestsSent, &a.requestsReceived, &a.responsesSent, &a.responsesReceived,
		&a.dynamicEntries, &a.staticEntries, &a.agedEntries, &a.invalidMessages), nx.NX_SUCCESS, "arp info get")
	return a
}

// ipv6On is what the C tests built with FEATURE_NX_IPV6 add to their
// application define: nxd_ipv6_enable and nxd_icmp_enable on ip_0 (and
// ip_1 when a second address is given), each instance's address set on
// interface 0 with the prefix length.
func (c *cTest) ipv6On(prefix nx.ULONG, addresses ...*nx.NXDAddress) {
	c.t.Helper()
	for i, a := range addresses {
		ip := []*netx.IP{&c.ip0, &c.ip1}[i]
		c.status(netx.IPv6Enable(ip), nx.NX_SUCCESS, "ipv6 enable")
		c.status(netx.ICMPEnable(ip), nx.NX_SUCCESS, "icmp enable")
		c.status(netx.IPv6AddressSet(ip, 0, a, prefix, nil), nx.NX_SUCCESS, "ipv6 address set")
	}
}

// skipWithoutErrorChecking skips the ports of the C NXE API tests when the
// nxe_ layer is built out (nx_disable_error_checking), as the C tests are
// built only with error checking.
func skipWithoutErrorChecking(t *testing.T) {
	if !netx.ErrorChecking {
		t.Skip("the nxe_ layer is built out")
	}
}
