package scenarios

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestTsharkDecryptsDTLS: where tshark is installed (CI installs it), every
// application-data record of every bundled DTLS scenario's capture is
// decrypted with the secrets the capture itself carries.
func TestTsharkDecryptsDTLS(t *testing.T) {
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed")
	}
	if testing.Short() {
		t.Skip("tshark starts slowly; -short skips it")
	}
	files, err := filepath.Glob("dtls-*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			sc, err := Load(file)
			require.NoError(t, err)
			dir := t.TempDir()
			_, err = Run(sc, Options{Out: dir})
			require.NoError(t, err)
			out, err := exec.Command("tshark", "-r", filepath.Join(dir, FileCapture), "-Y", "dtls.record.content_type == 23",
				"-T", "fields", "-e", "frame.number", "-e", "data.data").Output()
			require.NoError(t, err)
			for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
				if line == "" {
					continue
				}
				f := strings.Split(line, "\t")
				assert.True(t, len(f) == 2 && f[1] != "", "frame %s: application data not decrypted", f[0])
			}
		})
	}
}
