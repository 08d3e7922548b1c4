package netx

import (
	"encoding/binary"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// UDPSocketSend is nxd_udp_socket_send: the packet's data goes to
// ipAddress:port. On NX_SUCCESS the packet is NetX's — the caller must not
// touch or release it, and the datagram may still be lost later (no ARP
// answer, MTU without fragmentation, loopback copy failure) with no error
// reaching the caller. On any other status the packet is the caller's,
// unmodified. NX_NOT_BOUND for an unbound socket, NX_IP_ADDRESS_ERROR when
// no interface routes to the address (the link not being up included),
// NX_NO_INTERFACE_ADDRESS for IPv6 without a source address. Threads only
// (a callback on the IP thread may send).
func UDPSocketSend(socketPtr *UDPSocket, packetPtr *packetpool.Packet, ipAddress *nx.NXDAddress, port nx.UINT) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opUDPSocketSend, packetBytes(packetPtr)))
	if errorChecking {
		if st := nxeUDPSend(socketPtr, packetPtr, ipAddress, port); st != nx.NX_SUCCESS {
			return st
		}
	}
	return socketPtr.send(packetPtr, ipAddress, port, udpSource{})
}

// UDPSocketSendV4 is nx_udp_socket_send, the IPv4 form of UDPSocketSend:
// ipAddress is a host-order IPv4 address (0 is NX_IP_ADDRESS_ERROR). The
// packet's ownership follows the same rules.
func UDPSocketSendV4(socketPtr *UDPSocket, packetPtr *packetpool.Packet, ipAddress nx.ULONG, port nx.UINT) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opUDPSocketSendV4, packetBytes(packetPtr)))
	return UDPSocketSend(socketPtr, packetPtr, v4Address(ipAddress), port)
}

// v4Address is the NXD_ADDRESS the nx_ forms of the services build.
func v4Address(a nx.ULONG) *nx.NXDAddress {
	d := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	d.NxdIPAddress.V4 = a
	return d
}

// udpSource is what a source send fixes: the IPv4 interface, or the IPv6
// source address and its interface.
type udpSource struct {
	ifc   *Interface
	v6    [4]nx.ULONG
	v6Set bool
}

// send is _nxd_udp_socket_send: the route (through src.ifc only, if set),
// the UDP header with its checksum, and IP.
func (s *UDPSocket) send(pkt *packetpool.Packet, addr *nx.NXDAddress, port nx.UINT, src udpSource) nx.Status {
	ip := s.NxUDPSocketIPPtr
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if !s.bound {
		return nx.NX_NOT_BOUND
	}
	ip.thread.Protect()
	defer ip.thread.Unprotect()
	switch addr.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		dst := addr.NxdIPAddress.V4
		f, nextHop, ok := ip.routeV4(dst)
		if src.ifc != nil {
			f, nextHop, ok = ip.routeV4Via(dst, src.ifc)
		}
		if !ok && src.ifc != nil {
			// A source send through an interface that does not route the
			// destination: the send succeeds and IP drops the datagram
			// (nx_ip_packet_send.c: next hop 0).
			s.prependUDP(pkt, uint16(port), make([]byte, 4), make([]byte, 4), false)
			ip.Stats.InvalidTransmitPackets++
			packetpool.TransmitRelease(pkt)
			return nx.NX_SUCCESS
		}
		if !ok {
			return nx.NX_IP_ADDRESS_ERROR
		}
		from := f.address
		if f == ip.loopback() && dst>>24 != 127 {
			from = dst
		}
		var srcB, dstB [4]byte
		binary.BigEndian.PutUint32(srcB[:], from)
		binary.BigEndian.PutUint32(dstB[:], dst)
		s.prependUDP(pkt, uint16(port), srcB[:], dstB[:], !s.checksumOff)
		ip.ipv4Send(pkt, f, nextHop, dst, s.tos, s.ttl, protocolUDP, s.dontFragment)
	case nx.NX_IP_VERSION_V6:
		if !ip.ipv6 {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		dst := addr.NxdIPAddress.V6
		f, from, ok := src.ifc, src.v6, src.v6Set
		if !ok {
			f, from, ok = ip.routeV6(dst)
		}
		if !ok {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		var srcB, dstB [16]byte
		putWords16(srcB[:], from)
		putWords16(dstB[:], dst)
		s.prependUDP(pkt, uint16(port), srcB[:], dstB[:], true)
		ip.ipv6Send(pkt, f, from, dst, protocolUDP)
	}
	return nx.NX_SUCCESS
}

// prependUDP adds the UDP header in front of the data, with the checksum
// over the pseudo-header (0 is sent as 0xFFFF; without checksum, 0).
func (s *UDPSocket) prependUDP(pkt *packetpool.Packet, dstPort uint16, src, dst []byte, checksum bool) {
	payload := pkt.NxPacketLength
	pkt.NxPacketPrependPtr -= udpHeaderSize
	pkt.NxPacketLength += udpHeaderSize
	h := pkt.Data()
	binary.BigEndian.PutUint16(h[0:], s.port)
	binary.BigEndian.PutUint16(h[2:], dstPort)
	binary.BigEndian.PutUint16(h[4:], uint16(pkt.NxPacketLength))
	binary.BigEndian.PutUint16(h[6:], 0)
	if checksum {
		sum := pseudoHeaderSum(src, dst, protocolUDP, int(pkt.NxPacketLength))
		c := checksumFinish(chainSum(sum, pkt, int(pkt.NxPacketLength)))
		if c == 0 {
			c = 0xFFFF
		}
		binary.BigEndian.PutUint16(h[6:], c)
	}
	s.Stats.PacketsSent++
	s.Stats.BytesSent += payload
	s.NxUDPSocketIPPtr.Stats.UDPPacketsSent++
	s.NxUDPSocketIPPtr.Stats.UDPBytesSent += payload
}

// nxeUDPSend is nxde_udp_socket_send.c's check.
func nxeUDPSend(s *UDPSocket, pkt *packetpool.Packet, addr *nx.NXDAddress, port nx.UINT) nx.Status {
	if !validSocket(s) || addr == nil || pkt == nil || !packetpool.Allocated(pkt) {
		return nx.NX_PTR_ERROR
	}
	if s.NxUDPSocketIPPtr.udp == nil {
		return nx.NX_NOT_ENABLED
	}
	switch addr.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		if addr.NxdIPAddress.V4 == 0 {
			return nx.NX_IP_ADDRESS_ERROR
		}
	case nx.NX_IP_VERSION_V6:
		if addr.NxdIPAddress.V6 == [4]nx.ULONG{} {
			return nx.NX_IP_ADDRESS_ERROR
		}
	default:
		return nx.NX_IP_ADDRESS_ERROR
	}
	if port > nx.NX_MAX_PORT {
		return nx.NX_INVALID_PORT
	}
	need := ipv4HeaderSize + udpHeaderSize
	if addr.NxdIPVersion == nx.NX_IP_VERSION_V6 {
		need = ipv6HeaderSize + udpHeaderSize
	}
	if pkt.NxPacketPrependPtr < need {
		s.Stats.InvalidPackets++
		s.NxUDPSocketIPPtr.Stats.UDPInvalidPackets++
		return nx.NX_UNDERFLOW
	}
	if pkt.NxPacketAppendPtr > len(pkt.NxPacketDataStart) {
		s.Stats.InvalidPackets++
		s.NxUDPSocketIPPtr.Stats.UDPInvalidPackets++
		return nx.NX_OVERFLOW
	}
	if notThreads() {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}
