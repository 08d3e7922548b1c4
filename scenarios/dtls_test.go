//go:build nxsim_dtls

package scenarios

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestDTLSScenarios runs the DTLS scenarios (scenarios/dtls) twice each:
// they pass and rerun byte-identical; where tshark is installed, it
// decrypts every application-data record of their captures with the
// secrets the capture carries.
func TestDTLSScenarios(t *testing.T) {
	files, err := filepath.Glob("dtls/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(file, func(t *testing.T) {
			dir := runTwice(t, file)
			if _, err := exec.LookPath("tshark"); err != nil || testing.Short() {
				return
			}
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
