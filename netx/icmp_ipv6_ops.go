package netx

import "github.com/nxsim/nxsim/rtos"

// The costed ICMP and IPv6 services (DESIGN.md, "CPU time"). NetX Duo
// publishes no cycle counts; the figures are by kind of service, built like
// the ThreadX ones (Keil RTX's published Cortex-M timings) and the same
// kinds the other NetX services use: reading a few fields under the
// instance's protection 150 cycles, changing state under it 300, a ping —
// which builds, checksums and sends a datagram — 1500 plus a cycle per byte
// of data. Host figures are nanoseconds on the ThreadX Linux port, where
// the per-byte work counts as nothing.
func icmpIPv6Op(name string, mcu, mcuPerByte, host uint64) *rtos.Op {
	return rtos.NewOp(name, map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: mcu, CyclesPerByte: mcuPerByte},
		rtos.FamilyHost: {Cycles: host},
	})
}

func icmpIPv6GetOp(name string) *rtos.Op { return icmpIPv6Op(name, 150, 0, 200) }
func icmpIPv6SetOp(name string) *rtos.Op { return icmpIPv6Op(name, 300, 0, 400) }

var (
	opICMPEnable   = icmpIPv6SetOp("nxd_icmp_enable")
	opICMPEnableV4 = icmpIPv6SetOp("nx_icmp_enable")
	opICMPPing     = icmpIPv6Op("nxd_icmp_ping", 1500, 1, 2000)
	opICMPPingV4   = icmpIPv6Op("nx_icmp_ping", 1500, 1, 2000)
	opICMPInfoGet  = icmpIPv6GetOp("nx_icmp_info_get")

	opIPv6Enable        = icmpIPv6SetOp("nxd_ipv6_enable")
	opIPv6AddressSet    = icmpIPv6SetOp("nxd_ipv6_address_set")
	opIPv6AddressGet    = icmpIPv6GetOp("nxd_ipv6_address_get")
	opIPv6AddressDelete = icmpIPv6SetOp("nxd_ipv6_address_delete")

	opIPv6DefaultRouterAdd       = icmpIPv6SetOp("nxd_ipv6_default_router_add")
	opIPv6DefaultRouterDelete    = icmpIPv6SetOp("nxd_ipv6_default_router_delete")
	opIPv6DefaultRouterGet       = icmpIPv6GetOp("nxd_ipv6_default_router_get")
	opIPv6DefaultRouterEntryGet  = icmpIPv6GetOp("nxd_ipv6_default_router_entry_get")
	opIPv6DefaultRouterNumberGet = icmpIPv6GetOp("nxd_ipv6_default_router_number_of_entries_get")

	opNDCacheEntrySet            = icmpIPv6SetOp("nxd_nd_cache_entry_set")
	opNDCacheEntryDelete         = icmpIPv6SetOp("nxd_nd_cache_entry_delete")
	opNDCacheInvalidate          = icmpIPv6SetOp("nxd_nd_cache_invalidate")
	opNDCacheHardwareAddressFind = icmpIPv6GetOp("nxd_nd_cache_hardware_address_find")
	opNDCacheIPAddressFind       = icmpIPv6GetOp("nxd_nd_cache_ip_address_find")
)
