package netx_test

import (
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// withIPv6On enables IPv6 and ICMP on the stack (in its context) and runs
// call.
func withIPv6On(call func(t *testing.T, s *stack) nx.Status) func(t *testing.T, s *stack) nx.Status {
	return func(t *testing.T, s *stack) nx.Status {
		netx.IPv6Enable(&s.ip)
		netx.ICMPEnable(&s.ip)
		return call(t, s)
	}
}

// TestRegressICMPNXEAPI is netx_icmp_nxe_api_test.c: the status codes of
// the ICMP services' parameter checks (nxe_icmp_*.c, nxde_icmp_*.c) and of
// their cores. Not ported: nxd_icmp_source_ping and
// nxd_icmpv6_ra_flag_callback_set (not in nxsim's API).
func TestRegressICMPNXEAPI(t *testing.T) {
	var resp *packetpool.Packet
	var n nx.ULONG
	data := []byte(abc)
	to := v4(addrB)
	runRows(t, []row{
		{"nx_icmp_enable NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnableV4(nil) }, nx.NX_PTR_ERROR},
		{"nx_icmp_enable invalid IP", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnableV4(&netx.IP{}) }, nx.NX_PTR_ERROR},
		{"nx_icmp_enable", false, initc, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnableV4(&s.ip) }, nx.NX_SUCCESS},
		{"nx_icmp_enable twice", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnableV4(&s.ip)
			return netx.ICMPEnableV4(&s.ip)
		}, nx.NX_ALREADY_ENABLED},
		{"nx_icmp_enable from an ISR", true, isr, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnableV4(&s.ip) }, nx.NX_CALLER_ERROR},
		{"nx_icmp_info_get NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPInfoGet(nil, &n, &n, &n, &n, &n, &n)
		}, nx.NX_PTR_ERROR},
		{"nx_icmp_info_get, ICMP not enabled", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPInfoGet(&s.ip, &n, &n, &n, &n, &n, &n)
		}, nx.NX_NOT_ENABLED},
		{"nx_icmp_ping NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPingV4(nil, addrB, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nx_icmp_ping invalid IP", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPingV4(&netx.IP{}, addrB, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nx_icmp_ping NULL response pointer", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnableV4(&s.ip)
			return netx.ICMPPingV4(&s.ip, addrB, data, nil, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nx_icmp_ping address 0", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnableV4(&s.ip)
			return netx.ICMPPingV4(&s.ip, 0, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"nx_icmp_ping, ICMP not enabled", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPingV4(&s.ip, addrB, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_NOT_ENABLED},
		{"nx_icmp_ping in initialization", true, initc, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnableV4(&s.ip)
			return netx.ICMPPingV4(&s.ip, addrB, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_CALLER_ERROR},
		{"nx_icmp_ping without waiting", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnableV4(&s.ip)
			return netx.ICMPPingV4(&s.ip, addrB, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_NO_RESPONSE},
		{"nxd_icmp_enable NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnable(nil) }, nx.NX_PTR_ERROR},
		{"nxd_icmp_enable invalid IP", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnable(&netx.IP{}) }, nx.NX_PTR_ERROR},
		{"nxd_icmp_enable twice", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnable(&s.ip)
			return netx.ICMPEnable(&s.ip)
		}, nx.NX_SUCCESS},
		{"nxd_icmp_enable from a timer", true, timer, false, func(t *testing.T, s *stack) nx.Status { return netx.ICMPEnable(&s.ip) }, nx.NX_CALLER_ERROR},
		{"nxd_icmp_ping NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(nil, to, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_PTR_ERROR},
		{"nxd_icmp_ping NULL response pointer", true, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(&s.ip, to, data, nil, nx.NX_NO_WAIT)
		}), nx.NX_PTR_ERROR},
		{"nxd_icmp_ping NULL address", true, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(&s.ip, nil, data, &resp, nx.NX_NO_WAIT)
		}), nx.NX_IP_ADDRESS_ERROR},
		{"nxd_icmp_ping version 0x80", true, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(&s.ip, &nx.NXDAddress{NxdIPVersion: 0x80}, data, &resp, nx.NX_NO_WAIT)
		}), nx.NX_IP_ADDRESS_ERROR},
		{"nxd_icmp_ping IPv4, ICMPv4 not enabled", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(&s.ip, to, data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_NOT_ENABLED},
		{"nxd_icmp_ping IPv6, IPv6 not enabled", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			netx.ICMPEnable(&s.ip)
			return netx.ICMPPing(&s.ip, v6(v6B), data, &resp, nx.NX_NO_WAIT)
		}, nx.NX_NOT_ENABLED},
		{"nxd_icmp_ping IPv6, no address", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(&s.ip, v6(v6B), data, &resp, nx.NX_NO_WAIT)
		}), nx.NX_NO_INTERFACE_ADDRESS},
		{"nxd_icmp_ping in initialization", true, initc, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.ICMPPing(&s.ip, to, data, &resp, nx.NX_NO_WAIT)
		}), nx.NX_CALLER_ERROR},
	})
}

