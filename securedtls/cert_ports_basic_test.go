package securedtls_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// exchangeLimit is how long exchange (modes_test.go) runs: a failed
// handshake's 5 s waits, the ends and IPv6's duplicate address detection
// fit in it.
const exchangeLimit = 20 * time.Second

// TestCertBasic is the handshake and transfer of nx_secure_dtls_basic_test.c
// in its own (RSA) setup: the regression table on both sides, the RSA
// device certificate, 0x003D; the 64 bytes 0..63 reach the server, both
// session_end calls return 0x00, and both ends log the same
// CLIENT_RANDOM secret (what a capture needs to be decrypted).
func TestCertBasic(t *testing.T) {
	var keyLog bytes.Buffer
	r := exchange(t, rsaMode, 1, func(w *world) { w.net.KeyLogTo(&keyLog) })
	r.succeeded(t, rsaMode.suite)
	lines := strings.Split(strings.TrimSpace(keyLog.String()), "\n")
	if assert.Len(t, lines, 2) {
		assert.Regexp(t, `^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$`, lines[0])
		assert.Equal(t, lines[0], lines[1])
	}
}
