package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// The IP instance's information and per-interface services
// (nx_ip_info_get.c, nx_ip_interface_*.c, nx_ip_gateway_address_*.c,
// nx_ip_driver_*direct_command.c).

// IPInfoGet is nx_ip_info_get: the instance's IP counters. Any
// out-pointer may be nil. Allowed from initialization and threads.
func IPInfoGet(ipPtr *IP, totalPacketsSent, totalBytesSent, totalPacketsReceived, totalBytesReceived,
	invalidPackets, receivePacketsDropped, receiveChecksumErrors, sendPacketsDropped,
	totalFragmentsSent, totalFragmentsReceived *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInfoGet))
	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	s := &ipPtr.Stats
	setULONGs(totalPacketsSent, s.TotalPacketsSent, totalBytesSent, s.TotalBytesSent,
		totalPacketsReceived, s.TotalPacketsReceived, totalBytesReceived, s.TotalBytesReceived,
		invalidPackets, s.InvalidPackets, receivePacketsDropped, s.ReceivePacketsDropped,
		receiveChecksumErrors, s.ChecksumErrors, sendPacketsDropped, s.SendPacketsDropped,
		totalFragmentsSent, s.FragmentsSent, totalFragmentsReceived, s.FragmentsReceived)
	return nx.NX_SUCCESS
}

// nxeInterface is the check of the nxe_ip_interface_* services: a valid
// instance, an index below NX_MAX_PHYSICAL_INTERFACES (and, when valid is
// asked, an attached interface), from initialization or a thread.
func nxeInterface(ip *IP, index nx.UINT, mustBeValid bool) nx.Status {
	switch {
	case !validIP(ip):
		return nx.NX_PTR_ERROR
	case int(index) >= MaxPhysicalInterfaces, mustBeValid && !ip.interfaces[index].valid:
		return nx.NX_INVALID_INTERFACE
	case notInitOrThreads():
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// IPInterfaceAddressGet is nx_ip_interface_address_get: the IPv4 address
// and mask of an attached interface. Allowed from initialization and
// threads.
func IPInterfaceAddressGet(ipPtr *IP, interfaceIndex nx.UINT, ipAddress, networkMask *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceAddressGet))
	return interfacePairGet(ipPtr, interfaceIndex, true, ipAddress, networkMask,
		func(f *Interface) (nx.ULONG, nx.ULONG) { return f.address, f.mask })
}

// interfacePairGet is the shape of the nx_ip_interface_*_get services that
// answer two ULONGs of an interface (both out-pointers required).
func interfacePairGet(ipPtr *IP, index nx.UINT, mustBeValid bool, a, b *nx.ULONG, get func(*Interface) (nx.ULONG, nx.ULONG)) nx.Status {
	if errorChecking {
		if a == nil || b == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeInterface(ipPtr, index, mustBeValid); st != nx.NX_SUCCESS {
			return st
		}
	}
	f, st := interfaceArg(ipPtr, index)
	if st == nx.NX_SUCCESS {
		*a, *b = get(f)
	}
	return st
}

// IPInterfaceAddressSet is nx_ip_interface_address_set: an attached
// interface gets a new IPv4 address (class A, B or C) and mask; its
// address-defence timer restarts. Allowed from initialization and
// threads.
func IPInterfaceAddressSet(ipPtr *IP, interfaceIndex nx.UINT, ipAddress, networkMask nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceAddressSet))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if !classABC(ipAddress) {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if st := nxeInterface(ipPtr, interfaceIndex, true); st != nx.NX_SUCCESS {
			return st
		}
	}
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	ipPtr.thread.Protect()
	f.address, f.mask, f.arpDefend = ipAddress, networkMask, 0
	ipPtr.thread.Unprotect()
	return nx.NX_SUCCESS
}

// IPInterfaceInfoGet is nx_ip_interface_info_get: an attached interface's
// name, IPv4 address and mask, MTU and MAC. Any out-pointer may be nil.
// NX_INVALID_INTERFACE for an index with no interface. Allowed from
// initialization and threads.
func IPInterfaceInfoGet(ipPtr *IP, interfaceIndex nx.UINT, interfaceName *string, ipAddress, networkMask,
	mtuSize, physicalAddressMSW, physicalAddressLSW *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfaceInfoGet))
	if errorChecking {
		if st := nxeInterface(ipPtr, interfaceIndex, false); st != nx.NX_SUCCESS {
			return st
		}
	}
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	if interfaceName != nil {
		*interfaceName = f.name
	}
	setULONGs(ipAddress, f.address, networkMask, f.mask, mtuSize, f.mtu, physicalAddressMSW, f.msw, physicalAddressLSW, f.lsw)
	return nx.NX_SUCCESS
}

// IPInterfacePhysicalAddressGet is nx_ip_interface_physical_address_get:
// the interface's MAC (top 16 bits, low 32 bits). Allowed from
// initialization and threads.
func IPInterfacePhysicalAddressGet(ipPtr *IP, interfaceIndex nx.UINT, physicalMSW, physicalLSW *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPInterfacePhysicalAddressGet))
	return interfacePairGet(ipPtr, interfaceIndex, false, physicalMSW, physicalLSW,
		func(f *Interface) (nx.ULONG, nx.ULONG) { return f.msw, f.lsw })
}

// IPGatewayAddressGet is nx_ip_gateway_address_get: NX_NOT_FOUND when no
// gateway is set. Allowed from initialization and threads.
func IPGatewayAddressGet(ipPtr *IP, ipAddress *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPGatewayAddressGet))
	if errorChecking {
		if ipAddress == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if ipPtr.gateway == 0 {
		return nx.NX_NOT_FOUND
	}
	*ipAddress = ipPtr.gateway
	return nx.NX_SUCCESS
}

// IPGatewayAddressClear is nx_ip_gateway_address_clear: destinations off
// every attached subnet have no route again. Allowed from initialization
// and threads.
func IPGatewayAddressClear(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPGatewayAddressClear))
	return ipSetting(ipPtr, func(ip *IP) { ip.gateway, ip.gatewayIfc = 0, nil })
}

// IPDriverDirectCommand is nx_ip_driver_direct_command: the command (an
// NX_LINK_* request without a packet, such as NX_LINK_GET_STATUS) goes to
// interface 0's driver, holding the instance's protection; the driver's
// status is returned (NX_UNHANDLED_COMMAND for what it does not serve).
func IPDriverDirectCommand(ipPtr *IP, command nx.UINT, returnValuePtr *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPDriverDirectCommand))
	return IPDriverInterfaceDirectCommand(ipPtr, command, 0, returnValuePtr)
}

// IPDriverInterfaceDirectCommand is nx_ip_driver_interface_direct_command:
// IPDriverDirectCommand for the driver of one interface. Allowed from
// initialization and threads.
func IPDriverInterfaceDirectCommand(ipPtr *IP, command nx.UINT, interfaceIndex nx.UINT, returnValuePtr *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opIPDriverInterfaceDirectCommand))
	if errorChecking {
		if returnValuePtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeInterface(ipPtr, interfaceIndex, false); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	f := &ipPtr.interfaces[interfaceIndex]
	ipPtr.thread.Protect()
	defer ipPtr.thread.Unprotect()
	return f.call(IPDriver{NxIPDriverCommand: command, NxIPDriverReturnPtr: returnValuePtr}).NxIPDriverStatus
}
