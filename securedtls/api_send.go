package securedtls

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// SessionSend is nx_secure_dtls_session_send: one application_data record
// in one datagram to ipAddress/port, which must be the session's peer
// (NX_SECURE_TLS_SEND_ADDRESS_MISMATCH otherwise). On success the packet
// is consumed; on any error the caller still owns it.
func SessionSend(sessionPtr *Session, packetPtr *packetpool.Packet, ipAddress *nx.NXDAddress, port nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionSend))
	if errorChecking {
		if packetPtr == nil || ipAddress == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := sessionPtr
	if s.remote.NxdIPVersion == 0 {
		// A session with no peer takes the address — and, as NetX's code
		// does, stores port as the local port (nx_secure_dtls_session_send.c).
		s.remote, s.localPort = *ipAddress, port
	} else if s.remote != *ipAddress || s.remotePort != port {
		return nx.NX_SECURE_TLS_SEND_ADDRESS_MISMATCH
	}
	return s.sendApplication(packetPtr)
}

// ServerSessionSend is nx_secure_dtls_server_session_send: SessionSend to
// the session's own peer.
func ServerSessionSend(sessionPtr *Session, packetPtr *packetpool.Packet) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerSessionSend))
	if errorChecking {
		if packetPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	return sessionPtr.sendApplication(packetPtr)
}

// ClientSessionSend is nx_secure_dtls_client_session_send, the C macro for
// ServerSessionSend.
func ClientSessionSend(sessionPtr *Session, packetPtr *packetpool.Packet) nx.Status {
	return ServerSessionSend(sessionPtr, packetPtr)
}

// sendApplication protects the packet's data in place as one record: the
// header and explicit IV go into the headroom PacketAllocate reserved, MAC
// and padding into the tail room (NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
// when either is short or the packet is chained once encryption is on).
func (s *Session) sendApplication(pkt *packetpool.Packet) nx.Status {
	active := s.out.active()
	if active && pkt.NxPacketNext != nil {
		return nx.NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
	}
	plain := packetBytes(pkt)
	iv := 0
	if active {
		iv = s.out.suite.explicitIVLen()
	}
	start := pkt.NxPacketPrependPtr - recordHeaderSize - iv
	if start < 0 || start+recordHeaderSize+len(plain)+s.out.overhead(len(plain)) > len(pkt.NxPacketDataStart) {
		return nx.NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
	}
	rec, st := s.buildRecord(contentApplicationData, s.wireVersion(), plain)
	if st != nx.NX_SUCCESS {
		return st
	}
	copy(pkt.NxPacketDataStart[start:], rec)
	pkt.NxPacketPrependPtr, pkt.NxPacketAppendPtr = start, start+len(rec)
	pkt.NxPacketLength = nx.ULONG(len(rec))
	if s.udpSend(pkt) != nx.NX_SUCCESS {
		return nx.NX_SECURE_TLS_TCP_SEND_FAILED
	}
	return nx.NX_SUCCESS
}

// packetBytes returns a packet chain's data.
func packetBytes(pkt *packetpool.Packet) []byte {
	var b []byte
	for p := pkt; p != nil; p = p.NxPacketNext {
		b = append(b, p.Data()...)
	}
	return b
}

// PacketAllocate is nx_secure_dtls_packet_allocate: a packet from poolPtr
// with room in front for the UDP/IP headers, the record header and, once
// the session protects records, the explicit IV (zero-filled).
func PacketAllocate(sessionPtr *Session, poolPtr *packetpool.Pool, packetPtr **packetpool.Packet, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opPacketAllocate))
	if errorChecking {
		if poolPtr == nil || packetPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := sessionPtr
	var pkt *packetpool.Packet
	if packetpool.Allocate(poolPtr, &pkt, s.packetType(), waitOption) != nx.NX_SUCCESS {
		return nx.NX_SECURE_TLS_ALLOCATE_PACKET_FAILED
	}
	reserve := recordHeaderSize
	if s.out.active() {
		reserve += s.out.suite.explicitIVLen()
	}
	if len(pkt.NxPacketDataStart)-pkt.NxPacketAppendPtr < max(reserve, recordHeaderSize+2) {
		packetpool.Release(pkt)
		return nx.NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
	}
	clear(pkt.NxPacketDataStart[pkt.NxPacketAppendPtr : pkt.NxPacketAppendPtr+reserve])
	pkt.NxPacketPrependPtr += reserve
	pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr
	pkt.NxPacketLength = 0
	*packetPtr = pkt
	return nx.NX_SUCCESS
}
