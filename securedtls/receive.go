package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// replayState is what a discarded future handshake message rewinds.
type replayState struct {
	seq    [2]nx.ULONG
	window nx.ULONG
}

func (s *Session) saveReplay() replayState {
	return replayState{s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSequenceNumber, s.window}
}

func (s *Session) restoreReplay(r replayState) {
	s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSequenceNumber, s.window = r.seq, r.window
}

// acceptRecord applies NetX's header rules in their order
// (nx_secure_dtls_process_header.c, dtls-semantics.md §2.6): other epochs
// are discarded; epoch 0 needs strictly increasing sequences; epoch ≥ 1
// passes the window, which is updated before the MAC is checked; sequence 0
// in epoch 0 only while IDLE, in epoch ≥ 1 unchecked; then the version.
func (s *Session) acceptRecord(h recordHeader) (bool, nx.Status) {
	tls := &s.NxSecureDTLSTLSSession
	if h.epoch != s.remoteEpoch {
		return false, nx.NX_SUCCESS
	}
	seq := seqWords(h.seq)
	last := tls.NxSecureTLSRemoteSequenceNumber
	// NetX's "not newer" test compares the words separately
	// (nx_secure_dtls_process_header.c): upper below, or lower not above.
	notNewer := seq[0] < last[0] || seq[1] <= last[1]
	switch {
	case h.seq == 0 && h.epoch == 0:
		if s.state() != stateIdle {
			return false, nx.NX_SUCCESS
		}
	case h.seq == 0:
	case h.epoch == 0:
		if notNewer {
			return false, nx.NX_SUCCESS
		}
		tls.NxSecureTLSRemoteSequenceNumber = seq
	default:
		if notNewer && !s.slidingWindowCheck(seq) {
			return false, nx.NX_SUCCESS
		}
		if s.slidingWindowUpdate(seq) != nx.NX_SUCCESS {
			return false, nx.NX_SUCCESS
		}
	}
	if v := tls.NxSecureTLSProtocolVersion; v != 0 && v != h.version {
		return false, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED
	}
	return true, nx.NX_SUCCESS
}

// processDatagram runs one datagram's records back to back. It returns
// NX_SUCCESS with app set when pkt now holds one record's application data
// (prepend at the plaintext), NX_SUCCESS when handshake records were taken,
// NX_CONTINUE when nothing was usable, or the error.
func (s *Session) processDatagram(pkt *packetpool.Packet, wait nx.ULONG) (st nx.Status, app bool) {
	if pkt.NxPacketNext != nil {
		// nx_secure_dtls_session_receive.c refuses a chained packet before
		// reading any record: every IP-reassembled datagram, and every one
		// larger than one packet of the receiving pool.
		s.dev.note("nx_secure_dtls_session_receive", "receives the records its peer sends; a datagram over the MTU travels by IP fragmentation (nx_ip_fragment_enable, NX_FRAGMENT_OKAY sockets)",
			"a datagram that arrives in more than one NX_PACKET (IP-reassembled, or larger than one packet of the receiving pool) is refused with NX_SECURE_TLS_INVALID_PACKET (0x104) and a fatal internal_error alert; "+
				"each handshake message travels in one record, so a certificate chain larger than the path MTU between two NetX devices fails the handshake")
		return nx.NX_SECURE_TLS_INVALID_PACKET, false
	}
	data := pkt.Data()
	progressed := false
	for off := 0; off < len(data); {
		h, ok := parseRecordHeader(data[off:])
		if !ok || off+recordHeaderSize+h.length > len(data) {
			return nx.NX_SECURE_TLS_INVALID_PACKET, false
		}
		bodyOff := off + recordHeaderSize
		body := data[bodyOff : bodyOff+h.length]
		off = bodyOff + h.length
		saved := s.saveReplay()
		ok, st := s.acceptRecord(h)
		if st != nx.NX_SUCCESS {
			return st, false
		}
		if !ok || h.length == 0 {
			continue
		}
		plain, st := s.in.open(h, body)
		if st != nx.NX_SUCCESS {
			if st != openMACFailed {
				s.restoreReplay(saved)
			}
			return st, false
		}
		switch h.typ {
		case contentChangeCipherSpec:
			// A refused CCS is an out-of-order record: rewound, ignored
			// (nx_secure_dtls_process_record.c).
			if !s.processChangeCipherSpec(plain) {
				s.restoreReplay(saved)
				continue
			}
			progressed = true
		case contentAlert:
			return s.receiveAlert(plain), false
		case contentHandshake:
			st := s.handshakeRecord(plain, saved, wait)
			switch st {
			case nx.NX_CONTINUE:
			case nx.NX_SUCCESS:
				progressed = true
			default:
				return st, false
			}
		case contentApplicationData:
			if len(plain) == 0 {
				continue
			}
			abs := pkt.NxPacketPrependPtr + bodyOff
			copy(pkt.NxPacketDataStart[abs:], plain)
			pkt.NxPacketPrependPtr, pkt.NxPacketAppendPtr = abs, abs+len(plain)
			pkt.NxPacketLength = nx.ULONG(len(plain))
			return nx.NX_SUCCESS, true
		default:
			return nx.NX_SECURE_TLS_UNRECOGNIZED_MESSAGE_TYPE, false
		}
	}
	if progressed {
		return nx.NX_SUCCESS, false
	}
	return nx.NX_CONTINUE, false
}

