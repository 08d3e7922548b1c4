package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// IPAddressGet is nx_ip_address_get: interface 0's address and mask.
// Allowed from initialization and threads.
func IPAddressGet(ipPtr *IP, ipAddress, networkMask *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPAddressGet))
	if errorChecking {
		if ipAddress == nil || networkMask == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	*ipAddress, *networkMask = ipPtr.interfaces[0].address, ipPtr.interfaces[0].mask
	return nx.NX_SUCCESS
}

// IPAddressSet is nx_ip_address_set: interface 0 gets a new address and
// mask. Allowed from initialization and threads.
func IPAddressSet(ipPtr *IP, ipAddress, networkMask nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPAddressSet))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if ipAddress != 0 && !classABC(ipAddress) {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ipPtr.thread.Protect()
	ipPtr.interfaces[0].address, ipPtr.interfaces[0].mask = ipAddress, networkMask
	ipPtr.thread.Unprotect()
	return nx.NX_SUCCESS
}

// IPStatusCheck is nx_ip_status_check: *actualStatus receives which of the
// neededStatus bits (NX_IP_INITIALIZE_DONE, NX_IP_LINK_ENABLED,
// NX_IP_UDP_ENABLED, ...) hold for interface 0; the call polls once a tick
// for up to waitOption ticks until all do (NX_NOT_SUCCESSFUL otherwise).
// Threads only.
func IPStatusCheck(ipPtr *IP, neededStatus nx.ULONG, actualStatus *nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPStatusCheck))
	return statusCheck(ipPtr, 0, neededStatus, actualStatus, waitOption)
}

// IPInterfaceStatusCheck is nx_ip_interface_status_check: IPStatusCheck
// for one interface (NX_INVALID_INTERFACE for an index with none).
func IPInterfaceStatusCheck(ipPtr *IP, interfaceIndex nx.UINT, neededStatus nx.ULONG, actualStatus *nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceStatusCheck))
	return statusCheck(ipPtr, interfaceIndex, neededStatus, actualStatus, waitOption)
}

func statusCheck(ipPtr *IP, index nx.UINT, neededStatus nx.ULONG, actualStatus *nx.ULONG, waitOption nx.ULONG) nx.Status {
	if errorChecking {
		if actualStatus == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeIP(ipPtr, false); st != nx.NX_SUCCESS {
			return st
		}
		if int(index) >= MaxPhysicalInterfaces || !ipPtr.interfaces[index].valid {
			return nx.NX_INVALID_INTERFACE
		}
		if neededStatus&^0x1FF != 0 {
			return nx.NX_OPTION_ERROR
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	f := &ipPtr.interfaces[index]
	for {
		*actualStatus = ipPtr.status(f, neededStatus)
		if *actualStatus&neededStatus == neededStatus {
			return nx.NX_SUCCESS
		}
		if waitOption == nx.NX_NO_WAIT {
			return nx.NX_NOT_SUCCESSFUL
		}
		rtos.ThreadSleep(1)
		if waitOption != nx.NX_WAIT_FOREVER {
			waitOption--
		}
	}
}

// status computes the bits of nx_ip_interface_status_check for an
// interface (nx_ip_interface_status_check.c).
func (ip *IP) status(f *Interface, needed nx.ULONG) nx.ULONG {
	var s nx.ULONG
	add := func(bit nx.ULONG, ok bool) {
		if needed&bit != 0 && ok {
			s |= bit
		}
	}
	add(nx.NX_IP_INITIALIZE_DONE, ip.initializeDone)
	add(nx.NX_IP_ADDRESS_RESOLVED, f.address != 0)
	add(nx.NX_IP_ARP_ENABLED, ip.arp != nil)
	add(nx.NX_IP_RARP_COMPLETE, f.address != 0)
	add(nx.NX_IP_UDP_ENABLED, ip.udp != nil)
	if needed&(nx.NX_IP_LINK_ENABLED|nx.NX_IP_INTERFACE_LINK_ENABLED) != 0 {
		// The driver's answer; one that does not handle the request
		// leaves nx_interface_link_up to say, and one that fails says the
		// link is not enabled.
		var ret nx.ULONG
		up := false
		switch req := f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_GET_STATUS, NxIPDriverReturnPtr: &ret}); req.NxIPDriverStatus {
		case nx.NX_SUCCESS:
			up = ret == nx.NX_TRUE
		case nx.NX_UNHANDLED_COMMAND:
			up = f.linkUp
		}
		add(nx.NX_IP_LINK_ENABLED, up)
		add(nx.NX_IP_INTERFACE_LINK_ENABLED, up)
	}
	return s
}

// IPInterfaceAttach is nx_ip_interface_attach: the next free physical
// interface gets the address, mask and driver. If the IP thread has already
// started, the driver is attached, initialized and enabled at once, in the
// caller's context. NX_NO_MORE_ENTRIES when every interface is in use
// (MaxPhysicalInterfaces), NX_DUPLICATED_ENTRY for an address already on an
// interface. Allowed from initialization and threads.
func IPInterfaceAttach(ipPtr *IP, interfaceName string, ipAddress, networkMask nx.ULONG, ipLinkDriver Driver) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceAttach))
	if errorChecking {
		if ipLinkDriver == nil {
			return nx.NX_PTR_ERROR
		}
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if ipAddress != 0 && !classABC(ipAddress) {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	ip := ipPtr
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ip.thread.Protect()
	defer ip.thread.Unprotect()
	var free *Interface
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		f := &ip.interfaces[i]
		if f.valid && ipAddress != 0 && f.address == ipAddress {
			return nx.NX_DUPLICATED_ENTRY
		}
		if !f.valid && free == nil {
			free = f
		}
	}
	if free == nil {
		return nx.NX_NO_MORE_ENTRIES
	}
	*free = Interface{ip: ip, index: free.index, name: interfaceName, valid: true, address: ipAddress, mask: networkMask, driver: ipLinkDriver}
	if ip.initializeDone {
		free.bringUp()
	}
	return nx.NX_SUCCESS
}

