package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// IPv6 fragmentation as NetX Duo does it (nx_ipv6_fragment_process.c,
// nx_ipv6_process_fragment_option.c): only the source fragments, every
// fragment but the last carries ((MTU - 40) & ~7) - 8 bytes of the
// fragmentable part, the identification comes from the instance's packet
// ID counter, and fragments are reassembled on the IP thread, incomplete
// datagrams dropped after NX_IPV6_MAX_REASSEMBLY_TIME seconds.
const (
	ipv6FragmentHeader     = 44 // next-header value of the fragment header
	ipv6FragmentHeaderSize = 8
	ipv6MoreFragments      = 1
	ipv6MaxReassemblyTime  = 60 // NX_IPV6_MAX_REASSEMBLY_TIME, seconds
)

// fragmentSendV6 splits a datagram (prepend offset at its IPv6 header)
// larger than the MTU and gives each fragment to the driver with the
// resolved MAC. Fragments come from the datagram's pool without waiting;
// when one cannot be had the rest is dropped (counted in
// SendPacketsDropped). The original is released.
func (ip *IP) fragmentSendV6(pkt *packetpool.Packet, f *Interface, msw, lsw nx.ULONG) {
	defer packetpool.TransmitRelease(pkt)
	hdr := append([]byte(nil), pkt.Data()[:ipv6HeaderSize]...)
	next := hdr[6]
	payload := int(pkt.NxPacketLength) - ipv6HeaderSize
	size := int((f.mtu-ipv6HeaderSize)&0xFFF8) - ipv6FragmentHeaderSize
	id := nx.ULONG(ip.packetID)
	ip.packetID++
	buf := make([]byte, size)
	for off := 0; off < payload; off += size {
		n := min(size, payload-off)
		var frag *packetpool.Packet
		if packetpool.Allocate(pkt.Pool(), &frag, nx.NX_IPv6_PACKET+ipv6FragmentHeaderSize, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
			ip.Stats.SendPacketsDropped++
			return
		}
		var copied nx.ULONG
		packetpool.DataExtractOffset(pkt, nx.ULONG(ipv6HeaderSize+off), buf[:n], &copied)
		if packetpool.DataAppend(frag, buf[:n], pkt.Pool(), nx.NX_NO_WAIT) != nx.NX_SUCCESS {
			packetpool.Release(frag)
			ip.Stats.SendPacketsDropped++
			return
		}
		flags := uint16(off)
		if off+n < payload {
			flags |= ipv6MoreFragments
		}
		frag.NxPacketPrependPtr -= ipv6HeaderSize + ipv6FragmentHeaderSize
		frag.NxPacketLength += ipv6HeaderSize + ipv6FragmentHeaderSize
		d := frag.Data()
		copy(d, hdr)
		binary.BigEndian.PutUint16(d[4:], uint16(n+ipv6FragmentHeaderSize))
		d[6] = ipv6FragmentHeader
		fh := d[ipv6HeaderSize:]
		fh[0], fh[1] = next, 0
		binary.BigEndian.PutUint16(fh[2:], flags)
		binary.BigEndian.PutUint32(fh[4:], id)
		frag.NxPacketIPVersion = nx.NX_IP_VERSION_V6
		frag.NxPacketAddress = f
		ip.Stats.FragmentsSent++
		ip.countSentV6(frag)
		f.send(nx.NX_LINK_PACKET_SEND, frag, msw, lsw)
	}
}

// reassemblyV6 collects the fragments of one datagram: same source,
// destination and identification.
type reassemblyV6 struct {
	src, dst [4]nx.ULONG
	id       nx.ULONG
	frags    []*packetpool.Packet // prepend offset at the fragment header
	time     int                  // seconds left, counted down as for IPv4 (reassembly.time)
	walk     ipv6Walk             // the header walk up to the first fragment's fragment header
}

// fragmentV6 reads a fragment's header.
func fragmentV6(p *packetpool.Packet) (next uint8, offset int, more bool, id nx.ULONG) {
	d := p.Data()
	v := binary.BigEndian.Uint16(d[2:])
	return d[0], int(v & 0xFFF8), v&ipv6MoreFragments != 0, binary.BigEndian.Uint32(d[4:])
}

