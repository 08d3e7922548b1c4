package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// routeV4 finds the interface and next hop for an IPv4 destination
// (_nx_ip_route_find): loopback for 127/8 and our own addresses, the
// interface whose subnet (or broadcast) it is on, else the gateway. An
// interface whose link is not up does not route.
func (ip *IP) routeV4(dst nx.ULONG) (*Interface, nx.ULONG, bool) {
	if dst>>24 == 127 {
		return ip.loopback(), dst, true
	}
	phys := ip.interfaces[:MaxPhysicalInterfaces]
	for i := range phys {
		if f := &phys[i]; f.valid && f.address == dst {
			return ip.loopback(), dst, true
		}
	}
	for i := range phys {
		f := &phys[i]
		if f.valid && f.linkUp && (f.onSubnet(dst) || (f.address != 0 && f.isBroadcastFor(dst))) {
			return f, dst, true
		}
	}
	if dst == 0xFFFFFFFF && phys[0].valid && phys[0].linkUp {
		return &phys[0], dst, true
	}
	if g := ip.gatewayIfc; g != nil && g.linkUp {
		return g, ip.gateway, true
	}
	return nil, 0, false
}

func (ip *IP) loopback() *Interface { return &ip.interfaces[MaxPhysicalInterfaces] }

// ipv4Send prepends the IPv4 header and sends the datagram out of f
// (_nx_ip_packet_send). NetX owns the packet: every outcome from here on is
// silent to the caller — a drop is only counted.
func (ip *IP) ipv4Send(pkt *packetpool.Packet, f *Interface, nextHop, dst nx.ULONG, tos, ttl uint8, protocol uint8, dontFragment bool) {
	src := f.address
	if f == ip.loopback() && dst>>24 != 127 {
		src = dst
	}
	pkt.NxPacketPrependPtr -= ipv4HeaderSize
	pkt.NxPacketLength += ipv4HeaderSize
	var flags uint16
	if dontFragment {
		flags = ipv4DontFrag
	}
	ip.packetID++
	putIPv4Header(pkt.Data(), tos, int(pkt.NxPacketLength), ip.packetID, flags, ttl, protocol, src, dst)
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V4
	pkt.NxPacketAddress = f
	ip.Stats.TotalPacketsSent++
	ip.Stats.TotalBytesSent += pkt.NxPacketLength - ipv4HeaderSize
	switch {
	case f == ip.loopback():
		ip.loopbackSend(pkt)
	case pkt.NxPacketLength > f.mtu && (!ip.fragmentEnabled || dontFragment):
		ip.Stats.SendPacketsDropped++
		packetpool.Release(pkt)
	case pkt.NxPacketLength > f.mtu:
		ip.fragmentSend(pkt, f, nextHop, dst)
	default:
		ip.transmitV4(pkt, f, nextHop, dst)
	}
}

// transmitV4 hands an IPv4 datagram to the driver: broadcast, direct, or
// through ARP.
func (ip *IP) transmitV4(pkt *packetpool.Packet, f *Interface, nextHop, dst nx.ULONG) {
	switch {
	case dst == 0xFFFFFFFF || f.isBroadcastFor(dst):
		f.send(nx.NX_LINK_PACKET_BROADCAST, pkt, 0xFFFF, 0xFFFFFFFF)
	case !f.mapping:
		f.send(nx.NX_LINK_PACKET_SEND, pkt, 0, 0)
	default:
		ip.arpSend(pkt, f, nextHop)
	}
}

// send gives a packet to the driver, which owns it from now on.
func (f *Interface) send(command nx.UINT, pkt *packetpool.Packet, msw, lsw nx.ULONG) {
	f.call(IPDriver{NxIPDriverCommand: command, NxIPDriverPacket: pkt,
		NxIPDriverPhysicalAddressMsw: msw, NxIPDriverPhysicalAddressLsw: lsw})
}

// loopbackSend delivers a datagram to this instance: a copy from the
// default pool (NX_NO_WAIT) goes to the deferred receive queue; the
// original is released. Without a free packet the datagram is lost.
func (ip *IP) loopbackSend(pkt *packetpool.Packet) {
	var cp *packetpool.Packet
	if packetpool.Copy(pkt, &cp, ip.defaultPool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		ip.Stats.LoopbackCopyFailures++
		ip.Stats.SendPacketsDropped++
	} else {
		cp.NxPacketAddress = ip.loopback()
		ip.thread.DeferredReceive(cp)
	}
	packetpool.Release(pkt)
}

