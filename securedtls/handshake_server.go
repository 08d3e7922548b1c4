package securedtls

import (
	"bytes"
	"crypto/ecdsa"
	"crypto/x509"
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
		// nx_secure_dtls_server_handshake.c checks no order: after a
		// failed message (ALERT_SENT) a start called again still takes the
		// rest of the client's flight, once a suite was chosen.
		afterAlert := state == stateAlertSent && s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite != 0
		if state != stateHelloDone && !afterAlert {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		c := s.table.find(s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite)
		premaster, st := s.serverPremaster(c, body)
		if st != nx.NX_SUCCESS {
			return st
		}
		s.hs.transcript = append(s.hs.transcript, msg...)
		if st := s.deriveKeys(c, premaster); st != nx.NX_SUCCESS {
			return st
		}
		s.setState(stateKeyExchange)
		return nx.NX_SUCCESS
	case msgCertificate:
		// The client's certificate (processed whenever it comes, as
		// nx_secure_dtls_server_handshake.c does).
		return s.hashAfter(state == stateHelloDone, msg, func() nx.Status { return s.processRemoteCertificate(body) })
	case msgCertificateVerify:
		return s.hashAfter(state == stateKeyExchange, msg, func() nx.Status { return s.serverCertificateVerify(body) })
	case msgFinished:
		if state != stateFinishedWait {
			return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
		}
		if !s.hs.credentials {
			// A requested client certificate never verified
			// (nx_secure_tls_process_finished.c).
			return nx.NX_SECURE_TLS_HANDSHAKE_FAILURE
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
	c, curve, st := s.chooseSuite(ch)
	if st != nx.NX_SUCCESS {
		return st
	}
	if bytes.IndexByte(ch.compression, 0) < 0 {
		return nx.NX_SECURE_TLS_BAD_COMPRESSION_METHOD
	}
	// A client that sends extensions other than the ECC pair is not a NetX
	// DTLS client; if it asks for secure renegotiation (extension or SCSV)
	// it expects an answer.
	foreign := slices.ContainsFunc(ch.extensions, func(e uint16) bool { return e != extensionSupportedGroups && e != extensionECPointFormats })
	if foreign && (slices.Contains(ch.extensions, extensionRenegotiationInfo) || slices.Contains(ch.suites, scsvRenegotiation)) {
		s.dev.note("nx_secure_dtls_server_session_start", "a DTLS 1.2 server any standard client accepts",
			"the ServerHello carries no renegotiation_info even when the client asked for it; OpenSSL 3 clients refuse it unless run with -legacy_server_connect")
	}
	tls.NxSecureTLSProtocolVersion = version
	tls.NxSecureTLSSessionCiphersuite = c.id
	s.hs = handshakeState{clientRandom: ch.random, transcript: append([]byte(nil), msg...), curve: curve}
	sh := &serverHello{version: version, sessionID: ch.sessionID, suite: c.id}
	s.fillRandom(&sh.random)
	s.hs.serverRandom = sh.random
	if st := s.sendHandshake(msgServerHello, sh.marshal(), wait); st != nx.NX_SUCCESS {
		return st
	}
	if st := s.sendServerFlight(c, wait); st != nx.NX_SUCCESS {
		return st
	}
	s.setState(stateHelloDone)
	return nx.NX_SUCCESS
}

// sendServerFlight sends the rest of the server's flight
// (nx_secure_dtls_server_handshake.c): Certificate (not for PSK),
// ServerKeyExchange (PSK hint or ECDHE parameters), CertificateRequest when
// client certificates are verified, ServerHelloDone.
func (s *Session) sendServerFlight(c *suite, wait nx.ULONG) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	if c.kx != kxPSK {
		if st := s.sendHandshake(msgCertificate, certificateMessage(s.localChain()), wait); st != nx.NX_SUCCESS {
			return st
		}
	}
	var ske []byte
	switch c.kx {
	case kxPSK:
		var hint []byte
		if psks := tls.psks; len(psks) > 0 {
			hint = psks[0].hint
		}
		ske = append([]byte{byte(len(hint) >> 8), byte(len(hint))}, hint...)
	case kxECDHE:
		var st nx.Status
		if ske, st = s.serverKeyExchangeECDHE(); st != nx.NX_SUCCESS {
			return st
		}
	}
	if ske != nil {
		if st := s.sendHandshake(msgServerKeyExchange, ske, wait); st != nx.NX_SUCCESS {
			return st
		}
	}
	if tls.certs.verifyClient {
		if st := s.sendHandshake(msgCertificateRequest, s.certificateRequest(), wait); st != nx.NX_SUCCESS {
			return st
		}
	} else {
		s.hs.credentials = true
	}
	return s.sendHandshake(msgServerHelloDone, nil, wait)
}

// serverPremaster is the premaster secret from the client's
// ClientKeyExchange, by key exchange.
func (s *Session) serverPremaster(c *suite, body []byte) ([]byte, nx.Status) {
	switch c.kx {
	case kxRSA:
		return s.rsaServerPremaster(body)
	case kxECDHE, kxECDH:
		return s.ecdhServerPremaster(c, body)
	}
	if _, rest, ok := vector16(body); !ok || len(rest) != 0 {
		return nil, lengthError
	}
	// The server always uses PSK store entry 0, whatever identity the
	// client sent (netx-observed.md §4e); with no PSK that entry is empty
	// and the handshake fails at the client's Finished record.
	var key []byte
	if psks := s.NxSecureDTLSTLSSession.psks; len(psks) > 0 {
		key = psks[0].key
	}
	return pskPreMasterSecret(key), nx.NX_SUCCESS
}

// chooseSuite is the server's suite: the first of its table that the
// client offers and that passes _nx_secure_dtls_check_ciphersuite
// (nx_secure_dtls_process_clienthello.c) with the identity certificate and
// the chosen curve. An EC identity on a curve outside the server's own
// ecc_initialize list fails the ClientHello with NO_SUPPORTED_CIPHERS.
func (s *Session) chooseSuite(ch *clientHello) (*suite, uint16, nx.Status) {
	id := s.localIdentity()
	curve := s.chooseCurve(ch.groupWords)
	if id != nil {
		if pub, ok := id.parsed.PublicKey.(*ecdsa.PublicKey); ok && !slices.Contains(s.groups(), groupOf(pub)) {
			return nil, 0, nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS
		}
	}
	for i := range s.table.suites {
		c := &s.table.suites[i]
		if slices.Contains(ch.suites, c.id) && s.serverCanRun(c, id, curve) {
			return c, curve, nx.NX_SUCCESS
		}
	}
	return nil, 0, nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS
}

// serverCanRun is the suite filter: RSA needs an RSA identity; ECDHE a
// common curve and an identity of the suite's signature type; static ECDH
// an EC identity issued with the suite's signature type. A PSK suite
// always passes, PSK or not: the filter does not look at the store.
func (s *Session) serverCanRun(c *suite, id *X509Cert, curve uint16) bool {
	if c.kx == kxPSK {
		return true
	}
	if id == nil {
		return false
	}
	rsaKey := isRSAKey(id.parsed.PublicKey)
	switch c.kx {
	case kxRSA:
		return rsaKey
	case kxECDHE:
		return curve != 0 && rsaKey == (c.auth() == authRSA)
	}
	if rsaKey {
		return false
	}
	switch id.parsed.SignatureAlgorithm {
	case x509.ECDSAWithSHA1, x509.ECDSAWithSHA256, x509.ECDSAWithSHA384, x509.ECDSAWithSHA512:
		return c.auth() == authECDSA
	case x509.MD5WithRSA, x509.SHA1WithRSA, x509.SHA256WithRSA, x509.SHA384WithRSA, x509.SHA512WithRSA:
		return c.auth() == authRSA
	}
	return false
}
