package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// The ARP services beyond enable, static entries and address lookup
// (nx_arp_*.c, nxe_arp_*.c).

// ARPDynamicEntrySet is nx_arp_dynamic_entry_set: a dynamic entry for an
// address on an attached subnet (NX_IP_ADDRESS_ERROR otherwise, and for
// class D and broadcast addresses). With a MAC, what waited for the
// address is sent; with MAC 0 an ARP request goes out and the entry is
// pending. NX_DUPLICATED_ENTRY if a static entry holds the address.
// Threads only.
func ARPDynamicEntrySet(ipPtr *IP, ipAddress, physicalMSW, physicalLSW nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPDynamicEntrySet))
	if errorChecking {
		if st := nxeARP(ipPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
		if ipAddress == 0 || ipAddress&0xF0000000 == 0xE0000000 || ipAddress == 0xFFFFFFFF {
			return nx.NX_IP_ADDRESS_ERROR
		}
	}
	ip := ipPtr
	if st := ip.arpUsable(); st != nx.NX_SUCCESS {
		return st
	}
	f := ip.directInterface(ipAddress)
	if f == nil {
		return nx.NX_IP_ADDRESS_ERROR
	}
	ip.thread.Protect()
	defer ip.thread.Unprotect()
	e := ip.arp.find(ipAddress)
	switch {
	case e != nil && e.static:
		return nx.NX_DUPLICATED_ENTRY
	case e == nil:
		if e = ip.arpAllocate(ipAddress); e == nil {
			return nx.NX_NO_MORE_ENTRIES
		}
	}
	e.msw, e.lsw, e.retries, e.ifc = physicalMSW, physicalLSW, 0, f
	if physicalMSW|physicalLSW == 0 {
		e.resolved, e.nextUpdate = false, nx.NX_ARP_UPDATE_RATE
		ip.arpRequest(f, ipAddress)
		return nx.NX_SUCCESS
	}
	e.resolved, e.nextUpdate = true, nx.NX_ARP_EXPIRATION_RATE
	ip.arpSendWaiting(e)
	return nx.NX_SUCCESS
}

// directInterface returns the physical interface whose subnet holds the
// address (the direct route of _nx_ip_route_find), or nil.
func (ip *IP) directInterface(a nx.ULONG) *Interface {
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		if f := &ip.interfaces[i]; f.onSubnet(a) {
			return f
		}
	}
	return nil
}

// ARPIPAddressFind is nx_arp_ip_address_find: the IPv4 address of the
// entry with that MAC — static entries first, then dynamic ones;
// NX_ENTRY_NOT_FOUND otherwise (MAC 0 is NX_INVALID_PARAMETERS). Threads
// only.
func ARPIPAddressFind(ipPtr *IP, ipAddress *nx.ULONG, physicalMSW, physicalLSW nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPIPAddressFind))
	if errorChecking {
		if ipAddress == nil {
			return nx.NX_PTR_ERROR
		}
		if physicalMSW|physicalLSW == 0 {
			return nx.NX_INVALID_PARAMETERS
		}
		if st := nxeARP(ipPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	ip := ipPtr
	if st := ip.arpUsable(); st != nx.NX_SUCCESS {
		return st
	}
	for _, static := range []bool{true, false} {
		for _, e := range ip.arp.entries {
			if e.static == static && e.msw == physicalMSW && e.lsw == physicalLSW {
				*ipAddress = e.address
				return nx.NX_SUCCESS
			}
		}
	}
	return nx.NX_ENTRY_NOT_FOUND
}

// ARPInfoGet is nx_arp_info_get: the ARP counters and the number of
// dynamic and static entries. Any out-pointer may be nil. Threads only.
func ARPInfoGet(ipPtr *IP, arpRequestsSent, arpRequestsReceived, arpResponsesSent, arpResponsesReceived,
	arpDynamicEntries, arpStaticEntries, arpAgedEntries, arpInvalidMessages *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPInfoGet))
	if errorChecking {
		if st := nxeARP(ipPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	ip := ipPtr
	if st := ip.arpUsable(); st != nx.NX_SUCCESS {
		return st
	}
	var static nx.ULONG
	for _, e := range ip.arp.entries {
		if e.static {
			static++
		}
	}
	s := &ip.Stats
	setULONGs(arpRequestsSent, s.ARPRequestsSent, arpRequestsReceived, s.ARPRequestsReceived,
		arpResponsesSent, s.ARPResponsesSent, arpResponsesReceived, s.ARPResponsesReceived,
		arpDynamicEntries, nx.ULONG(len(ip.arp.entries))-static, arpStaticEntries, static,
		arpAgedEntries, s.ARPAgedOut, arpInvalidMessages, s.ARPInvalidMessages)
	return nx.NX_SUCCESS
}

// ARPEntryDelete is nx_arp_entry_delete: the entry for the address, static
// or dynamic, goes, and what waited on it is dropped; NX_ENTRY_NOT_FOUND if
// there is none. Allowed from initialization and threads.
func ARPEntryDelete(ipPtr *IP, ipAddress nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPEntryDelete))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if ipAddress == 0 {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	return ipPtr.arpLocked(func(ip *IP) nx.Status {
		e := ip.arp.find(ipAddress)
		if e == nil {
			return nx.NX_ENTRY_NOT_FOUND
		}
		ip.arpRemove(e)
		return nx.NX_SUCCESS
	})
}

