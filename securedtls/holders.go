package securedtls

import (
	"strconv"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// The DTLS queues as packet holders (packetpool.HandOver), so that a leak
// report says which of them keeps a packet.

// peer names the session's peer (without fmt: it runs on every hand-over).
func (s *Session) peer() string {
	var b []byte
	if s.remote.NxdIPVersion != nx.NX_IP_VERSION_V4 {
		b = append(b, '[')
		for i, w := range s.remote.NxdIPAddress.V6 {
			if i > 0 {
				b = append(b, ':')
			}
			h := strconv.FormatUint(uint64(w), 16)
			b = append(append(b, "00000000"[len(h):]...), h...)
		}
		b = append(b, ']')
	} else {
		a := s.remote.NxdIPAddress.V4
		for i, shift := range []uint{24, 16, 8, 0} {
			if i > 0 {
				b = append(b, '.')
			}
			b = strconv.AppendUint(b, uint64(a>>shift&0xFF), 10)
		}
	}
	b = append(b, ':')
	return string(strconv.AppendUint(b, uint64(s.remotePort), 10))
}

// holdRetransmit hands a sent handshake packet to the retransmission queue.
// NetX links that queue through nx_packet_union_next.nx_packet_tcp_queue_next
// (nx_secure_dtls_send_record.c marks the tail NX_PACKET_ENQUEUED), the field
// _nx_packet_release checks: an application releasing such a packet gets
// NX_PTR_ERROR, as HandOver and LinkThroughUnion make packetpool.Release
// answer, with or without error checking.
func (s *Session) holdRetransmit(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, "DTLS retransmission queue of the session with "+s.peer())
	packetpool.LinkThroughUnion(pkt)
}

// holdQueued hands a demultiplexed datagram to the session's receive queue.
// NetX links that queue through nx_packet_queue_next only
// (nx_secure_dtls_receive_callback.c), which _nx_packet_release does not
// check: the union field stays NX_PACKET_ALLOCATED, so an application
// releasing a queued packet gets NX_SUCCESS and the packet goes back to its
// pool. HandOverOutside keeps that answer while the leak report still names
// the queue; popQueued and dropQueue then pass over the released packet
// (in C the queue would go on pointing at a free packet).
func (s *Session) holdQueued(pkt *packetpool.Packet) {
	if s.queueHolder == "" {
		s.queueHolder = "DTLS receive queue of the server session with " + s.peer()
	}
	packetpool.HandOverOutside(pkt, s.queueHolder)
}

// stillQueued reports whether the receive queue still holds pkt: the
// application did not release it meanwhile.
func (s *Session) stillQueued(pkt *packetpool.Packet) bool {
	return pkt.Holder() == s.queueHolder
}

// popQueued takes the first datagram the receive queue still holds, or
// returns nil when there is none.
func (s *Session) popQueued() *packetpool.Packet {
	for len(s.queue) > 0 {
		pkt := s.queue[0]
		s.queue[0] = nil
		s.queue = s.queue[1:]
		if s.stillQueued(pkt) {
			return pkt
		}
	}
	return nil
}

// dropQueue releases every datagram the receive queue still holds and
// forgets the queue's holder name (_nx_secure_dtls_session_reset).
func (s *Session) dropQueue() {
	for pkt := s.popQueued(); pkt != nil; pkt = s.popQueued() {
		packetpool.Release(pkt)
	}
	s.queue, s.queueHolder = nil, ""
}
