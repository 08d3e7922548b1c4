package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// ICMPSourcePing is nxd_icmp_source_ping: ICMPPing from a chosen source.
// For an IPv4 address, addressIndex is an interface index (the loopback
// interface included): the request leaves that interface with its address
// as source and identifier, even when the destination is not reachable
// through it — NetX then sends it nowhere, counts an invalid transmit
// packet and the ping ends with NX_NO_RESPONSE (nxd_icmp_source_ping.c,
// nx_ip_packet_send.c). For an IPv6 address, addressIndex is an entry of
// the IPv6 address table (IPv6AddressGet's index), which must be in use;
// from an address still in DAD the request is counted as sent and dropped
// (an invalid transmit packet) and the ping waits in vain.
// NX_INVALID_INTERFACE for an index out of range or an unused IPv6 entry,
// NX_NOT_ENABLED without ICMP (or IPv6). Threads only.
func ICMPSourcePing(ipPtr *IP, ipAddress *nx.NXDAddress, addressIndex nx.UINT, data []byte,
	responsePtr **packetpool.Packet, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opICMPSourcePing, len(data)))

	if errorChecking {
		if st := nxeICMPSourcePing(ipPtr, ipAddress, addressIndex, responsePtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	switch ipAddress.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		f := &ipPtr.interfaces[addressIndex]
		_, nextHop, routed := ipPtr.routeV4Via(ipAddress.NxdIPAddress.V4, f)
		return ipPtr.pingV4From(f, nextHop, routed, ipAddress.NxdIPAddress.V4, data, responsePtr, waitOption)
	case nx.NX_IP_VERSION_V6:
		table, a := ipPtr.v6.addresses(), &ipPtr.v6.lo // the index after the table: ::1
		if int(addressIndex) < len(table) {
			a = &table[addressIndex]
		}
		return ipPtr.pingV6From(a, ipAddress.NxdIPAddress.V6, data, responsePtr, waitOption)
	}
	return nx.NX_NOT_SUPPORTED
}

// nxeICMPSourcePing is _nxde_icmp_source_ping's checks.
func nxeICMPSourcePing(ipPtr *IP, ipAddress *nx.NXDAddress, addressIndex nx.UINT, responsePtr **packetpool.Packet) nx.Status {
	switch {
	case !validIP(ipPtr) || responsePtr == nil:
		return nx.NX_PTR_ERROR
	case ipAddress == nil:
		return nx.NX_IP_ADDRESS_ERROR
	}
	switch ipAddress.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		if int(addressIndex) > MaxPhysicalInterfaces {
			return nx.NX_INVALID_INTERFACE
		}
	case nx.NX_IP_VERSION_V6:
		table := ipPtr.v6.addresses()
		switch {
		case int(addressIndex) > len(table):
			return nx.NX_INVALID_INTERFACE
		case int(addressIndex) == len(table):
			if !ipPtr.ipv6 {
				return nx.NX_INVALID_INTERFACE
			}
		case !table[addressIndex].valid:
			// An entry in use, even a tentative one (_nxde_icmp_source_ping
			// checks nxd_ipv6_address_valid, not the state).
			return nx.NX_INVALID_INTERFACE
		}
	}
	return ipPtr.nxeICMPVersion(ipAddress.NxdIPVersion)
}

// pingV4From is _nx_icmp_interface_ping: the request leaves f with its
// address as source and identifier. Without a route (routed false) it is
// counted as sent, dropped as an invalid transmit packet by
// _nx_ip_packet_send, and the ping waits in vain.
func (ip *IP) pingV4From(f *Interface, nextHop nx.ULONG, routed bool, dst nx.ULONG, data []byte,
	responsePtr **packetpool.Packet, wait nx.ULONG) nx.Status {
	*responsePtr = nil
	pkt, st := ip.echoPacket(nx.NX_IPv4_PACKET+icmpHeaderSize, data, wait, nx.NX_SUCCESS)
	if st != nx.NX_SUCCESS {
		return st
	}
	seq := ip.echoHeader(pkt, icmpEchoRequest, uint16(f.address))
	binary.BigEndian.PutUint16(pkt.Data()[2:], checksumFinish(chainSum(0, pkt, int(pkt.NxPacketLength))))
	return ip.pingExchange(seq, wait, responsePtr, func() {
		if routed {
			ip.ipv4Send(pkt, f, nextHop, dst, ipv4NormalTypeOfServic, ipv4TimeToLive, protocolICMP, false)
			return
		}
		ip.Stats.InvalidTransmitPackets++
		packetpool.TransmitRelease(pkt)
	})
}
