package securedtls

import (
	"bytes"
	"slices"

	"github.com/nxsim/nxsim/nx"
)

// The server's side of NetX's DTLS handshake (nx_secure_dtls_server_handshake.c):
// a ClientHello with an empty cookie gets a HelloVerifyRequest with 20
// random bytes that are never checked; any non-empty cookie of at most
// COOKIE_LENGTH bytes proceeds (§2.8). The final CCS + Finished is never
// retransmitted: the server leaves session_start once it is sent.

// serverMessage processes one complete handshake message on a server.
func (s *Session) serverMessage(typ byte, msg, body []byte, wait nx.ULONG) nx.Status {
	state := s.state()
	if state == stateFinished {
		if typ == msgClientHello {
			return nx.NX_SECURE_TLS_NO_RENEGOTIATION_ERROR
		}
		return nx.NX_CONTINUE
	}
	switch typ {
	case msgClientHello:
		return s.serverClientHello(msg, body, wait)
	case msgClientKeyExchange:
		if state != stateHelloDone {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		if _, rest, ok := vector16(body); !ok || len(rest) != 0 {
			return lengthError
		}
		s.hs.transcript = append(s.hs.transcript, msg...)
		// The server always uses PSK store entry 0, whatever identity the
		// client sent (netx-observed.md §4e).
		psks := s.NxSecureDTLSTLSSession.psks
		if len(psks) == 0 {
			return nx.NX_SECURE_TLS_HANDSHAKE_FAILURE
		}
		c := s.table.find(s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite)
		if st := s.deriveKeys(c, psks[0].key); st != nx.NX_SUCCESS {
			return st
		}
		s.setState(stateKeyExchange)
		return nx.NX_SUCCESS
	case msgFinished:
		if state != stateFinishedWait {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		if !bytes.Equal(body, s.verifyData(true)) {
			return nx.NX_SECURE_TLS_FINISHED_HASH_FAILURE
		}
		s.hs.transcript = append(s.hs.transcript, msg...)
		s.flushRetransmit()
		if st := s.sendChangeCipherSpecAndFinished(wait); st != nx.NX_SUCCESS {
			return st
		}
		s.setState(stateFinished)
		return nx.NX_SUCCESS
	}
	return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
}

// The secure-renegotiation signals of RFC 5746: the renegotiation_info
// extension and TLS_EMPTY_RENEGOTIATION_INFO_SCSV.
const (
	extensionRenegotiationInfo = 0xFF01
	scsvRenegotiation          = 0x00FF
)

// serverClientHello answers a ClientHello: HelloVerifyRequest for an empty
// cookie, else the server flight.
func (s *Session) serverClientHello(msg, body []byte, wait nx.ULONG) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	ch, st := parseClientHello(body)
	if st != nx.NX_SUCCESS {
		return st
	}
	// The version is negotiated on every ClientHello, before the cookie is
	// looked at: the HelloVerifyRequest's record carries it.
	version, st := s.negotiateVersion(ch.version)
	if st != nx.NX_SUCCESS {
		return st
	}
	tls.NxSecureTLSProtocolVersion = version
	if nx.UINT(len(ch.cookie)) > s.dev.config.CookieLength {
		return lengthError
	}
	s.flushRetransmit()
	if len(ch.cookie) == 0 {
		cookie := make([]byte, hvrCookieLength)
		s.dev.randomBytes(cookie)
		s.cookie = cookie
		st := s.sendHandshake(msgHelloVerifyRequest, helloVerifyRequest(cookie), wait)
		s.hs.transcript = nil
		tls.NxSecureTLSProtocolVersion = 0
		s.setState(stateHello)
		return st
	}
	c := s.chooseSuite(ch.suites)
	if c == nil {
		return nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS
	}
	if bytes.IndexByte(ch.compression, 0) < 0 {
		return nx.NX_SECURE_TLS_BAD_COMPRESSION_METHOD
	}
	// A client that sends extensions is not a NetX DTLS client; if it asks
	// for secure renegotiation (extension or SCSV) it expects an answer.
	if len(ch.extensions) > 0 && (slices.Contains(ch.extensions, extensionRenegotiationInfo) || slices.Contains(ch.suites, scsvRenegotiation)) {
		s.dev.note("nx_secure_dtls_server_session_start", "a DTLS 1.2 server any standard client accepts",
			"the ServerHello carries no renegotiation_info even when the client asked for it; OpenSSL 3 clients refuse it unless run with -legacy_server_connect")
	}
	tls.NxSecureTLSProtocolVersion = version
	tls.NxSecureTLSSessionCiphersuite = c.id
	s.hs = handshakeState{clientRandom: ch.random, transcript: append([]byte(nil), msg...)}
	sh := &serverHello{version: version, sessionID: ch.sessionID, suite: c.id}
	s.fillRandom(&sh.random)
	s.hs.serverRandom = sh.random
	if st := s.sendHandshake(msgServerHello, sh.marshal(), wait); st != nx.NX_SUCCESS {
		return st
	}
	var hint []byte
	if psks := tls.psks; len(psks) > 0 {
		hint = psks[0].hint
	}
	ske := append([]byte{byte(len(hint) >> 8), byte(len(hint))}, hint...)
	if st := s.sendHandshake(msgServerKeyExchange, ske, wait); st != nx.NX_SUCCESS {
		return st
	}
	if st := s.sendHandshake(msgServerHelloDone, nil, wait); st != nx.NX_SUCCESS {
		return st
	}
	s.setState(stateHelloDone)
	return nx.NX_SUCCESS
}

// chooseSuite returns the first suite of the server's table that the client
// offers and the server can run (a PSK suite needs a PSK).
func (s *Session) chooseSuite(offered []uint16) *suite {
	for i := range s.table.suites {
		c := &s.table.suites[i]
		if !c.implemented() || len(s.NxSecureDTLSTLSSession.psks) == 0 {
			continue
		}
		for _, id := range offered {
			if id == c.id {
				return c
			}
		}
	}
	return nil
}
