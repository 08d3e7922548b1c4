package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// routerTableSize is NX_IPV6_DEFAULT_ROUTER_TABLE_SIZE.
const routerTableSize = 8

// defaultRouter is NX_IPV6_DEFAULT_ROUTER_ENTRY.
type defaultRouter struct {
	valid    bool
	address  [4]nx.ULONG
	lifetime nx.ULONG
	ifc      *Interface
	nd       *ndEntry
}

// IPv6DefaultRouterAdd is nxd_ipv6_default_router_add: off-link IPv6
// destinations on the interface go through routerAddr, which must be
// link-local or inside the prefix of one of the interface's addresses
// (NX_IP_ADDRESS_ERROR otherwise). Adding a router the table has updates
// its lifetime; NX_NO_MORE_ENTRIES when the table is full. routerLifetime
// is kept (seconds; NetX only ages routers learnt from advertisements).
// Allowed from initialization and threads.
func IPv6DefaultRouterAdd(ipPtr *IP, routerAddr *nx.NXDAddress, routerLifetime nx.ULONG, interfaceIndex nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6DefaultRouterAdd))
	if errorChecking {
		if !validIP(ipPtr) || routerAddr == nil {
			return nx.NX_PTR_ERROR
		}
		if routerAddr.NxdIPVersion != nx.NX_IP_VERSION_V6 {
			return nx.NX_INVALID_PARAMETERS
		}
		if int(interfaceIndex) >= MaxPhysicalInterfaces || !ipPtr.interfaces[interfaceIndex].valid {
			return nx.NX_INVALID_INTERFACE
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	defer ipPtr.protect()()
	a := routerAddr.NxdIPAddress.V6
	if isMulticast(a) || a == ipv6Unspecified {
		return nx.NX_IP_ADDRESS_ERROR
	}
	if !isLinkLocal(a) {
		onLink := false
		for _, x := range f.ipv6 {
			onLink = onLink || onPrefix(a, x.address, x.prefixLen)
		}
		if !onLink {
			return nx.NX_IP_ADDRESS_ERROR
		}
	}
	var free *defaultRouter
	for i := range ipPtr.v6.routers {
		r := &ipPtr.v6.routers[i]
		if r.valid && r.address == a && r.ifc == f {
			r.lifetime = routerLifetime & 0xFFFF
			return nx.NX_SUCCESS
		}
		if !r.valid && free == nil {
			free = r
		}
	}
	if free == nil {
		return nx.NX_NO_MORE_ENTRIES
	}
	*free = defaultRouter{valid: true, address: a, lifetime: routerLifetime & 0xFFFF, ifc: f}
	return nx.NX_SUCCESS
}

// IPv6DefaultRouterDelete is nxd_ipv6_default_router_delete: NX_NOT_FOUND
// for a router the table does not have — except that an empty table gives
// NX_SUCCESS, as nxd_ipv6_default_router_delete.c checks that first.
// Allowed from initialization and threads.
func IPv6DefaultRouterDelete(ipPtr *IP, routerAddress *nx.NXDAddress) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6DefaultRouterDelete))
	if errorChecking {
		if !validIP(ipPtr) || routerAddress == nil {
			return nx.NX_PTR_ERROR
		}
		if routerAddress.NxdIPVersion != nx.NX_IP_VERSION_V6 {
			return nx.NX_INVALID_PARAMETERS
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	return ipPtr.routerDelete(routerAddress.NxdIPAddress.V6)
}

func (ip *IP) routerDelete(a [4]nx.ULONG) nx.Status {
	empty := true
	for i := range ip.v6.routers {
		empty = empty && !ip.v6.routers[i].valid
	}
	if empty {
		return nx.NX_SUCCESS
	}
	if r := ip.routerByAddress(a); r != nil {
		if r.nd != nil {
			r.nd.router = nil
		}
		*r = defaultRouter{}
		return nx.NX_SUCCESS
	}
	return nx.NX_NOT_FOUND
}

func (ip *IP) routerByAddress(a [4]nx.ULONG) *defaultRouter {
	for i := range ip.v6.routers {
		if r := &ip.v6.routers[i]; r.valid && r.address == a {
			return r
		}
	}
	return nil
}

// routerFor returns the first default router of an interface, or nil.
func (ip *IP) routerFor(f *Interface) *defaultRouter {
	for i := range ip.v6.routers {
		if r := &ip.v6.routers[i]; r.valid && r.ifc == f {
			return r
		}
	}
	return nil
}

// routeTypeStatic is NX_IPV6_ROUTE_TYPE_STATIC, how routers added by the
// application are configured.
const routeTypeStatic = 0x04

// IPv6DefaultRouterGet is nxd_ipv6_default_router_get: the first default
// router of an interface (IPv6DefaultRouterEntryGet with entry 0).
func IPv6DefaultRouterGet(ipPtr *IP, interfaceIndex nx.UINT, routerAddr *nx.NXDAddress, routerLifetime, prefixLength *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6DefaultRouterGet))
	if errorChecking {
		if !validIP(ipPtr) || routerAddr == nil || routerLifetime == nil || prefixLength == nil {
			return nx.NX_PTR_ERROR
		}
		if int(interfaceIndex) >= MaxPhysicalInterfaces {
			return nx.NX_INVALID_INTERFACE
		}
	}
	return ipPtr.routerEntry(interfaceIndex, 0, routerAddr, routerLifetime, prefixLength, nil)
}

