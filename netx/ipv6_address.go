package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// IPv6AddressGet is nxd_ipv6_address_get: the address at addressIndex of
// the instance's table with its prefix length and interface.
// NX_NO_INTERFACE_ADDRESS (and the unspecified address) when that entry is
// not a valid address — unset, or still tentative. Allowed from
// initialization and threads.
func IPv6AddressGet(ipPtr *IP, addressIndex nx.UINT, ipAddress *nx.NXDAddress, prefixLength *nx.ULONG, interfaceIndex *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6AddressGet))
	if errorChecking {
		if !validIP(ipPtr) || ipAddress == nil || prefixLength == nil || interfaceIndex == nil {
			return nx.NX_PTR_ERROR
		}
		if int(addressIndex) >= 3*MaxPhysicalInterfaces+1 {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	table := ipPtr.v6.addresses()
	if int(addressIndex) >= len(table) || table[addressIndex].state != addrStateValid {
		ipAddress.NxdIPAddress.V6 = ipv6Unspecified
		return nx.NX_NO_INTERFACE_ADDRESS
	}
	a := &table[addressIndex]
	ipAddress.NxdIPVersion = nx.NX_IP_VERSION_V6
	ipAddress.NxdIPAddress.V6 = a.address
	*prefixLength = a.prefixLen
	*interfaceIndex = nx.UINT(a.ifc.index)
	return nx.NX_SUCCESS
}

// IPv6AddressDelete is nxd_ipv6_address_delete: the address at
// addressIndex leaves its interface and the instance's table (its
// solicited-node group is left). NX_NO_INTERFACE_ADDRESS when the entry
// is not in use. Allowed from initialization and threads.
func IPv6AddressDelete(ipPtr *IP, addressIndex nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPv6AddressDelete))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if int(addressIndex) >= 3*MaxPhysicalInterfaces {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	table := ipPtr.v6.addresses()
	if int(addressIndex) >= len(table) || !table[addressIndex].valid {
		return nx.NX_NO_INTERFACE_ADDRESS
	}
	a := &table[addressIndex]
	f := a.ifc
	if !f.removeIPv6(a) {
		return nx.NX_NO_INTERFACE_ADDRESS
	}
	if f.driver != nil && f.linkUp && ipPtr.thread.Started() {
		f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_MULTICAST_LEAVE,
			NxIPDriverPhysicalAddressMsw: 0x3333, NxIPDriverPhysicalAddressLsw: solicitedNode(a.address)[3]})
	}
	*a = ipv6Address{index: a.index}
	return nx.NX_SUCCESS
}

// removeIPv6 takes an address off the interface's list.
func (f *Interface) removeIPv6(a *ipv6Address) bool {
	for i, x := range f.ipv6 {
		if x == a {
			f.ipv6 = append(f.ipv6[:i:i], f.ipv6[i+1:]...)
			return true
		}
	}
	return false
}
