package scenarios

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func nxsim(args ...string) (code int, stdout, stderr string) {
	var out, errs bytes.Buffer
	code = Command(args, &out, &errs)
	return code, out.String(), errs.String()
}

// failing is udp-clean with an expectation that cannot hold.
func failing(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("udp-clean.yaml")
	require.NoError(t, err)
	data = bytes.Replace(data, []byte("name: udp-clean"), []byte("name: udp-clean-failing"), 1)
	data = append(data, []byte("  - name: impossible\n    counter: {name: client.app.replies, equal: 11}\n")...)
	file := filepath.Join(t.TempDir(), "failing.yaml")
	require.NoError(t, os.WriteFile(file, data, 0o644))
	return file
}

func TestRunCommand(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := nxsim("run", "--out", out, "udp-clean.yaml", "udp-rules.yaml")
	assert.Equal(t, 0, code, stderr)
	assert.Regexp(t, `udp-clean\s+PASS\s+5/5`, stdout)
	assert.Contains(t, stdout, "2 of 2 scenario(s) passed")
	for _, f := range []string{FileResults, FileRunInfos, FileJUnit, "udp-clean/" + FileCapture, "udp-rules/" + FileLadder} {
		assert.FileExists(t, filepath.Join(out, f))
	}

	code, stdout, _ = nxsim("run", "--out", t.TempDir(), failing(t))
	assert.Equal(t, 1, code, "a failed expectation makes the exit status 1")
	assert.Contains(t, stdout, "FAIL impossible: client.app.replies is 10 at the end; want = 11")
}

func TestRunChecksArgumentsFirst(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"run", "--out", filepath.Join(blocker, "out"), "udp-clean.yaml"}, 2, "output folder"},
		{[]string{"run", "--out", t.TempDir()}, 2, "no scenario file given"},
		{[]string{"run", "--shard", "2/2", "udp-clean.yaml"}, 2, "want INDEX/COUNT"},
		{[]string{"run", "--seed", "x", "udp-clean.yaml"}, 2, "want a whole number"},
		{[]string{"run", "--out", t.TempDir(), "missing.yaml"}, 1, "no such file"},
		{[]string{"check"}, 2, "no scenario file given"},
		{[]string{"sweep", "udp-clean.yaml"}, 2, "--param PATH=VALUES"},
		{[]string{"sweep", "--param", "seed=1..0/1", "udp-clean.yaml"}, 2, "FROM ≤ TO"},
		{[]string{"sweep", "--param", "devices[nobody].address=1", "udp-clean.yaml"}, 1, `no item named "nobody"`},
		{[]string{"merge", "--out", t.TempDir()}, 2, "at least one shard folder"},
		{[]string{"fly"}, 2, `unknown command "fly"`},
		{nil, 2, "usage: nxsim COMMAND"},
	}
	for _, tt := range tests {
		code, _, stderr := nxsim(tt.args...)
		assert.Equal(t, tt.code, code, tt.args)
		assert.Contains(t, stderr, tt.want, tt.args)
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, cmd := range builtins() {
		code, stdout, stderr := nxsim(cmd.name, "--help")
		assert.Equal(t, 0, code, cmd.name)
		assert.Contains(t, stdout, "usage: nxsim "+cmd.name, cmd.name)
		assert.Equal(t, 1, strings.Count(stdout+stderr, "usage:"), "%s --help prints its usage once:\n%s%s", cmd.name, stdout, stderr)
		code, stdout, _ = nxsim("help", cmd.name)
		assert.Equal(t, 0, code, cmd.name)
		assert.Contains(t, stdout, "usage: nxsim "+cmd.name, cmd.name)
	}
	code, stdout, _ := nxsim("--help")
	assert.Equal(t, 0, code)
	assert.Contains(t, stdout, "sweep")
	assert.Contains(t, stdout, "udp-client")
	code, stdout, _ = nxsim("version")
	assert.Equal(t, 0, code)
	assert.Regexp(t, `^nxsim \S+ \(go`, stdout)
}

func TestSeedAndSetOverrides(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := nxsim("run", "--out", out, "--seed", "99", "--set", "devices[client].application.params.count=4",
		"--set", "expect[0].counter.equal=4", "--set", "expect[1].counter.equal=4", "--set", "expect[2].counter.min=4", "udp-clean.yaml")
	require.Equal(t, 0, code, stderr)
	var rs Results
	require.NoError(t, readJSON(filepath.Join(out, FileResults), &rs))
	assert.Equal(t, uint64(99), rs.Results[0].Seed)
	assert.Equal(t, uint64(4), rs.Results[0].Counters["client.app.datagrams_sent"])
}

