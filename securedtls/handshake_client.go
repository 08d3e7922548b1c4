package securedtls

import (
	"bytes"
	"crypto/rsa"
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
)

// The client's side of NetX's DTLS handshake (nx_secure_dtls_client_handshake.c):
//
//	ClientHello #1          -->
//	                        <--  HelloVerifyRequest (20-byte cookie)
//	ClientHello #2 + cookie -->
//	                        <--  ServerHello, [Certificate] (not PSK),
//	                             [ServerKeyExchange] (PSK hint, ECDHE parameters),
//	                             [CertificateRequest], ServerHelloDone
//	[Certificate] ClientKeyExchange [CertificateVerify] CCS Finished -->
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
	ch := &clientHello{version: s.offeredVersion(), compression: []byte{0}, groups: s.groups()}
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
		return s.hashAfter(state == stateKeyExchange, msg, func() nx.Status { return s.clientServerKeyExchange(body) })
	case msgCertificate:
		return s.hashAfter(state == stateKeyExchange, msg, func() nx.Status { return s.processRemoteCertificate(body) })
	case msgCertificateRequest:
		return s.hashAfter(state == stateKeyExchange, msg, func() nx.Status { return s.clientCertificateRequest(body) })
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

// clientServerKeyExchange takes a ServerKeyExchange: a PSK suite's hint
// (the key is picked at ServerHelloDone) or an ECDHE suite's signed
// parameters.
func (s *Session) clientServerKeyExchange(body []byte) nx.Status {
	c := s.table.find(s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite)
	switch c.kx {
	case kxPSK:
		hint, st := pskHint(body, s.dev.config.MaxPSKIDSize)
		if st != nx.NX_SUCCESS {
			return st
		}
		if _, st := s.pskByHint(hint); st != nx.NX_SUCCESS {
			return st
		}
		s.hs.hint = append([]byte(nil), hint...)
		return nx.NX_SUCCESS
	case kxECDHE:
		// Only right after the server's Certificate
		// (nx_secure_tls_process_server_key_exchange.c checks the client
		// state SERVER_CERTIFICATE and moves it on before processing).
		if s.hs.peerCert == nil || s.hs.skeSeen {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		s.hs.skeSeen = true
		return s.clientServerKeyExchangeECDHE(body)
	}
	return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
}

// sendClientFlight sends the client's flight, each message in its own
// datagram: [Certificate] ClientKeyExchange [CertificateVerify] CCS
// Finished (nx_secure_dtls_client_handshake.c).
func (s *Session) sendClientFlight(wait nx.ULONG) nx.Status {
	c := s.table.find(s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite)
	if s.hs.certRequested {
		if st := s.sendClientCertificate(wait); st != nx.NX_SUCCESS {
			return st
		}
	}
	cke, premaster, st := s.clientKeyExchange(c)
	if st != nx.NX_SUCCESS {
		return st
	}
	if st := s.deriveKeys(c, premaster); st != nx.NX_SUCCESS {
		return st
	}
	if st := s.sendHandshake(msgClientKeyExchange, cke, wait); st != nx.NX_SUCCESS {
		return st
	}
	if s.hs.certRequested {
		if st := s.sendCertificateVerify(wait); st != nx.NX_SUCCESS {
			return st
		}
	}
	s.setState(stateHelloDone)
	return s.sendChangeCipherSpecAndFinished(wait)
}

// clientKeyExchange is the ClientKeyExchange body and the premaster secret
// of the negotiated suite.
func (s *Session) clientKeyExchange(c *suite) (cke, premaster []byte, st nx.Status) {
	switch c.kx {
	case kxPSK:
		psk, st := s.pskByHint(s.hs.hint)
		if st != nx.NX_SUCCESS {
			return nil, nil, st
		}
		cke = append([]byte{byte(len(psk.identity) >> 8), byte(len(psk.identity))}, psk.identity...)
		return cke, pskPreMasterSecret(psk.key), nx.NX_SUCCESS
	case kxECDHE, kxECDH:
		if s.hs.peerCert == nil {
			return nil, nil, nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
		}
		return s.ecdhClientKeyExchange(c)
	}
	if s.hs.peerCert == nil {
		return nil, nil, nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
	}
	pub, ok := s.hs.peerCert.parsed.PublicKey.(*rsa.PublicKey)
	if !ok {
		return nil, nil, nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
	}
	return s.rsaClientKeyExchange(pub)
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
	ch.cookie, ch.groups = append([]byte(nil), cookie...), s.groups()
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
	if c == nil {
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

// pskHint is a PSK ServerKeyExchange's identity hint, checked as
// nx_secure_process_server_key_exchange.c does: the hint length is compared
// with the whole message length (not with what follows the two length
// bytes) and with NX_SECURE_TLS_MAX_PSK_ID_SIZE, beyond either 0x10A; bytes
// after the hint are not looked at. The one or two bytes C then copies from
// past the message (and the length bytes of a message shorter than two)
// read as zero.
func pskHint(body []byte, maxID nx.UINT) ([]byte, nx.Status) {
	n := int(at(body, 0))<<8 | int(at(body, 1))
	if n > len(body) || nx.UINT(n) > maxID {
		return nil, lengthError
	}
	hint := make([]byte, n)
	copy(hint, span(body, 2, uint32(n)))
	return hint, nx.NX_SUCCESS
}
