package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// arpEntrySize is sizeof(NX_ARP) on a 32-bit target: three UINTs, five
// pointers, three ULONGs, an interface and a packet pointer (nx_api.h).
const arpEntrySize = 52

// arpEntry is NX_ARP: one IPv4-to-MAC mapping, resolved or pending.
type arpEntry struct {
	address    nx.ULONG
	msw, lsw   nx.ULONG
	ifc        *Interface
	static     bool
	resolved   bool
	nextUpdate int // seconds until the next request (pending entries)
	retries    int
	waiting    []*packetpool.Packet
}

// arpCache is an instance's ARP cache, sized from the memory given to
// nx_arp_enable.
type arpCache struct {
	capacity int
	entries  []*arpEntry // most recently used last
}

func (c *arpCache) find(a nx.ULONG) *arpEntry {
	for _, e := range c.entries {
		if e.address == a {
			return e
		}
	}
	return nil
}

// allocate returns a new dynamic entry, reusing the least recently used
// dynamic one when the cache is full (its queued packets are dropped).
func (ip *IP) arpAllocate(a nx.ULONG) *arpEntry {
	c := ip.arp
	if len(c.entries) >= c.capacity {
		for i, e := range c.entries {
			if !e.static {
				ip.arpDropWaiting(e)
				c.entries = append(c.entries[:i], c.entries[i+1:]...)
				break
			}
		}
		if len(c.entries) >= c.capacity {
			return nil
		}
	}
	e := &arpEntry{address: a}
	c.entries = append(c.entries, e)
	return e
}

// ARPEnable is nx_arp_enable: the instance resolves IPv4 next hops with ARP,
// keeping len(arpCacheMemory) / sizeof(NX_ARP) entries. NX_ALREADY_ENABLED
// the second time; NX_SIZE_ERROR for memory smaller than one entry.
func ARPEnable(ipPtr *IP, arpCacheMemory []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPEnable))
	if errorChecking {
		if !validIP(ipPtr) || arpCacheMemory == nil {
			return nx.NX_PTR_ERROR
		}
		if ipPtr.arp != nil {
			return nx.NX_ALREADY_ENABLED
		}
		if len(arpCacheMemory) < arpEntrySize {
			return nx.NX_SIZE_ERROR
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ipPtr.arp = &arpCache{capacity: len(arpCacheMemory) / arpEntrySize}
	return nx.NX_SUCCESS
}

// ARPStaticEntryCreate is nx_arp_static_entry_create: a permanent mapping,
// which also releases packets waiting for that address.
func ARPStaticEntryCreate(ipPtr *IP, ipAddress, physicalMSW, physicalLSW nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPStaticEntryCreate))
	if errorChecking {
		if st := nxeARPEntry(ipPtr, ipAddress); st != nx.NX_SUCCESS {
			return st
		}
		if physicalMSW|physicalLSW == 0 {
			return nx.NX_INVALID_PARAMETERS
		}
	}
	return ipPtr.arpLocked(func(ip *IP) nx.Status {
		f := ip.directInterface(ipAddress)
		if f == nil {
			return nx.NX_IP_ADDRESS_ERROR
		}
		e := ip.arp.find(ipAddress)
		if e == nil {
			if e = ip.arpAllocate(ipAddress); e == nil {
				return nx.NX_NO_MORE_ENTRIES
			}
		}
		e.static, e.resolved, e.msw, e.lsw, e.ifc = true, true, physicalMSW, physicalLSW, f
		ip.arpSendWaiting(e)
		return nx.NX_SUCCESS
	})
}

// ARPStaticEntryDelete is nx_arp_static_entry_delete: NX_ENTRY_NOT_FOUND
// unless a static entry maps ipAddress to that MAC; NX_INVALID_PARAMETERS
// for a MAC of 0.
func ARPStaticEntryDelete(ipPtr *IP, ipAddress, physicalMSW, physicalLSW nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPStaticEntryDelete))
	if errorChecking {
		if st := nxeARPEntry(ipPtr, ipAddress); st != nx.NX_SUCCESS {
			return st
		}
		// A MAC of 0 names no static entry (nxe_arp_static_entry_delete.c).
		if physicalMSW|physicalLSW == 0 {
			return nx.NX_INVALID_PARAMETERS
		}
	}
	return ipPtr.arpLocked(func(ip *IP) nx.Status {
		for i, e := range ip.arp.entries {
			if e.static && e.address == ipAddress && e.msw == physicalMSW && e.lsw == physicalLSW {
				ip.arp.entries = append(ip.arp.entries[:i], ip.arp.entries[i+1:]...)
				return nx.NX_SUCCESS
			}
		}
		return nx.NX_ENTRY_NOT_FOUND
	})
}

