package netx

import (
	"encoding/binary"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// The UDP services beyond socket create/bind/send/receive: source sends,
// the IPv4 forms and the information services (nx_udp_*.c, nxd_udp_*.c).

// UDPSocketSourceSend is nxd_udp_socket_source_send: UDPSocketSend from a
// chosen source. For IPv4 addressIndex is the interface (its address is
// the source, and only its subnet or its gateway routes); for IPv6 it is
// the index of the IPv6 address (NX_NO_INTERFACE_ADDRESS if no address is
// there). NX_INVALID_INTERFACE for an index out of range. Threads only.
func UDPSocketSourceSend(socketPtr *UDPSocket, packetPtr *packetpool.Packet, ipAddress *nx.NXDAddress, port nx.UINT, addressIndex nx.UINT) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opUDPSocketSourceSend, packetBytes(packetPtr)))
	if errorChecking {
		if st := nxeUDPSourceSend(socketPtr, packetPtr, ipAddress, addressIndex); st != nx.NX_SUCCESS {
			return st
		}
		if st := nxeUDPSend(socketPtr, packetPtr, ipAddress, port); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := socketPtr
	var src udpSource
	if ipAddress.NxdIPVersion == nx.NX_IP_VERSION_V6 {
		f, a, ok := s.NxUDPSocketIPPtr.ipv6AddressAt(int(addressIndex))
		if !ok {
			return nx.NX_NO_INTERFACE_ADDRESS
		}
		src = udpSource{ifc: f, v6: a, v6Set: true}
	} else {
		if int(addressIndex) >= len(s.NxUDPSocketIPPtr.interfaces) {
			return nx.NX_INVALID_INTERFACE
		}
		src.ifc = &s.NxUDPSocketIPPtr.interfaces[addressIndex]
	}
	return s.send(packetPtr, ipAddress, port, src)
}

// UDPSocketSourceSendV4 is nx_udp_socket_source_send, the IPv4 form of
// UDPSocketSourceSend: addressIndex is the interface to send from.
func UDPSocketSourceSendV4(socketPtr *UDPSocket, packetPtr *packetpool.Packet, ipAddress nx.ULONG, port nx.UINT, addressIndex nx.UINT) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opUDPSocketSourceSendV4, packetBytes(packetPtr)))
	return UDPSocketSourceSend(socketPtr, packetPtr, v4Address(ipAddress), port, addressIndex)
}

// nxeUDPSourceSend is the index check of nxde_udp_socket_source_send.c.
func nxeUDPSourceSend(s *UDPSocket, pkt *packetpool.Packet, addr *nx.NXDAddress, index nx.UINT) nx.Status {
	if !validSocket(s) || pkt == nil || addr == nil {
		return nx.NX_PTR_ERROR
	}
	if s.NxUDPSocketIPPtr.udp == nil {
		return nx.NX_NOT_ENABLED
	}
	switch addr.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		if int(index) >= len(s.NxUDPSocketIPPtr.interfaces) {
			return nx.NX_INVALID_INTERFACE
		}
	case nx.NX_IP_VERSION_V6:
		// NX_MAX_IPV6_ADDRESSES is 3 per physical interface; the
		// loopback address comes after them.
		if int(index) >= 3*MaxPhysicalInterfaces+1 {
			return nx.NX_INVALID_INTERFACE
		}
	}
	return nx.NX_SUCCESS
}

// ipv6AddressAt returns the entry addressIndex of the instance's IPv6
// address table (nx_ipv6_address[address_index]; the index after the table
// is the loopback address) and its interface, if the address is valid
// (nxd_udp_socket_source_send.c: NX_NO_INTERFACE_ADDRESS otherwise).
func (ip *IP) ipv6AddressAt(index int) (*Interface, [4]nx.ULONG, bool) {
	table := ip.v6.addresses()
	a := &ip.v6.lo
	if index < len(table) {
		a = &table[index]
	}
	if !a.valid || a.state != addrStateValid {
		return nil, [4]nx.ULONG{}, false
	}
	return a.ifc, a.address, true
}

