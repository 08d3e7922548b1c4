package securedtls

import "github.com/nxsim/nxsim/nx"

// windowBits is the replay window width: the bit width of ULONG on the
// 32-bit builds the regression tests use (dtls-semantics.md §2.11).
const windowBits = 32

// windowDelta is how far seq lies below the highest sequence accepted,
// both as NetX's (high word, low word) pairs, NetX's way: when the high words differ by one the delta is
// (0xFFFFFFFF - low_in) + low_highest, one less than the true distance
// (nx_secure_dtls_session_sliding_window_check.c). ok is false when the gap
// in the high words is larger than one.
func windowDelta(seq, highest [2]nx.ULONG) (delta nx.ULONG, ok bool) {
	switch {
	case seq[0] == highest[0]:
		return highest[1] - seq[1], true
	case highest[0]-seq[0] == 1:
		return (0xFFFFFFFF - seq[1]) + highest[1], true
	}
	return 0, false
}

// greater reports a > b on the (high, low) pairs.
func greater(a, b [2]nx.ULONG) bool { return a[0] > b[0] || (a[0] == b[0] && a[1] > b[1]) }

// slidingWindowCheck is _nx_secure_dtls_session_sliding_window_check: true
// if record sequence seq (low word first) may be accepted. Equal to the
// highest: no; greater: yes; smaller: only inside the 32-bit window with its
// bit clear (a delta of 32 or more is outside).
func (s *Session) slidingWindowCheck(seq [2]nx.ULONG) bool {
	highest := s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSequenceNumber
	if seq == highest {
		return false
	}
	if greater(seq, highest) {
		return true
	}
	delta, ok := windowDelta(seq, highest)
	if !ok || delta >= windowBits {
		return false
	}
	return s.window&(1<<delta) == 0
}

// slidingWindowUpdate is _nx_secure_dtls_session_sliding_window_update:
// mark seq as seen. Equal to the highest: NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE;
// greater: shift the window (cleared to one bit past its width) and make seq
// the highest; smaller: set its bit.
func (s *Session) slidingWindowUpdate(seq [2]nx.ULONG) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	highest := tls.NxSecureTLSRemoteSequenceNumber
	switch {
	case seq == highest:
		return nx.NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE
	case greater(seq, highest):
		delta, ok := windowDelta(highest, seq)
		if !ok || delta >= windowBits {
			s.window = 1
		} else {
			s.window = s.window<<delta | 1
		}
		tls.NxSecureTLSRemoteSequenceNumber = seq
	default:
		if delta, ok := windowDelta(seq, highest); ok && delta < windowBits {
			s.window |= 1 << delta
		}
	}
	return nx.NX_SUCCESS
}

// seqWords splits a 48-bit record sequence into NetX's words: [0] the upper
// half, [1] the lower half (network order).
func seqWords(seq uint64) [2]nx.ULONG { return [2]nx.ULONG{nx.ULONG(seq >> 32), nx.ULONG(seq)} }