// ARPHardwareAddressFind is nx_arp_hardware_address_find: the MAC of a
// resolved entry, NX_ENTRY_NOT_FOUND otherwise.
func ARPHardwareAddressFind(ipPtr *IP, ipAddress nx.ULONG, physicalMSW, physicalLSW *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opARPHardwareAddressFind))
	if errorChecking {
		if !validIP(ipPtr) || physicalMSW == nil || physicalLSW == nil {
			return nx.NX_PTR_ERROR
		}
		if ipAddress == 0 {
			return nx.NX_IP_ADDRESS_ERROR
		}
	}
	ip := ipPtr
	if st := ip.arpUsable(); st != nx.NX_SUCCESS {
		return st
	}
	if e := ip.arp.find(ipAddress); e != nil && e.resolved {
		*physicalMSW, *physicalLSW = e.msw, e.lsw
		return nx.NX_SUCCESS
	}
	return nx.NX_ENTRY_NOT_FOUND
}

// arpLocked runs the core of an ARP service: the caller's own instance,
// with ARP enabled, under the instance's protection.
func (ip *IP) arpLocked(core func(ip *IP) nx.Status) nx.Status {
	if st := ip.arpUsable(); st != nx.NX_SUCCESS {
		return st
	}
	ip.thread.Protect()
	defer ip.thread.Unprotect()
	return core(ip)
}

// arpUsable is the core's check of the ARP services: the caller's own
// instance, with ARP enabled.
func (ip *IP) arpUsable() nx.Status {
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if ip.arp == nil {
		return nx.NX_NOT_ENABLED
	}
	return nx.NX_SUCCESS
}