// UDPSourceExtractV4 is nx_udp_source_extract, the IPv4 form of
// UDPSourceExtract. NX_INVALID_PACKET for a packet that is not a received
// IPv4 datagram. Any context.
func UDPSourceExtractV4(packetPtr *packetpool.Packet, ipAddress *nx.ULONG, port *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSourceExtractV4))
	if errorChecking {
		switch {
		case packetPtr == nil || ipAddress == nil || port == nil:
			return nx.NX_PTR_ERROR
		case packetPtr.NxPacketIPVersion != nx.NX_IP_VERSION_V4 ||
			packetPtr.NxPacketPrependPtr < ipv4HeaderSize+udpHeaderSize:
			return nx.NX_INVALID_PACKET
		}
	}
	*port = sourcePort(packetPtr)
	*ipAddress = ipv4Header(packetPtr.NxPacketDataStart[packetPtr.NxPacketIPHeader:]).src()
	return nx.NX_SUCCESS
}

// sourcePort reads the UDP source port 8 bytes before the data.
func sourcePort(p *packetpool.Packet) nx.UINT {
	return nx.UINT(binary.BigEndian.Uint16(p.NxPacketDataStart[p.NxPacketPrependPtr-udpHeaderSize:]))
}

// UDPPacketInfoExtract is nxd_udp_packet_info_extract: of a received
// datagram, the sender's address, the protocol (17), the source port and
// the index of the interface it came in on. Any out-pointer may be nil.
// NX_INVALID_PACKET when the packet is neither IPv4 nor IPv6 and the
// address is asked for. Threads only.
func UDPPacketInfoExtract(packetPtr *packetpool.Packet, ipAddress *nx.NXDAddress, protocol, port, interfaceIndex *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPPacketInfoExtract))
	if errorChecking {
		if packetPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	p := packetPtr
	if ipAddress != nil {
		h := p.NxPacketDataStart[p.NxPacketIPHeader:]
		switch p.NxPacketIPVersion {
		case nx.NX_IP_VERSION_V4:
			*ipAddress = *v4Address(ipv4Header(h).src())
		case nx.NX_IP_VERSION_V6:
			*ipAddress = nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
			ipAddress.NxdIPAddress.V6 = ipv6Header(h).src()
		default:
			return nx.NX_INVALID_PACKET
		}
	}
	if port != nil {
		*port = sourcePort(p)
	}
	if protocol != nil {
		*protocol = protocolUDP
	}
	if interfaceIndex != nil {
		*interfaceIndex = 0xFFFFFFFF
		if f, ok := p.NxPacketAddress.(*Interface); ok && f != nil {
			*interfaceIndex = nx.UINT(f.index)
		}
	}
	return nx.NX_SUCCESS
}

// UDPPacketInfoExtractV4 is nx_udp_packet_info_extract, the IPv4 form of
// UDPPacketInfoExtract: NX_INVALID_PACKET when the address is asked of a
// datagram that came over IPv6.
func UDPPacketInfoExtractV4(packetPtr *packetpool.Packet, ipAddress *nx.ULONG, protocol, port, interfaceIndex *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPPacketInfoExtractV4))
	var a nx.NXDAddress
	st := UDPPacketInfoExtract(packetPtr, &a, protocol, port, interfaceIndex)
	if st == nx.NX_SUCCESS && ipAddress != nil {
		// An IPv6 sender has no IPv4 form: NX_INVALID_PACKET, the other
		// outputs already written (_nx_udp_packet_info_extract).
		if a.NxdIPVersion != nx.NX_IP_VERSION_V4 {
			return nx.NX_INVALID_PACKET
		}
		*ipAddress = a.NxdIPAddress.V4
	}
	return st
}

// UDPInfoGet is nx_udp_info_get: the instance's UDP counters. Any
// out-pointer may be nil. Not from an ISR.
func UDPInfoGet(ipPtr *IP, udpPacketsSent, udpBytesSent, udpPacketsReceived, udpBytesReceived,
	udpInvalidPackets, udpReceivePacketsDropped, udpChecksumErrors *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPInfoGet))
	if errorChecking {
		if !validIP(ipPtr) {
			return nx.NX_PTR_ERROR
		}
		if ipPtr.udp == nil {
			return nx.NX_NOT_ENABLED
		}
		if inISR() {
			return nx.NX_CALLER_ERROR
		}
	}
	s := &ipPtr.Stats
	setULONGs(udpPacketsSent, s.UDPPacketsSent, udpBytesSent, s.UDPBytesSent,
		udpPacketsReceived, s.UDPPacketsReceived, udpBytesReceived, s.UDPBytesReceived,
		udpInvalidPackets, s.UDPInvalidPackets, udpReceivePacketsDropped, s.UDPReceivePacketsDropped,
		udpChecksumErrors, s.UDPChecksumErrors)
	return nx.NX_SUCCESS
}