// receiveAlert keeps the alert's level and description (never cleared,
// netx-observed.md §4g) and returns 0x127 for a warning close_notify, 0x114
// for anything else. Nothing is sent back.
func (s *Session) receiveAlert(b []byte) nx.Status {
	if len(b) < 2 {
		return lengthError
	}
	tls := &s.NxSecureDTLSTLSSession
	tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue = nx.UINT(b[0]), nx.UINT(b[1])
	if b[0] == nx.NX_SECURE_TLS_ALERT_LEVEL_WARNING && b[1] == alertCloseNotify {
		return nx.NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED
	}
	return nx.NX_SECURE_TLS_ALERT_RECEIVED
}

// handshakeRecord reassembles and processes the handshake messages of one
// record (nx_secure_dtls_process_handshake_header.c, §2.7): a header shorter
// than 12 bytes or a fragment beyond the record is 0x10A; a message or
// fragment beyond the reassembly buffer 0x135; an older message_seq is a
// retransmission and ignored; a newer one is discarded and its record
// rewound so that it is accepted when it comes again. The server takes only
// the first message of a record.
func (s *Session) handshakeRecord(b []byte, saved replayState, wait nx.ULONG) nx.Status {
	result := nx.NX_CONTINUE
	for len(b) > 0 {
		if len(b) < handshakeHeaderSize {
			return lengthError
		}
		h := parseHandshakeHeader(b)
		verdict, st := s.admitFragment(h, len(b), saved)
		if verdict == fragmentStop {
			return st
		}
		frag := b[handshakeHeaderSize : handshakeHeaderSize+h.fragLength]
		b = b[handshakeHeaderSize+h.fragLength:]
		if verdict == fragmentSkip {
			continue
		}
		r := &s.reasm
		if !r.active || r.seq != h.messageSeq {
			*r = reassemblyState{active: true, typ: h.typ, seq: h.messageSeq, length: h.length}
		}
		copy(s.reassembly[handshakeHeaderSize+h.fragOffset:], frag)
		r.received += h.fragLength
		if r.received < r.length {
			result = nx.NX_SUCCESS
			if !s.isClient {
				return result
			}
			continue
		}
		msg := marshalHandshake(r.typ, r.seq, s.reassembly[handshakeHeaderSize:handshakeHeaderSize+r.length])
		r.active = false
		s.expectedMsgSeq++
		if s.isClient {
			st = s.clientMessage(msg[0], msg, msg[handshakeHeaderSize:], wait)
		} else {
			st = s.serverMessage(msg[0], msg, msg[handshakeHeaderSize:], wait)
		}
		if st != nx.NX_SUCCESS {
			return st
		}
		result = nx.NX_SUCCESS
		if !s.isClient {
			return result
		}
	}
	return result
}

// What admitFragment decides about a handshake fragment.
const (
	fragmentTake = iota // reassemble it
	fragmentSkip        // ignore it, go on with the record
	fragmentStop        // stop the record with the status given
)

