package netx

import "github.com/nxsim/nxsim/nx"

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
