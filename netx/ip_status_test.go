package netx_test

import (
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/rtos/rtostest"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

func TestIPCreateStatus(t *testing.T) {
	var pool packetpool.Pool
	var lan *sim.Segment
	setup := func() {
		pool = packetpool.Pool{}
		packetpool.PoolCreate(&pool, "pool", 256, make([]byte, 4096))
		_, k := rtos.CurrentContext()
		lan = sim.NewNetwork(k.Engine()).Segment("lan")
	}
	create := func(ip *netx.IP, addr nx.ULONG, p *packetpool.Pool, stack []byte, prio nx.UINT) func() nx.Status {
		return func() nx.Status {
			var d netx.Driver
			if lan != nil {
				d = lan.Driver
			}
			return netx.IPCreate(ip, "ip", addr, 0xFFFFFF00, p, d, stack, prio)
		}
	}
	in := func(c rtos.Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return rtostest.InContext(t, c, setup, call) }
	}
	var twice netx.IP
	rtostest.RunStatusTable(t, errorChecking, []rtostest.StatusCase{
		{Name: "create in initialization", Call: in(initc, create(&netx.IP{}, addrA, &pool, make([]byte, 1024), 1)), Want: nx.NX_SUCCESS},
		{Name: "create from a thread, address 0", Call: in(thread, create(&netx.IP{}, 0, &pool, make([]byte, 1024), 1)), Want: nx.NX_SUCCESS},
		{Name: "nil instance", Checked: true, Call: in(initc, create(nil, addrA, &pool, make([]byte, 1024), 1)), Want: nx.NX_PTR_ERROR},
		{Name: "nil pool", Checked: true, Call: in(initc, create(&netx.IP{}, addrA, nil, make([]byte, 1024), 1)), Want: nx.NX_PTR_ERROR},
		{Name: "nil stack", Checked: true, Call: in(initc, create(&netx.IP{}, addrA, &pool, nil, 1)), Want: nx.NX_PTR_ERROR},
		{Name: "created twice", Checked: true, Call: in(initc, func() nx.Status {
			twice = netx.IP{}
			create(&twice, addrA, &pool, make([]byte, 1024), 1)()
			return create(&twice, addrA, &pool, make([]byte, 1024), 1)()
		}), Want: nx.NX_PTR_ERROR},
		{Name: "stack overlapping another instance's", Checked: true, Call: in(initc, func() nx.Status {
			mem := make([]byte, 2048)
			create(&netx.IP{}, addrA, &pool, mem[:1024], 1)()
			return create(&netx.IP{}, addrB, &pool, mem[512:1536], 1)()
		}), Want: nx.NX_PTR_ERROR},
		{Name: "stack below TX_MINIMUM_STACK", Checked: true, Call: in(initc, create(&netx.IP{}, addrA, &pool, make([]byte, 100), 1)), Want: nx.NX_SIZE_ERROR},
		{Name: "priority 32", Checked: true, Call: in(initc, create(&netx.IP{}, addrA, &pool, make([]byte, 1024), 32)), Want: nx.NX_OPTION_ERROR},
		{Name: "class D address", Checked: true, Call: in(initc, create(&netx.IP{}, nx.IP_ADDRESS(224, 0, 0, 1), &pool, make([]byte, 1024), 1)), Want: nx.NX_IP_ADDRESS_ERROR},
		{Name: "from a timer", Checked: true, Call: in(timer, create(&netx.IP{}, addrA, &pool, make([]byte, 1024), 1)), Want: nx.NX_CALLER_ERROR},
		{Name: "from an ISR", Checked: true, Call: in(isr, create(&netx.IP{}, addrA, &pool, make([]byte, 1024), 1)), Want: nx.NX_CALLER_ERROR},
	})
}

