package netx

import (
	"encoding/binary"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// ICMP message types NetX handles (nx_icmp.h, nx_icmpv6.h).
const (
	protocolICMP           = 1
	protocolICMPv6         = 58
	icmpHeaderSize         = 8 // type, code, checksum, identifier, sequence
	icmpEchoReply          = 0
	icmpEchoRequest        = 8
	icmpv6EchoRequest      = 128
	icmpv6EchoReply        = 129
	icmpv6NeighborSolicit  = 135
	icmpv6NeighborAdvert   = 136
	ipv4TimeToLive         = 0x80 // NX_IP_TIME_TO_LIVE
	ipv4NormalTypeOfServic = 0    // NX_IP_NORMAL
)

// ICMPEnableV4 is nx_icmp_enable: the instance answers echo requests and
// can ping over IPv4. NX_ALREADY_ENABLED if ICMP (v4) is on already.
// Allowed from initialization and threads.
func ICMPEnableV4(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opICMPEnableV4))
	if errorChecking {
		if st := nxeIP(ipPtr, false); st != nx.NX_SUCCESS {
			return st
		}
		if ipPtr.icmpV4 {
			return nx.NX_ALREADY_ENABLED
		}
		if notInitOrThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ipPtr.icmpV4 = true
	return nx.NX_SUCCESS
}

// ICMPEnable is nxd_icmp_enable: ICMPv4 and ICMPv6, the latter with
// neighbour discovery and duplicate address detection. The neighbour cache
// starts empty again — static entries set before are lost, as
// nxd_icmp_enable.c clears it. Calling it twice is allowed (NX_SUCCESS).
// Allowed from initialization and threads.
func ICMPEnable(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opICMPEnable))
	if errorChecking {
		if st := nxeIP(ipPtr, notInitOrThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ipPtr.icmpV4, ipPtr.icmpV6 = true, true
	ipPtr.ndFlush()
	return nx.NX_SUCCESS
}

// ICMPPingV4 is nx_icmp_ping: an echo request carrying data goes to
// ipAddress, and the caller waits up to waitOption ticks for the reply with
// the same sequence number. On NX_SUCCESS *responsePtr is the reply, its
// prepend offset past the ICMP header (the echoed data), and the caller
// must release it. NX_NO_RESPONSE when no reply came in time — at once with
// NX_NO_WAIT, since NetX only waits for a reply when asked to
// (nx_icmp_interface_ping.c); NX_IP_ADDRESS_ERROR when no interface routes
// to ipAddress; the pool's status when no packet could be allocated.
// NX_NOT_ENABLED without ICMP. Threads only.
func ICMPPingV4(ipPtr *IP, ipAddress nx.ULONG, data []byte, responsePtr **packetpool.Packet, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opICMPPingV4, len(data)))
	if errorChecking {
		if !validIP(ipPtr) || responsePtr == nil {
			return nx.NX_PTR_ERROR
		}
		if ipAddress == 0 {
			return nx.NX_IP_ADDRESS_ERROR
		}
		if !ipPtr.icmpV4 {
			return nx.NX_NOT_ENABLED
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	return ipPtr.pingV4(ipAddress, data, responsePtr, waitOption)
}

// ICMPPing is nxd_icmp_ping: ICMPPingV4 for an IPv4 NXD_ADDRESS, and the
// ICMPv6 echo for an IPv6 one, sent from the source address that
// _nxd_ipv6_interface_find picks (NX_NO_INTERFACE_ADDRESS when there is
// none valid — during DAD, for instance). NX_NOT_ENABLED without ICMP or
// IPv6. Threads only.
func ICMPPing(ipPtr *IP, ipAddress *nx.NXDAddress, data []byte, responsePtr **packetpool.Packet, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opICMPPing, len(data)))
	if errorChecking {
		if !validIP(ipPtr) || responsePtr == nil {
			return nx.NX_PTR_ERROR
		}
		if ipAddress == nil {
			return nx.NX_IP_ADDRESS_ERROR
		}
		switch ipAddress.NxdIPVersion {
		case nx.NX_IP_VERSION_V4:
			if !ipPtr.icmpV4 {
				return nx.NX_NOT_ENABLED
			}
		case nx.NX_IP_VERSION_V6:
			if !ipPtr.icmpV6 || !ipPtr.ipv6 {
				return nx.NX_NOT_ENABLED
			}
		default:
			return nx.NX_IP_ADDRESS_ERROR
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	switch ipAddress.NxdIPVersion {
	case nx.NX_IP_VERSION_V4:
		return ipPtr.pingV4(ipAddress.NxdIPAddress.V4, data, responsePtr, waitOption)
	case nx.NX_IP_VERSION_V6:
		return ipPtr.pingV6(ipAddress.NxdIPAddress.V6, data, responsePtr, waitOption)
	}
	return nx.NX_NOT_SUPPORTED
}

// pingV4 is _nx_icmp_ping and _nx_icmp_interface_ping.
func (ip *IP) pingV4(dst nx.ULONG, data []byte, responsePtr **packetpool.Packet, wait nx.ULONG) nx.Status {
	*responsePtr = nil
	f, nextHop, ok := ip.routeV4(dst)
	if !ok {
		return nx.NX_IP_ADDRESS_ERROR
	}
	pkt, st := ip.echoPacket(nx.NX_IPv4_PACKET+icmpHeaderSize, data, wait)
	if st != nx.NX_SUCCESS {
		return st
	}
	ip.Stats.ICMP.PingsSent++
	seq := ip.ping.sequence
	ip.ping.sequence++
	// The identifier is the low 16 bits of the interface's address.
	h := pkt.Data()
	h[0], h[1] = icmpEchoRequest, 0
	binary.BigEndian.PutUint16(h[4:], uint16(f.address))
	binary.BigEndian.PutUint16(h[6:], seq)
	binary.BigEndian.PutUint16(h[2:], checksumFinish(chainSum(0, pkt, int(pkt.NxPacketLength))))
	ip.thread.Protect()
	w := ip.pingRegister(seq, wait)
	ip.ipv4Send(pkt, f, nextHop, dst, ipv4NormalTypeOfServic, ipv4TimeToLive, protocolICMP, false)
	ip.thread.Unprotect()
	return ip.pingWait(w, responsePtr, wait)
}

// echoPacket allocates an echo request from the default pool with room for
// prepend bytes of headers, appends data and reserves the 8-byte ICMP
// header, which the caller fills in.
func (ip *IP) echoPacket(prepend nx.ULONG, data []byte, wait nx.ULONG) (*packetpool.Packet, nx.Status) {
	var pkt *packetpool.Packet
	if st := packetpool.Allocate(ip.defaultPool, &pkt, prepend, wait); st != nx.NX_SUCCESS {
		return nil, st
	}
	if st := packetpool.DataAppend(pkt, data, ip.defaultPool, wait); st != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		return nil, st
	}
	pkt.NxPacketPrependPtr -= icmpHeaderSize
	pkt.NxPacketLength += icmpHeaderSize
	clear(pkt.Data()[:icmpHeaderSize])
	return pkt, nx.NX_SUCCESS
}