// ARPDynamicEntriesInvalidate is nx_arp_dynamic_entries_invalidate: every
// dynamic entry goes, and what waited on them is dropped. Threads only.
func ARPDynamicEntriesInvalidate(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPDynamicEntriesInvalidate))
	return arpDeleteAll(ipPtr, false, notThreads)
}

// ARPStaticEntriesDelete is nx_arp_static_entries_delete: every static
// entry goes. Allowed from initialization and threads.
func ARPStaticEntriesDelete(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPStaticEntriesDelete))
	return arpDeleteAll(ipPtr, true, notInitOrThreads)
}

func arpDeleteAll(ipPtr *IP, static bool, refused func() bool) nx.Status {
	if errorChecking {
		if st := nxeARP(ipPtr, refused()); st != nx.NX_SUCCESS {
			return st
		}
	}
	return ipPtr.arpLocked(func(ip *IP) nx.Status {
		for _, e := range append([]*arpEntry(nil), ip.arp.entries...) {
			if e.static == static {
				ip.arpRemove(e)
			}
		}
		return nx.NX_SUCCESS
	})
}

// arpRemove deletes an entry, dropping what waited on it
// (_nx_arp_dynamic_entry_delete counts them in nx_ip_send_packets_dropped).
func (ip *IP) arpRemove(e *arpEntry) {
	ip.arpDropWaiting(e)
	for i, x := range ip.arp.entries {
		if x == e {
			ip.arp.entries = append(ip.arp.entries[:i], ip.arp.entries[i+1:]...)
			return
		}
	}
}

// ARPGratuitousSend is nx_arp_gratuitous_send: every physical interface
// with an address announces it (an ARP request for its own address).
// responseHandler (may be nil) is then called, on the IP thread, with any
// ARP message in which another host claims one of our addresses; it must
// release the packet. NX_IP_ADDRESS_ERROR if no interface has an address.
// Threads only.
func ARPGratuitousSend(ipPtr *IP, responseHandler func(ipPtr *IP, packetPtr *packetpool.Packet)) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPGratuitousSend))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		addressed := false
		for i := range ipPtr.interfaces[:MaxPhysicalInterfaces] {
			addressed = addressed || ipPtr.interfaces[i].address != 0
		}
		if !addressed {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if st := nxeARP(ipPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	ip := ipPtr
	if st := ip.arpUsable(); st != nx.NX_SUCCESS {
		return st
	}
	ip.thread.Protect()
	ip.arpGratuitousHandler = responseHandler
	ip.thread.Unprotect()
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		if f := &ip.interfaces[i]; f.valid && f.address != 0 {
			ip.arpRequest(f, f.address)
		}
	}
	return nx.NX_SUCCESS
}

// nxeARP is the check most nxe_arp_*.c files share: a valid instance with
// ARP enabled, called from an allowed context.
func nxeARP(ip *IP, refused bool) nx.Status {
	switch {
	case !validIP(ip):
		return nx.NX_PTR_ERROR
	case ip.arp == nil:
		return nx.NX_NOT_ENABLED
	case refused:
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// setULONGs stores each value through its pointer when the pointer is not
// nil: the out-parameters of the *_info_get services.
func setULONGs(pairs ...any) {
	for i := 0; i+1 < len(pairs); i += 2 {
		if p, _ := pairs[i].(*nx.ULONG); p != nil {
			*p = pairs[i+1].(nx.ULONG)
		}
	}
}
