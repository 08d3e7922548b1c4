package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// routeV4 finds the interface and next hop for an IPv4 destination
// (_nx_ip_route_find): loopback for 127/8 and our own addresses, the
// interface whose subnet (or broadcast) it is on, else the gateway. An
// interface whose link is not up does not route.
func (ip *IP) routeV4(dst nx.ULONG) (*Interface, nx.ULONG, bool) { return ip.routeV4Via(dst, nil) }

// routeV4Via is routeV4 restricted to one interface when only is not nil
// (a packet whose interface was set, as nx_udp_socket_source_send does).
func (ip *IP) routeV4Via(dst nx.ULONG, only *Interface) (*Interface, nx.ULONG, bool) {
	if dst>>24 == 127 {
		return ip.loopback(), dst, true
	}
	phys := ip.interfaces[:MaxPhysicalInterfaces]
	for i := range phys {
		if f := &phys[i]; f.valid && f.address == dst && only == nil {
			return ip.loopback(), dst, true
		}
	}
	usable := func(f *Interface) bool { return f.valid && f.linkUp && (only == nil || f == only) }
	for i := range phys {
		f := &phys[i]
		if usable(f) && (f.onSubnet(dst) || (f.address != 0 && f.isBroadcastFor(dst))) {
			return f, dst, true
		}
	}
	if dst == 0xFFFFFFFF {
		if only != nil && usable(only) {
			return only, dst, true
		}
		if usable(&phys[0]) {
			return &phys[0], dst, true
		}
	}
	if g := ip.gatewayIfc; g != nil && usable(g) {
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
	if f == ip.loopback() {
		ip.Stats.TotalPacketsSent++
		ip.Stats.TotalBytesSent += pkt.NxPacketLength - ipv4HeaderSize
		ip.loopbackSend(pkt)
		return
	}
	ip.driverPacketSendV4(pkt, f, nextHop, dst, dontFragment)
}

// driverPacketSendV4 is _nx_ip_driver_packet_send: the link address of
// the datagram — broadcast, multicast, or the next hop's ARP entry — and
// then the driver. A next hop not yet resolved gets the whole datagram
// queued on its ARP entry, unfragmented; it is fragmented, if it must be,
// when the answer comes (nx_ip_driver_packet_send.c, nx_arp_queue_send.c).
// Only a datagram that could never be sent (larger than the MTU without
// fragmentation) is dropped before queueing.
func (ip *IP) driverPacketSendV4(pkt *packetpool.Packet, f *Interface, nextHop, dst nx.ULONG, dontFragment bool) {
	req := IPDriver{NxIPDriverCommand: nx.NX_LINK_PACKET_SEND}
	if f.mapping {
		switch {
		case dst == 0xFFFFFFFF || f.isBroadcastFor(dst):
			req.NxIPDriverCommand = nx.NX_LINK_PACKET_BROADCAST
			req.NxIPDriverPhysicalAddressMsw, req.NxIPDriverPhysicalAddressLsw = 0xFFFF, 0xFFFFFFFF
		case dst&0xF0000000 == 0xE0000000: // class D: the 01:00:5E mapping
			req.NxIPDriverPhysicalAddressMsw, req.NxIPDriverPhysicalAddressLsw = 0x0100, 0x5E000000|dst&0x7FFFFF
		default:
			e := ip.arpResolved(nextHop)
			if e == nil {
				if pkt.NxPacketLength > f.mtu && (!ip.fragmentEnabled || dontFragment) {
					ip.Stats.SendPacketsDropped++
					packetpool.TransmitRelease(pkt)
					return
				}
				ip.arpQueue(pkt, f, nextHop)
				return
			}
			req.NxIPDriverPhysicalAddressMsw, req.NxIPDriverPhysicalAddressLsw = e.msw, e.lsw
		}
	}
	ip.driverTransmit(pkt, f, req, !dontFragment)
}

// driverTransmit hands a datagram whose link address is known to the
// driver; one larger than the MTU is fragmented when fragmentation is
// enabled and allowed, else dropped (the end of _nx_ip_driver_packet_send
// and of _nx_arp_queue_send).
func (ip *IP) driverTransmit(pkt *packetpool.Packet, f *Interface, req IPDriver, mayFragment bool) {
	if pkt.NxPacketLength > f.mtu {
		if ip.fragmentEnabled && mayFragment {
			ip.fragmentSend(pkt, f, req)
			return
		}
		ip.Stats.SendPacketsDropped++
		packetpool.TransmitRelease(pkt)
		return
	}
	ip.Stats.TotalPacketsSent++
	ip.Stats.TotalBytesSent += pkt.NxPacketLength - ipv4HeaderSize
	f.send(req.NxIPDriverCommand, pkt, req.NxIPDriverPhysicalAddressMsw, req.NxIPDriverPhysicalAddressLsw)
}

// send gives a packet to the driver, which owns it from now on.
func (f *Interface) send(command nx.UINT, pkt *packetpool.Packet, msw, lsw nx.ULONG) {
	f.holdDriver(pkt)
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
		ip.Stats.TransmitResourceErrors++
		ip.Stats.SendPacketsDropped++
	} else {
		cp.NxPacketAddress = ip.loopback()
		ip.holdDeferred(cp)
		ip.thread.DeferredReceive(cp)
	}
	packetpool.Release(pkt)
}

// packetReceive is _nx_ip_packet_receive: one received IP packet, prepend
// offset at the IP header. It runs on the IP thread (deferred path) or in
// the driver's context (direct path).
func (ip *IP) packetReceive(pkt *packetpool.Packet) {
	rtos.Charge(opIPPacketProcess, 0)
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
		// _nx_ipv4_packet_receive checks the header checksum only once the
		// header length is at least 20 bytes and below the packet's length.
		if hl := h.headerLength(); hl >= ipv4HeaderSize && int(pkt.NxPacketLength) > hl && internetChecksum(h[:hl]) != 0 {
			ip.Stats.ChecksumErrors++
		}
		ip.dropInvalid(pkt)
		return
	}
	trimTo(pkt, h.totalLength()) // Ethernet pads short frames
	// _nx_ipv4_packet_receive processes the options before it looks at the
	// destination: a bad one drops the datagram, counted as dropped only.
	if h.headerLength() > ipv4HeaderSize {
		if !ip.ipv4OptionsValid(pkt) {
			ip.drop(pkt)
			return
		}
		ipv4StripOptions(pkt)
		h = ipv4Header(pkt.Data())
	}
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
		ip.unknownProtocol(pkt, h.protocol())
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
