package netx

import (
	"encoding/binary"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// udpReceive is _nx_udp_packet_receive, where IP processing runs (the IP
// thread, normally): the datagram, prepend at the UDP header, goes to the
// socket bound to its port — straight to a waiting thread, or to the queue,
// whose oldest datagram is dropped when it overflows — and then the
// socket's receive notify runs once.
func (ip *IP) udpReceive(pkt *packetpool.Packet) {
	ip.Stats.UDPPacketsReceived++
	d := pkt.Data()
	if len(d) < udpHeaderSize || udpHeader(d).length() < udpHeaderSize || udpHeader(d).length() > int(pkt.NxPacketLength) {
		ip.Stats.UDPInvalidPackets++
		ip.drop(pkt)
		return
	}
	h := udpHeader(d)
	trimTo(pkt, h.length())
	s := ip.udp.bound[h.dstPort()]
	if s == nil {
		ip.Stats.UDPNoPortForDelivery++
		ip.Stats.UDPReceivePacketsDropped++
		ip.portUnreachable(pkt)
		ip.drop(pkt)
		return
	}
	ip.Stats.TotalPacketsReceived++
	ip.Stats.TotalBytesReceived += pkt.NxPacketLength - udpHeaderSize
	ip.Stats.UDPBytesReceived += pkt.NxPacketLength - udpHeaderSize
	s.holdQueue(pkt)
	if s.receivers.Len() > 0 {
		s.receivers.WakeFirst(nx.NX_SUCCESS, pkt)
	} else {
		s.queue = append(s.queue, pkt)
		if nx.ULONG(len(s.queue)) > s.queueMaximum && len(s.queue) > 1 {
			packetpool.Release(s.queue[0])
			s.queue[0] = nil
			s.queue = s.queue[1:]
			s.Stats.ReceiveDropped++
			ip.Stats.ReceivePacketsDropped++
			ip.Stats.UDPReceivePacketsDropped++
		}
	}
	if s.notify != nil {
		s.notify(s)
	}
}

// UDPSocketReceive is nx_udp_socket_receive: the oldest datagram, its
// prepend offset past the UDP header and NxPacketLength the payload length
// (the IP and UDP headers stay in front for UDPSourceExtract). The receiver
// owns it. With nothing queued the caller waits up to waitOption ticks
// (NX_NO_PACKET after that or with NX_NO_WAIT, NX_SOCKET_UNBOUND if the
// socket is unbound meanwhile). The checksum is verified here, in the
// caller's thread: a bad datagram is released and counted, and the call
// goes on to the next one or waits again with the full wait option
// (nx_udp_socket_receive.c). Threads only.
func UDPSocketReceive(socketPtr *UDPSocket, packetPtr **packetpool.Packet, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketReceive))
	if errorChecking {
		if packetPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSocket(socketPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := socketPtr
	if s.NxUDPSocketIPPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	*packetPtr = nil
	for {
		if !s.bound {
			return nx.NX_NOT_BOUND
		}
		var pkt *packetpool.Packet
		if len(s.queue) > 0 {
			pkt = s.queue[0]
			s.queue[0] = nil
			s.queue = s.queue[1:]
		} else {
			if waitOption == nx.NX_NO_WAIT {
				return nx.NX_NO_PACKET
			}
			st, got := s.receivers.Suspend(nx.TX_TCP_IP, waitOption, nx.NX_NO_PACKET, nil)
			if st != nx.NX_SUCCESS {
				return st
			}
			pkt = got.(*packetpool.Packet)
		}
		if !s.checksumOK(pkt) {
			s.Stats.ChecksumErrors++
			s.Stats.InvalidPackets++
			s.NxUDPSocketIPPtr.Stats.UDPChecksumErrors++
			s.NxUDPSocketIPPtr.Stats.UDPInvalidPackets++
			s.NxUDPSocketIPPtr.Stats.UDPPacketsReceived--
			s.NxUDPSocketIPPtr.Stats.UDPBytesReceived -= pkt.NxPacketLength - udpHeaderSize
			s.NxUDPSocketIPPtr.Stats.TotalPacketsReceived--
			s.NxUDPSocketIPPtr.Stats.TotalBytesReceived -= pkt.NxPacketLength - udpHeaderSize
			packetpool.Release(pkt)
			continue
		}
		pkt.NxPacketPrependPtr += udpHeaderSize
		pkt.NxPacketLength -= udpHeaderSize
		s.Stats.PacketsReceived++
		s.Stats.BytesReceived += pkt.NxPacketLength
		packetpool.HandToCaller(pkt)
		*packetPtr = pkt
		return nx.NX_SUCCESS
	}
}

// checksumOK verifies a queued datagram's UDP checksum: IPv4 ones with a
// non-zero checksum unless the socket disabled checksums, every IPv6 one.
func (s *UDPSocket) checksumOK(pkt *packetpool.Packet) bool {
	h := udpHeader(pkt.Data())
	ipHdr := pkt.NxPacketDataStart[pkt.NxPacketIPHeader:]
	var sum uint32
	if pkt.NxPacketIPVersion == nx.NX_IP_VERSION_V4 {
		if h.checksum() == 0 || s.checksumOff {
			return true
		}
		sum = pseudoHeaderSum(ipHdr[12:16], ipHdr[16:20], protocolUDP, int(pkt.NxPacketLength))
	} else {
		sum = pseudoHeaderSum(ipHdr[8:24], ipHdr[24:40], protocolUDP, int(pkt.NxPacketLength))
	}
	rtos.Charge(opUDPChecksumVerify, int(pkt.NxPacketLength))
	return checksumFinish(chainSum(sum, pkt, int(pkt.NxPacketLength))) == 0
}

// UDPSourceExtract is nxd_udp_source_extract: the sender's address and port
// of a datagram UDPSocketReceive returned (read from the IP and UDP headers
// in front of its data). NX_INVALID_PACKET when the packet has no IP
// header. Threads only.
func UDPSourceExtract(packetPtr *packetpool.Packet, ipAddress *nx.NXDAddress, port *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSourceExtract))
	if errorChecking {
		if packetPtr == nil || ipAddress == nil || port == nil {
			return nx.NX_PTR_ERROR
		}
		if packetPtr.NxPacketIPHeader == 0 && packetPtr.NxPacketPrependPtr < ipv4HeaderSize+udpHeaderSize {
			return nx.NX_INVALID_PACKET
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	ipHdr := packetPtr.NxPacketDataStart[packetPtr.NxPacketIPHeader:]
	*ipAddress = nx.NXDAddress{}
	if packetPtr.NxPacketIPVersion == nx.NX_IP_VERSION_V6 {
		ipAddress.NxdIPVersion = nx.NX_IP_VERSION_V6
		ipAddress.NxdIPAddress.V6 = ipv6Header(ipHdr).src()
	} else {
		ipAddress.NxdIPVersion = nx.NX_IP_VERSION_V4
		ipAddress.NxdIPAddress.V4 = ipv4Header(ipHdr).src()
	}
	*port = nx.UINT(binary.BigEndian.Uint16(packetPtr.NxPacketDataStart[packetPtr.NxPacketPrependPtr-udpHeaderSize:]))
	return nx.NX_SUCCESS
}
