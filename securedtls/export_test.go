package securedtls

import "github.com/nxsim/nxsim/nx"

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
