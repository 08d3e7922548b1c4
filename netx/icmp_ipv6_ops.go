package netx

import "github.com/nxsim/nxsim/rtos"

// The costed ICMP and IPv6 services (DESIGN.md, "CPU time"). MCU figures
// are cycles on the default Cortex-M4 profile, host figures nanoseconds on
// the NetX Duo Linux test build. They are estimates by size of work, not
// measurements: a service that only reads or writes a table entry under the
// instance's protection costs about what a ThreadX mutex get and put cost
// together (a few hundred cycles); a ping builds and checksums a datagram
// and sends it through IP and the driver (a few thousand cycles, plus the
// checksum and copy per byte of data).
func icmpIPv6Op(name string, mcu, host uint64, perByte uint64) *rtos.Op {
	return rtos.NewOp(name, map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: mcu, CyclesPerByte: 2 * perByte},
		rtos.FamilyHost: {Cycles: host, CyclesPerByte: perByte},
	})
}

var (
	opICMPEnable   = icmpIPv6Op("nxd_icmp_enable", 300, 500, 0)
	opICMPEnableV4 = icmpIPv6Op("nx_icmp_enable", 200, 400, 0)
	opICMPPing     = icmpIPv6Op("nxd_icmp_ping", 3000, 3000, 1)
	opICMPPingV4   = icmpIPv6Op("nx_icmp_ping", 2500, 2500, 1)
	opICMPInfoGet  = icmpIPv6Op("nx_icmp_info_get", 80, 100, 0)

	opIPv6Enable        = icmpIPv6Op("nxd_ipv6_enable", 400, 800, 0)
	opIPv6AddressSet    = icmpIPv6Op("nxd_ipv6_address_set", 400, 800, 0)
	opIPv6AddressGet    = icmpIPv6Op("nxd_ipv6_address_get", 150, 300, 0)
	opIPv6AddressDelete = icmpIPv6Op("nxd_ipv6_address_delete", 300, 600, 0)

	opIPv6DefaultRouterAdd       = icmpIPv6Op("nxd_ipv6_default_router_add", 300, 500, 0)
	opIPv6DefaultRouterDelete    = icmpIPv6Op("nxd_ipv6_default_router_delete", 300, 500, 0)
	opIPv6DefaultRouterGet       = icmpIPv6Op("nxd_ipv6_default_router_get", 200, 300, 0)
	opIPv6DefaultRouterEntryGet  = icmpIPv6Op("nxd_ipv6_default_router_entry_get", 200, 300, 0)
	opIPv6DefaultRouterNumberGet = icmpIPv6Op("nxd_ipv6_default_router_number_of_entries_get", 150, 300, 0)

	opNDCacheEntrySet            = icmpIPv6Op("nxd_nd_cache_entry_set", 400, 600, 0)
	opNDCacheEntryDelete         = icmpIPv6Op("nxd_nd_cache_entry_delete", 300, 500, 0)
	opNDCacheInvalidate          = icmpIPv6Op("nxd_nd_cache_invalidate", 600, 800, 0)
	opNDCacheHardwareAddressFind = icmpIPv6Op("nxd_nd_cache_hardware_address_find", 300, 400, 0)
	opNDCacheIPAddressFind       = icmpIPv6Op("nxd_nd_cache_ip_address_find", 300, 400, 0)
)