// TestRegressNDCacheNXEAPI is netx_nd_cache_nxe_api_test.c: the status
// codes of the neighbour cache services (nxde_nd_cache_*.c) and their
// cores.
func TestRegressNDCacheNXEAPI(t *testing.T) {
	var msw, lsw nx.ULONG
	var ifc nx.UINT
	var a nx.NXDAddress
	dest := []nx.ULONG{0x20010DB8, 0, 0, 0x99}
	mac := []byte{2, 0, 0, 0, 0, 9}
	runRows(t, []row{
		{"entry set NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntrySet(nil, dest, 0, mac) }, nx.NX_PTR_ERROR},
		{"entry set NULL address", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntrySet(&s.ip, nil, 0, mac) }, nx.NX_PTR_ERROR},
		{"entry set NULL MAC", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntrySet(&s.ip, dest, 0, nil) }, nx.NX_PTR_ERROR},
		{"entry set on interface 1", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntrySet(&s.ip, dest, 1, mac) }, nx.NX_INVALID_INTERFACE},
		{"entry set from an ISR", true, isr, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntrySet(&s.ip, dest, 0, mac) }, nx.NX_CALLER_ERROR},
		{"entry set", false, initc, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntrySet(&s.ip, dest, 0, mac) }, nx.NX_SUCCESS},
		{"entry delete NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntryDelete(nil, dest) }, nx.NX_PTR_ERROR},
		{"entry delete, no entry", false, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheEntryDelete(&s.ip, dest) }, nx.NX_ENTRY_NOT_FOUND},
		{"hardware address find NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheHardwareAddressFind(nil, v6(v6B), &msw, &lsw, &ifc)
		}, nx.NX_PTR_ERROR},
		{"hardware address find, IPv4 address", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheHardwareAddressFind(&s.ip, v4(addrB), &msw, &lsw, &ifc)
		}, nx.NX_INVALID_PARAMETERS},
		{"hardware address find NULL interface", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheHardwareAddressFind(&s.ip, v6(v6B), &msw, &lsw, nil)
		}, nx.NX_PTR_ERROR},
		{"hardware address find in initialization", true, initc, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheHardwareAddressFind(&s.ip, v6(v6B), &msw, &lsw, &ifc)
		}, nx.NX_CALLER_ERROR},
		{"hardware address find, no entry", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheHardwareAddressFind(&s.ip, v6(v6B), &msw, &lsw, &ifc)
		}, nx.NX_ENTRY_NOT_FOUND},
		{"IP address find, MAC 0", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheIPAddressFind(&s.ip, &a, 0, 0, &ifc)
		}, nx.NX_INVALID_PARAMETERS},
		{"IP address find NULL address", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheIPAddressFind(&s.ip, nil, 0x0200, 9, &ifc)
		}, nx.NX_PTR_ERROR},
		{"IP address find, no entry", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.NDCacheIPAddressFind(&s.ip, &a, 0x0200, 9, &ifc)
		}, nx.NX_ENTRY_NOT_FOUND},
		{"invalidate NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheInvalidate(nil) }, nx.NX_PTR_ERROR},
		{"invalidate in initialization", true, initc, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheInvalidate(&s.ip) }, nx.NX_CALLER_ERROR},
		{"invalidate", false, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.NDCacheInvalidate(&s.ip) }, nx.NX_SUCCESS},
	})
}