func TestIPServicesStatus(t *testing.T) {
	var addr, mask, status nx.ULONG
	runRows(t, []row{
		{"address get", false, initc, false, func(t *testing.T, s *stack) nx.Status {
			st := netx.IPAddressGet(&s.ip, &addr, &mask)
			assert.Equal(t, addrA, addr)
			return st
		}, nx.NX_SUCCESS},
		{"address get into nil", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPAddressGet(&s.ip, nil, &mask) }, nx.NX_PTR_ERROR},
		{"address get from a timer", true, timer, false, func(t *testing.T, s *stack) nx.Status { return netx.IPAddressGet(&s.ip, &addr, &mask) }, nx.NX_CALLER_ERROR},
		{"address set", false, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPAddressSet(&s.ip, addrB, 0xFFFF0000) }, nx.NX_SUCCESS},
		{"address set class E", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPAddressSet(&s.ip, nx.IP_ADDRESS(240, 0, 0, 1), 0xFF000000)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"address set from an ISR", true, isr, false, func(t *testing.T, s *stack) nx.Status { return netx.IPAddressSet(&s.ip, addrB, 0xFFFF0000) }, nx.NX_CALLER_ERROR},
		{"status check: link enabled", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPStatusCheck(&s.ip, nx.NX_IP_LINK_ENABLED|nx.NX_IP_INITIALIZE_DONE|nx.NX_IP_ARP_ENABLED, &status, 10)
		}, nx.NX_SUCCESS},
		{"status check: UDP not enabled, times out", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			start := rtos.TimeGet()
			st := netx.IPStatusCheck(&s.ip, nx.NX_IP_UDP_ENABLED, &status, 5)
			assert.Equal(t, nx.ULONG(5), rtos.TimeGet()-start)
			return st
		}, nx.NX_NOT_SUCCESSFUL},
		{"status check: unknown bit", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPStatusCheck(&s.ip, 0x8000, &status, 0)
		}, nx.NX_OPTION_ERROR},
		{"status check in initialization", true, initc, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPStatusCheck(&s.ip, nx.NX_IP_LINK_ENABLED, &status, 0)
		}, nx.NX_CALLER_ERROR},
		{"interface attach with one physical interface", false, initc, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPInterfaceAttach(&s.ip, "SEC", addrB, 0xFFFFFF00, func(*netx.IPDriver) {})
		}, nx.NX_NO_MORE_ENTRIES},
		{"interface attach nil driver", true, initc, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPInterfaceAttach(&s.ip, "SEC", addrB, 0xFFFFFF00, nil)
		}, nx.NX_PTR_ERROR},
		{"fragment enable", false, initc, false, func(t *testing.T, s *stack) nx.Status { return netx.IPFragmentEnable(&s.ip) }, nx.NX_SUCCESS},
		{"fragment disable from an ISR", true, isr, false, func(t *testing.T, s *stack) nx.Status { return netx.IPFragmentDisable(&s.ip) }, nx.NX_CALLER_ERROR},
		{"gateway off every subnet", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPGatewayAddressSet(&s.ip, nx.IP_ADDRESS(10, 1, 1, 1))
		}, nx.NX_IP_ADDRESS_ERROR},
		{"gateway", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPGatewayAddressSet(&s.ip, nx.IP_ADDRESS(192, 168, 1, 1))
		}, nx.NX_SUCCESS},
		{"delete with a socket created", false, thread, true, func(t *testing.T, s *stack) nx.Status { return netx.IPDelete(&s.ip) }, nx.NX_SOCKETS_BOUND},
		{"delete", false, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPDelete(&s.ip) }, nx.NX_SUCCESS},
		{"delete in initialization", true, initc, false, func(t *testing.T, s *stack) nx.Status { return netx.IPDelete(&s.ip) }, nx.NX_CALLER_ERROR},
		{"ARP enable twice", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.ARPEnable(&s.ip, make([]byte, 100)) }, nx.NX_ALREADY_ENABLED},
		{"ARP static entry", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ARPStaticEntryCreate(&s.ip, addrB, 0x0200, 0x00000099)
		}, nx.NX_SUCCESS},
		{"ARP static entry with no MAC", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ARPStaticEntryCreate(&s.ip, addrB, 0, 0)
		}, nx.NX_INVALID_PARAMETERS},
		{"ARP static entry for address 0", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ARPStaticEntryCreate(&s.ip, 0, 0x0200, 1)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"ARP static entry delete unknown", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ARPStaticEntryDelete(&s.ip, addrB, 0x0200, 1)
		}, nx.NX_ENTRY_NOT_FOUND},
		{"ARP hardware address find, none", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			var msw, lsw nx.ULONG
			return netx.ARPHardwareAddressFind(&s.ip, addrB, &msw, &lsw)
		}, nx.NX_ENTRY_NOT_FOUND},
		// nxd_ipv6_address_set does not check that IPv6 is enabled.
		{"IPv6 address set before enable", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressSet(&s.ip, 0, v6(v6A), 64, nil)
		}, nx.NX_SUCCESS},
		{"IPv6 address set, unspecified address", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressSet(&s.ip, 0, &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}, 64, nil)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"IPv6 address set with a v4 address", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressSet(&s.ip, 0, v4(addrA), 64, nil)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"IPv6 address on interface 5", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.IPv6Enable(&s.ip)
			a := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
			return netx.IPv6AddressSet(&s.ip, 5, a, 64, nil)
		}, nx.NX_INVALID_INTERFACE},
	})
}
