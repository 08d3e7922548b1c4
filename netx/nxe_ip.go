package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// nxeIPCreate is nxe_ip_create.c's check.
func nxeIPCreate(ip *IP, address nx.ULONG, pool *packetpool.Pool, driver Driver, stack []byte, priority nx.UINT) nx.Status {
	if ip == nil || pool == nil || pool.Total() == 0 || driver == nil || stack == nil || ip.id == ipID {
		return nx.NX_PTR_ERROR
	}
	if _, k := rtos.CurrentContext(); k != nil {
		for _, other := range Instances(k) {
			if stacksOverlap(stack, other.stack) {
				return nx.NX_PTR_ERROR
			}
		}
	}
	switch {
	case len(stack) < nx.TX_MINIMUM_STACK:
		return nx.NX_SIZE_ERROR
	case priority >= nx.TX_MAX_PRIORITIES:
		return nx.NX_OPTION_ERROR
	case address != 0 && !classABC(address):
		return nx.NX_IP_ADDRESS_ERROR
	case notInitOrThreads():
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// nxeIP checks an instance pointer and one of the caller checks.
func nxeIP(ip *IP, refused bool) nx.Status {
	if !validIP(ip) {
		return nx.NX_PTR_ERROR
	}
	if refused {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}
