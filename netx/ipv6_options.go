package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// IPv6 extension headers as NetX Duo walks them (_nx_ip_dispatch_process,
// nx_ip_dispatch_process.c): hop-by-hop options only first, destination
// options at most twice, one routing header (with no segments left) and
// one fragment header, in that order; a header out of order gets an ICMPv6
// parameter problem (code 1) pointing at the next-header field that named
// it. Options (_nx_ipv6_process_hop_by_hop_option, also used for
// destination options): Pad1 and PadN are skipped, an unknown option is
// handled as its two high bits say (_nx_ipv6_option_error).
const (
	ipv6HopByHop     = 0  // NX_PROTOCOL_NEXT_HEADER_HOP_BY_HOP
	ipv6Routing      = 43 // NX_PROTOCOL_NEXT_HEADER_ROUTING
	ipv6NoNextHeader = 59 // NX_PROTOCOL_NO_NEXT_HEADER
	ipv6Destination  = 60 // NX_PROTOCOL_NEXT_HEADER_DESTINATION
	protocolTCP      = 6
	ipsecESP         = 50 // NX_PROTOCOL_NEXT_HEADER_ENCAP_SECURITY
	ipsecAH          = 51 // NX_PROTOCOL_NEXT_HEADER_AUTHENTICATION
	// ipv6NextHeaderOffset is the next-header field of the IPv6 header
	// (nx_packet_option_offset as _nx_ipv6_packet_receive sets it).
	ipv6NextHeaderOffset = 6
	// ipv6RoutingHeaderSize is sizeof(NX_IPV6_HEADER_ROUTING_OPTION).
	ipv6RoutingHeaderSize = 8
)

// The order of the headers seen so far (enum NX_IPV6_OPTION_STATE,
// nx_ipv6.h, without IPsec).
const (
	optionStateBase uint8 = iota
	optionStateHopByHop
	optionStateDestination1
	optionStateRouting
	optionStateFragment
	optionStateDestination2
)

// ipv6Walk is what NetX keeps in the packet while it walks the headers
// (nx_packet_option_state, nx_packet_destination_header,
// nx_packet_option_offset) and the walk's own next_option_offset.
type ipv6Walk struct {
	state        uint8
	destinations int
	optionOffset int // offset from the IPv6 header of the next-header field naming the current header
	nextOffset   int // offset from the IPv6 header of the current header
}

// newIPv6Walk is the walk _nx_ipv6_packet_receive starts.
func newIPv6Walk() ipv6Walk {
	return ipv6Walk{optionOffset: ipv6NextHeaderOffset, nextOffset: ipv6HeaderSize}
}

// byteAt reads the packet's buffer at offset i from the prepend pointer, as
// NetX reads the option bytes (past the append pointer when the header
// says so); 0 past the buffer.
func byteAt(pkt *packetpool.Packet, i int) byte {
	if j := pkt.NxPacketPrependPtr + i; j < len(pkt.NxPacketDataStart) {
		return pkt.NxPacketDataStart[j]
	}
	return 0
}

// parameterProblem is NX_ICMPV6_SEND_PARAMETER_PROBLEM.
func (ip *IP) parameterProblem(pkt *packetpool.Packet, code uint8, pointer int) {
	ip.icmpv6Error(pkt, icmpv6ParameterProblem, code, nx.ULONG(pointer))
}

// extensionHeader processes a hop-by-hop, destination options or routing
// header (prepend at it) as _nx_ip_dispatch_process does; false means the
// datagram is dropped.
func (ip *IP) extensionHeader(pkt *packetpool.Packet, next uint8, w *ipv6Walk) bool {
	switch next {
	case ipv6HopByHop:
		if w.state >= optionStateHopByHop {
			ip.parameterProblem(pkt, 1, w.optionOffset)
			return false
		}
		w.state = optionStateHopByHop
		return ip.ipv6Options(pkt)
	case ipv6Destination:
		misplaced := false
		switch {
		case w.destinations >= 1 && (w.state < optionStateDestination1 || w.destinations > 1):
			misplaced = true
		case w.destinations >= 1 || w.state >= optionStateRouting:
			w.state = optionStateDestination2
		default:
			w.state = optionStateDestination1
		}
		w.destinations++
		if misplaced {
			ip.parameterProblem(pkt, 1, w.optionOffset)
			return false
		}
		return ip.ipv6Options(pkt)
	default:
		if w.state >= optionStateRouting {
			ip.parameterProblem(pkt, 1, w.optionOffset)
			return false
		}
		w.state = optionStateRouting
		return ip.routingHeader(pkt)
	}
}

