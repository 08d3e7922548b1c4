package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// NDCacheHardwareAddressFind is nxd_nd_cache_hardware_address_find: the
// MAC and interface the cache holds for an IPv6 address (in any state).
// NX_ENTRY_NOT_FOUND without an entry. Threads only.
func NDCacheHardwareAddressFind(ipPtr *IP, ipAddress *nx.NXDAddress, physicalMsw, physicalLsw *nx.ULONG, interfaceIndex *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opNDCacheHardwareAddressFind))
	if errorChecking {
		if !validIP(ipPtr) || ipAddress == nil || physicalMsw == nil || physicalLsw == nil {
			return nx.NX_PTR_ERROR
		}
		if ipAddress.NxdIPVersion != nx.NX_IP_VERSION_V6 {
			return nx.NX_INVALID_PARAMETERS
		}
		if interfaceIndex == nil {
			return nx.NX_PTR_ERROR
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	e := ipPtr.ndFind(ipAddress.NxdIPAddress.V6)
	if e == nil {
		return nx.NX_ENTRY_NOT_FOUND
	}
	*physicalMsw, *physicalLsw = e.msw, e.lsw
	*interfaceIndex = nx.UINT(e.ifc.index)
	return nx.NX_SUCCESS
}

// NDCacheIPAddressFind is nxd_nd_cache_ip_address_find: the IPv6 address
// and interface of the first cache entry with a MAC. NX_ENTRY_NOT_FOUND
// without one; NX_INVALID_PARAMETERS for the zero MAC. Threads only.
func NDCacheIPAddressFind(ipPtr *IP, ipAddress *nx.NXDAddress, physicalMsw, physicalLsw nx.ULONG, interfaceIndex *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opNDCacheIPAddressFind))
	if errorChecking {
		if !validIP(ipPtr) || ipAddress == nil || interfaceIndex == nil {
			return nx.NX_PTR_ERROR
		}
		if physicalMsw == 0 && physicalLsw == 0 {
			return nx.NX_INVALID_PARAMETERS
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	for i := range ipPtr.v6.nd {
		if e := &ipPtr.v6.nd[i]; e.state != ndStateInvalid && e.msw == physicalMsw && e.lsw == physicalLsw {
			ipAddress.NxdIPVersion = nx.NX_IP_VERSION_V6
			ipAddress.NxdIPAddress.V6 = e.address
			*interfaceIndex = nx.UINT(e.ifc.index)
			return nx.NX_SUCCESS
		}
	}
	return nx.NX_ENTRY_NOT_FOUND
}

// NDCacheEntryDelete is nxd_nd_cache_entry_delete: the entry for destIP
// goes, with what waited in it. NX_ENTRY_NOT_FOUND without one. Allowed
// from initialization and threads.
func NDCacheEntryDelete(ipPtr *IP, destIP []nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opNDCacheEntryDelete))
	if errorChecking {
		if !validIP(ipPtr) || len(destIP) < 4 {
			return nx.NX_PTR_ERROR
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	e := ipPtr.ndFind([4]nx.ULONG(destIP[:4]))
	if e == nil {
		return nx.NX_ENTRY_NOT_FOUND
	}
	ipPtr.ndDelete(e)
	return nx.NX_SUCCESS
}
