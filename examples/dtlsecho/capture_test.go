package dtlsecho_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/examples/dtlsecho"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCaptureDecryptsInTshark: the capture of a PSK session carries its key
// log, so tshark shows the application data decrypted with no options.
// Two runs with the same seed give byte-identical captures, key logs and
// traces; another seed gives other secrets.
func TestCaptureDecryptsInTshark(t *testing.T) {
	var first, second bytes.Buffer
	r1, err := dtlsecho.Run(1, false, 30*time.Second, &first)
	require.NoError(t, err)
	r2, err := dtlsecho.Run(1, false, 30*time.Second, &second)
	require.NoError(t, err)
	assert.True(t, bytes.Equal(first.Bytes(), second.Bytes()), "the same seed gives the same capture")
	assert.Equal(t, r1.KeyLog, r2.KeyLog, "and the same key log")
	assert.Equal(t, r1.TraceHash, r2.TraceHash, "and the same trace")
	assert.Regexp(t, `^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}\n`, r1.KeyLog)
	r3, err := dtlsecho.Run(2, false, 30*time.Second, nil)
	require.NoError(t, err)
	assert.NotEqual(t, r1.KeyLog, r3.KeyLog, "another seed, other randoms")

	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	path := filepath.Join(t.TempDir(), "dtls.pcapng")
	require.NoError(t, os.WriteFile(path, first.Bytes(), 0o600))
	out, err := exec.Command(tshark, "-r", path, "-T", "fields", "-e", "data.data").Output()
	require.NoError(t, err)
	// Each datagram shows twice: on the wire and at the receiver.
	var plain []string
	for _, f := range strings.Fields(string(out)) {
		b, err := hex.DecodeString(f)
		require.NoError(t, err)
		plain = append(plain, string(b))
	}
	plain = slices.Compact(plain)
	assert.Equal(t, []string{"hello from the client", "echo: hello from the client"}, plain)
}
