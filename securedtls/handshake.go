package securedtls

import (
	"crypto/ecdh"
	"encoding/hex"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// handshakeState is one handshake's scratch data (crypto/tls's
// clientHandshakeState / serverHandshakeState).
type handshakeState struct {
	transcript   []byte // every hashed handshake message, DTLS header included
	clientRandom [32]byte
	serverRandom [32]byte
	master       []byte
	sawHVR       bool
	hint         []byte // the server's PSK identity hint (client side)

	peerCert      *X509Cert        // the peer's verified end-entity certificate
	ecdhe         *ecdh.PrivateKey // the local ephemeral ECDH key
	curve         uint16           // server: the curve chosen from the client's supported_groups; client: the server's
	peerPublic    []byte           // client: the server's ECDHE public point
	certRequested bool             // client: the server sent a CertificateRequest
	skeSeen       bool             // client: an ECDHE ServerKeyExchange was taken (NX_SECURE_TLS_CLIENT_STATE_SERVER_KEY_EXCHANGE)
	credentials   bool             // server: the client's credentials are in (nx_secure_tls_received_remote_credentials)
}

// reassemblyState is the handshake message being reassembled in the
// session's reassembly buffer (in-order, non-overlapping fragments, as
// nx_secure_dtls_process_handshake_header.c assumes).
type reassemblyState struct {
	active   bool
	typ      byte
	seq      uint16
	length   int
	received int
}

// fillRandom fills a hello random: gmt_unix_time from the session's time
// function (0 without one, as NetX sends) and 28 bytes from the device's
// stream.
func (s *Session) fillRandom(r *[32]byte) {
	var t nx.ULONG
	if f := s.NxSecureDTLSTLSSession.timeFunc; f != nil {
		t = f()
	}
	r[0], r[1], r[2], r[3] = byte(t>>24), byte(t>>16), byte(t>>8), byte(t)
	s.dev.randomBytes(r[4:])
}

// deriveKeys computes the master secret and key block from the premaster
// secret (RFC 5246 §6.3, §8.1; RFC 4279 §2 builds a PSK suite's) with the
// negotiated version's PRF (version_prf.go) and logs the session's secret.
func (s *Session) deriveKeys(c *suite, premaster []byte) nx.Status {
	hs := &s.hs
	p, st := s.versionPRF()
	if st != nx.NX_SUCCESS {
		return st
	}
	master := p.masterSecret(premaster, hs.clientRandom[:], hs.serverRandom[:])
	rtos.Charge(p.prfOp, len(master))
	rtos.Charge(p.prfOp, 2*(c.macLen+c.keyLen+c.ivLen))
	hs.master = master
	s.pending = p.keyExpansion(c, master, hs.clientRandom[:], hs.serverRandom[:])
	s.keyLog("CLIENT_RANDOM " + hex.EncodeToString(hs.clientRandom[:]) + " " + hex.EncodeToString(master))
	return nx.NX_SUCCESS
}

// activateOut switches records sent to the negotiated keys: local epoch +1,
// sequence 0 (after CCS is sent, §2.3).
func (s *Session) activateOut() {
	k := s.pending
	if s.isClient {
		s.out.set(k.suite, k.clientMAC, k.clientKey, k.clientIV)
	} else {
		s.out.set(k.suite, k.serverMAC, k.serverKey, k.serverIV)
	}
	s.localEpoch++
	s.NxSecureDTLSTLSSession.NxSecureTLSLocalSequenceNumber = [2]nx.ULONG{}
	s.NxSecureDTLSTLSSession.NxSecureTLSLocalSessionActive = 1
}

// activateIn switches records received to the negotiated keys: remote
// epoch +1, last sequence 0 (a valid CCS received). The replay window is
// left as it is: NetX never clears it (§2.11).
func (s *Session) activateIn() {
	k := s.pending
	if s.isClient {
		s.in.set(k.suite, k.serverMAC, k.serverKey, k.serverIV)
	} else {
		s.in.set(k.suite, k.clientMAC, k.clientKey, k.clientIV)
	}
	s.remoteEpoch++
	s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSequenceNumber = [2]nx.ULONG{}
	s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSessionActive = 1
}

// verifyData is the Finished body for the transcript so far, with the
// negotiated version's PRF and transcript hash. The version always has a
// PRF here: the keys were derived with it.
func (s *Session) verifyData(client bool) []byte {
	p, st := s.versionPRF()
	if st != nx.NX_SUCCESS {
		return nil
	}
	s.chargeTranscriptHash()
	rtos.Charge(p.prfOp, 12)
	return p.finishedVerifyData(s.hs.master, s.hs.transcript, client)
}

// sendChangeCipherSpecAndFinished ends a flight: CCS in the old epoch, then
// Finished in the new one.
func (s *Session) sendChangeCipherSpecAndFinished(wait nx.ULONG) nx.Status {
	if st := s.sendRecord(contentChangeCipherSpec, []byte{1}, wait); st != nx.NX_SUCCESS {
		return st
	}
	s.activateOut()
	return s.sendHandshake(msgFinished, s.verifyData(s.isClient), wait)
}

// processChangeCipherSpec handles a CCS record. A valid one (one byte 1,
// keys negotiated and not yet switched, the client after its flight, the
// server after the ClientKeyExchange — nx_secure_tls_process_changecipherspec.c)
// switches the remote direction to the new keys and the remote epoch. Any
// other CCS returns false and leaves the epoch alone: 6.4.x's
// nx_secure_dtls_process_record.c turns the refusal into
// NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE and rewinds the record (the caller
// does), so a CCS that overtakes a lost ClientKeyExchange is accepted again
// when the client retransmits its flight.
func (s *Session) processChangeCipherSpec(body []byte) bool {
	state := s.state()
	valid := len(body) == 1 && body[0] == 1 && s.pending != nil && s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSessionActive == 0 &&
		((s.isClient && state == stateHelloDone) || (!s.isClient && state == stateKeyExchange))
	if !valid {
		return false
	}
	s.activateIn()
	s.setState(stateFinishedWait)
	return true
}

// hashAfter processes a handshake message that is valid only when
// expected: process, then — only if it succeeded — the message goes into
// the transcript (NetX hashes a message after processing it).
func (s *Session) hashAfter(expected bool, msg []byte, process func() nx.Status) nx.Status {
	if !expected {
		return nx.NX_SECURE_TLS_UNEXPECTED_MESSAGE
	}
	if st := process(); st != nx.NX_SUCCESS {
		return st
	}
	s.hs.transcript = append(s.hs.transcript, msg...)
	return nx.NX_SUCCESS
}

// pskByHint is the client's choice: the entry whose hint matches the
// server's, entry 0 for an empty hint, else NX_SECURE_TLS_NO_MATCHING_PSK
// (netx-observed.md §4e).
func (s *Session) pskByHint(hint []byte) (*pskEntry, nx.Status) {
	psks := s.NxSecureDTLSTLSSession.psks
	if len(psks) == 0 {
		return nil, nx.NX_SECURE_TLS_NO_MATCHING_PSK
	}
	if len(hint) == 0 {
		return &psks[0], nx.NX_SUCCESS
	}
	for i := range psks {
		if string(psks[i].hint) == string(hint) {
			return &psks[i], nx.NX_SUCCESS
		}
	}
	return nil, nx.NX_SECURE_TLS_NO_MATCHING_PSK
}
