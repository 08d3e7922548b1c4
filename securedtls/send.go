package securedtls

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// wireVersion is the version a record carries: the session's protocol
// version as it stands, 0x0000 while it is 0 (nx_secure_dtls_send_record.c
// writes the field as is) — a client's records between ClientHello #1 and
// #2, a server's after a cookie-less ClientHello or a refused version.
func (s *Session) wireVersion() uint16 {
	return s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion
}

// nextSequence takes the next local record sequence: the 64-bit counter may
// not wrap (NX_NOT_SUCCESSFUL), the header carries its low 48 bits.
func (s *Session) nextSequence() (uint64, nx.Status) {
	words := &s.NxSecureDTLSTLSSession.NxSecureTLSLocalSequenceNumber
	cur := uint64(words[1])<<32 | uint64(words[0])
	if cur == ^uint64(0) {
		return 0, nx.NX_NOT_SUCCESSFUL
	}
	next := cur + 1
	words[0], words[1] = nx.ULONG(next), nx.ULONG(next>>32)
	return cur & (1<<48 - 1), nx.NX_SUCCESS
}

// buildRecord protects payload as one record of type typ in the current
// local epoch and returns header and body.
func (s *Session) buildRecord(typ byte, version uint16, payload []byte) ([]byte, nx.Status) {
	seq, st := s.nextSequence()
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	hdr := recordHeader{typ: typ, version: version, epoch: s.localEpoch, seq: seq}
	body := s.out.seal(hdr, payload)
	hdr.length = len(body)
	rec := make([]byte, recordHeaderSize, recordHeaderSize+len(body))
	hdr.marshal(rec)
	return append(rec, body...), nx.NX_SUCCESS
}

// packetType is the NetX packet type for datagrams to the session's peer.
func (s *Session) packetType() nx.ULONG {
	if s.remote.NxdIPVersion == nx.NX_IP_VERSION_V4 {
		return nx.NX_IPv4_UDP_PACKET
	}
	return nx.NX_IPv6_UDP_PACKET
}

// sendRecord sends payload as one record in one datagram, from a packet of
// the IP default pool (_nx_secure_dtls_send_record). Handshake and CCS
// records are kept, byte for byte, on the retransmission queue; the first
// record of a flight re-arms the timer (nx_secure_dtls_send_record.c).
func (s *Session) sendRecord(typ byte, payload []byte, wait nx.ULONG) nx.Status {
	rec, st := s.buildRecord(typ, s.wireVersion(), payload)
	if st != nx.NX_SUCCESS {
		return st
	}
	var pkt *packetpool.Packet
	if packetpool.Allocate(s.pool, &pkt, s.packetType(), wait) != nx.NX_SUCCESS {
		return nx.NX_SECURE_TLS_ALLOCATE_PACKET_FAILED
	}
	if packetpool.DataAppend(pkt, rec, s.pool, wait) != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		return nx.NX_SECURE_TLS_ALLOCATE_PACKET_FAILED
	}
	if typ == contentHandshake || typ == contentChangeCipherSpec {
		if len(s.retransmit) == 0 {
			s.retransmitTimer = s.dev.config.RetransmitTimeout
			s.retries = 0
		}
		s.retransmit = append(s.retransmit, pkt)
		s.holdRetransmit(pkt)
		return s.transmitCopy(pkt)
	}
	return s.transmit(pkt)
}

// transmit sends pkt to the session's peer; on failure the packet is
// released and NX_SECURE_TLS_TCP_SEND_FAILED returned (every UDP send
// failure maps to it).
func (s *Session) transmit(pkt *packetpool.Packet) nx.Status {
	if s.udpSend(pkt) != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		return nx.NX_SECURE_TLS_TCP_SEND_FAILED
	}
	return nx.NX_SUCCESS
}

// transmitCopy sends a copy of a queued packet, keeping the original for
// retransmission.
func (s *Session) transmitCopy(pkt *packetpool.Packet) nx.Status {
	var cp *packetpool.Packet
	if packetpool.Copy(pkt, &cp, s.pool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return nx.NX_SECURE_TLS_ALLOCATE_PACKET_FAILED
	}
	return s.transmit(cp)
}

