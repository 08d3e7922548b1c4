package scenarios

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRunClean(t *testing.T) {
	sc, err := Load("udp-clean.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	res, err := Run(sc, Options{Out: dir})
	require.NoError(t, err)
	rep, _ := os.ReadFile(filepath.Join(dir, FileReport))
	t.Log(string(rep))
	require.True(t, res.Passed())
}
