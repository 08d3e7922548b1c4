package securedtls

import (
	"bytes"
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
)

// The client's side of NetX's DTLS handshake (nx_secure_dtls_client_handshake.c):
//
//	ClientHello #1          -->
//	                        <--  HelloVerifyRequest (20-byte cookie)
//	ClientHello #2 + cookie -->
//	                        <--  ServerHello, ServerKeyExchange (PSK hint), ServerHelloDone
//	ClientKeyExchange, CCS, Finished -->
//	                        <--  CCS, Finished
//
// Every message travels in its own record in its own datagram.

// sendClientHello1 sends ClientHello #1 (not part of the Finished hash),
// its record carrying the offered version (nx_secure_dtls_send_clienthello.c
// sets it), then sets the session's version to 0, so that the
// HelloVerifyRequest's version is not checked (nx_secure_dtls_session_start.c):
// until ClientHello #2 the client's records, alerts included, carry 0x0000.
func (s *Session) sendClientHello1(wait nx.ULONG) nx.Status {
	s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion = s.offeredVersion()
	ch := &clientHello{version: s.offeredVersion(), compression: []byte{0}}
	s.fillRandom(&ch.random)
	for _, c := range s.table.suites {
		ch.suites = append(ch.suites, c.id)
	}
	ch.suites = append(ch.suites, scsvRenegotiation)
	s.hs = handshakeState{clientRandom: ch.random}
	s.clientHello1 = ch.marshal()
	st := s.sendHandshake(msgClientHello, s.clientHello1, wait)
	s.hs.transcript = nil
	s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion = 0
	return st
}

// offeredVersion is _nx_secure_tls_protocol_version_get: the override, else
// the newest enabled DTLS version — DTLS 1.2, always compiled in.
func (s *Session) offeredVersion() uint16 {
	if v := s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersionOverride; v != 0 {
		return v
	}
	return nx.NX_SECURE_DTLS_VERSION_1_2
}

// clientMessage processes one complete handshake message on a client.
func (s *Session) clientMessage(typ byte, msg, body []byte, wait nx.ULONG) nx.Status {
	state := s.state()
	switch {
	case state == stateFinished && typ == msgHelloVerifyRequest:
		return nx.NX_INVALID_PACKET
	case state == stateFinished && typ == msgHelloRequest:
		return nx.NX_SECURE_TLS_NO_RENEGOTIATION_ERROR
	case state == stateFinished:
		return nx.NX_SUCCESS // other late messages are discarded
	}
	switch typ {
	case msgHelloVerifyRequest:
		return s.clientHelloVerifyRequest(body, wait)
	case msgServerHello:
		return s.clientServerHello(msg, body)
	case msgServerKeyExchange:
		if state != stateKeyExchange {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		hint, rest, ok := vector16(body)
		if !ok || len(rest) != 0 {
			return lengthError
		}
		if _, st := s.pskByHint(hint); st != nx.NX_SUCCESS {
			return st
		}
		s.hs.transcript = append(s.hs.transcript, msg...)
		s.hs.hint = append([]byte(nil), hint...) // picks the key at ServerHelloDone
		return nx.NX_SUCCESS
	case msgServerHelloDone:
		if state != stateKeyExchange {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		s.hs.transcript = append(s.hs.transcript, msg...)
		s.flushRetransmit()
		return s.sendClientFlight(wait)
	case msgFinished:
		if state != stateFinishedWait {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		if !bytes.Equal(body, s.verifyData(false)) {
			return nx.NX_SECURE_TLS_FINISHED_HASH_FAILURE
		}
		s.setState(stateFinished)
		s.flushRetransmit()
		return nx.NX_SUCCESS
	}
	return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
}

// sendClientFlight sends ClientKeyExchange (the PSK identity), CCS and
// Finished, each in its own datagram.
func (s *Session) sendClientFlight(wait nx.ULONG) nx.Status {
	psk, st := s.pskByHint(s.hs.hint)
	if st != nx.NX_SUCCESS {
		return st
	}
	c := s.table.find(s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite)
	if st := s.deriveKeys(c, psk.key); st != nx.NX_SUCCESS {
		return st
	}
	cke := append([]byte{byte(len(psk.identity) >> 8), byte(len(psk.identity))}, psk.identity...)
	if st := s.sendHandshake(msgClientKeyExchange, cke, wait); st != nx.NX_SUCCESS {
		return st
	}
	s.setState(stateHelloDone)
	return s.sendChangeCipherSpecAndFinished(wait)
}

// clientHelloVerifyRequest answers a HelloVerifyRequest with ClientHello #2.
func (s *Session) clientHelloVerifyRequest(body []byte, wait nx.ULONG) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	if s.hs.sawHVR {
		return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
	}
	cookie, st := parseHelloVerifyRequest(body)
	if st != nx.NX_SUCCESS {
		s.flushRetransmit()
		return st
	}
	// CH#1 leaves the queue and goes again with the cookie, the same
	// random, message_seq 1 and a new record sequence.
	s.flushRetransmit()
	s.hs.sawHVR = true
	ch, _ := parseClientHello(s.clientHello1)
	ch.cookie = append([]byte(nil), cookie...)
	tls.NxSecureTLSProtocolVersion = s.offeredVersion()
	s.setState(stateHello)
	return s.sendHandshake(msgClientHello, ch.marshal(), wait)
}

// clientServerHello checks a ServerHello (§3.4) and takes its suite.
func (s *Session) clientServerHello(msg, body []byte) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	state := s.state()
	if state != stateIdle && state != stateHello {
		return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
	}
	// _nx_secure_tls_process_serverhello checks the version right after
	// the minimum length (38 bytes), before parsing the rest.
	if len(body) < 38 {
		return lengthError
	}
	if st := s.serverHelloVersion(binary.BigEndian.Uint16(body)); st != nx.NX_SUCCESS {
		return st
	}
	sh, st := parseServerHello(body)
	if st != nx.NX_SUCCESS {
		return st
	}
	c := s.table.find(sh.suite)
	if c == nil || !c.implemented() {
		return nx.NX_SECURE_TLS_UNKNOWN_CIPHERSUITE
	}
	if sh.compression != 0 {
		return nx.NX_SECURE_TLS_BAD_COMPRESSION_METHOD
	}
	tls.NxSecureTLSProtocolVersion = sh.version
	tls.NxSecureTLSSessionCiphersuite = sh.suite
	s.hs.serverRandom = sh.random
	s.hs.transcript = append(s.hs.transcript, msg...)
	s.setState(stateKeyExchange)
	return nx.NX_SUCCESS
}