// fragmentReceiveV6 is _nx_ipv6_process_fragment_option and the IPv6 half
// of _nx_ip_fragment_assembly: a fragment (prepend offset at its fragment
// header) joins its datagram; the complete datagram goes on to its upper
// layer. Fragments are dropped when fragmentation is off, and when
// malformed (a non-final fragment whose length is not a multiple of 8, or
// one that ends past 65535 bytes), with an ICMPv6 parameter problem. A fragment header with
// offset 0 and no more fragments is no fragmentation at all: true, the
// header walk goes on past it (NX_CONTINUE). w is the walk so far; the
// first fragment's goes on after reassembly.
func (ip *IP) fragmentReceiveV6(pkt *packetpool.Packet, w ipv6Walk) bool {
	ip.Stats.FragmentsReceived++
	if !ip.fragmentEnabled || pkt.NxPacketLength < ipv6FragmentHeaderSize || len(pkt.Data()) < ipv6FragmentHeaderSize {
		ip.Stats.FragmentsDropped++
		ip.drop(pkt)
		return false
	}
	_, offset, more, id := fragmentV6(pkt)
	n := int(pkt.NxPacketLength) - ipv6FragmentHeaderSize
	if (more && n&7 != 0) || offset+n > 65535 {
		// _nx_ipv6_process_fragment_option: a parameter problem pointing
		// at the payload length, or at the fragment offset.
		pointer := 4
		if !more || n&7 == 0 {
			pointer = pkt.NxPacketPrependPtr - pkt.NxPacketIPHeader + 2
		}
		ip.parameterProblem(pkt, 0, pointer)
		ip.Stats.FragmentsDropped++
		ip.dropInvalid(pkt)
		return false
	}
	if !more && offset == 0 {
		return true
	}
	h := ipv6Header(pkt.NxPacketDataStart[pkt.NxPacketIPHeader:])
	var r *reassemblyV6
	for _, x := range ip.v6.reassembly {
		if x.src == h.src() && x.dst == h.dst() && x.id == id {
			r = x
		}
	}
	if r == nil {
		r = &reassemblyV6{src: h.src(), dst: h.dst(), id: id, time: ipv6MaxReassemblyTime}
		ip.v6.reassembly = append(ip.v6.reassembly, r)
	}
	if offset == 0 {
		r.walk = w
	}
	ip.holdReassemblyV6(pkt)
	// Linked through nx_packet_fragment_next, in nx_packet_union_next
	// (_nx_ip_fragment_assembly): not releasable until NetX takes it off.
	packetpool.LinkThroughUnion(pkt)
	r.frags = insertFragment(r.frags, pkt, fragmentOffsetV6)
	ip.reassembleV6(r)
	return false
}

func fragmentOffsetV6(p *packetpool.Packet) int {
	_, offset, _, _ := fragmentV6(p)
	return offset
}

// reassembleV6 hands the datagram on when its fragments cover it from 0 to
// a last fragment without gaps.
func (ip *IP) reassembleV6(r *reassemblyV6) {
	total := 0
	for i, p := range r.frags {
		_, offset, more, _ := fragmentV6(p)
		if offset != total {
			return
		}
		total += int(p.NxPacketLength) - ipv6FragmentHeaderSize
		if !more {
			if i != len(r.frags)-1 {
				return
			}
			ip.joinV6(r, total)
			return
		}
	}
}

// joinV6 chains the fragments' data behind the first one's IPv6 header.
func (ip *IP) joinV6(r *reassemblyV6, total int) {
	ip.removeReassemblyV6(r)
	head := r.frags[0]
	next, _, _, _ := fragmentV6(head)
	last := head
	for i, p := range r.frags {
		p.NxPacketPrependPtr += ipv6FragmentHeaderSize
		if i == 0 {
			for ; last.NxPacketNext != nil; last = last.NxPacketNext {
			}
			continue
		}
		for q := p; q != nil; q = q.NxPacketNext {
			last.NxPacketNext = q
			last = q
		}
	}
	head.NxPacketLast = nil
	if last != head {
		head.NxPacketLast = last
	}
	head.NxPacketLength = nx.ULONG(total)
	// _nx_ip_fragment_assembly dispatches the datagram anew: the packet
	// keeps its option state, the walk's next_option_offset restarts.
	w := r.walk
	w.nextOffset = ipv6HeaderSize
	ip.ipv6Dispatch(head, next, w)
}

func (ip *IP) removeReassemblyV6(r *reassemblyV6) {
	for i, x := range ip.v6.reassembly {
		if x == r {
			ip.v6.reassembly = append(ip.v6.reassembly[:i:i], ip.v6.reassembly[i+1:]...)
			return
		}
	}
}

// reassemblyPeriodicV6 drops datagrams still incomplete after
// NX_IPV6_MAX_REASSEMBLY_TIME seconds, counted down as for IPv4
// (nx_ip_fragment_timeout_check.c).
func (ip *IP) reassemblyPeriodicV6() {
	for _, r := range append([]*reassemblyV6(nil), ip.v6.reassembly...) {
		if r.time > 0 {
			r.time--
			continue
		}
		ip.removeReassemblyV6(r)
		ip.Stats.ReassemblyFailures++
		// With the first fragment in, the source hears of it (RFC 2460
		// §4.5): time exceeded, fragment reassembly time exceeded.
		if fragmentOffsetV6(r.frags[0]) == 0 && !isMulticast(r.dst) {
			ip.icmpv6Error(r.frags[0], icmpv6TimeExceeded, 1, 0)
		}
		ip.releaseFragmentsV6(r)
	}
}

func (ip *IP) releaseFragmentsV6(r *reassemblyV6) {
	for _, p := range r.frags {
		ip.Stats.FragmentsDropped++
		ip.drop(p)
	}
}
