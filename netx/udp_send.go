package netx

import (
	"encoding/binary"

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
	if errorChecking {
		if st := nxeUDPSend(socketPtr, packetPtr, ipAddress, port); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := socketPtr
	ip := s.ip
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if !s.bound {
		return nx.NX_NOT_BOUND
	}
	ip.thread.Protect()
	defer ip.thread.Unprotect()
	switch ipAddress.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		dst := ipAddress.NxdIPAddress.V4
		f, nextHop, ok := ip.routeV4(dst)
		if !ok {
			return nx.NX_IP_ADDRESS_ERROR
		}
		src := f.address
		if f == ip.loopback() && dst>>24 != 127 {
			src = dst
		}
		var srcB, dstB [4]byte
		binary.BigEndian.PutUint32(srcB[:], src)
		binary.BigEndian.PutUint32(dstB[:], dst)
		s.prependUDP(packetPtr, uint16(port), srcB[:], dstB[:], !s.checksumOff)
		ip.ipv4Send(packetPtr, f, nextHop, dst, s.tos, s.ttl, protocolUDP, s.dontFragment)
	case nx.NX_IP_VERSION_V6:
		if !ip.ipv6 {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		dst := ipAddress.NxdIPAddress.V6
		f, src, ok := ip.routeV6(dst)
		if !ok {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		var srcB, dstB [16]byte
		putWords16(srcB[:], src)
		putWords16(dstB[:], dst)
		s.prependUDP(packetPtr, uint16(port), srcB[:], dstB[:], true)
		ip.ipv6Send(packetPtr, f, src, dst, protocolUDP)
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
}

// nxeUDPSend is nxde_udp_socket_send.c's check.
func nxeUDPSend(s *UDPSocket, pkt *packetpool.Packet, addr *nx.NXDAddress, port nx.UINT) nx.Status {
	if !validSocket(s) || addr == nil || pkt == nil || !packetpool.Allocated(pkt) {
		return nx.NX_PTR_ERROR
	}
	if s.ip.udp == nil {
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
		s.ip.Stats.InvalidPackets++
		return nx.NX_UNDERFLOW
	}
	if pkt.NxPacketAppendPtr > len(pkt.NxPacketDataStart) {
		return nx.NX_OVERFLOW
	}
	if notThreads() {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}