// IPv6DefaultRouterEntryGet is nxd_ipv6_default_router_entry_get: the
// entryIndex-th default router of an interface, its lifetime, prefix length
// (10 for a link-local router, else 64) and configuration method
// (NX_IPV6_ROUTE_TYPE_STATIC for routers the application added); any output
// may be nil. NX_NOT_FOUND past the last one. Allowed from initialization
// and threads.
func IPv6DefaultRouterEntryGet(ipPtr *IP, interfaceIndex, entryIndex nx.UINT, routerAddr *nx.NXDAddress,
	routerLifetime, prefixLength, configurationMethod *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6DefaultRouterEntryGet))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if int(interfaceIndex) >= MaxPhysicalInterfaces || entryIndex >= routerTableSize {
			return nx.NX_INVALID_INTERFACE
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	return ipPtr.routerEntry(interfaceIndex, entryIndex, routerAddr, routerLifetime, prefixLength, configurationMethod)
}

func (ip *IP) routerEntry(ifIndex, entry nx.UINT, addr *nx.NXDAddress, lifetime, prefixLength, method *nx.ULONG) nx.Status {
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ip.protect()()
	for i := range ip.v6.routers {
		r := &ip.v6.routers[i]
		if !r.valid || r.ifc.index != int(ifIndex) {
			continue
		}
		if entry > 0 {
			entry--
			continue
		}
		if addr != nil {
			addr.NxdIPVersion, addr.NxdIPAddress.V6 = nx.NX_IP_VERSION_V6, r.address
		}
		if lifetime != nil {
			*lifetime = r.lifetime
		}
		if prefixLength != nil {
			*prefixLength = 64
			if isLinkLocal(r.address) {
				*prefixLength = 10
			}
		}
		if method != nil {
			*method = routeTypeStatic
		}
		return nx.NX_SUCCESS
	}
	return nx.NX_NOT_FOUND
}

// IPv6DefaultRouterNumberOfEntriesGet is
// nxd_ipv6_default_router_number_of_entries_get: how many default routers
// an interface has.
func IPv6DefaultRouterNumberOfEntriesGet(ipPtr *IP, interfaceIndex nx.UINT, numEntries *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6DefaultRouterNumberOfEntriesGet))
	if errorChecking {
		if !validIP(ipPtr) || numEntries == nil {
			return nx.NX_PTR_ERROR
		}
		if int(interfaceIndex) >= MaxPhysicalInterfaces {
			return nx.NX_INVALID_INTERFACE
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	*numEntries = 0
	for i := range ipPtr.v6.routers {
		if r := &ipPtr.v6.routers[i]; r.valid && r.ifc.index == int(interfaceIndex) {
			*numEntries++
		}
	}
	return nx.NX_SUCCESS
}
