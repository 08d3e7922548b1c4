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

// TestCertCaptureDecrypts: the capture of a certificate session carries
// its CLIENT_RANDOM key-log line, so tshark shows the 64-byte payload
// decrypted, with no options, for RSA key transport and ECDHE (CBC and
// GCM).
func TestCertCaptureDecrypts(t *testing.T) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	groups := []nx.USHORT{23, 24, 25}
	for _, suite := range []nx.USHORT{0x003D, 0x009C, 0xC027, 0xC02B} {
		t.Run(hex.EncodeToString([]byte{byte(suite >> 8), byte(suite)}), func(t *testing.T) {
			cs := certSetup{serverTable: []nx.USHORT{suite}, clientTable: []nx.USHORT{suite}, serverLocal: []string{"rsa-server"},
				clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups}
			if suite == 0xC02B {
				cs.serverLocal, cs.clientTrust = []string{"ec-server"}, []string{"ec-ca"}
			}
			res := runCert(t, cs)
			require.Equal(t, nx.NX_SUCCESS, res.cliStart)
			path := filepath.Join(t.TempDir(), "cert.pcapng")
			require.NoError(t, os.WriteFile(path, res.capture, 0o600))
			out, err := exec.Command(tshark, "-r", path, "-T", "fields", "-e", "data.data").Output()
			require.NoError(t, err)
			payload := hex.EncodeToString(bytes.Repeat([]byte{0x5A}, 64))
			assert.GreaterOrEqual(t, strings.Count(string(out), payload), 2, "the echo, decrypted, both ways")
		})
	}
}
