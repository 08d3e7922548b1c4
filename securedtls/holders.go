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
func (s *Session) holdRetransmit(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, "DTLS retransmission queue of the session with "+s.peer())
}

// holdQueued hands a demultiplexed datagram to the session's receive queue.
func (s *Session) holdQueued(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, "DTLS receive queue of the server session with "+s.peer())
}