// ipv6Options is _nx_ipv6_process_hop_by_hop_option: the options of a
// hop-by-hop or destination options header (prepend at it). A header
// longer than the packet's first buffer is handled as its first option's
// type says and dropped.
func (ip *IP) ipv6Options(pkt *packetpool.Packet) bool {
	have := len(pkt.Data())
	if have < 2 {
		return false
	}
	base := pkt.NxPacketPrependPtr - pkt.NxPacketIPHeader // the header's offset in the datagram
	offset := 2
	left := (int(byteAt(pkt, 1))+1)*8 - offset
	if have < left+offset {
		ip.optionError(pkt, byteAt(pkt, offset), base+offset)
		return false
	}
	for left > 0 {
		typ := byteAt(pkt, offset)
		if typ == 0 { // Pad1
			offset++
			left--
			continue
		}
		// PadN (1) is skipped; unknown options as their type says.
		if typ != 1 && !ip.optionError(pkt, typ, base+offset) {
			return false
		}
		n := int(byteAt(pkt, offset+1)) + 2
		offset += n
		left -= n
	}
	return true
}

// optionError is _nx_ipv6_option_error: the two high bits of an unknown
// option's type say skip it (0), drop the datagram (1), drop it with a
// parameter problem (code 2) pointing at the option (2), or the same
// unless the datagram went to a multicast address (3). It reports whether
// processing goes on.
func (ip *IP) optionError(pkt *packetpool.Packet, typ byte, pointer int) bool {
	switch typ >> 6 {
	case 0:
		return true
	case 3:
		if isMulticast(ipv6Header(pkt.NxPacketDataStart[pkt.NxPacketIPHeader:]).dst()) {
			return false
		}
		ip.parameterProblem(pkt, 2, pointer)
	case 2:
		ip.parameterProblem(pkt, 2, pointer)
	}
	return false
}

// routingHeader is _nx_ipv6_process_routing_option: a routing header with
// segments left is dropped with a parameter problem pointing at that
// field (RFC 5095 deprecated the type 0 header NetX would have to follow).
func (ip *IP) routingHeader(pkt *packetpool.Packet) bool {
	if pkt.NxPacketLength < ipv6RoutingHeaderSize {
		return false
	}
	if byteAt(pkt, 3) == 0 {
		return true
	}
	ip.parameterProblem(pkt, 0, pkt.NxPacketPrependPtr-pkt.NxPacketIPHeader+2)
	return false
}

// advance moves the prepend pointer past the header just processed and
// returns the next header, as the end of _nx_ip_dispatch_process's loop
// does; false when no byte would follow it in the packet's first buffer.
func (w *ipv6Walk) advance(pkt *packetpool.Packet, current uint8) (uint8, bool) {
	n := ipv6FragmentHeaderSize
	if current != ipv6FragmentHeader {
		n = (int(byteAt(pkt, 1)) + 1) * 8
	}
	next := byteAt(pkt, 0)
	ok := pkt.NxPacketPrependPtr+n < pkt.NxPacketAppendPtr
	if ok {
		pkt.NxPacketPrependPtr += n
		pkt.NxPacketLength -= nx.ULONG(n)
	}
	w.optionOffset = w.nextOffset
	w.nextOffset = pkt.NxPacketPrependPtr - pkt.NxPacketIPHeader
	return next, ok
}

// unknownNextHeader is the end of _nx_ip_dispatch_process for an IPv6
// datagram whose next header NetX does not process: TCP (not emulated)
// and IPsec's headers (NX_IPSEC_ENABLE is not emulated) are dropped
// quietly, anything else is counted as an unknown protocol
// and answered with a parameter problem (code 1) pointing at the
// next-header field that named it.
func (ip *IP) unknownNextHeader(pkt *packetpool.Packet, next uint8, w ipv6Walk) {
	if next != protocolTCP && next != ipsecESP && next != ipsecAH {
		ip.parameterProblem(pkt, 1, w.optionOffset)
		ip.Stats.UnknownProtocol++
	}
	ip.drop(pkt)
}
