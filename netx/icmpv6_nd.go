package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// Neighbour discovery messages (RFC 4861 §4.3, §4.4): the ICMPv6 header,
// a 32-bit flags word, the target address, then options of 8-byte units.
const (
	ndMessageSize  = 24
	ndOptionSLLA   = 1 // source link-layer address
	ndOptionTLLA   = 2 // target link-layer address
	ndOptionSize   = 8 // one Ethernet link-layer address option
	naFlagRouter   = 0x80000000
	naFlagSolicit  = 0x40000000
	naFlagOverride = 0x20000000
)

// ndMessage is a neighbour solicitation or advertisement in a buffer.
type ndMessage []byte

func (m ndMessage) flags() nx.ULONG     { return binary.BigEndian.Uint32(m[4:]) }
func (m ndMessage) target() [4]nx.ULONG { return words16(m[8:24]) }

// option returns the MAC of the first option of type t, and whether there
// is one.
func (m ndMessage) option(t byte) (msw, lsw nx.ULONG, ok bool) {
	for o := m[ndMessageSize:]; len(o) >= 2 && o[1] != 0 && len(o) >= int(o[1])*8; o = o[int(o[1])*8:] {
		if o[0] == t && len(o) >= ndOptionSize {
			msw, lsw = macWords(o[2:8])
			return msw, lsw, true
		}
	}
	return 0, 0, false
}

// validND is _nx_icmpv6_validate_neighbor_message and
// _nx_icmpv6_validate_options: hop limit 255, code 0, a unicast target,
// options of non-zero length that fit; a solicitation from the unspecified
// address (DAD) must go to a solicited-node group and carry no source
// link-layer address; an advertisement to a multicast group must not be
// solicited.
func validND(m ndMessage, h ipv6Header) bool {
	if h[7] != 0xFF || m[1] != 0 || isMulticast(m.target()) {
		return false
	}
	dst := h.dst()
	noSLLA := false
	if m[0] == icmpv6NeighborSolicit {
		if h.src() == ipv6Unspecified {
			if dst[0] != 0xFF020000 || dst[1] != 0 || dst[2] != 1 || dst[3]>>24 != 0xFF {
				return false
			}
			noSLLA = true
		}
	} else if isMulticast(dst) && m.flags()&naFlagSolicit != 0 {
		return false
	}
	for o := m[ndMessageSize:]; len(o) > 0; o = o[int(o[1])*8:] {
		if len(o) < 2 || o[1] == 0 || len(o) < int(o[1])*8 || (noSLLA && o[0] == ndOptionSLLA) {
			return false
		}
	}
	return true
}

// ndIntact reports whether a received ND message can be processed: long
// enough and in one packet (NetX ignores chained ones).
func (ip *IP) ndIntact(pkt *packetpool.Packet, h ipv6Header) (ndMessage, bool) {
	m := ndMessage(pkt.Data())
	if pkt.NxPacketLength < ndMessageSize || pkt.NxPacketNext != nil || len(m) < ndMessageSize || !validND(m, h) {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return nil, false
	}
	return m, true
}

// sendNS is _nx_icmpv6_send_ns: a neighbour solicitation for target from
// src (the unspecified address while src is not valid yet: DAD), to the
// target's solicited-node group, or to the target itself when unicast (the
// entry being probed) is given; with slla, our MAC goes in a source
// link-layer address option. The packet comes from the default pool
// without waiting; without one nothing is sent.
func (ip *IP) sendNS(target [4]nx.ULONG, slla bool, src *ipv6Address, unicast *ndEntry) {
	if src == nil || src.ifc == nil {
		return // the address was deleted meanwhile
	}
	f := src.ifc
	size := ndMessageSize
	if slla {
		size += ndOptionSize
	}
	var pkt *packetpool.Packet
	if packetpool.Allocate(ip.defaultPool, &pkt, nx.NX_IPv6_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return
	}
	if len(pkt.NxPacketDataStart)-pkt.NxPacketPrependPtr < size {
		packetpool.Release(pkt)
		return
	}
	pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + size
	pkt.NxPacketLength = nx.ULONG(size)
	m := pkt.Data()
	clear(m)
	m[0] = icmpv6NeighborSolicit
	putWords16(m[8:], target)
	if slla {
		m[24], m[25] = ndOptionSLLA, 1
		putMAC(m[26:], f.msw, f.lsw)
	}
	from := ipv6Unspecified
	if src.state == addrStateValid {
		from = src.address
	}
	to, msw, lsw := solicitedNode(target), nx.ULONG(0x3333), solicitedNode(target)[3]
	if unicast != nil {
		to, msw, lsw = target, unicast.msw, unicast.lsw
	}
	ip.ndOutput(pkt, f, from, to, msw, lsw)
}

// ndOutput checksums an ND message, prepends the IPv6 header (hop limit
// 255, as ND requires) and gives it to the driver.
func (ip *IP) ndOutput(pkt *packetpool.Packet, f *Interface, src, dst [4]nx.ULONG, msw, lsw nx.ULONG) {
	m := pkt.Data()
	m[2], m[3] = 0, 0
	binary.BigEndian.PutUint16(m[2:], icmpv6Checksum(pkt, src, dst))
	prependIPv6(pkt, f, src, dst, protocolICMPv6)
	ip.countSentV6(pkt)
	f.send(nx.NX_LINK_PACKET_SEND, pkt, msw, lsw)
}