// retransmitFlight re-sends the queued flight byte for byte and backs the
// timer off: RETRANSMIT_TIMEOUT << (retries × RETRY_SHIFT), capped
// (nx_secure_dtls_retransmit.c).
func (s *Session) retransmitFlight() {
	for _, pkt := range s.retransmit {
		s.transmitCopy(pkt)
	}
	cfg := &s.dev.config
	s.retries++
	shift := s.retries * cfg.RetransmitRetryShift
	t := cfg.MaximumRetransmitTimeout
	if shift < 32 && cfg.RetransmitTimeout<<shift>>shift == cfg.RetransmitTimeout {
		t = min(cfg.RetransmitTimeout<<shift, cfg.MaximumRetransmitTimeout)
	}
	s.retransmitTimer = t
}

// flushRetransmit releases the queued flight
// (nx_secure_dtls_retransmit_queue_flush.c).
func (s *Session) flushRetransmit() {
	for _, pkt := range s.retransmit {
		packetpool.Release(pkt)
	}
	s.retransmit = nil
}

// sendHandshake sends one handshake message in its own record and
// datagram, adds it to the transcript, and advances message_seq.
func (s *Session) sendHandshake(typ byte, body []byte, wait nx.ULONG) nx.Status {
	msg := marshalHandshake(typ, s.localMsgSeq, body)
	s.localMsgSeq++
	s.hs.transcript = append(s.hs.transcript, msg...)
	return s.sendRecord(contentHandshake, msg, wait)
}

// sendAlert sends one alert record; the session's state becomes ALERT_SENT
// (_nx_secure_dtls_send_alert), which silences a server's receive_notify.
func (s *Session) sendAlert(level, description byte, wait nx.ULONG) nx.Status {
	s.setState(stateAlertSent)
	return s.sendRecord(contentAlert, []byte{level, description}, wait)
}

// Alert descriptions (RFC 5246 §7.2, RFC 4279 §2).
const (
	alertCloseNotify        = 0
	alertUnexpectedMessage  = 10
	alertBadRecordMAC       = 20
	alertHandshakeFailure   = 40
	alertIllegalParameter   = 47
	alertDecodeError        = 50
	alertDecryptError       = 51
	alertProtocolVersion    = 70
	alertInternalError      = 80
	alertNoRenegotiation    = 100
	alertUnknownPSKIdentity = 115
)

// alertFor is nx_secure_tls_map_error_to_alert.c: the alert answering a
// local error, and its level (dtls-semantics.md §2.9).
func alertFor(st nx.Status) (level, description byte) {
	if d, ok := certificateAlert(st); ok {
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, d
	}
	switch st {
	case nx.NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE, nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE, nx.NX_SECURE_TLS_BAD_CIPHERSPEC:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertUnexpectedMessage
	case nx.NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE, nx.NX_SECURE_TLS_PADDING_CHECK_FAILED, nx.NX_SECURE_TLS_AEAD_DECRYPT_FAIL:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertBadRecordMAC
	case nx.NX_SECURE_TLS_UNKNOWN_CIPHERSUITE, nx.NX_SECURE_TLS_UNSUPPORTED_CIPHER, nx.NX_SECURE_TLS_HANDSHAKE_FAILURE,
		nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, nx.NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT, nx.NX_SECURE_TLS_RENEGOTIATION_EXTENSION_ERROR:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertHandshakeFailure
	case nx.NX_SECURE_TLS_BAD_COMPRESSION_METHOD:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertIllegalParameter
	case nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertDecodeError
	case nx.NX_SECURE_TLS_FINISHED_HASH_FAILURE:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertDecryptError
	case nx.NX_SECURE_TLS_UNKNOWN_TLS_VERSION, nx.NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertProtocolVersion
	case nx.NX_SECURE_TLS_NO_RENEGOTIATION_ERROR:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_WARNING, alertNoRenegotiation
	case nx.NX_SECURE_TLS_NO_MATCHING_PSK:
		return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertUnknownPSKIdentity
	}
	return nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, alertInternalError
}
