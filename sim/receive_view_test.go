package sim_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The receiver's view: the server's receive side in the capture shows each
// copy as its socket got it — twice, late, out of order, cut or damaged —
// at the instant the driver's interrupt took it, with a comment pointing
// back to the frame as sent.
func TestReceiversView(t *testing.T) {
	tests := []struct {
		name   string
		stages []sim.Impairment
		check  func(t *testing.T, view []capturedFrame)
	}{
		{"duplicate", []sim.Impairment{&sim.Duplicate{P: 1}}, func(t *testing.T, view []capturedFrame) {
			require.Len(t, view, 10)
			assert.Contains(t, view[0].comment, "copy 1 of 2")
			assert.Contains(t, view[1].comment, "copy 2 of 2")
		}},
		{"delay", []sim.Impairment{&sim.Delay{Base: 35 * time.Millisecond}}, func(t *testing.T, view []capturedFrame) {
			require.Len(t, view, 5)
			assert.Equal(t, 136*time.Millisecond, view[0].at.Truncate(time.Millisecond), "sent at 100 ms (and the sending services' CPU time), 1 ms of latency and 35 ms of delay")
			assert.Contains(t, view[0].comment, ", 36ms on the way")
		}},
		{"reorder", []sim.Impairment{&sim.Reorder{P: 0.5, Gap: 25 * time.Millisecond}}, func(t *testing.T, view []capturedFrame) {
			require.Len(t, view, 5)
			var order []byte
			for _, f := range view {
				order = append(order, f.payload[len(f.payload)-1])
			}
			assert.NotEqual(t, "01234", string(order), "some overtaken")
		}},
		{"truncate", []sim.Impairment{&sim.Truncate{P: 1, Keep: 5}}, func(t *testing.T, view []capturedFrame) {
			require.Len(t, view, 5)
			assert.Len(t, view[0].payload, 5)
		}},
		{"corrupt", []sim.Impairment{&sim.Corrupt{P: 1, Bits: 3, KeepChecksum: true}}, func(t *testing.T, view []capturedFrame) {
			require.Len(t, view, 5)
			assert.NotEqual(t, payloadN(t, 0), view[0].payload)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var script []step
			for i := range 5 {
				script = append(script, step{nx.ULONG(10 + i), payloadN(t, i)})
			}
			r := runScript(t, 1, time.Second, map[string][]step{"client": script}, func(_ *sim.Network, lan *sim.Segment) error {
				return lan.Egress("client", tt.stages...)
			})
			view := capturedOn(t, r.capture, "lan/server")
			tt.check(t, view)
			var seen, got []string
			for _, f := range view {
				seen = append(seen, fmt.Sprintf("%d:%x", f.at/(10*time.Millisecond), f.payload))
				assert.Regexp(t, `^received by server: frame #\d+ \(lan frame \d+\) sent by client at `, f.comment)
			}
			for _, g := range r.got["server"] {
				got = append(got, fmt.Sprintf("%d:%x", g.tick, g.payload))
			}
			assert.Equal(t, strings.Join(got, " "), strings.Join(seen, " "), "what the socket got, at the ticks the interrupt took it")
		})
	}
}

// A corrupted frame whose checksum no longer matches is in the receiver's
// view as it arrived, and NetX drops it: the socket gets nothing.
func TestReceiversViewShowsWhatNetXDropped(t *testing.T) {
	r := runScript(t, 1, time.Second, map[string][]step{"client": {{10, payloadN(t, 0)}}}, func(_ *sim.Network, lan *sim.Segment) error {
		return lan.Egress("client", &sim.Corrupt{P: 1})
	})
	view := capturedOn(t, r.capture, "lan/server")
	require.Len(t, view, 1)
	assert.NotEqual(t, payloadN(t, 0), view[0].payload)
	assert.Empty(t, r.got["server"])
	wire := capturedOn(t, r.capture, "lan")
	require.Len(t, wire, 1)
	assert.Equal(t, payloadN(t, 0), wire[0].payload, "the wire view keeps the frame as sent")
}

// A capture restricted to chosen points has only their interfaces.
func TestCapturePoints(t *testing.T) {
	var only bytes.Buffer
	runScript(t, 1, time.Second, map[string][]step{"client": {{10, payloadN(t, 0)}}, "server": {{20, payloadN(t, 1)}}},
		func(n *sim.Network, _ *sim.Segment) error { return n.Capture(&only, "lan/server") })
	var names []string
	for _, b := range blocks(t, only.Bytes()) {
		if b.kind == 1 {
			names = append(names, b.name)
		}
	}
	assert.Equal(t, []string{"lan/server"}, names)
	view := capturedOn(t, only.Bytes(), "lan/server")
	require.Len(t, view, 1)
	assert.Equal(t, payloadN(t, 0), view[0].payload)
	assert.Regexp(t, `^received by server: lan frame \d+ sent by client`, view[0].comment, "no wire view to point to")
}

func payloadN(t testing.TB, i int) []byte { return append(appData(t, uint64(i)), byte('0'+i)) }

// gopacket and tshark both read the interface of each frame: the wire, and
// each port's receive side.
func TestReceiversViewInGopacketAndTshark(t *testing.T) {
	r := runScript(t, 1, time.Second, map[string][]step{"client": {{10, payloadN(t, 0)}}, "server": {{20, payloadN(t, 1)}}},
		func(_ *sim.Network, lan *sim.Segment) error { return lan.Ingress("server", &sim.Duplicate{P: 1}) })
	rd, err := pcapgo.NewNgReader(bytes.NewReader(r.capture), pcapgo.DefaultNgReaderOptions)
	require.NoError(t, err)
	var where []string
	for {
		data, ci, err := rd.ReadPacketData()
		if err != nil {
			break
		}
		intf, err := rd.Interface(ci.InterfaceIndex)
		require.NoError(t, err)
		p := gopacket.NewPacket(data, layers.LinkTypeEthernet, gopacket.Default)
		require.Nil(t, p.ErrorLayer())
		if u, ok := p.Layer(layers.LayerTypeUDP).(*layers.UDP); ok {
			where = append(where, fmt.Sprintf("%s:%c", intf.Name, u.Payload[len(u.Payload)-1]))
		}
	}
	want := []string{"lan:0", "lan/server:0", "lan/server:0", "lan:1", "lan/client:1"}
	assert.Equal(t, want, where)
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed")
	}
	file := filepath.Join(t.TempDir(), "view.pcapng")
	require.NoError(t, os.WriteFile(file, r.capture, 0o644))
	out, err := exec.Command("tshark", "-r", file, "-Y", "udp", "-T", "fields", "-e", "frame.interface_name", "-e", "frame.comment").Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	require.Len(t, lines, 5)
	for i, l := range lines {
		assert.True(t, strings.HasPrefix(l, strings.SplitN(want[i], ":", 2)[0]+"\t"), "line %q", l)
	}
	assert.Contains(t, lines[2], "copy 2 of 2")
}

// A key log written before the capture's first point exists is kept for
// the file, right after its section header.
func TestKeyLogBeforeTheFirstCapturePoint(t *testing.T) {
	var only bytes.Buffer
	const line = "CLIENT_RANDOM 01 02"
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	n := sim.NewNetwork(e)
	require.NoError(t, n.Capture(&only))
	require.NoError(t, n.KeyLog(line))
	n.Segment("later")
	bs := blocks(t, only.Bytes())
	require.Len(t, bs, 3)
	assert.Equal(t, []uint32{0x0A0D0D0A, 1, 10}, []uint32{bs[0].kind, bs[1].kind, bs[2].kind})
	assert.Equal(t, line+"\n", bs[2].secrets)
}
