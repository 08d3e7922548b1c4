package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
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
		if st := ipPtr.nxeICMPVersion(ipAddress.NxdIPVersion); st != nx.NX_SUCCESS {
			return st
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

// nxeICMPVersion is the end of nxde_icmp_ping.c's and
// nxde_icmp_source_ping.c's checks: ICMP (and for IPv6, IPv6) enabled for
// the address's version, a known version, a thread calling.
func (ip *IP) nxeICMPVersion(version nx.UINT) nx.Status {
	switch version {
	case nx.NX_IP_VERSION_V4:
		if !ip.icmpV4 {
			return nx.NX_NOT_ENABLED
		}
	case nx.NX_IP_VERSION_V6:
		if !ip.icmpV6 || !ip.ipv6 {
			return nx.NX_NOT_ENABLED
		}
	default:
		return nx.NX_IP_ADDRESS_ERROR
	}
	if notThreads() {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// pingV4 is _nx_icmp_ping: the route finds the interface and next hop.
func (ip *IP) pingV4(dst nx.ULONG, data []byte, responsePtr **packetpool.Packet, wait nx.ULONG) nx.Status {
	*responsePtr = nil
	f, nextHop, ok := ip.routeV4(dst)
	if !ok {
		return nx.NX_IP_ADDRESS_ERROR
	}
	return ip.pingV4From(f, nextHop, true, dst, data, responsePtr, wait)
}

// echoPacket allocates an echo request from the default pool with room for
// prepend bytes of headers, appends data and reserves the 8-byte ICMP
// header, which the caller fills in. A failed append returns appendFailed,
// or the append's own status when that is NX_SUCCESS (nx_icmp_ping returns
// it, nxd_icmp_ping over IPv6 NX_OVERFLOW).
func (ip *IP) echoPacket(prepend nx.ULONG, data []byte, wait nx.ULONG, appendFailed nx.Status) (*packetpool.Packet, nx.Status) {
	var pkt *packetpool.Packet
	if st := packetpool.Allocate(ip.defaultPool, &pkt, prepend, wait); st != nx.NX_SUCCESS {
		return nil, st
	}
	// NetX calls the core _nx_packet_data_append, which takes no data at
	// all without complaint; DataAppend's check would refuse it.
	if len(data) > 0 {
		if st := packetpool.DataAppend(pkt, data, ip.defaultPool, wait); st != nx.NX_SUCCESS {
			packetpool.Release(pkt)
			if appendFailed != nx.NX_SUCCESS {
				st = appendFailed
			}
			return nil, st
		}
	}
	pkt.NxPacketPrependPtr -= icmpHeaderSize
	pkt.NxPacketLength += icmpHeaderSize
	clear(pkt.Data()[:icmpHeaderSize])
	return pkt, nx.NX_SUCCESS
}

// icmpv4Receive is _nx_icmp_packet_receive: the message, prepend offset at
// the ICMP header, is counted and checked for length; on the IP thread it is
// processed at once, anywhere else (a driver's direct receive in an ISR) it
// waits in the ICMP queue for the IP thread.
func (ip *IP) icmpv4Receive(pkt *packetpool.Packet) {
	ip.Stats.ICMP.TotalMessagesReceived++
	if pkt.NxPacketLength < icmpHeaderSize || len(pkt.Data()) < icmpHeaderSize {
		ip.Stats.ICMP.InvalidPackets++
		packetpool.Release(pkt)
		return
	}
	if c, _ := rtos.CurrentContext(); c != rtos.ContextThread || !ip.thread.Handling() {
		ip.holdICMPQueue(pkt)
		ip.thread.DeferredICMP(pkt)
		return
	}
	ip.icmpv4Process(pkt)
}

// icmpv4Process is _nx_icmpv4_packet_process, on the IP thread: the
// checksum is checked, an echo request answered, an echo reply handed to
// the waiting ping; every other type is counted as unhandled and released.
func (ip *IP) icmpv4Process(pkt *packetpool.Packet) {
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
