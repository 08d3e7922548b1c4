package netx

// The costed ICMP, IPv6 and neighbour-cache services, with the figures of
// cpu_ops.go: an enable creates state, a ping builds and checksums an echo
// request (per byte) and sends it, the others read or change a table under
// the instance's protection.
var (
	opICMPEnable                          = nxCreateOp("nxd_icmp_enable")
	opICMPEnableV4                        = nxCreateOp("nx_icmp_enable")
	opICMPPing                            = nxSendOp("nxd_icmp_ping")
	opICMPPingV4                          = nxSendOp("nx_icmp_ping")
	opICMPSourcePing                      = nxSendOp("nxd_icmp_source_ping")
	opICMPInfoGet                         = nxGetOp("nx_icmp_info_get")
	opIPv6Enable                          = nxCreateOp("nxd_ipv6_enable")
	opIPv6AddressSet                      = nxSetOp("nxd_ipv6_address_set")
	opIPv6AddressGet                      = nxGetOp("nxd_ipv6_address_get")
	opIPv6AddressDelete                   = nxSetOp("nxd_ipv6_address_delete")
	opIPv6DefaultRouterAdd                = nxSetOp("nxd_ipv6_default_router_add")
	opIPv6DefaultRouterDelete             = nxSetOp("nxd_ipv6_default_router_delete")
	opIPv6DefaultRouterGet                = nxGetOp("nxd_ipv6_default_router_get")
	opIPv6DefaultRouterEntryGet           = nxGetOp("nxd_ipv6_default_router_entry_get")
	opIPv6DefaultRouterNumberOfEntriesGet = nxGetOp("nxd_ipv6_default_router_number_of_entries_get")
	opNDCacheEntrySet                     = nxSetOp("nxd_nd_cache_entry_set")
	opNDCacheInvalidate                   = nxSetOp("nxd_nd_cache_invalidate")
	opNDCacheHardwareAddressFind          = nxGetOp("nxd_nd_cache_hardware_address_find")
	opNDCacheIPAddressFind                = nxGetOp("nxd_nd_cache_ip_address_find")
	opNDCacheEntryDelete                  = nxSetOp("nxd_nd_cache_entry_delete")
)
