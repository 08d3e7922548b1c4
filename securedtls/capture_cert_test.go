package securedtls_test

import (
	"bytes"
	"encoding/hex"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCaptureCertSuiteDecryptsInTshark: the capture of a certificate
// handshake carries the session's key log, so tshark, given no option,
// shows the server's Certificate and the 64 application bytes decrypted —
// for RSA key transport (CBC and GCM) and for ECDHE with ECDSA and RSA
// signatures. The same seed gives the same capture.
func TestCaptureCertSuiteDecryptsInTshark(t *testing.T) {
	tshark := needTool(t, "tshark")
	want := make([]byte, 64) // exchange's request: the bytes 0..63
	for i := range want {
		want[i] = byte(i)
	}
	for _, id := range []nx.USHORT{0x003D, 0x009C, 0xC02B, 0xC027} {
		s := fittingMode(id)
		t.Run(s.name+" "+hex.EncodeToString([]byte{byte(id >> 8), byte(id)}), func(t *testing.T) {
			m := s
			m.serverSuites, m.clientSuites = []nx.USHORT{id}, []nx.USHORT{id}
			capture := func(buf *bytes.Buffer) func(w *world) {
				return func(w *world) { require.NoError(t, w.net.Capture(buf, "lan")) }
			}
			var first, second bytes.Buffer
			r := exchange(t, m, 7, capture(&first))
			require.Equal(t, nx.NX_SUCCESS, r.client, "client_session_start")
			exchange(t, m, 7, capture(&second))
			assert.True(t, bytes.Equal(first.Bytes(), second.Bytes()), "the same seed gives the same capture")

			path := filepath.Join(t.TempDir(), "dtls.pcapng")
			require.NoError(t, os.WriteFile(path, first.Bytes(), 0o600))
			out, err := exec.Command(tshark, "-r", path, "-T", "fields", "-e", "dtls.handshake.type", "-e", "data.data").Output()
			require.NoError(t, err)
			var types, plain []string
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				typ, data, _ := strings.Cut(line, "\t")
				if typ != "" {
					types = append(types, typ)
				}
				if data != "" {
					plain = append(plain, data)
				}
			}
			assert.Contains(t, types, "11", "tshark dissects the server's Certificate")
			assert.Equal(t, []string{hex.EncodeToString(want)}, plain, "the application data, decrypted, once (the wire only)")
		})
	}
}
