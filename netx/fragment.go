package netx

import (
	"encoding/binary"
	"slices"
	"sort"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// fragmentSend is _nx_ip_fragment_packet: an IPv4 datagram larger than the
// MTU, whose link address req already carries, goes to the driver as
// fragments of (MTU - 20) rounded down to 8 bytes, each a packet from the
// default pool (NX_NO_WAIT) filled by walking the datagram's chain. If a
// packet cannot be had, the rest of the datagram is dropped
// (nx_ip_fragment_failures, nx_ip_send_packets_dropped,
// nx_ip_transmit_resource_errors). If the chain ends before
// NxPacketLength, the fragments already sent stay sent and the rest is
// dropped as an invalid transmit packet (nx_ip_invalid_transmit_packets,
// nx_ip_fragment_failures). C would spin forever when only the last
// fragment is short; nxsim counts that case the same way.
func (ip *IP) fragmentSend(pkt *packetpool.Packet, f *Interface, req IPDriver) {
	defer packetpool.TransmitRelease(pkt)
	ip.Stats.FragmentRequests++
	h := ipv4Header(append([]byte(nil), pkt.Data()[:ipv4HeaderSize]...))
	remaining := int(pkt.NxPacketLength) - ipv4HeaderSize
	src, pos := pkt, pkt.NxPacketPrependPtr+ipv4HeaderSize
	size := (int(f.mtu) - ipv4HeaderSize) &^ 7
	for offset := 0; remaining > 0; offset += size {
		var frag *packetpool.Packet
		if packetpool.Allocate(ip.defaultPool, &frag, nx.NX_IPv4_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
			ip.fragmentResourceFailure()
			return
		}
		frag.NxPacketAddress = f
		n := min(size, remaining)
		remaining -= n
		for n > 0 {
			cp := min(n, src.NxPacketAppendPtr-pos)
			if cp > 0 && packetpool.DataAppend(frag, src.NxPacketDataStart[pos:pos+cp], ip.defaultPool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				ip.fragmentResourceFailure()
				packetpool.Release(frag)
				return
			}
			n -= cp
			pos += cp
			if pos < src.NxPacketAppendPtr {
				continue
			}
			if src.NxPacketNext != nil {
				src = src.NxPacketNext
				pos = src.NxPacketPrependPtr
			} else if remaining > 0 || n > 0 {
				ip.Stats.InvalidTransmitPackets++
				ip.Stats.FragmentFailures++
				packetpool.Release(frag)
				return
			}
		}
		flags := uint16(offset / 8)
		if remaining > 0 {
			flags |= ipv4MoreFrags
		}
		frag.NxPacketPrependPtr -= ipv4HeaderSize
		frag.NxPacketLength += ipv4HeaderSize
		putIPv4Header(frag.Data(), h[1], int(frag.NxPacketLength), h.id(), flags, h[8], h.protocol(), h.src(), h.dst())
		ip.Stats.FragmentsSent++
		ip.Stats.TotalPacketsSent++
		ip.Stats.TotalBytesSent += frag.NxPacketLength - ipv4HeaderSize
		f.send(req.NxIPDriverCommand, frag, req.NxIPDriverPhysicalAddressMsw, req.NxIPDriverPhysicalAddressLsw)
	}
	ip.Stats.SuccessfulFragmentRequests++
}

// fragmentResourceFailure counts a fragmentation stopped for want of a
// packet.
func (ip *IP) fragmentResourceFailure() {
	ip.Stats.FragmentFailures++
	ip.Stats.SendPacketsDropped++
	ip.Stats.TransmitResourceErrors++
}

// reassembly collects the fragments of one datagram: same source,
// destination, identification and protocol.
type reassembly struct {
	key   [3]nx.ULONG // src, dst, id<<8|protocol
	frags []*packetpool.Packet
	// time is nx_packet_reassembly_time: the seconds left, counted down by
	// the periodic check; at 0 the next check gives up.
	time nx.ULONG
}

func fragmentKey(h ipv4Header) [3]nx.ULONG {
	return [3]nx.ULONG{h.src(), h.dst(), nx.ULONG(h.id())<<8 | nx.ULONG(h.protocol())}
}

func fragmentOffset(p *packetpool.Packet) int {
	return int(ipv4Header(p.Data()).flagsOffset()&ipv4OffsetMask) * 8
}

// reassemble adds a fragment; when the datagram is complete it returns the
// fragments chained into one datagram (the first one's header, fixed up),
// else nil (_nx_ip_fragment_assembly).
func (ip *IP) reassemble(pkt *packetpool.Packet) *packetpool.Packet {
	key := fragmentKey(ipv4Header(pkt.Data()))
	var r *reassembly
	for _, x := range ip.reassembly {
		if x.key == key {
			r = x
		}
	}
	// The time is the larger of NX_IPV4_MAX_REASSEMBLY_TIME and the TTL of
	// every fragment received so far (RFC 791 §3.2, as
	// _nx_ip_fragment_assembly sets nx_packet_reassembly_time).
	ttl := nx.ULONG(pkt.Data()[8])
	if r == nil {
		r = &reassembly{key: key, time: max(nx.NX_IPV4_MAX_REASSEMBLY_TIME, ttl)}
		ip.reassembly = append(ip.reassembly, r)
	}
	r.time = max(r.time, ttl)
	ip.holdReassembly(pkt)
	// Linked through nx_packet_fragment_next, in nx_packet_union_next
	// (_nx_ip_fragment_assembly): not releasable until NetX takes it off.
	packetpool.LinkThroughUnion(pkt)
	r.frags = insertFragment(r.frags, pkt, fragmentOffset)
	// NetX counts the offsets in 8-byte units and each fragment's share as
	// its payload divided by 8 (NX_IP_ALIGN_FRAGS), so a fragment whose
	// payload is not a multiple of 8 still meets the next one; the
	// datagram is then every fragment's payload (_nx_ip_fragment_assembly).
	next, payload := 0, 0
	for i, p := range r.frags {
		h := ipv4Header(p.Data())
		if int(h.flagsOffset()&ipv4OffsetMask) != next {
			return nil
		}
		n := h.totalLength() - h.headerLength()
		next += n / 8
		payload += n
		if h.flagsOffset()&ipv4MoreFrags == 0 {
			if i != len(r.frags)-1 {
				return nil
			}
			return ip.joinFragments(r, payload)
		}
	}
	return nil
}

// joinFragments chains a complete set: every fragment after the first loses
// its IP header; the first one's header gets the total length and no
// fragment bits.
func (ip *IP) joinFragments(r *reassembly, payload int) *packetpool.Packet {
	ip.removeReassembly(r)
	head := r.frags[0]
	hl := ipv4Header(head.Data()).headerLength()
	last := head
	for p := head; p != nil; p = p.NxPacketNext {
		last = p
	}
	for _, p := range r.frags[1:] {
		fhl := ipv4Header(p.Data()).headerLength()
		p.NxPacketPrependPtr += fhl
		for q := p; q != nil; q = q.NxPacketNext {
			last.NxPacketNext = q
			last = q
		}
	}
	head.NxPacketLast = last
	if last == head {
		head.NxPacketLast = nil
	}
	head.NxPacketLength = nx.ULONG(hl + payload)
	h := ipv4Header(head.Data())
	binary.BigEndian.PutUint16(h[2:], uint16(hl+payload))
	binary.BigEndian.PutUint16(h[6:], 0)
	binary.BigEndian.PutUint16(h[10:], 0)
	binary.BigEndian.PutUint16(h[10:], internetChecksum(h[:hl]))
	return head
}

func (ip *IP) removeReassembly(r *reassembly) {
	for i, x := range ip.reassembly {
		if x == r {
			ip.reassembly = append(ip.reassembly[:i], ip.reassembly[i+1:]...)
			return
		}
	}
}

// insertFragment puts a fragment in offset order; one with the offset of a
// fragment already there replaces it, and the older copy goes back to its
// pool (RFC 791 §3.2: the more recently arrived copy is used, as
// _nx_ip_fragment_assembly does for IPv4 and IPv6).
func insertFragment(frags []*packetpool.Packet, pkt *packetpool.Packet, offset func(*packetpool.Packet) int) []*packetpool.Packet {
	at := offset(pkt)
	i := sort.Search(len(frags), func(i int) bool { return offset(frags[i]) >= at })
	if i < len(frags) && offset(frags[i]) == at {
		packetpool.Release(frags[i])
		frags[i] = pkt
		return frags
	}
	return slices.Insert(frags, i, pkt)
}

// reassemblyPeriodic is _nx_ip_fragment_timeout_check, once a second: a
// datagram whose time is 0 is given up — counted as a reassembly failure,
// answered with ICMP time exceeded (fragment reassembly) when its first
// fragment is in, its fragments dropped — and the others' time counts down.
func (ip *IP) reassemblyPeriodic() {
	for _, r := range append([]*reassembly(nil), ip.reassembly...) {
		if r.time > 0 {
			r.time--
			continue
		}
		ip.removeReassembly(r)
		ip.Stats.ReassemblyFailures++
		if first := r.frags[0]; fragmentOffset(first) == 0 {
			first.NxPacketIPHeader = first.NxPacketPrependPtr
			ip.icmpv4Error(first, icmpTimeExceeded, icmpFragmentReassemblyTimeExceeded, 0)
		}
		ip.releaseFragments(r)
	}
}

func (ip *IP) releaseFragments(r *reassembly) {
	for _, p := range r.frags {
		ip.Stats.FragmentsDropped++
		ip.drop(p)
	}
}

// reassemblyFlush drops every pending reassembly.
func (ip *IP) reassemblyFlush() {
	for _, r := range ip.reassembly {
		ip.releaseFragments(r)
	}
	ip.reassembly = nil
}
