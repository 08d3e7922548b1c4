package securedtls

import (
	"fmt"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// The DTLS queues as packet holders (packetpool.HandOver), so that a leak
// report says which of them keeps a packet.

// peer names the session's peer.
func (s *Session) peer() string {
	a := s.remote.NxdIPAddress.V4
	if s.remote.NxdIPVersion != nx.NX_IP_VERSION_V4 {
		return fmt.Sprintf("[%08x:%08x:%08x:%08x]:%d", s.remote.NxdIPAddress.V6[0], s.remote.NxdIPAddress.V6[1],
			s.remote.NxdIPAddress.V6[2], s.remote.NxdIPAddress.V6[3], s.remotePort)
	}
	return fmt.Sprintf("%d.%d.%d.%d:%d", a>>24, a>>16&0xFF, a>>8&0xFF, a&0xFF, s.remotePort)
}

// holdRetransmit hands a sent handshake packet to the retransmission queue.
func (s *Session) holdRetransmit(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, "DTLS retransmission queue of the session with "+s.peer())
}

// holdQueued hands a demultiplexed datagram to the session's receive queue.
func (s *Session) holdQueued(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, "DTLS receive queue of the server session with "+s.peer())
}