func nxeARPEntry(ip *IP, address nx.ULONG) nx.Status {
	if !validIP(ip) {
		return nx.NX_PTR_ERROR
	}
	if address == 0 || !classABC(address) {
		return nx.NX_IP_ADDRESS_ERROR
	}
	if notInitOrThreads() {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// arpResolved returns the entry of a next hop with a known MAC, or nil.
func (ip *IP) arpResolved(nextHop nx.ULONG) *arpEntry {
	if ip.arp == nil {
		return nil
	}
	if e := ip.arp.find(nextHop); e != nil && e.resolved {
		return e
	}
	return nil
}

// arpQueue makes a datagram wait for its next hop's MAC: on the pending
// entry (at most NX_ARP_MAX_QUEUE_DEPTH, the oldest dropped beyond), or on
// a new entry, which sends a request. Without ARP enabled, or with no entry
// to be had, the datagram is dropped (nx_ip_driver_packet_send.c).
func (ip *IP) arpQueue(pkt *packetpool.Packet, f *Interface, nextHop nx.ULONG) {
	if ip.arp == nil {
		ip.Stats.ARPNotEnabledDrops++
		ip.dropSend(pkt)
		return
	}
	e := ip.arp.find(nextHop)
	if e == nil {
		if e = ip.arpAllocate(nextHop); e == nil {
			ip.dropSend(pkt)
			return
		}
		e.ifc, e.nextUpdate = f, nx.NX_ARP_UPDATE_RATE
		ip.arpRequest(f, nextHop)
	}
	ip.holdARPQueue(pkt, nextHop)
	e.waiting = append(e.waiting, pkt)
	if len(e.waiting) > nx.NX_ARP_MAX_QUEUE_DEPTH {
		ip.Stats.ARPQueueOverflow++
		ip.dropSend(e.waiting[0])
		e.waiting = e.waiting[1:]
	}
}

// dropSend drops a datagram NetX could not send for want of a resource
// (nx_ip_transmit_resource_errors and nx_ip_send_packets_dropped).
func (ip *IP) dropSend(pkt *packetpool.Packet) {
	ip.Stats.TransmitResourceErrors++
	ip.Stats.SendPacketsDropped++
	packetpool.TransmitRelease(pkt)
}

// arpRequest broadcasts "who has target" from f (_nx_arp_packet_send). It
// needs a packet from the default pool (NX_NO_WAIT); without one the request
// is not sent this time.
func (ip *IP) arpRequest(f *Interface, target nx.ULONG) {
	var pkt *packetpool.Packet
	if packetpool.Allocate(ip.defaultPool, &pkt, nx.NX_PHYSICAL_HEADER, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return
	}
	buf := pkt.NxPacketDataStart[pkt.NxPacketPrependPtr:]
	putARP(buf, arpRequest, f.msw, f.lsw, f.address, 0, 0, target)
	pkt.NxPacketAppendPtr += arpMessageSize
	pkt.NxPacketLength = arpMessageSize
	pkt.NxPacketAddress = f
	ip.Stats.ARPRequestsSent++
	f.send(nx.NX_LINK_ARP_SEND, pkt, 0xFFFF, 0xFFFFFFFF)
}

// arpDefendInterval is NX_ARP_DEFEND_INTERVAL: seconds between two
// announcements defending an address another host claims.
const arpDefendInterval = 10

// arpPacketReceive is _nx_arp_packet_receive, on the IP thread. A message
// shorter than an ARP message or whose operation is neither request nor
// reply is counted invalid and dropped, before anything is learnt from it.
// A sender claiming our own address from another MAC is a conflict: NetX
// announces its address (at most once every NX_ARP_DEFEND_INTERVAL
// seconds) and drops the message, or hands it to the handler
// ARPGratuitousSend installed. A request for our address is answered in
// the same packet. Any other sender updates its entry (sending what waited
// for it) or gets a new one, on or off our subnet (nx_arp_packet_receive.c).
func (ip *IP) arpPacketReceive(pkt *packetpool.Packet) {
	rtos.Charge(opARPPacketProcess, 0)
	m := arpMessage(pkt.Data())
	f, _ := pkt.NxPacketAddress.(*Interface)
	if f == nil {
		f = &ip.interfaces[0]
	}
	if ip.arp == nil || pkt.NxPacketLength < arpMessageSize || len(m) < arpMessageSize ||
		(m.operation() != arpRequest && m.operation() != arpResponse) {
		ip.Stats.ARPInvalidMessages++
		ip.drop(pkt)
		return
	}
	sender := m.senderIP()
	smsw, slsw := m.senderMAC()
	if sender != 0 && sender == f.address {
		if smsw != f.msw || slsw != f.lsw {
			if f.arpDefend == 0 {
				f.arpDefend = arpDefendInterval
				ip.arpRequest(f, sender)
			}
			if h := ip.arpGratuitousHandler; h != nil {
				packetpool.HandToCaller(pkt)
				h(ip, pkt) // the handler owns and releases the packet
				return
			}
		}
		packetpool.Release(pkt)
		return
	}
	switch {
	case m.operation() == arpRequest && m.targetIP() == f.address:
		ip.Stats.ARPRequestsReceived++
		ip.Stats.ARPResponsesSent++
		putARP(m, arpResponse, f.msw, f.lsw, f.address, smsw, slsw, sender)
		pkt.NxPacketLength = arpMessageSize
		pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + arpMessageSize
		f.send(nx.NX_LINK_ARP_RESPONSE_SEND, pkt, smsw, slsw)
	case m.operation() == arpRequest:
		ip.Stats.ARPRequestsReceived++
		packetpool.Release(pkt)
	default:
		ip.Stats.ARPResponsesReceived++
		packetpool.Release(pkt)
	}
	if sender == 0 {
		return
	}
	if e := ip.arp.find(sender); e != nil {
		if !e.static {
			e.msw, e.lsw, e.ifc, e.resolved, e.retries, e.nextUpdate = smsw, slsw, f, true, 0, 0
			ip.arpSendWaiting(e)
		}
		return
	}
	if e := ip.arpAllocate(sender); e != nil {
		e.msw, e.lsw, e.ifc, e.resolved = smsw, slsw, f, true
	}
}

// arpSendWaiting sends the datagrams that waited for a resolved entry,
// fragmenting those larger than the MTU (_nx_arp_queue_send).
func (ip *IP) arpSendWaiting(e *arpEntry) {
	waiting := e.waiting
	e.waiting = nil
	for _, pkt := range waiting {
		pkt.NxPacketAddress = e.ifc
		req := IPDriver{NxIPDriverCommand: nx.NX_LINK_PACKET_SEND, NxIPDriverPhysicalAddressMsw: e.msw, NxIPDriverPhysicalAddressLsw: e.lsw}
		ip.driverTransmit(pkt, e.ifc, req, true)
	}
}

func (ip *IP) arpDropWaiting(e *arpEntry) {
	for _, pkt := range e.waiting {
		ip.Stats.SendPacketsDropped++
		packetpool.Release(pkt)
	}
	e.waiting = nil
}

// arpPeriodic is the once-a-second ARP work (_nx_arp_periodic_update):
// pending entries repeat their request every NX_ARP_UPDATE_RATE seconds;
// after NX_ARP_MAXIMUM_RETRIES the entry and what waits on it are dropped.
func (ip *IP) arpPeriodic() {
	if ip.arp == nil {
		return
	}
	for i := range ip.interfaces {
		if f := &ip.interfaces[i]; f.arpDefend > 0 {
			f.arpDefend--
		}
	}
	kept := ip.arp.entries[:0]
	for _, e := range ip.arp.entries {
		if e.resolved || e.static {
			kept = append(kept, e)
			continue
		}
		if e.nextUpdate--; e.nextUpdate > 0 {
			kept = append(kept, e)
			continue
		}
		if e.retries == nx.NX_ARP_MAXIMUM_RETRIES {
			ip.Stats.ARPAgedOut++
			ip.arpDropWaiting(e)
			continue
		}
		e.retries++
		e.nextUpdate = nx.NX_ARP_UPDATE_RATE
		ip.arpRequest(e.ifc, e.address)
		kept = append(kept, e)
	}
	ip.arp.entries = kept
}

// arpFlush drops every queued datagram (instance deleted).
func (ip *IP) arpFlush() {
	if ip.arp == nil {
		return
	}
	for _, e := range ip.arp.entries {
		ip.arpDropWaiting(e)
	}
}
