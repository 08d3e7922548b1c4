package securedtls

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// Where a session's records leave from (dtls-semantics.md §2.13): the
// address the peer targeted, so that a server with several addresses
// answers each client from the one it wrote to.

// noLocalAddress is nx_secure_dtls_local_ip_address_index before the first
// datagram: records go out with nxd_udp_socket_send.
const noLocalAddress nx.UINT = 0xFFFFFFFF

// rememberLocalAddress is the index bookkeeping of
// nx_secure_dtls_session_receive.c: the first datagram a session takes
// (after the client's source check) fixes the index — the receiving
// interface's for IPv4, the targeted IPv6 address's for IPv6 (left unset
// when the destination is none of the instance's addresses, as C leaves it
// when nx_packet_ipv6_address_ptr is NULL).
func (s *Session) rememberLocalAddress(pkt *packetpool.Packet) {
	if s.NxSecureDTLSLocalIPAddressIndex != noLocalAddress {
		return
	}
	switch pkt.NxPacketIPVersion {
	case nx.NX_IP_VERSION_V4:
		var ifc nx.UINT
		if netx.UDPPacketInfoExtract(pkt, nil, nil, nil, &ifc) == nx.NX_SUCCESS {
			s.NxSecureDTLSLocalIPAddressIndex = ifc
		}
	case nx.NX_IP_VERSION_V6:
		s.NxSecureDTLSLocalIPAddressIndex = ipv6AddressIndex(s.udpSocket.NxUDPSocketIPPtr, ipv6Destination(pkt))
	}
}

// ipv6Destination is the destination address of a received IPv6 datagram.
func ipv6Destination(pkt *packetpool.Packet) [4]nx.ULONG {
	var a [4]nx.ULONG
	h := pkt.NxPacketDataStart[pkt.NxPacketIPHeader:]
	for i := range a {
		a[i] = binary.BigEndian.Uint32(h[24+4*i:])
	}
	return a
}

// ipv6AddressIndex is the index of address in ip's IPv6 address table
// (nxd_ipv6_address_index), or noLocalAddress. ::1 is the loopback entry
// that follows the table (NX_LOOPBACK_IPV6_ENABLED, index
// NX_MAX_IPV6_ADDRESSES), which nxd_udp_socket_source_send accepts.
func ipv6AddressIndex(ip *netx.IP, address [4]nx.ULONG) nx.UINT {
	tableSize := nx.UINT(3 * netx.MaxPhysicalInterfaces) // NX_MAX_IPV6_ADDRESSES
	if address == [4]nx.ULONG{0, 0, 0, 1} {
		return tableSize
	}
	for i := range tableSize {
		var a nx.NXDAddress
		var prefix nx.ULONG
		var ifc nx.UINT
		if netx.IPv6AddressGet(ip, i, &a, &prefix, &ifc) == nx.NX_SUCCESS && a.NxdIPAddress.V6 == address {
			return i
		}
	}
	return noLocalAddress
}

// udpSend sends pkt to the session's peer: from the remembered local
// address with nxd_udp_socket_source_send once there is one, otherwise with
// nxd_udp_socket_send (nx_secure_dtls_send_record.c,
// nx_secure_dtls_retransmit.c).
func (s *Session) udpSend(pkt *packetpool.Packet) nx.Status {
	if s.NxSecureDTLSLocalIPAddressIndex == noLocalAddress {
		return netx.UDPSocketSend(s.udpSocket, pkt, &s.remote, s.remotePort)
	}
	return netx.UDPSocketSourceSend(s.udpSocket, pkt, &s.remote, s.remotePort, s.NxSecureDTLSLocalIPAddressIndex)
}