// TestRegressIPv6NXEAPI is netx_ipv6_nxe_api_test.c for the services nxsim
// has: the status codes of nxd_ipv6_enable, nxd_ipv6_address_set/get/delete
// and the default router services (nxde_ipv6_*.c) and of their cores. Not
// ported: nxd_ipv6_disable, the address change notify and the
// services that go with router advertisements and multicast.
func TestRegressIPv6NXEAPI(t *testing.T) {
	var a nx.NXDAddress
	var prefix, lifetime nx.ULONG
	var ifc, index nx.UINT
	set := func(s *stack, last nx.ULONG) nx.Status {
		return netx.IPv6AddressSet(&s.ip, 0, v6([4]nx.ULONG{0x20010DB8, 0, 0, last}), 64, nil)
	}
	router := v6([4]nx.ULONG{0x20010DB8, 0, 0, 1})
	runRows(t, []row{
		{"enable NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6Enable(nil) }, nx.NX_PTR_ERROR},
		{"enable from an ISR", true, isr, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6Enable(&s.ip) }, nx.NX_CALLER_ERROR},
		{"enable twice", false, initc, false, func(t *testing.T, s *stack) nx.Status {
			netx.IPv6Enable(&s.ip)
			return netx.IPv6Enable(&s.ip)
		}, nx.NX_ALREADY_ENABLED},
		{"address set NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6AddressSet(nil, 0, v6(v6A), 64, nil) }, nx.NX_PTR_ERROR},
		{"address set on interface 1", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6AddressSet(&s.ip, 1, v6(v6A), 64, nil) }, nx.NX_INVALID_INTERFACE},
		{"address set, multicast address", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressSet(&s.ip, 0, v6([4]nx.ULONG{0xFF020000, 0, 0, 1}), 64, nil)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"address set, no address and prefix 64", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressSet(&s.ip, 0, nil, 64, nil)
		}, nx.NX_IP_ADDRESS_ERROR},
		{"address set twice", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			set(s, 1)
			return set(s, 1)
		}), nx.NX_DUPLICATED_ENTRY},
		{"address set, table full", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			for i := range nx.ULONG(3) {
				set(s, i+1)
			}
			return set(s, 4)
		}), nx.NX_NO_MORE_ENTRIES},
		{"address get NULL prefix", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressGet(&s.ip, 0, &a, nil, &ifc)
		}, nx.NX_PTR_ERROR},
		{"address get index 4", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressGet(&s.ip, 4, &a, &prefix, &ifc)
		}, nx.NX_NO_INTERFACE_ADDRESS},
		{"address get, unset", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6AddressGet(&s.ip, 0, &a, &prefix, &ifc)
		}), nx.NX_NO_INTERFACE_ADDRESS},
		{"address get, still tentative", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			netx.IPv6AddressSet(&s.ip, 0, v6(v6A), 64, &index)
			return netx.IPv6AddressGet(&s.ip, index, &a, &prefix, &ifc)
		}), nx.NX_NO_INTERFACE_ADDRESS},
		{"address delete index 3", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6AddressDelete(&s.ip, 3) }, nx.NX_NO_INTERFACE_ADDRESS},
		{"address delete, unset", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status { return netx.IPv6AddressDelete(&s.ip, 0) }), nx.NX_NO_INTERFACE_ADDRESS},
		{"address delete", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			set(s, 1)
			return netx.IPv6AddressDelete(&s.ip, 0)
		}), nx.NX_SUCCESS},
		{"router add NULL", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6DefaultRouterAdd(nil, router, 100, 0) }, nx.NX_PTR_ERROR},
		{"router add, IPv4 address", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6DefaultRouterAdd(&s.ip, v4(addrB), 100, 0) }, nx.NX_INVALID_PARAMETERS},
		{"router add on interface 1", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6DefaultRouterAdd(&s.ip, router, 100, 1) }, nx.NX_INVALID_INTERFACE},
		{"router add, off-link global address", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6DefaultRouterAdd(&s.ip, router, 100, 0)
		}), nx.NX_IP_ADDRESS_ERROR},
		{"router add, table full", false, thread, false, withIPv6On(func(t *testing.T, s *stack) nx.Status {
			for i := range nx.ULONG(8) {
				netx.IPv6DefaultRouterAdd(&s.ip, v6([4]nx.ULONG{0xFE800000, 0, 0, i + 1}), 100, 0)
			}
			return netx.IPv6DefaultRouterAdd(&s.ip, v6([4]nx.ULONG{0xFE800000, 0, 0, 9}), 100, 0)
		}), nx.NX_NO_MORE_ENTRIES},
		{"router delete, empty table", false, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6DefaultRouterDelete(&s.ip, router) }, nx.NX_SUCCESS},
		{"router delete, IPv4 address", true, thread, false, func(t *testing.T, s *stack) nx.Status { return netx.IPv6DefaultRouterDelete(&s.ip, v4(addrB)) }, nx.NX_INVALID_PARAMETERS},
		{"router entry get index 8", true, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6DefaultRouterEntryGet(&s.ip, 0, 8, &a, &lifetime, &prefix, nil)
		}, nx.NX_INVALID_INTERFACE},
		{"router get, none", false, thread, false, func(t *testing.T, s *stack) nx.Status {
			return netx.IPv6DefaultRouterGet(&s.ip, 0, &a, &lifetime, &prefix)
		}, nx.NX_NOT_FOUND},
	})
}