// processNS is _nx_icmpv6_process_ns. A solicitation from the unspecified
// address for one of our tentative addresses means another node is
// performing DAD for it: our address fails. Otherwise the sender's
// link-layer address goes in the cache (STALE, or updated to STALE when it
// changed, sending what waited for it), and the same packet goes back as
// the advertisement: solicited and override flags, our MAC as target
// link-layer address, to the sender — or, for a DAD probe of a valid
// address of ours, override only, to all nodes.
func (ip *IP) processNS(pkt *packetpool.Packet, h ipv6Header) {
	m, ok := ip.ndIntact(pkt, h)
	if !ok {
		return
	}
	src := h.src()
	f := ip.receivedOn(pkt)
	var a *ipv6Address
	for _, x := range f.ipv6 {
		if x.address == m.target() {
			a = x
		}
	}
	if a == nil {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	dad := src == ipv6Unspecified
	if dad && a.state == addrStateTentative {
		ip.dadFailure(a)
		packetpool.Release(pkt)
		return
	}
	changed := false
	if msw, lsw, has := m.option(ndOptionSLLA); has && !dad {
		e := ip.ndFind(src)
		switch {
		case e == nil:
			changed = true
			e = ip.ndAdd(src, a.ifc, msw, lsw, false, ndStateStale, a)
		case e.msw != msw || e.lsw != lsw:
			changed = true
			e.msw, e.lsw, e.state, e.ifc = msw, lsw, ndStateStale, a.ifc
		}
		if e != nil && len(e.queue) > 0 {
			ip.ndSendQueued(e)
		}
	}
	if e := ip.ndFind(src); !changed && e != nil && e.state == ndStateReachable {
		e.timer = ndReachableTime
	}
	size := ndMessageSize + ndOptionSize
	if len(pkt.NxPacketDataStart)-pkt.NxPacketPrependPtr < size {
		packetpool.Release(pkt)
		return
	}
	pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + size
	pkt.NxPacketLength = nx.ULONG(size)
	m = ndMessage(pkt.Data())
	m[0], m[1] = icmpv6NeighborAdvert, 0
	flags, to := nx.ULONG(naFlagSolicit|naFlagOverride), src
	if dad {
		flags, to = naFlagOverride, ipv6AllNodes
	}
	binary.BigEndian.PutUint32(m[4:], flags)
	m[24], m[25] = ndOptionTLLA, 1
	putMAC(m[26:], a.ifc.msw, a.ifc.lsw)
	ip.ipv6SendND(pkt, a, to)
}

// ipv6SendND sends an advertisement from a to dst through the normal send
// path (the sender's entry, just made STALE, resolves it).
func (ip *IP) ipv6SendND(pkt *packetpool.Packet, a *ipv6Address, dst [4]nx.ULONG) {
	m := pkt.Data()
	m[2], m[3] = 0, 0
	binary.BigEndian.PutUint16(m[2:], icmpv6Checksum(pkt, a.address, dst))
	ip.ipv6Send(pkt, a.ifc, a.address, dst, protocolICMPv6)
}

// processNA is _nx_icmpv6_process_na. An advertisement for one of our
// tentative addresses fails its DAD. One for a neighbour we have no entry
// for is ignored (RFC 4861 §7.2.5). An INCOMPLETE entry takes the target
// link-layer address and becomes REACHABLE (solicited) or STALE, and what
// waited is sent; for a resolved entry the solicited flag confirms
// reachability and the override flag lets a new address replace the old.
func (ip *IP) processNA(pkt *packetpool.Packet, h ipv6Header) {
	m, ok := ip.ndIntact(pkt, h)
	if !ok {
		return
	}
	defer packetpool.Release(pkt)
	target, flags := m.target(), m.flags()
	msw, lsw, has := m.option(ndOptionTLLA)
	if isMulticast(h.dst()) && !has {
		ip.Stats.ICMP.InvalidPackets++
		return
	}
	if a := ip.ownV6(target); a != nil && a.state == addrStateTentative {
		ip.dadFailure(a)
		ip.Stats.ICMP.InvalidPackets++
		return
	}
	e := ip.ndFind(target)
	if e == nil {
		ip.Stats.ICMP.InvalidPackets++
		return
	}
	same := has && e.msw == msw && e.lsw == lsw
	ip.naRouterFlag(e, target, flags, has && !same)
	if e.state == ndStateIncomplete || e.state == ndStateCreated {
		if has {
			state := ndStateStale
			if flags&naFlagSolicit != 0 {
				state = ndStateReachable
			}
			e = ip.ndAdd(target, e.ifc, msw, lsw, false, state, e.src)
			if len(e.queue) > 0 {
				ip.ndSendQueued(e)
			}
		}
		return
	}
	if flags&naFlagOverride == 0 && has && !same {
		if e.state == ndStateReachable {
			e.state, e.timer = ndStateStale, 0
		}
		return
	}
	if has && !same {
		e.msw, e.lsw = msw, lsw
	}
	switch {
	case flags&naFlagSolicit != 0:
		e.state, e.timer = ndStateReachable, ndReachableTime
	case has && !same:
		e.state, e.timer = ndStateStale, 0
	}
}

// naRouterFlag keeps an entry's router link in step with the
// advertisement's router flag: set, it links the entry to a default router
// with that address; clear, it deletes the default router (unless a new,
// non-overriding link-layer address came with it).
func (ip *IP) naRouterFlag(e *ndEntry, target [4]nx.ULONG, flags nx.ULONG, newLLA bool) {
	if flags&naFlagRouter != 0 {
		if e.router == nil {
			if r := ip.routerByAddress(target); r != nil {
				e.router, r.nd = r, e
			}
		}
		return
	}
	if e.router == nil || (newLLA && flags&naFlagOverride == 0) {
		return
	}
	e.router.nd = nil
	ip.routerDelete(target)
	e.router = nil
}
