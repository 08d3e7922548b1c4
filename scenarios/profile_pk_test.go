package scenarios

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A public-key operation's cost is overridden by its name like a service's:
// the slow M0+ server computing the ECDH shared secret from the client's
// key exchange in 1 ms instead of 2.037 s — the last step before its
// Finished — is done with its handshake 2.036 s sooner.
func TestPublicKeyOperationsAreOverriddenByName(t *testing.T) {
	file := "dtls-slow-mcu.yaml"
	text, err := os.ReadFile(file)
	require.NoError(t, err)
	const server = "cpu: {profile: cortex-m0plus-48mhz}" // the server's is the first
	require.Contains(t, string(text), server)
	done := func(text string) time.Duration {
		sc, err := Parse(file, []byte(text))
		require.NoError(t, err)
		res, err := Run(sc, Options{Out: t.TempDir()})
		require.NoError(t, err)
		for _, h := range res.Handshakes {
			if h.Device == "server" && h.Status == "NX_SUCCESS" {
				d, err := time.ParseDuration(h.At)
				require.NoError(t, err)
				return d
			}
		}
		t.Fatalf("no server handshake: %v", res.Handshakes)
		return 0
	}
	slow := done(string(text))
	fast := done(strings.Replace(string(text), server, "cpu: {profile: cortex-m0plus-48mhz, overrides: {ecdh_shared_secret_256: 1ms}}", 1))
	assert.InDelta(t, float64(2036*time.Millisecond), float64(slow-fast), float64(time.Millisecond), "slow %v, fast %v", slow, fast)
}