// packetReceive is _nx_ip_packet_receive: one received IP packet, prepend
// offset at the IP header. It runs on the IP thread (deferred path) or in
// the driver's context (direct path).
func (ip *IP) packetReceive(pkt *packetpool.Packet) {
	d := pkt.Data()
	if len(d) == 0 {
		ip.dropInvalid(pkt)
		return
	}
	if pkt.NxPacketAddress == nil {
		pkt.NxPacketAddress = &ip.interfaces[0]
	}
	switch d[0] >> 4 {
	case 4:
		ip.ipv4Receive(pkt)
	case 6:
		ip.ipv6Receive(pkt)
	default:
		ip.dropInvalid(pkt)
	}
}

func (ip *IP) dropInvalid(pkt *packetpool.Packet) {
	ip.Stats.InvalidPackets++
	ip.drop(pkt)
}

func (ip *IP) drop(pkt *packetpool.Packet) {
	ip.Stats.ReceivePacketsDropped++
	packetpool.Release(pkt)
}

// ipv4Receive validates an IPv4 datagram and hands it to UDP.
func (ip *IP) ipv4Receive(pkt *packetpool.Packet) {
	h := ipv4Header(pkt.Data())
	if len(h) < ipv4HeaderSize || h.headerLength() > len(h) {
		ip.dropInvalid(pkt)
		return
	}
	if !h.valid(int(pkt.NxPacketLength)) {
		if internetChecksum(h[:min(h.headerLength(), len(h))]) != 0 {
			ip.Stats.ChecksumErrors++
		}
		ip.dropInvalid(pkt)
		return
	}
	trimTo(pkt, h.totalLength()) // Ethernet pads short frames
	if !ip.acceptsV4(h.dst()) {
		ip.Stats.NotForUs++
		ip.drop(pkt)
		return
	}
	if h.flagsOffset()&(ipv4MoreFrags|ipv4OffsetMask) != 0 {
		ip.Stats.FragmentsReceived++
		if !ip.fragmentEnabled {
			ip.Stats.FragmentsDropped++
			ip.drop(pkt)
			return
		}
		if pkt = ip.reassemble(pkt); pkt == nil {
			return
		}
		h = ipv4Header(pkt.Data())
	}
	icmp := h.protocol() == protocolICMP && ip.icmpV4
	if !icmp && (h.protocol() != protocolUDP || ip.udp == nil) {
		ip.Stats.UnknownProtocol++
		ip.unknownProtocol(pkt, nx.NX_IP_VERSION_V4, h.protocol())
		ip.drop(pkt)
		return
	}
	hl := h.headerLength()
	pkt.NxPacketIPHeader = pkt.NxPacketPrependPtr
	pkt.NxPacketPrependPtr += hl
	pkt.NxPacketLength -= nx.ULONG(hl)
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V4
	if icmp {
		ip.icmpv4Receive(pkt)
		return
	}
	ip.udpReceive(pkt)
}

// acceptsV4 reports whether a destination is one of ours: an interface
// address, a broadcast, or loopback.
func (ip *IP) acceptsV4(dst nx.ULONG) bool {
	if dst>>24 == 127 || dst == 0xFFFFFFFF {
		return true
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		f := &ip.interfaces[i]
		if f.valid && (f.address == dst || (f.address != 0 && f.isBroadcastFor(dst))) {
			return true
		}
	}
	return false
}

// trimTo shortens a received chain to n bytes (link-layer padding).
func trimTo(pkt *packetpool.Packet, n int) {
	if int(pkt.NxPacketLength) <= n {
		return
	}
	pkt.NxPacketLength = nx.ULONG(n)
	for p := pkt; p != nil; p = p.NxPacketNext {
		d := len(p.Data())
		if d >= n {
			p.NxPacketAppendPtr = p.NxPacketPrependPtr + n
			n = 0
			continue
		}
		n -= d
	}
}
