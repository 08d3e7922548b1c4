package scenarios

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handshakerParams are the test application's: the handshakes it reports,
// one a second.
type handshakerParams struct {
	Statuses []string `yaml:"statuses"`
}

func init() {
	Register("test-handshaker", handshakerParams{}, func(d *Device, p *handshakerParams) {
		d.thread("handshaker", func() {
			for _, s := range p.Statuses {
				rtos.ThreadSleep(d.Ticks(Duration(1e9)))
				st, _ := parseStatus(s)
				d.Handshake(st)
			}
		})
	})
}

// TestHandshakeExpectations: what an application reports with
// Device.Handshake is what handshake expectations check, by instant.
func TestHandshakeExpectations(t *testing.T) {
	sc, err := Parse("h.yaml", []byte(`duration: 5s
segments: [{name: lan}]
devices:
  - name: dev
    segment: lan
    address: 10.0.0.1
    cpu: {profile: zero}     # the handshakes' instants stay round
    application: {name: test-handshaker, params: {statuses: [NX_SUCCESS, NX_SECURE_TLS_ALERT_RECEIVED, NX_SUCCESS]}}
expect:
  - handshake: {device: dev, done: true, by: 1s}
  - handshake: {device: dev, done: true, by: 999ms}
  - handshake: {device: dev, status: NX_SECURE_TLS_ALERT_RECEIVED}
  - handshake: {device: dev, done: true, count: 2, by: 3s}
  - handshake: {device: dev, done: true, count: 3}
  - counter: {name: dev.app.handshakes.NX_SUCCESS, equal: 2}
`))
	require.NoError(t, err)
	res, err := Run(sc, Options{Out: t.TempDir()})
	require.NoError(t, err)
	var pass []bool
	for _, c := range res.Expectations {
		pass = append(pass, c.Pass)
	}
	assert.Equal(t, []bool{true, false, true, true, false, true}, pass)
	assert.Equal(t, "handshake on dev done by 1s", res.Expectations[0].Name)
	assert.Equal(t, "dev's handshakes: NX_SUCCESS at 1s, NX_SECURE_TLS_ALERT_RECEIVED at 2s, NX_SUCCESS at 3s", res.Expectations[0].Why)
	assert.Equal(t, nx.Status(0x114).String(), "NX_SECURE_TLS_ALERT_RECEIVED (0x114)")
}

// TestOnNetwork: a hook sees every run's engine and network, and its
// cleanup runs when the run is over.
func TestOnNetwork(t *testing.T) {
	var seen, done int
	OnNetwork(func(e *rtos.Engine, n *sim.Network) func() {
		seen++
		require.NoError(t, n.KeyLog("CLIENT_RANDOM 00 11"))
		return func() { done++ }
	})
	t.Cleanup(func() { networkHooks = networkHooks[:len(networkHooks)-1] })
	sc, err := Load("udp-clean.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	_, err = Run(sc, Options{Out: dir})
	require.NoError(t, err)
	assert.Equal(t, 1, seen)
	assert.Equal(t, 1, done)
	keyLog, err := os.ReadFile(filepath.Join(dir, FileKeyLog))
	require.NoError(t, err)
	assert.Equal(t, "CLIENT_RANDOM 00 11\n", string(keyLog))
}

func init() {
	Register("test-panic", struct{}{}, func(d *Device, _ *struct{}) {
		d.thread("panicker", func() {
			rtos.ThreadSleep(10)
			panic("the application broke")
		})
	})
}

// TestRunErrorIsAVerdict: an application that panics ends the run with
// verdict fail, the error in the result and report, and every file written.
func TestRunErrorIsAVerdict(t *testing.T) {
	sc, err := Parse("p.yaml", []byte("duration: 2s\nsegments: [{name: lan}]\ndevices: [{name: dev, segment: lan, address: 10.0.0.1, application: {name: test-panic}}]\n"))
	require.NoError(t, err)
	dir := t.TempDir()
	res, err := Run(sc, Options{Out: dir})
	require.NoError(t, err)
	assert.Equal(t, "fail", res.Verdict)
	assert.Contains(t, res.Error, "the application broke")
	assert.Contains(t, res.Error, `"dev"`)
	for _, f := range []string{FileCapture, FileResult, FileReport, FileLadder, FileJUnit, FileRunInfo, FileTrace, FileKeyLog} {
		assert.FileExists(t, filepath.Join(dir, f))
	}
	report, err := os.ReadFile(filepath.Join(dir, FileReport))
	require.NoError(t, err)
	assert.Contains(t, string(report), "the run stopped with an error")
}

// TestNotesFrom: what a notes source says about a device is in the result.
func TestNotesFrom(t *testing.T) {
	NotesFrom(func(k *rtos.Kernel) []string { return []string{k.Name() + ": a note"} })
	t.Cleanup(func() { noteSources = noteSources[:len(noteSources)-1] })
	sc, err := Load("udp-clean.yaml")
	require.NoError(t, err)
	res, err := Run(sc, Options{Out: t.TempDir()})
	require.NoError(t, err)
	assert.Equal(t, []string{"server: a note", "client: a note"}, res.Notes)
}

func init() {
	Register("test-repeater", struct{}{}, func(d *Device, _ *struct{}) {
		d.sender("repeater", "dev", 0, func(to nx.ULONG) {
			var s netx.UDPSocket
			d.socket(&s, 5000)
			for i := 0; i < 3; i++ {
				d.send(&s, to, 9, []byte("the same datagram"))
			}
			d.send(&s, to, 9, []byte("another one"))
		})
	})
}

// TestResent: datagrams repeated byte for byte count as re-sent (the IPv4
// identification that changes between them does not matter).
func TestResent(t *testing.T) {
	sc, err := Parse("r.yaml", []byte(`duration: 1s
segments: [{name: lan}]
devices:
  - {name: dev, segment: lan, address: 10.0.0.1}
  - {name: rep, segment: lan, address: 10.0.0.2, application: {name: test-repeater}}
expect:
  - counter: {name: lan.resent.rep, equal: 2}
  - counter: {name: rep.app.datagrams_sent, equal: 4}
`))
	require.NoError(t, err)
	res, err := Run(sc, Options{Out: t.TempDir()})
	require.NoError(t, err)
	assert.True(t, res.Passed(), "%+v", res.Expectations)
}
