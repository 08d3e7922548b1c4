package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// The neighbour cache (nx_nd_cache.h): NetX's states, sizes and timers.
const (
	ndStateInvalid    = 0 // ND_CACHE_STATE_INVALID: a free slot
	ndStateIncomplete = 1 // solicitations sent, no answer yet
	ndStateReachable  = 2
	ndStateStale      = 3
	ndStateDelay      = 4
	ndStateProbe      = 5
	ndStateCreated    = 6 // made for a destination, nothing sent yet

	ndCacheSize          = 16 // NX_IPV6_NEIGHBOR_CACHE_SIZE
	ndMaxQueueDepth      = 4  // NX_ND_MAX_QUEUE_DEPTH
	ndMaxMulticastSolict = 3  // NX_MAX_MULTICAST_SOLICIT
	ndMaxUnicastSolicit  = 3  // NX_MAX_UNICAST_SOLICIT
	ndReachableTime      = 30 // NX_REACHABLE_TIME, seconds
	ndDelayFirstProbe    = 5  // NX_DELAY_FIRST_PROBE_TIME, seconds
	// ndRetransTicks is nx_ipv6_retrans_timer_ticks: NX_RETRANS_TIMER
	// (1000 ms) in fast-timer periods (NX_IP_FAST_TIMER_RATE per second).
	ndRetransTicks = 10
)

// ndEntry is ND_CACHE_ENTRY. timer counts fast periods in the INCOMPLETE
// and PROBE states and seconds in the others, as NetX does.
type ndEntry struct {
	address  [4]nx.ULONG
	state    int
	static   bool
	msw, lsw nx.ULONG
	ifc      *Interface
	src      *ipv6Address // nx_nd_cache_outgoing_address
	timer    nx.ULONG
	solicits int
	queue    []*packetpool.Packet
	router   *defaultRouter
}