// IPFragmentEnable is nx_ip_fragment_enable: IPv4 datagrams larger than the
// MTU are fragmented on send (unless the socket asked NX_DONT_FRAGMENT) and
// fragments are reassembled on receive. Off by default: oversize datagrams
// are dropped after a successful send, and received fragments are dropped.
func IPFragmentEnable(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPFragmentEnable))
	return setFragmentation(ipPtr, true)
}

// IPFragmentDisable is nx_ip_fragment_disable; pending reassemblies are
// dropped.
func IPFragmentDisable(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPFragmentDisable))
	return setFragmentation(ipPtr, false)
}

func setFragmentation(ipPtr *IP, on bool) nx.Status {
	return ipSetting(ipPtr, func(ip *IP) {
		ip.fragmentEnabled = on
		if !on {
			ip.reassemblyFlush()
		}
	})
}

// ipSetting is the shape of the services that change one setting of an
// instance: the nxe_ check (allowed from initialization and threads), the
// caller's own instance, the change made under the instance's protection.
func ipSetting(ipPtr *IP, change func(ip *IP)) nx.Status {
	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ipPtr.thread.Protect()
	change(ipPtr)
	ipPtr.thread.Unprotect()
	return nx.NX_SUCCESS
}

// IPGatewayAddressSet is nx_ip_gateway_address_set: IPv4 destinations off
// every attached subnet go to this router, which must be on one of them
// (NX_IP_ADDRESS_ERROR otherwise).
func IPGatewayAddressSet(ipPtr *IP, ipAddress nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPGatewayAddressSet))
	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
		if ipAddress == 0 || !classABC(ipAddress) {
			return nx.NX_IP_ADDRESS_ERROR
		}
	}
	ip := ipPtr
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		if f := &ip.interfaces[i]; f.onSubnet(ipAddress) {
			ip.gateway, ip.gatewayIfc = ipAddress, f
			return nx.NX_SUCCESS
		}
	}
	return nx.NX_IP_ADDRESS_ERROR
}

// interfaceArg checks an interface index for the nx_ip_interface_* services.
func interfaceArg(ipPtr *IP, index nx.UINT) (*Interface, nx.Status) {
	if errorChecking && !validIP(ipPtr) {
		return nil, nx.NX_PTR_ERROR
	}
	if ipPtr.ownKernel() == nil {
		return nil, nx.NX_CALLER_ERROR
	}
	if int(index) >= MaxPhysicalInterfaces || !ipPtr.interfaces[index].valid {
		return nil, nx.NX_INVALID_INTERFACE
	}
	return &ipPtr.interfaces[index], nx.NX_SUCCESS
}

// IPInterfaceMTUSet is nx_ip_interface_mtu_set, what a driver calls in
// NX_LINK_INITIALIZE (1500 for Ethernet).
func IPInterfaceMTUSet(ipPtr *IP, interfaceIndex nx.UINT, mtuSize nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceMTUSet))
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st == nx.NX_SUCCESS {
		f.mtu = mtuSize
	}
	return st
}

// IPInterfacePhysicalAddressSet is nx_ip_interface_physical_address_set:
// the interface's MAC. With updateDriver the driver is told first with
// NX_LINK_SET_PHYSICAL_ADDRESS, and the MAC changes only if the driver
// answers NX_SUCCESS; its status is returned
// (nx_ip_interface_physical_address_set.c).
func IPInterfacePhysicalAddressSet(ipPtr *IP, interfaceIndex nx.UINT, physicalMSW, physicalLSW nx.ULONG, updateDriver nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfacePhysicalAddressSet))
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	ipPtr.thread.Protect()
	defer ipPtr.thread.Unprotect()
	if updateDriver == nx.NX_TRUE {
		st = f.call(IPDriver{NxIPDriverCommand: nx.NX_LINK_SET_PHYSICAL_ADDRESS,
			NxIPDriverPhysicalAddressMsw: physicalMSW, NxIPDriverPhysicalAddressLsw: physicalLSW}).NxIPDriverStatus
	}
	if st == nx.NX_SUCCESS {
		f.msw, f.lsw = physicalMSW, physicalLSW
	}
	return st
}

// IPInterfaceAddressMappingConfigure is
// nx_ip_interface_address_mapping_configure: whether the interface needs ARP
// (IPv4) and neighbour entries (IPv6) to reach a peer.
func IPInterfaceAddressMappingConfigure(ipPtr *IP, interfaceIndex nx.UINT, mappingNeeded nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceAddressMapping))
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st == nx.NX_SUCCESS {
		f.mapping = mappingNeeded == nx.NX_TRUE
	}
	return st
}
