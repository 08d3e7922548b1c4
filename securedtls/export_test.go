package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
)

// Hooks into NetX internals the C regression tests call directly, named
// after the C functions.

// NxSecureDTLSSessionSlidingWindowCheck is _nx_secure_dtls_session_sliding_window_check.
func NxSecureDTLSSessionSlidingWindowCheck(s *Session, seq [2]nx.ULONG) bool {
	return s.slidingWindowCheck(seq)
}

// NxSecureDTLSSessionSlidingWindowUpdate is _nx_secure_dtls_session_sliding_window_update.
func NxSecureDTLSSessionSlidingWindowUpdate(s *Session, seq [2]nx.ULONG) nx.Status {
	return s.slidingWindowUpdate(seq)
}

// SetSlidingWindow sets nx_secure_dtls_sliding_window.
func SetSlidingWindow(s *Session, w nx.ULONG) { s.window = w }

// NxSecureDTLSSessionReset is _nx_secure_dtls_session_reset (no nxe checks).
func NxSecureDTLSSessionReset(s *Session) { s.reset() }

// ParseClientHello exposes the ClientHello parser to the fuzz target.
func ParseClientHello(b []byte) nx.Status { _, st := parseClientHello(b); return st }

// ParseServerHello exposes the ServerHello parser to the fuzz target.
func ParseServerHello(b []byte) nx.Status { _, st := parseServerHello(b); return st }

// ParseHelloVerifyRequest exposes the HelloVerifyRequest parser.
func ParseHelloVerifyRequest(b []byte) nx.Status { _, st := parseHelloVerifyRequest(b); return st }

// ErrorChecking reports whether the nxe layer is compiled in.
const ErrorChecking = errorChecking

// OpenRecord parses one record at the start of b and opens it with fixed
// keys of suite id, for the fuzz target: it must never panic.
func OpenRecord(id uint16, b []byte) nx.Status {
	h, ok := parseRecordHeader(b)
	if !ok || recordHeaderSize+h.length > len(b) {
		return nx.NX_SECURE_TLS_INVALID_PACKET
	}
	c, ok := allSuites[id]
	if !ok {
		c = allSuites[0x00AE]
	}
	var hc halfConn
	hc.set(&c, make([]byte, c.macLen), make([]byte, c.keyLen), make([]byte, c.ivLen))
	_, st := hc.open(h, b[recordHeaderSize:recordHeaderSize+h.length])
	return st
}

// HandshakeHeaderOK parses a handshake header as the record layer does.
func HandshakeHeaderOK(b []byte) bool {
	if len(b) < handshakeHeaderSize {
		return false
	}
	h := parseHandshakeHeader(b)
	return handshakeHeaderSize+h.fragLength <= len(b)
}

// NxSecureDTLSSendHandshakeRecord is _nx_secure_dtls_send_handshake_record:
// one handshake message in its own record, in the session's current epoch.
func NxSecureDTLSSendHandshakeRecord(s *Session, typ byte, body []byte) nx.Status {
	st := s.sendHandshake(typ, body, nx.NX_WAIT_FOREVER)
	s.flushRetransmit()
	return st
}

// SwapUDPSocket replaces nx_secure_dtls_udp_socket and returns the old
// one. The multiple_ip_address test changes the socket's port in place
// (nx_udp_socket_port++), which netx does not expose; sending through a
// second socket bound to that port puts the same datagram on the wire.
func SwapUDPSocket(s *Session, sock *netx.UDPSocket) *netx.UDPSocket {
	old := s.udpSocket
	s.udpSocket = sock
	return old
}
