package scenarios

import (
	"bytes"
	"io"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestBridgeChecksArgumentsFirst(t *testing.T) {
	blocker := filepath.Join(t.TempDir(), "file")
	require.NoError(t, os.WriteFile(blocker, nil, 0o644))
	out := t.TempDir()
	tests := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"--port", "7", "udp-clean.yaml"}, 2, "--device NAME is required"},
		{[]string{"--device", "server", "udp-clean.yaml"}, 2, "--port wants a UDP port from 1 to 65535, got 0"},
		{[]string{"--device", "server", "--port", "70000", "udp-clean.yaml"}, 2, "got 70000"},
		{[]string{"--device", "nobody", "--port", "7", "udp-clean.yaml"}, 2, `no device "nobody" in udp-clean.yaml (devices: client, server)`},
		{[]string{"--device", "server", "--port", "7", "--listen", "127.0.0.1:http-nope", "udp-clean.yaml"}, 2, "--listen"},
		{[]string{"--device", "server", "--port", "7", "--out", filepath.Join(blocker, "out"), "udp-clean.yaml"}, 2, "output folder"},
		{[]string{"--device", "server", "--port", "7", "--for", "-1s", "udp-clean.yaml"}, 2, "--for wants a positive duration"},
		{[]string{"--device", "server", "--port", "7", "udp-clean.yaml", "udp-rules.yaml"}, 2, "one scenario file, got 2"},
		{[]string{"--device", "server", "--port", "7"}, 2, "no scenario file given"},
		{[]string{"--device", "server", "--port", "7", "missing.yaml"}, 1, "no such file"},
		{[]string{"--device", "client", "--port", "7", "udp-many-clients.yaml"}, 2, `"client" is a group of 50 devices`},
		{[]string{"--device", "server", "--port", "7", hostNamed(t)}, 2, `a device named "host", the bridge's own name`},
	}
	for _, tt := range tests {
		args := append([]string{"bridge", "--out", out}, tt.args...)
		code, stdout, stderr := nxsim(args...)
		assert.Equal(t, tt.code, code, tt.args)
		assert.Contains(t, stderr, tt.want, tt.args)
		assert.NotContains(t, stdout, "bridge:", "no run started: %v", tt.args)
	}
}

// hostNamed is udp-clean with its client named "host".
func hostNamed(t *testing.T) string {
	t.Helper()
	data, err := os.ReadFile("udp-clean.yaml")
	require.NoError(t, err)
	data = bytes.ReplaceAll(data, []byte("name: client\n"), []byte("name: host\n"))
	data = bytes.ReplaceAll(data, []byte("device: client"), []byte("device: host"))
	file := filepath.Join(t.TempDir(), "host.yaml")
	require.NoError(t, os.WriteFile(file, data, 0o644))
	return file
}

// lockedBuffer is a stdout the test reads while the command writes it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

var (
	bridgeAddrRE  = regexp.MustCompile(`is at (127\.0\.0\.1:\d+)`)
	opensslHintRE = regexp.MustCompile(`e\.g\. openssl (.*)\n`)
	echoedRE      = regexp.MustCompile(`(hello from openssl)`)
)

// bridged is an `nxsim bridge` running in the background.
type bridged struct {
	stdout, stderr lockedBuffer
	done           chan int // the exit status
}

func startBridge(args ...string) *bridged {
	b := &bridged{done: make(chan int, 1)}
	go func() { b.done <- Command(append([]string{"bridge"}, args...), &b.stdout, &b.stderr) }()
	return b
}

// waitFor polls w until re matches it (for at most 5 s) and returns the
// first group ("" if it never matched).
func waitFor(w *lockedBuffer, re *regexp.Regexp) string {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(10 * time.Millisecond) {
		if m := re.FindStringSubmatch(w.String()); m != nil {
			return m[1]
		}
	}
	return ""
}

