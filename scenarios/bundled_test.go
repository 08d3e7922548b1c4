package scenarios

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func bundled(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob("*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	return files
}

// junitTime is the one field of junit.xml that depends on the wall clock.
var junitTime = regexp.MustCompile(`time="[0-9.]+"`)

// TestBundledScenariosPassTwiceIdentical runs every bundled scenario twice:
// each passes, and the second run writes the same bytes as the first in
// every file but run-info.json (and JUnit's time attribute).
func TestBundledScenariosPassTwiceIdentical(t *testing.T) {
	for _, file := range bundled(t) {
		t.Run(file, func(t *testing.T) { runTwice(t, file) })
	}
}

// runTwice runs a scenario twice: it passes, and the second run writes the
// same bytes as the first in every file but run-info.json (and JUnit's time
// attribute). It returns the first run's folder.
func runTwice(t *testing.T, file string) string {
	t.Helper()
	sc, err := Load(file)
	require.NoError(t, err)
	first, second := t.TempDir(), t.TempDir()
	res, err := Run(sc, Options{Out: first})
	require.NoError(t, err)
	report, _ := os.ReadFile(filepath.Join(first, FileReport))
	require.True(t, res.Passed(), "seed %d:\n%s", sc.Seed, report)
	sc2, err := Load(file)
	require.NoError(t, err)
	_, err = Run(sc2, Options{Out: second})
	require.NoError(t, err)
	for _, name := range []string{FileCapture, FileKeyLog, FileTrace, FileResult, FileReport, FileLadder, FileTimeline, FileJUnit} {
		a, err := os.ReadFile(filepath.Join(first, name))
		require.NoError(t, err)
		b, err := os.ReadFile(filepath.Join(second, name))
		require.NoError(t, err)
		if name == FileJUnit {
			a, b = junitTime.ReplaceAll(a, nil), junitTime.ReplaceAll(b, nil)
		}
		assert.True(t, bytes.Equal(a, b), "%s differs between two runs with seed %d", name, sc.Seed)
	}
	wellFormed(t, filepath.Join(first, FileLadder))
	wellFormed(t, filepath.Join(first, FileJUnit))
	return first
}

// wellFormed checks that a file is well-formed XML.
func wellFormed(t *testing.T, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	d := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := d.Token()
		if errors.Is(err, io.EOF) {
			return
		}
		require.NoError(t, err, "%s is not well-formed XML", path)
	}
}

// TestSeedChangesTheRun: another seed, other losses, another trace.
func TestSeedChangesTheRun(t *testing.T) {
	hashes := map[string]bool{}
	for _, seed := range []uint64{1, 2} {
		sc, err := Load("udp-lossy.yaml")
		require.NoError(t, err)
		sc.Seed = seed
		res, err := Run(sc, Options{Out: t.TempDir()})
		require.NoError(t, err)
		hashes[res.Capture] = true
	}
	assert.Len(t, hashes, 2)
}