// admitFragment applies NetX's checks to a fragment header, in NetX's
// order: the server drops an older message (a retransmission) before any
// length check (nx_secure_dtls_server_handshake.c); a fragment past the
// record is 0x10A; a message or fragment past the reassembly buffer 0x135;
// an older message on the client is skipped; a newer one is discarded and
// its record rewound, so that it is accepted when it comes again.
func (s *Session) admitFragment(h handshakeHeader, left int, saved replayState) (int, nx.Status) {
	switch {
	case !s.isClient && h.messageSeq < s.expectedMsgSeq:
		return fragmentStop, nx.NX_CONTINUE
	case handshakeHeaderSize+h.fragLength > left:
		return fragmentStop, lengthError
	case h.fragOffset+h.fragLength > len(s.reassembly) || handshakeHeaderSize+h.length > len(s.reassembly):
		return fragmentStop, nx.NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL
	case h.messageSeq < s.expectedMsgSeq:
		return fragmentSkip, nx.NX_SUCCESS
	case h.messageSeq > s.expectedMsgSeq:
		s.restoreReplay(saved)
		return fragmentStop, nx.NX_CONTINUE
	}
	return fragmentTake, nx.NX_SUCCESS
}

// nextDatagram waits up to wait ticks for the session's next datagram: a
// server session's private queue, filled on the IP thread; a client
// session's UDP socket, where datagrams from anyone but the server are
// dropped and the wait starts again.
func (s *Session) nextDatagram(wait nx.ULONG) (*packetpool.Packet, nx.Status) {
	if s.isClient {
		for {
			var pkt *packetpool.Packet
			if st := netx.UDPSocketReceive(s.udpSocket, &pkt, wait); st != nx.NX_SUCCESS {
				return nil, st
			}
			var from nx.NXDAddress
			var port nx.UINT
			netx.UDPSourceExtract(pkt, &from, &port)
			if from == s.remote && port == s.remotePort {
				return pkt, nx.NX_SUCCESS
			}
			packetpool.Release(pkt)
		}
	}
	for {
		if pkt := s.popQueued(); pkt != nil {
			return pkt, nx.NX_SUCCESS
		}
		if !s.inUse || !s.initialized() {
			return nil, nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
		}
		if wait == nx.NX_NO_WAIT {
			return nil, nx.NX_NO_PACKET
		}
		if s.waiters.Len() > 0 {
			return nil, nx.NX_ALREADY_SUSPENDED
		}
		st, _ := s.waiters.Suspend(nx.TX_TCP_IP, wait, nx.NX_NO_PACKET, nil)
		if st == nx.NX_WAIT_ABORTED || !s.inUse {
			return nil, nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
		}
		if st != nx.NX_SUCCESS {
			return nil, st
		}
	}
}

// receive is _nx_secure_dtls_session_receive: datagrams are taken and
// processed until one yields application data (returned in the packet) —
// or, during a handshake, until one made progress. Ignored datagrams restart
// the full wait. An error sends the mapped alert (not for received alerts)
// and is returned; the session is not reset (§2.9).
func (s *Session) receive(wait nx.ULONG, handshake bool) (nx.Status, *packetpool.Packet) {
	for {
		pkt, st := s.nextDatagram(wait)
		if st != nx.NX_SUCCESS {
			return st, nil
		}
		s.rememberLocalAddress(pkt)
		st, app := s.processDatagram(pkt, wait)
		switch {
		case st == nx.NX_SUCCESS && app:
			return st, pkt
		case st == nx.NX_SUCCESS && handshake:
			packetpool.Release(pkt)
			return st, nil
		case st == nx.NX_SUCCESS, st == nx.NX_CONTINUE:
			packetpool.Release(pkt)
			if wait != nx.NX_NO_WAIT && wait != nx.NX_WAIT_FOREVER {
				s.dev.note("nx_secure_dtls_session_receive", "waits at most wait_option for data",
					"every datagram that carries no application data (an empty record, a duplicate, a handshake retransmission) restarts the full wait_option")
			}
			continue
		}
		packetpool.Release(pkt)
		if st != nx.NX_SECURE_TLS_ALERT_RECEIVED && st != nx.NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED {
			level, description := alertFor(st)
			s.sendAlert(level, description, nx.NX_NO_WAIT)
		}
		return st, nil
	}
}
