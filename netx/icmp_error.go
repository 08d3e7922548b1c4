package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// ICMP error messages NetX sends (nx_icmpv4.h, nx_icmpv6.h): only where
// its source does — protocol unreachable for an IPv4 datagram of a
// protocol it does not know (nx_ip_dispatch_process.c), parameter problem
// for an IPv6 next header it does not know, a header out of order or an
// option it must not skip (ipv6_options.go), parameter problem for a bad
// IPv4 internet-timestamp option (ipv4_options.go), time exceeded for an IPv4 or
// IPv6 datagram whose reassembly timed out with its first fragment
// (nx_ip_fragment_timeout_check.c), and port unreachable for a UDP
// datagram to a port nobody bound (nx_udp_packet_receive.c).
const (
	icmpDestUnreachable     = 3
	icmpProtocolUnreachable = 2
	icmpPortUnreachable     = 3
	icmpTimeExceeded        = 11 // NX_ICMP_TIME_EXCEEDED_TYPE
	// icmpFragmentReassemblyTimeExceeded is NX_ICMP_FRT_EXCEEDED_CODE.
	icmpFragmentReassemblyTimeExceeded = 1
	icmpv6TimeExceeded                 = 3
	icmpv6DestUnreachable              = 1
	icmpv6PortUnreachable              = 4
	icmpv6ParameterProblem             = 4
	icmpv6MinimumMTU                   = 1280 // NX_MINIMUM_IPV6_PATH_MTU
)

// icmpv4Error is _nx_icmpv4_send_error_message: an error about the
// offending datagram (its IP header at NxPacketIPHeader) goes back to its
// source, carrying the IP header and the first 8 bytes after it. Nothing is
// sent without ICMPv4, for a datagram to a broadcast or multicast address,
// for a fragment other than the first, or from a source that cannot be
// answered (0, loopback, broadcast, multicast), nor without a free packet.
func (ip *IP) icmpv4Error(offending *packetpool.Packet, typ, code uint8, pointer uint8) {
	if !ip.icmpV4 {
		return
	}
	h := ipv4Header(offending.NxPacketDataStart[offending.NxPacketIPHeader:])
	src, dst := h.src(), h.dst()
	f := ip.receivedOn(offending)
	if dst == 0xFFFFFFFF || dst>>28 == 0xE || (f.mask != 0 && dst&f.mask == f.address&f.mask && dst|f.mask == 0xFFFFFFFF) ||
		h.flagsOffset()&ipv4OffsetMask != 0 {
		return
	}
	if src == 0 || src>>24 == 127 || src == 0xFFFFFFFF || src>>28 == 0xE {
		return
	}
	quoted := h[:min(h.headerLength()+8, len(h))]
	var pkt *packetpool.Packet
	if packetpool.Allocate(ip.defaultPool, &pkt, nx.NX_IPv4_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return
	}
	if packetpool.DataAppend(pkt, make([]byte, icmpHeaderSize+len(quoted)), ip.defaultPool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		return
	}
	m := pkt.Data()
	m[0], m[1], m[4] = typ, code, pointer
	copy(m[icmpHeaderSize:], quoted)
	binary.BigEndian.PutUint16(m[2:], checksumFinish(chainSum(0, pkt, int(pkt.NxPacketLength))))
	out, nextHop, ok := ip.routeV4(src)
	if !ok {
		packetpool.Release(pkt)
		return
	}
	ip.Stats.ICMP.ErrorsSent++
	ip.ipv4Send(pkt, out, nextHop, src, ipv4NormalTypeOfServic, ipv4TimeToLive, protocolICMP, false)
}

