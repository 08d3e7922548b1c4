package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// ipv6Address is one address of an interface.
type ipv6Address struct {
	address   [4]nx.ULONG
	prefixLen nx.ULONG
}

// neighbor is a static neighbour cache entry (nxd_nd_cache_entry_set).
type neighbor struct {
	address  [4]nx.ULONG
	ifc      *Interface
	msw, lsw nx.ULONG
}

const ipv6HopLimit = 255

var ipv6Loopback = [4]nx.ULONG{0, 0, 0, 1}

// IPv6Enable is nxd_ipv6_enable: the instance sends and receives IPv6.
func IPv6Enable(ipPtr *IP) nx.Status {
	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if ipPtr.ipv6 {
		return nx.NX_ALREADY_ENABLED
	}
	ipPtr.ipv6 = true
	return nx.NX_SUCCESS
}

// IPv6AddressSet is nxd_ipv6_address_set: an address with its prefix
// length on an interface; *addressIndex (may be nil) receives its index.
// NetX would first run duplicate address detection; nxsim's IPv6 has no
// neighbour discovery, so the address is valid at once.
func IPv6AddressSet(ipPtr *IP, interfaceIndex nx.UINT, ipAddress *nx.NXDAddress, prefixLength nx.ULONG, addressIndex *nx.UINT) nx.Status {
	if errorChecking {
		if !validIP(ipPtr) || ipAddress == nil {
			return nx.NX_PTR_ERROR
		}
		if ipAddress.NxdIPVersion != nx.NX_IP_VERSION_V6 {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	if !ipPtr.ipv6 {
		return nx.NX_NOT_ENABLED
	}
	f.ipv6 = append(f.ipv6, ipv6Address{address: ipAddress.NxdIPAddress.V6, prefixLen: prefixLength})
	if addressIndex != nil {
		*addressIndex = nx.UINT(len(f.ipv6) - 1)
	}
	return nx.NX_SUCCESS
}

// NDCacheEntrySet is nxd_nd_cache_entry_set: a permanent neighbour
// mapping from destIP (four host-order ULONGs) to mac (six bytes) on an
// interface.
func NDCacheEntrySet(ipPtr *IP, destIP []nx.ULONG, interfaceIndex nx.UINT, mac []byte) nx.Status {
	if errorChecking && (len(destIP) < 4 || len(mac) < 6) {
		return nx.NX_PTR_ERROR
	}
	f, st := interfaceArg(ipPtr, interfaceIndex)
	if st != nx.NX_SUCCESS {
		return st
	}
	var a [4]nx.ULONG
	copy(a[:], destIP)
	msw, lsw := macWords(mac)
	for i := range ipPtr.neighbors {
		if ipPtr.neighbors[i].address == a {
			ipPtr.neighbors[i] = neighbor{a, f, msw, lsw}
			return nx.NX_SUCCESS
		}
	}
	ipPtr.neighbors = append(ipPtr.neighbors, neighbor{a, f, msw, lsw})
	return nx.NX_SUCCESS
}

func isLinkLocal(a [4]nx.ULONG) bool { return a[0]>>22 == 0xFE80>>6 }
func isMulticast(a [4]nx.ULONG) bool { return a[0]>>24 == 0xFF }

// routeV6 finds the interface, source address and, for unicast, the
// neighbour for an IPv6 destination. ok is false when no interface has a
// usable source address (NX_NO_INTERFACE_ADDRESS).
func (ip *IP) routeV6(dst [4]nx.ULONG) (f *Interface, src [4]nx.ULONG, ok bool) {
	if dst == ipv6Loopback {
		return ip.loopback(), ipv6Loopback, true
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		g := &ip.interfaces[i]
		for _, a := range g.ipv6 {
			if a.address == dst {
				return ip.loopback(), dst, true
			}
		}
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		g := &ip.interfaces[i]
		if !g.valid || !g.linkUp || len(g.ipv6) == 0 {
			continue
		}
		src = g.ipv6[0].address
		for _, a := range g.ipv6 {
			if isLinkLocal(a.address) == isLinkLocal(dst) {
				src = a.address
				break
			}
		}
		return g, src, true
	}
	return nil, src, false
}

// ipv6Send prepends the IPv6 header and sends the datagram: loopback,
// multicast (to the 33:33 MAC), or to a neighbour in the static cache. A
// datagram larger than the MTU, or to an unknown neighbour, is dropped and
// counted.
func (ip *IP) ipv6Send(pkt *packetpool.Packet, f *Interface, src, dst [4]nx.ULONG, next uint8) {
	payload := int(pkt.NxPacketLength)
	pkt.NxPacketPrependPtr -= ipv6HeaderSize
	pkt.NxPacketLength += ipv6HeaderSize
	putIPv6Header(pkt.Data(), payload, next, ipv6HopLimit, src, dst)
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V6
	pkt.NxPacketAddress = f
	ip.Stats.TotalPacketsSent++
	ip.Stats.TotalBytesSent += nx.ULONG(payload)
	switch {
	case f == ip.loopback():
		ip.loopbackSend(pkt)
	case pkt.NxPacketLength > f.mtu:
		ip.Stats.SendPacketsDropped++
		packetpool.Release(pkt)
	case isMulticast(dst):
		f.send(nx.NX_LINK_PACKET_SEND, pkt, 0x3333, dst[3])
	default:
		for _, n := range ip.neighbors {
			if n.address == dst && n.ifc == f {
				f.send(nx.NX_LINK_PACKET_SEND, pkt, n.msw, n.lsw)
				return
			}
		}
		ip.Stats.NoNeighbor++
		ip.Stats.SendPacketsDropped++
		packetpool.Release(pkt)
	}
}

// ipv6Receive validates an IPv6 datagram for one of our addresses (or
// all-nodes multicast) and hands UDP to UDP; extension headers are not
// supported and dropped.
func (ip *IP) ipv6Receive(pkt *packetpool.Packet) {
	h := ipv6Header(pkt.Data())
	if !ip.ipv6 || len(h) < ipv6HeaderSize || ipv6HeaderSize+h.payloadLength() > int(pkt.NxPacketLength) {
		ip.dropInvalid(pkt)
		return
	}
	trimTo(pkt, ipv6HeaderSize+h.payloadLength())
	if !ip.acceptsV6(h.dst()) {
		ip.Stats.NotForUs++
		ip.drop(pkt)
		return
	}
	if h.nextHeader() != protocolUDP || ip.udp == nil {
		ip.Stats.UnknownProtocol++
		ip.drop(pkt)
		return
	}
	pkt.NxPacketIPHeader = pkt.NxPacketPrependPtr
	pkt.NxPacketPrependPtr += ipv6HeaderSize
	pkt.NxPacketLength -= ipv6HeaderSize
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V6
	ip.udpReceive(pkt)
}

func (ip *IP) acceptsV6(dst [4]nx.ULONG) bool {
	if dst == ipv6Loopback || dst == [4]nx.ULONG{0xFF020000, 0, 0, 1} {
		return true
	}
	for i := range ip.interfaces[:MaxPhysicalInterfaces] {
		for _, a := range ip.interfaces[i].ipv6 {
			if a.address == dst {
				return true
			}
		}
	}
	return false
}