// TestBridgeUDPEcho: a real UDP socket on loopback talks to udp-clean's
// echo server through `nxsim bridge`, while the scenario's own client goes
// on as in `run`; the run ends after --for and writes run's files.
func TestBridgeUDPEcho(t *testing.T) {
	out := t.TempDir()
	// udp-clean cut to 2 s: the client sends one request; the bridge's
	// datagram is one more for the server.
	b := startBridge("--device", "server", "--port", "7", "--for", "2s", "--out", out,
		"--set", "devices[client].application.params.count=1", "--set", "expect[0].counter.equal=2",
		"--set", "expect[1].counter.equal=1", "--set", "expect[2].counter.min=1", "--set", "expect[2].counter.by=1s",
		"udp-clean.yaml")
	addr := waitFor(&b.stdout, bridgeAddrRE)
	require.NotEmpty(t, addr, "the bridge printed no address; stderr: %s", b.stderr.String())
	assert.Contains(t, b.stdout.String(), "(the bridge is 192.168.1.254 on the device's segment)")

	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer func() { _ = conn.Close() }()
	to, err := net.ResolveUDPAddr("udp4", addr)
	require.NoError(t, err)
	_, err = conn.WriteToUDP([]byte("hello through the bridge"), to)
	require.NoError(t, err)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(3*time.Second)))
	buf := make([]byte, 2048)
	n, from, err := conn.ReadFromUDP(buf)
	require.NoError(t, err, "no echo came back")
	assert.Equal(t, "hello through the bridge", string(buf[:n]))
	assert.Equal(t, addr, from.String(), "the echo comes from the bridge's socket")

	require.Equal(t, 0, <-b.done, "stdout:\n%s\nstderr:\n%s", b.stdout.String(), b.stderr.String())
	assert.Contains(t, b.stdout.String(), "1 of 1 scenario(s) passed")
	var rs Results
	require.NoError(t, readJSON(filepath.Join(out, FileResults), &rs))
	c := rs.Results[0].Counters
	assert.Equal(t, uint64(1), c["host.bridge.from_host"])
	assert.Equal(t, uint64(1), c["host.bridge.to_host"])
	assert.Equal(t, "2s", rs.Results[0].Duration)
	for _, f := range []string{FileCapture, FileKeyLog, FileReport, FileTimeline, FileLadder} {
		assert.FileExists(t, filepath.Join(out, "udp-clean", f))
	}
}

// TestBridgeOpenSSL: openssl s_client talks to dtls-psk-clean's server
// through `nxsim bridge` with the command line the bridge suggests, and
// gets its line echoed. Skipped without openssl.
func TestBridgeOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	out := t.TempDir()
	// dtls-psk-clean cut to fit 4 s: its own client sends two messages.
	b := startBridge("--device", "server", "--port", "4433", "--for", "4s", "--out", out,
		"--set", "devices[client].application.params.messages=2", "--set", "expect[2].counter.equal=2",
		"dtls-psk-clean.yaml")
	hint := waitFor(&b.stdout, opensslHintRE)
	require.NotEmpty(t, hint, "the bridge printed no openssl command line; stderr: %s", b.stderr.String())

	cli := exec.Command("timeout", "3", openssl)
	cli.Args = append(cli.Args, append(strings.Fields(hint), "-quiet")...)
	stdin, err := cli.StdinPipe()
	require.NoError(t, err)
	var echoed lockedBuffer
	cli.Stdout, cli.Stderr = &echoed, &echoed
	require.NoError(t, cli.Start())
	_, err = io.WriteString(stdin, "hello from openssl\n")
	require.NoError(t, err)
	waitFor(&echoed, echoedRE)
	_ = stdin.Close()
	_ = cli.Wait()
	assert.Contains(t, echoed.String(), "hello from openssl", "the emulated server echoes the line")

	code := <-b.done
	assert.Contains(t, b.stdout.String(), "OpenSSL 3 clients refuse it unless run with -legacy_server_connect", "the report's rehearsal note")
	var rs Results
	require.NoError(t, readJSON(filepath.Join(out, FileResults), &rs))
	assert.Positive(t, rs.Results[0].Counters["host.bridge.from_host"])
	assert.Equal(t, 0, code, "stdout:\n%s\nstderr:\n%s", b.stdout.String(), b.stderr.String())
}
