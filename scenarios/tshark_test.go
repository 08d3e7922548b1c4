package scenarios

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Where tshark is installed (CI installs it), it reads every bundled
// scenario's capture: as many frames as the ladder drew from it, and the
// network's decisions as frame comments.
func TestTsharkReadsEveryCapture(t *testing.T) {
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed")
	}
	if testing.Short() {
		t.Skip("tshark starts slowly; -short skips it")
	}
	for _, file := range bundled(t) {
		t.Run(file, func(t *testing.T) {
			sc, err := Load(file)
			require.NoError(t, err)
			dir := t.TempDir()
			_, err = Run(sc, Options{Out: dir})
			require.NoError(t, err)
			capture := filepath.Join(dir, FileCapture)
			data, err := os.ReadFile(capture)
			require.NoError(t, err)
			out, err := exec.Command("tshark", "-r", capture, "-T", "fields", "-e", "frame.number", "-e", "frame.comment").Output()
			require.NoError(t, err)
			lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
			assert.Len(t, lines, len(readCapture(data)))
			if file == "udp-rules.yaml" {
				assert.Contains(t, string(out), `rule "lose the first two" client→*: dropped (seed 1)`)
				assert.Contains(t, string(out), `rule "late fifth" client→*: delayed 2s`)
			}
		})
	}
}
