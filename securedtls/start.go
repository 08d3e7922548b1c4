package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// start is _nx_secure_dtls_session_start, the handshake driver
// (dtls-semantics.md §2.3): it runs in the calling thread, with no
// background timer. Each pass waits for the peer with the whole remaining
// wait_option, or with the retransmission timeout when that is strictly
// less; a timeout of the latter re-sends the flight, a timeout of the
// former — or the retry cap — ends the call with NX_NO_PACKET.
func (s *Session) start(sock *netx.UDPSocket, isClient bool, wait nx.ULONG) nx.Status {
	s.udpSocket = sock
	s.pool = socketPool(sock)
	s.isClient = isClient
	s.renegotiation = false
	status := nx.NX_NOT_SUCCESSFUL // what a finished session's call returns
	if s.state() == stateFinished && !isClient {
		s.dev.note("nx_secure_dtls_server_session_start",
			"starts the DTLS session of a new connection",
			"on a session whose handshake already finished it returns NX_NOT_SUCCESSFUL (0x43) at once and does nothing")
	}
	if isClient {
		if st := s.sendClientHello1(wait); st != nx.NX_SUCCESS {
			s.flushRetransmit()
			return st
		}
	}
	for s.state() != stateFinished {
		// C: timeout > wait_option, timeout 0 or nothing queued → wait_option.
		w := wait
		if s.retransmitTimer <= wait && s.retransmitTimer != 0 && len(s.retransmit) != 0 {
			w = s.retransmitTimer
		}
		var st nx.Status
		st, pkt := s.receive(w, true)
		status = st
		if pkt != nil {
			packetpool.Release(pkt)
		}
		if st == nx.NX_SUCCESS {
			continue
		}
		if st != nx.NX_NO_PACKET && st != nx.NX_CONTINUE {
			break
		}
		if w == wait || s.retries >= s.dev.config.MaximumRetransmitRetries {
			status = nx.NX_NO_PACKET
			break
		}
		s.retransmitFlight()
		wait -= w
	}
	s.flushRetransmit()
	if s.state() == stateFinished {
		s.established = true
	}
	if status == nx.NX_NO_PACKET {
		s.dev.note("nx_secure_dtls_*_session_start",
			"NX_NOT_CONNECTED when the server cannot be reached",
			"NX_NO_PACKET (0x01) after wait_option or the retransmission schedule; NX_NOT_CONNECTED is never returned")
	}
	if status == nx.NX_SUCCESS && !isClient && len(s.queue) > 0 && s.server != nil {
		// Application data queued before the handshake ended: receive_notify
		// runs in this thread (§2.1's exception).
		s.server.receiveNotify(s)
	}
	return status
}

// socketPool is the default packet pool of the IP instance sock was created
// on (nx_udp_socket_ip_ptr -> nx_ip_default_packet_pool, as
// nx_secure_dtls_send_record.c allocates). A socket never created has no
// instance — C would dereference NULL; here allocations fail with
// NX_SECURE_TLS_ALLOCATE_PACKET_FAILED.
func socketPool(sock *netx.UDPSocket) *packetpool.Pool {
	if sock.NxUDPSocketIPPtr == nil {
		return nil
	}
	return sock.NxUDPSocketIPPtr.DefaultPool()
}