// icmpv4Receive is _nx_icmp_packet_receive and _nx_icmpv4_packet_process:
// the message, prepend offset at the ICMP header, is checked (length,
// checksum) and an echo request answered, an echo reply handed to the
// waiting ping; every other type is counted as unhandled and released.
// NetX queues messages that arrive outside the IP thread for it; nxsim
// processes them where they arrive (on the IP thread unless a driver uses
// the direct path).
func (ip *IP) icmpv4Receive(pkt *packetpool.Packet) {
	ip.Stats.ICMP.TotalMessagesReceived++
	if pkt.NxPacketLength < icmpHeaderSize || len(pkt.Data()) < icmpHeaderSize {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	if checksumFinish(chainSum(0, pkt, int(pkt.NxPacketLength))) != 0 {
		ip.Stats.ICMP.InvalidPackets++
		ip.Stats.ICMP.ChecksumErrors++
		packetpool.Release(pkt)
		return
	}
	switch pkt.Data()[0] {
	case icmpEchoReply:
		ip.Stats.ICMP.PingResponsesReceived++
		ip.pingAnswer(pkt, binary.BigEndian.Uint16(pkt.Data()[6:]))
	case icmpEchoRequest:
		ip.echoRequestV4(pkt)
	default:
		ip.Stats.ICMP.UnhandledMessages++
		packetpool.Release(pkt)
	}
}

// echoRequestV4 is _nx_icmpv4_process_echo_request: the same packet goes
// back as the reply, its type changed and the checksum updated
// incrementally (RFC 1624), routed to the request's source.
func (ip *IP) echoRequestV4(pkt *packetpool.Packet) {
	ip.Stats.ICMP.PingsReceived++
	src := ipv4Header(pkt.NxPacketDataStart[pkt.NxPacketIPHeader:]).src()
	h := pkt.Data()
	h[0] = icmpEchoReply
	old := binary.BigEndian.Uint16(h[2:])
	sum := uint32(^old) + uint32(^uint16(icmpEchoRequest<<8))
	binary.BigEndian.PutUint16(h[2:], checksumFinish(sum))
	f, nextHop, ok := ip.routeV4(src)
	if !ok {
		ip.Stats.SendPacketsDropped++
		packetpool.Release(pkt)
		return
	}
	ip.Stats.ICMP.PingsRespondedTo++
	ip.ipv4Send(pkt, f, nextHop, src, ipv4NormalTypeOfServic, ipv4TimeToLive, protocolICMP, false)
}
