package scenarios

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestDescribeDTLS(t *testing.T) {
	rec := func(ct byte, epoch byte, body ...byte) []byte {
		return append([]byte{ct, 0xFE, 0xFD, 0, epoch, 0, 0, 0, 0, 0, 1, 0, byte(len(body))}, body...)
	}
	tests := []struct {
		payload []byte
		want    string
	}{
		{rec(22, 0, 1, 0, 0, 0), "DTLS ClientHello"},
		{append(rec(20, 0, 1), rec(22, 1, 9, 9, 9)...), "DTLS ChangeCipherSpec, Handshake(e1)"},
		{rec(23, 1, 1, 2, 3), "DTLS ApplicationData(e1)"},
		{rec(21, 0), "DTLS Alert"},
		{rec(22, 0), "DTLS Handshake"},
		{[]byte("hello"), ""},
		{rec(24, 0, 1), ""},
		{rec(22, 0, 1)[:14+0], "DTLS ClientHello"},
		{append(rec(22, 0, 1), 0xFE), ""},
		{[]byte{21, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 2, 70}, "DTLS Alert"}, // NetX's version 0x0000
		{[]byte{21, 3, 3, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2, 2, 70}, ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, describeDTLS(tt.payload), "%x", tt.payload)
	}
}

func TestDecisions(t *testing.T) {
	notes := decisions(`delay client→server: delayed 40ms; loss client→*: dropped (p=0.1); rule "x" client→other: delayed 1s (seed 3)`, "server")
	assert.Equal(t, []string{"delay: delayed 40ms", "loss: dropped (p=0.1)"}, notes)
	assert.Empty(t, decisions("", "server"))
}

// TestLadderFromTheReceiveSide: the ladder draws a copy as received when a
// port's receive side has it, twice when it arrived twice, and a cross when
// none arrived.
func TestLadderFromTheReceiveSide(t *testing.T) {
	for file, want := range map[string][]string{
		"udp-reorder-duplicate.yaml": {"×2 — delay: delayed"},
		"udp-rules.yaml":             {`rule &#34;lose the first two&#34;: dropped`, "stroke-dasharray", "arrived"},
	} {
		sc, err := Load(file)
		require.NoError(t, err)
		dir := t.TempDir()
		_, err = Run(sc, Options{Out: dir})
		require.NoError(t, err)
		svg, err := os.ReadFile(filepath.Join(dir, FileLadder))
		require.NoError(t, err)
		for _, w := range want {
			assert.Contains(t, string(svg), w, file)
		}
	}
}

// TestTimeline: timeline.json is Trace Event JSON with one flow per copy a
// port received.
func TestTimeline(t *testing.T) {
	sc, err := Load("udp-reorder-duplicate.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	_, err = Run(sc, Options{Out: dir})
	require.NoError(t, err)
	data, err := os.ReadFile(filepath.Join(dir, FileTimeline))
	require.NoError(t, err)
	var doc struct {
		TraceEvents []struct {
			Ph  string `json:"ph"`
			Pid int    `json:"pid"`
		} `json:"traceEvents"`
	}
	require.NoError(t, json.Unmarshal(data, &doc))
	flows := 0
	for _, e := range doc.TraceEvents {
		if e.Ph == "s" {
			flows++
		}
	}
	capture, err := os.ReadFile(filepath.Join(dir, FileCapture))
	require.NoError(t, err)
	received := 0
	for _, f := range readCapture(capture) {
		if strings.Contains(f.point, "/") {
			received++
		}
	}
	assert.Equal(t, received, flows)
	assert.Greater(t, flows, 100, "duplicates make more arrivals than sends")
}
