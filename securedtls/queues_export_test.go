package securedtls

import "github.com/nxsim/nxsim/packetpool"

// RetransmitQueue returns the packets on the session's retransmission queue
// (nx_secure_dtls_transmit_sent_head), for the holder tests.
func RetransmitQueue(s *Session) []*packetpool.Packet {
	return append([]*packetpool.Packet(nil), s.retransmit...)
}

// ReceiveQueue returns the datagrams on a server session's receive queue
// (nx_secure_dtls_receive_queue_head), for the holder tests.
func ReceiveQueue(s *Session) []*packetpool.Packet {
	return append([]*packetpool.Packet(nil), s.queue...)
}
