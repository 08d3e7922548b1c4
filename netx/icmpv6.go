package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// icmpv6Checksum is the ICMPv6 checksum of a message (prepend offset at
// its header) with the pseudo-header for src and dst (RFC 4443 §2.3).
func icmpv6Checksum(pkt *packetpool.Packet, src, dst [4]nx.ULONG) uint16 {
	var s, d [16]byte
	putWords16(s[:], src)
	putWords16(d[:], dst)
	sum := pseudoHeaderSum(s[:], d[:], protocolICMPv6, int(pkt.NxPacketLength))
	return checksumFinish(chainSum(sum, pkt, int(pkt.NxPacketLength)))
}

// icmpv6Receive is _nx_icmpv6_packet_process: the message, prepend offset
// at its header, is checked (length, checksum) and handed on by type. NetX
// also processes router advertisements and redirects; nxsim has no routers
// that send them and counts them, with every other type, as unhandled.
func (ip *IP) icmpv6Receive(pkt *packetpool.Packet) {
	d := pkt.Data()
	if len(d) < 4 {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	h := ipv6Header(pkt.NxPacketDataStart[pkt.NxPacketIPHeader:])
	if icmpv6Checksum(pkt, h.src(), h.dst()) != 0 {
		ip.Stats.ICMP.InvalidPackets++
		ip.Stats.ICMP.ChecksumErrors++
		packetpool.Release(pkt)
		return
	}
	switch d[0] {
	case icmpv6EchoReply:
		ip.echoReplyV6(pkt, h)
	case icmpv6EchoRequest:
		ip.echoRequestV6(pkt, h)
	case icmpv6NeighborSolicit:
		ip.processNS(pkt, h)
	case icmpv6NeighborAdvert:
		ip.processNA(pkt, h)
	default:
		ip.Stats.ICMP.UnhandledMessages++
		packetpool.Release(pkt)
	}
}

// pingV6 is _nx_icmp_ping6 and _nx_icmp_interface_ping6: the identifier
// is the low 16 bits of the source address; a data append that fails is
// NX_OVERFLOW, as nx_icmp_interface_ping6.c returns.
func (ip *IP) pingV6(dst [4]nx.ULONG, data []byte, responsePtr **packetpool.Packet, wait nx.ULONG) nx.Status {
	*responsePtr = nil
	a := ip.interfaceFindV6(dst, nil)
	if a == nil {
		return nx.NX_NO_INTERFACE_ADDRESS
	}
	return ip.pingV6From(a, dst, data, responsePtr, wait)
}

// pingV6From is _nx_icmp_interface_ping6: the echo request from the
// address a (its interface, or loopback for one of our own addresses).
func (ip *IP) pingV6From(a *ipv6Address, dst [4]nx.ULONG, data []byte, responsePtr **packetpool.Packet, wait nx.ULONG) nx.Status {
	*responsePtr = nil
	f := a.ifc
	if ip.ownV6(dst) != nil {
		f = ip.loopback()
	}
	pkt, st := ip.echoPacket(nx.NX_IPv6_PACKET+icmpHeaderSize, data, wait, nx.NX_OVERFLOW)
	if st != nx.NX_SUCCESS {
		return st
	}
	seq := ip.echoHeader(pkt, icmpv6EchoRequest, uint16(a.address[3]))
	binary.BigEndian.PutUint16(pkt.Data()[2:], icmpv6Checksum(pkt, a.address, dst))
	return ip.pingExchange(seq, wait, responsePtr, func() {
		if a.state != addrStateValid {
			// _nx_ipv6_header_add sends nothing but DAD's solicitations from
			// an address that is not valid yet.
			ip.Stats.InvalidTransmitPackets++
			packetpool.TransmitRelease(pkt)
			return
		}
		ip.ipv6Send(pkt, f, a.address, dst, protocolICMPv6)
	})
}

// echoRequestV6 is _nx_icmpv6_process_echo_request: answered from the
// address it was sent to (or, for a multicast request, the address
// _nxd_ipv6_interface_find picks for the requester), never from a
// tentative address nor to the unspecified address.
func (ip *IP) echoRequestV6(pkt *packetpool.Packet, h ipv6Header) {
	if pkt.NxPacketLength < icmpHeaderSize {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	src, dst := h.src(), h.dst()
	var a *ipv6Address
	if isMulticast(dst) {
		a = ip.interfaceFindV6(src, ip.receivedOn(pkt))
	} else if a = ip.ownV6(dst); a != nil && a.state != addrStateValid {
		a = nil
	}
	if a == nil || src == ipv6Unspecified {
		packetpool.Release(pkt)
		return
	}
	ip.Stats.ICMP.PingsReceived++
	d := pkt.Data()
	d[0], d[2], d[3] = icmpv6EchoReply, 0, 0
	binary.BigEndian.PutUint16(d[2:], icmpv6Checksum(pkt, a.address, src))
	f, _, ok := ip.routeV6(src)
	if !ok {
		f = a.ifc
	}
	ip.Stats.ICMP.PingsRespondedTo++
	ip.ipv6Send(pkt, f, a.address, src, protocolICMPv6)
}

// echoReplyV6 is _nx_icmpv6_process_echo_reply.
func (ip *IP) echoReplyV6(pkt *packetpool.Packet, h ipv6Header) {
	if pkt.NxPacketLength < icmpHeaderSize {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	ip.Stats.ICMP.PingResponsesReceived++
	if a := ip.ownV6(h.dst()); h.src() == ipv6Unspecified || a == nil || a.state != addrStateValid {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	ip.pingAnswer(pkt, binary.BigEndian.Uint16(pkt.Data()[6:]))
}

// arrivedOn is the interface a packet arrived on, loopback included.
func (ip *IP) arrivedOn(pkt *packetpool.Packet) *Interface {
	if f, ok := pkt.NxPacketAddress.(*Interface); ok && f != nil {
		return f
	}
	return &ip.interfaces[0]
}

// receivedOn is the physical interface a packet arrived on (interface 0
// for one that came through loopback).
func (ip *IP) receivedOn(pkt *packetpool.Packet) *Interface {
	if f := ip.arrivedOn(pkt); f != ip.loopback() {
		return f
	}
	return &ip.interfaces[0]
}
