package securedtls_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// seqMax is SEQUENCE_NUM_MAX of the C test.
const seqMax nx.ULONG = 0xFFFFFFFF

// TestSlidingWindow ports nx_secure_dtls_sliding_window_test.c: direct calls
// of the window check and update with NetX's (upper, lower) sequence words
// and a 32-bit window.
func TestSlidingWindow(t *testing.T) {
	var s securedtls.Session
	highest := func(hi, lo nx.ULONG) {
		s.NxSecureDTLSTLSSession.NxSecureTLSRemoteSequenceNumber = [2]nx.ULONG{hi, lo}
	}
	check := func(hi, lo nx.ULONG) bool {
		return securedtls.NxSecureDTLSSessionSlidingWindowCheck(&s, [2]nx.ULONG{hi, lo})
	}
	update := func(hi, lo nx.ULONG) nx.Status {
		return securedtls.NxSecureDTLSSessionSlidingWindowUpdate(&s, [2]nx.ULONG{hi, lo})
	}
	type row struct {
		name       string
		high, seq  [2]nx.ULONG
		wantAccept bool
	}
	clear := []row{
		{"both 0", [2]nx.ULONG{0, 0}, [2]nx.ULONG{0, 0}, false},
		{"greater", [2]nx.ULONG{0, 0}, [2]nx.ULONG{0, 1}, true},
		{"in empty window", [2]nx.ULONG{0, 3}, [2]nx.ULONG{0, 2}, true},
		{"delta 44", [2]nx.ULONG{0, 47}, [2]nx.ULONG{0, 3}, false},
		{"equal, upper set", [2]nx.ULONG{1, 0}, [2]nx.ULONG{1, 0}, false},
		{"greater, upper set", [2]nx.ULONG{1, 0}, [2]nx.ULONG{1, 1}, true},
		{"across the words, delta 7", [2]nx.ULONG{1, 3}, [2]nx.ULONG{0, seqMax - 4}, true},
		{"across the words, delta 45", [2]nx.ULONG{1, 3}, [2]nx.ULONG{0, seqMax - 42}, false},
		{"in empty window, upper set", [2]nx.ULONG{1, 1}, [2]nx.ULONG{1, 3}, true},
		{"delta 44, upper set", [2]nx.ULONG{1, 47}, [2]nx.ULONG{1, 3}, false},
	}
	full := []row{
		{"both 0", [2]nx.ULONG{0, 0}, [2]nx.ULONG{0, 0}, false},
		{"greater", [2]nx.ULONG{0, 0}, [2]nx.ULONG{0, 1}, true},
		{"bit set", [2]nx.ULONG{0, 3}, [2]nx.ULONG{0, 2}, false},
		{"delta 45", [2]nx.ULONG{0, 47}, [2]nx.ULONG{0, 2}, false},
		{"equal, upper set", [2]nx.ULONG{1, 0}, [2]nx.ULONG{1, 0}, false},
		{"greater, upper set", [2]nx.ULONG{1, 0}, [2]nx.ULONG{1, 1}, true},
		{"across the words, bit set", [2]nx.ULONG{1, 3}, [2]nx.ULONG{0, seqMax - 4}, false},
		{"across the words, delta 45", [2]nx.ULONG{1, 3}, [2]nx.ULONG{0, seqMax - 42}, false},
		{"bit set, upper set", [2]nx.ULONG{1, 5}, [2]nx.ULONG{1, 3}, false},
		{"delta 44, upper set", [2]nx.ULONG{1, 47}, [2]nx.ULONG{1, 3}, false},
	}
	for _, tc := range []struct {
		window nx.ULONG
		rows   []row
	}{{0, clear}, {0xFFFFFFFF, full}} {
		for _, r := range tc.rows {
			securedtls.SetSlidingWindow(&s, tc.window)
			highest(r.high[0], r.high[1])
			assert.Equal(t, r.wantAccept, check(r.seq[0], r.seq[1]), "window %#x: %s", tc.window, r.name)
		}
	}

	// Updates.
	securedtls.SetSlidingWindow(&s, 0)
	highest(0, 0)
	assert.Equal(t, nx.NX_SUCCESS, update(0, 1))
	assert.False(t, check(0, 1))
	assert.True(t, check(0, 2))
	assert.Equal(t, nx.NX_SUCCESS, update(0, 2))
	assert.False(t, check(0, 1))
	assert.False(t, check(0, 2))
	assert.Equal(t, nx.NX_SUCCESS, update(0, 3))
	assert.False(t, check(0, 1))
	assert.False(t, check(0, 2))
	assert.False(t, check(0, 3))
	assert.True(t, check(0, 4))

	// Boundaries.
	securedtls.SetSlidingWindow(&s, 0)
	highest(0, seqMax-8)
	assert.Equal(t, nx.NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE, update(0, seqMax-8))
	assert.True(t, check(0, seqMax-4))
	assert.True(t, check(0, seqMax-15))
	assert.False(t, check(0, seqMax-57))
	highest(0, seqMax-8)
	assert.True(t, check(1, 5), "across the boundary")
	highest(3, seqMax-8)
	assert.False(t, check(1, 5), "upper words more than one apart, below")
	highest(0, seqMax-8)
	assert.True(t, check(3, 5), "upper words more than one apart, above")

	securedtls.SetSlidingWindow(&s, 0)
	highest(1, 3)
	assert.Equal(t, nx.NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE, update(1, 3))
	assert.True(t, check(0, seqMax-4))
	assert.False(t, check(1, 3))

	// 63 successive updates, from small values and from just below the
	// lower word's maximum.
	for _, base := range []func(i nx.ULONG) nx.ULONG{
		func(i nx.ULONG) nx.ULONG { return i },
		func(i nx.ULONG) nx.ULONG { return seqMax - (i + 32) },
	} {
		securedtls.SetSlidingWindow(&s, 1)
		for i := nx.ULONG(1); i < 64; i++ {
			cur := base(i)
			highest(0, cur)
			assert.Equal(t, nx.NX_SUCCESS, update(0, cur+1), "i=%d", i)
			assert.False(t, check(0, cur), "one behind, i=%d", i)
			assert.False(t, check(0, cur+1), "equal, i=%d", i)
			assert.True(t, check(0, cur+2), "one ahead, i=%d", i)
			assert.True(t, check(0, cur+6), "several ahead, i=%d", i)
		}
	}

	highest(0, 1)
	assert.Equal(t, nx.NX_SECURE_TLS_OUT_OF_ORDER_MESSAGE, update(0, 1))
}