// TestShardsMerge: two shards together run every file once, and merge
// joins their results.
func TestShardsMerge(t *testing.T) {
	files := []string{"udp-clean.yaml", "udp-rules.yaml", "udp-outage.yaml"}
	root := t.TempDir()
	var dirs []string
	for _, s := range []string{"0/2", "1/2"} {
		dir := filepath.Join(root, "shard"+s[:1])
		dirs = append(dirs, dir)
		code, _, stderr := nxsim(append([]string{"run", "--shard", s, "--out", dir}, files...)...)
		require.Equal(t, 0, code, stderr)
	}
	var first Results
	require.NoError(t, readJSON(filepath.Join(dirs[0], FileResults), &first))
	assert.Len(t, first.Results, 2, "shard 0/2 takes files 0 and 2")

	merged := filepath.Join(root, "merged")
	code, stdout, stderr := nxsim(append([]string{"merge", "--out", merged}, dirs...)...)
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "merged 3 result(s) from 2 folder(s)")
	var all Results
	require.NoError(t, readJSON(filepath.Join(merged, FileResults), &all))
	var names []string
	for _, r := range all.Results {
		names = append(names, r.Scenario)
	}
	assert.Equal(t, []string{"udp-clean", "udp-outage", "udp-rules"}, names)
	wellFormed(t, filepath.Join(merged, FileJUnit))

	code, _, _ = nxsim("merge", "--out", filepath.Join(root, "m2"), filepath.Join(root, "none"))
	assert.Equal(t, 1, code)
}

// TestSweep: one point per value, each from its own worker process, and a
// well-formed plot.
func TestSweep(t *testing.T) {
	out := t.TempDir()
	code, stdout, stderr := nxsim("sweep", "--out", out, "--workers", "2", "--metric", "client.app.replies",
		"--param", "segments[lan].impairments[0].loss.p=0..0.6/0.2", "udp-lossy.yaml")
	require.Equal(t, 0, code, stderr)
	assert.Contains(t, stdout, "4 point(s)")
	var sw Sweep
	require.NoError(t, readJSON(filepath.Join(out, "udp-lossy-sweep", "sweep.json"), &sw))
	require.Len(t, sw.Points, 4)
	var values []string
	for _, p := range sw.Points {
		values = append(values, p.Value)
		assert.NotEqual(t, "error", p.Verdict, p.Error)
		require.NotNil(t, p.Metric)
	}
	assert.Equal(t, []string{"0", "0.2", "0.4", "0.6"}, values)
	assert.Greater(t, *sw.Points[0].Metric, *sw.Points[3].Metric, "more loss, fewer replies")
	wellFormed(t, filepath.Join(out, "udp-lossy-sweep", "sweep.svg"))
}

func TestParseValues(t *testing.T) {
	tests := []struct {
		spec string
		want []string
	}{
		{"0..0.5/0.1", []string{"0", "0.1", "0.2", "0.3", "0.4", "0.5"}},
		{"1..3/1", []string{"1", "2", "3"}},
		{"a, b,c", []string{"a", "b", "c"}},
		{"100ms,1s", []string{"100ms", "1s"}},
	}
	for _, tt := range tests {
		got, err := parseValues(tt.spec)
		require.NoError(t, err, tt.spec)
		assert.Equal(t, tt.want, got, tt.spec)
	}
	for _, bad := range []string{"", ",", "0..1", "0..1/0", "1..0/1", "0..1e9/1e-9", "NaN..1/1", "0..Inf/1", "0..1/NaN"} {
		_, err := parseValues(bad)
		assert.Error(t, err, bad)
	}
}

// TestSweepHandshakeTime: --metric handshake_time plots when the handshakes
// were done.
func TestSweepHandshakeTime(t *testing.T) {
	out := t.TempDir()
	code, _, stderr := nxsim("sweep", "--out", out, "--metric", HandshakeTimeMetric, "--param", "seed=1,2", "dtls-psk-clean.yaml")
	require.Equal(t, 0, code, stderr)
	var sw Sweep
	require.NoError(t, readJSON(filepath.Join(out, "dtls-psk-clean-sweep", "sweep.json"), &sw))
	require.Len(t, sw.Points, 2)
	for _, p := range sw.Points {
		require.NotNil(t, p.Metric, p.Value)
		assert.Less(t, *p.Metric, 0.01, "a clean PSK handshake takes milliseconds")
	}
}