// NDCacheEntrySet is nxd_nd_cache_entry_set: a static neighbour mapping
// from destIP (four host-order ULONGs) to mac (six bytes) on an interface,
// in the REACHABLE state and never aged (nx_nd_cache_add.c). NX_NOT_SUCCESSFUL
// when the cache has no slot left. nxd_icmp_enable empties the cache, so set
// static entries after enabling ICMP.
func NDCacheEntrySet(ipPtr *IP, destIP []nx.ULONG, interfaceIndex nx.UINT, mac []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opNDCacheEntrySet))
	if errorChecking {
		if !validIP(ipPtr) || len(destIP) < 4 || len(mac) < 6 {
			return nx.NX_PTR_ERROR
		}
		if int(interfaceIndex) >= MaxPhysicalInterfaces {
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
	var a [4]nx.ULONG
	copy(a[:], destIP)
	msw, lsw := macWords(mac)
	if ipPtr.ndAdd(a, f, msw, lsw, true, ndStateReachable, nil) == nil {
		return nx.NX_NOT_SUCCESSFUL
	}
	return nx.NX_SUCCESS
}

// ndFind is _nx_nd_cache_find_entry.
func (ip *IP) ndFind(a [4]nx.ULONG) *ndEntry {
	for i := range ip.v6.nd {
		if e := &ip.v6.nd[i]; e.state != ndStateInvalid && e.address == a {
			return e
		}
	}
	return nil
}

// ndAddEntry is _nx_nd_cache_add_entry: a CREATED entry for a, in the
// first free slot from a hash of the address on, else in place of the
// oldest STALE entry, else of the REACHABLE one closest to going stale
// (never a static or router entry). nil when every slot is taken.
func (ip *IP) ndAddEntry(a [4]nx.ULONG, f *Interface, src *ipv6Address) *ndEntry {
	index := int((a[0] + a[1] + a[2] + a[3]) % ndCacheSize)
	var pick *ndEntry
	var staleAge nx.ULONG
	reachableLeft := ^nx.ULONG(0)
	for range ndCacheSize {
		e := &ip.v6.nd[index]
		index = (index + 1) % ndCacheSize
		if e.state == ndStateInvalid {
			pick = e
			break
		}
		if e.router != nil || e.static {
			continue
		}
		switch {
		case e.state == ndStateStale && e.timer > staleAge:
			staleAge, pick = e.timer, e
		case staleAge == 0 && e.state == ndStateReachable && e.timer < reachableLeft:
			reachableLeft, pick = e.timer, e
		}
	}
	if pick == nil {
		return nil
	}
	ip.ndDelete(pick)
	*pick = ndEntry{address: a, state: ndStateCreated, src: src, ifc: f}
	return pick
}

// ndAdd is _nx_nd_cache_add: the entry for a (found or made) gets the MAC
// and state; an entry already REACHABLE with the same MAC is left alone.
func (ip *IP) ndAdd(a [4]nx.ULONG, f *Interface, msw, lsw nx.ULONG, static bool, state int, src *ipv6Address) *ndEntry {
	e := ip.ndFind(a)
	if e == nil {
		if e = ip.ndAddEntry(a, f, src); e == nil {
			return nil
		}
	}
	e.static = static
	e.ifc = f
	if e.state == ndStateReachable && e.msw == msw && e.lsw == lsw {
		return e
	}
	if e.state != state || static {
		e.state = state
		if state == ndStateReachable {
			e.timer = ndReachableTime
		}
	}
	e.msw, e.lsw = msw, lsw
	return e
}

// ndDelete is _nx_nd_cache_delete_internal: queued datagrams are released
// and the slot is free again.
func (ip *IP) ndDelete(e *ndEntry) {
	for _, p := range e.queue {
		packetpool.TransmitRelease(p)
	}
	if e.router != nil {
		e.router.nd = nil
	}
	*e = ndEntry{}
}

// ipv6Flush releases every packet IPv6 holds (nx_ip_delete): queued for
// a neighbour or waiting for reassembly.
func (ip *IP) ipv6Flush() {
	ip.ndFlush()
	for _, r := range ip.v6.reassembly {
		ip.releaseFragmentsV6(r)
	}
	ip.v6.reassembly = nil
}

// ndFlush empties the cache (nxd_icmp_enable).
func (ip *IP) ndFlush() {
	for i := range ip.v6.nd {
		if ip.v6.nd[i].state != ndStateInvalid {
			ip.ndDelete(&ip.v6.nd[i])
		}
	}
}

// ndSend is the neighbour half of _nx_ipv6_packet_send: a datagram for
// next hop hop leaves at once when its entry has a MAC (a STALE entry then
// goes to DELAY); otherwise it waits in the entry's queue (at most
// NX_ND_MAX_QUEUE_DEPTH, the oldest dropped) while solicitations go out.
// Without ICMPv6 there is no neighbour discovery and the datagram is
// dropped.
func (ip *IP) ndSend(pkt *packetpool.Packet, f *Interface, src, hop [4]nx.ULONG) {
	e := ip.ndFind(hop)
	if e == nil {
		if e = ip.ndAddEntry(hop, f, ip.ownV6(src)); e == nil {
			ip.Stats.SendPacketsDropped++
			packetpool.TransmitRelease(pkt)
			return
		}
	}
	if e.state >= ndStateReachable && e.state <= ndStateProbe {
		if e.state == ndStateStale {
			e.state, e.timer = ndStateDelay, ndDelayFirstProbe
		}
		ip.transmitV6(pkt, e.ifc, e.msw, e.lsw)
		return
	}
	if len(e.queue) == 0 {
		if !ip.icmpV6 {
			ip.Stats.NoNeighbor++
			ip.Stats.SendPacketsDropped++
			packetpool.TransmitRelease(pkt)
			return
		}
		ip.holdNDQueue(pkt, hop)
		e.queue = append(e.queue, pkt)
		e.src, e.ifc = ip.ownV6(src), f
		if e.state == ndStateCreated {
			e.state = ndStateIncomplete
		}
		ip.sendNS(hop, true, e.src, nil)
		e.solicits, e.timer = ndMaxMulticastSolict-1, ndRetransTicks
		return
	}
	ip.holdNDQueue(pkt, hop)
	e.queue = append(e.queue, pkt)
	if len(e.queue) > ndMaxQueueDepth {
		packetpool.TransmitRelease(e.queue[0])
		e.queue[0] = nil
		e.queue = e.queue[1:]
		ip.Stats.NDQueueOverflow++
		ip.Stats.SendPacketsDropped++
	}
}

// ndSendQueued is _nx_icmpv6_send_queued_packets: the entry now has a MAC.
func (ip *IP) ndSendQueued(e *ndEntry) {
	q := e.queue
	e.queue = nil
	for _, p := range q {
		ip.transmitV6(p, e.ifc, e.msw, e.lsw)
	}
	if e.state == ndStateStale {
		e.state, e.timer = ndStateDelay, ndDelayFirstProbe
	}
}

// ndFastPeriodic is _nx_nd_cache_fast_periodic_update (every fast tick):
// INCOMPLETE and PROBE entries solicit again every NX_RETRANS_TIMER, and
// are deleted, with their queued datagrams, when the solicitations are used
// up.
func (ip *IP) ndFastPeriodic() {
	for i := range ip.v6.nd {
		e := &ip.v6.nd[i]
		if e.state != ndStateProbe && e.state != ndStateIncomplete {
			continue
		}
		if e.timer > 0 {
			e.timer--
			continue
		}
		if e.solicits == 0 {
			ip.Stats.NDUnreachable++
			ip.ndDelete(e)
			continue
		}
		var unicast *ndEntry
		if e.state == ndStateProbe {
			unicast = e
		}
		if e.src != nil {
			ip.sendNS(e.address, true, e.src, unicast)
		}
		e.solicits--
		e.timer = ndRetransTicks
	}
}

// ndSlowPeriodic is _nx_nd_cache_slow_periodic_update (every second):
// REACHABLE entries go STALE after NX_REACHABLE_TIME, DELAY ones to PROBE
// after NX_DELAY_FIRST_PROBE_TIME, STALE ones age. Static entries never
// change.
func (ip *IP) ndSlowPeriodic() {
	for i := range ip.v6.nd {
		e := &ip.v6.nd[i]
		if e.state == ndStateInvalid || e.static {
			continue
		}
		switch e.state {
		case ndStateReachable:
			if e.timer--; e.timer == 0 {
				e.state = ndStateStale
			}
		case ndStateDelay:
			if e.timer--; e.timer == 0 {
				e.state, e.solicits = ndStateProbe, ndMaxUnicastSolicit
			}
		case ndStateStale:
			e.timer++
		}
	}
}

// NDCacheInvalidate is nxd_nd_cache_invalidate: every neighbour cache
// entry, static ones too, is deleted and what waited in it released.
// Threads only.
func NDCacheInvalidate(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opNDCacheInvalidate))
	if errorChecking {
		if st := nxeIP(ipPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	defer ipPtr.protect()()
	ipPtr.ndFlush()
	return nx.NX_SUCCESS
}