// icmpv6Error is _nx_icmpv6_send_error_message: as icmpv4Error for IPv6,
// quoting as much of the offending datagram as fits the minimum IPv6 MTU
// and the packet, sent from the address the datagram was for (or, for a
// multicast one, the address _nxd_ipv6_interface_find picks). Nothing is
// sent without ICMPv6, to the unspecified address, or without a valid
// source address.
func (ip *IP) icmpv6Error(offending *packetpool.Packet, typ, code uint8, pointer nx.ULONG) {
	if !ip.icmpV6 {
		return
	}
	h := ipv6Header(offending.NxPacketDataStart[offending.NxPacketIPHeader:offending.NxPacketAppendPtr])
	src, dst := h.src(), h.dst()
	if src == ipv6Unspecified {
		return
	}
	var from *ipv6Address
	if isMulticast(dst) {
		from = ip.interfaceFindV6(dst, nil)
	} else {
		from = ip.ownV6(dst)
	}
	if from == nil || from.state != addrStateValid {
		return
	}
	var pkt *packetpool.Packet
	if packetpool.Allocate(ip.defaultPool, &pkt, nx.NX_IPv6_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return
	}
	n := min(len(h), icmpv6MinimumMTU-ipv6HeaderSize-icmpHeaderSize,
		int(ip.defaultPool.PayloadSize())-ipv6HeaderSize-icmpHeaderSize-nx.NX_PHYSICAL_HEADER)
	if n < 0 || packetpool.DataAppend(pkt, make([]byte, icmpHeaderSize+n), ip.defaultPool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		return
	}
	m := pkt.Data()
	m[0], m[1] = typ, code
	binary.BigEndian.PutUint32(m[4:], pointer)
	copy(m[icmpHeaderSize:], h[:n])
	binary.BigEndian.PutUint16(m[2:], icmpv6Checksum(pkt, from.address, src))
	out, _, ok := ip.routeV6(src)
	if !ok {
		out = from.ifc
	}
	ip.Stats.ICMP.ErrorsSent++
	ip.ipv6Send(pkt, out, from.address, src, protocolICMPv6)
}

// unknownProtocol sends what NetX sends for an IPv4 datagram (prepend at
// its IP header) of a protocol it does not know: ICMPv4 protocol
// unreachable. Protocols NetX knows but that are not enabled (TCP, IGMP,
// UDP before nx_udp_enable) and the numbers of IPv6's extension headers
// are dropped silently: in an IPv6 build _nx_ip_dispatch_process takes an
// IPv4 datagram of those numbers (hop-by-hop 0, routing 43, fragment 44,
// ESP 50, AH 51, no next header 59, destination options 60) through its
// extension-header cases, which never reach protocol unreachable; ESP and
// AH are dropped without IPsec. (IPv6's next headers: unknownNextHeader.)
func (ip *IP) unknownProtocol(pkt *packetpool.Packet, protocol uint8) {
	switch protocol {
	case protocolICMP, 2, 6, protocolUDP, protocolICMPv6, 0, 43, 44, 50, 51, 59, 60:
		return
	}
	pkt.NxPacketIPHeader = pkt.NxPacketPrependPtr
	ip.icmpv4Error(pkt, icmpDestUnreachable, icmpProtocolUnreachable, 0)
}

// portUnreachable answers a UDP datagram that found no bound port, as
// _nx_udp_packet_receive does: ICMPv4 destination unreachable (port) when
// ICMPv4 is enabled, ICMPv6 destination unreachable (port) unless the
// datagram went to a multicast address.
func (ip *IP) portUnreachable(pkt *packetpool.Packet) {
	if pkt.NxPacketIPVersion == nx.NX_IP_VERSION_V6 {
		if h := ipv6Header(pkt.NxPacketDataStart[pkt.NxPacketIPHeader:pkt.NxPacketAppendPtr]); h.dst()[0]&0xFF000000 != 0xFF000000 {
			ip.icmpv6Error(pkt, icmpv6DestUnreachable, icmpv6PortUnreachable, 0)
		}
		return
	}
	ip.icmpv4Error(pkt, icmpDestUnreachable, icmpPortUnreachable, 0)
}
