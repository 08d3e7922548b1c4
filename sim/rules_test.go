package sim_test

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// handshakeScript is a DTLS handshake's datagrams: the server sends its
// ServerHello flight three times (two retransmissions), the client its
// Finished flight twice.
func handshakeScript(t *testing.T) map[string][]step {
	return map[string][]step{
		"client": {{1, clientHello(t, 0)}, {40, clientFinishedFlight(t)}, {80, clientFinishedFlight(t)}, {100, appData(t, 1)}, {101, appData(t, 2)}},
		"server": {{10, serverHelloFlight(t, 0)}, {20, serverHelloFlight(t, 0)}, {30, serverHelloFlight(t, 0)}, {90, serverFinishedFlight(t)}, {110, appData(t, 1)}},
	}
}

// countGot counts the datagrams a device received whose payload equals p.
func countGot(got []received, p []byte) (n int, ticks []uint32) {
	for _, g := range got {
		if bytes.Equal(g.payload, p) {
			n++
			ticks = append(ticks, g.tick)
		}
	}
	return
}

// annotated counts the captured datagrams whose comment mentions what.
func annotated(t *testing.T, r *scriptRun, what string) int {
	_, comments := captured(t, r.capture)
	n := 0
	for _, c := range comments {
		if strings.Contains(c, what) {
			n++
		}
	}
	return n
}

func TestRuleDropsTheFirstTwoServerHelloTransmissions(t *testing.T) {
	rule := &sim.Rule{Name: "lose ServerHello", Match: sim.Match{From: "server", Record: sim.HandshakeTypeIs(sim.ServerHello)},
		First: 2, Action: sim.DropIt()}
	r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	n, ticks := countGot(r.got["client"], serverHelloFlight(t, 0))
	assert.Equal(t, 1, n)
	assert.Equal(t, []uint32{30}, ticks, "only the third transmission arrives")
	payloads, comments := captured(t, r.capture)
	var flights []string
	for i, p := range payloads {
		if bytes.Equal(p, serverHelloFlight(t, 0)) {
			flights = append(flights, comments[i])
		}
	}
	assert.Equal(t, []string{`rule "lose ServerHello" server→*: dropped (seed 1)`, `rule "lose ServerHello" server→*: dropped (seed 1)`, ""}, flights,
		"dropped datagrams appear once, at the sending port, with the rule and the seed")
	assert.Equal(t, sim.RuleStats{Matched: 3, Acted: 2}, rule.Stats())
}

func TestRuleDelaysEveryChangeCipherSpec(t *testing.T) {
	rule := &sim.Rule{Name: "slow CCS", Match: sim.Match{Record: sim.ContentTypeIs(sim.ChangeCipherSpec)}, Action: sim.DelayIt(3 * time.Second)}
	r := runScript(t, 1, 5*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	_, ticks := countGot(r.got["server"], clientFinishedFlight(t))
	assert.Equal(t, []uint32{340, 380}, ticks, "sent at ticks 40 and 80, 3 s late")
	_, ticks = countGot(r.got["client"], serverFinishedFlight(t))
	assert.Equal(t, []uint32{390}, ticks)
	_, ticks = countGot(r.got["client"], serverHelloFlight(t, 0))
	assert.Equal(t, []uint32{10, 20, 30}, ticks, "other flights are not delayed")
	assert.Equal(t, uint64(3), rule.Stats().Acted)
	assert.Equal(t, 3, annotated(t, r, `rule "slow CCS" client→*: delayed 3s`)+annotated(t, r, `rule "slow CCS" server→*: delayed 3s`))
}

func TestRuleDropsTheClientsFinishedOnce(t *testing.T) {
	rule := &sim.Rule{Name: "lose Finished", Match: sim.Match{From: "client", Record: sim.All(sim.ContentTypeIs(sim.Handshake), sim.EpochIs(1))},
		First: 1, Action: sim.DropIt()}
	r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	_, ticks := countGot(r.got["server"], clientFinishedFlight(t))
	assert.Equal(t, []uint32{80}, ticks, "the retransmission gets through")
	_, ticks = countGot(r.got["client"], serverFinishedFlight(t))
	assert.Equal(t, []uint32{90}, ticks, "the server's Finished (also epoch 1) is not the client's")
	assert.Equal(t, 1, annotated(t, r, `rule "lose Finished" client→*: dropped`))
}

func TestRuleDuplicatesEveryApplicationDataRecord(t *testing.T) {
	rule := &sim.Rule{Name: "echo data", Match: sim.Match{Record: sim.ContentTypeIs(sim.ApplicationData)}, Action: sim.DuplicateIt()}
	r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	n1, _ := countGot(r.got["server"], appData(t, 1))
	n2, _ := countGot(r.got["server"], appData(t, 2))
	n3, _ := countGot(r.got["client"], appData(t, 1))
	assert.Equal(t, []int{2, 2, 2}, []int{n1, n2, n3})
	n, _ := countGot(r.got["client"], serverHelloFlight(t, 0))
	assert.Equal(t, 3, n, "handshake datagrams are not duplicated")
	assert.Equal(t, 3, annotated(t, r, `rule "echo data"`), "each captured once, marked duplicated")
}

func TestRuleTruncatesTheFirstClientHello(t *testing.T) {
	rule := &sim.Rule{Name: "short hello", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.ClientHello)}, First: 1, Action: sim.TruncateIt(10)}
	script := handshakeScript(t)
	script["client"] = append([]step{{1, clientHello(t, 0)}, {2, clientHello(t, 1)}}, script["client"][1:]...)
	r := runScript(t, 1, 2*time.Second, script, func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	require.GreaterOrEqual(t, len(r.got["server"]), 2)
	assert.Equal(t, clientHello(t, 0)[:10], r.got["server"][0].payload, "cut to 10 bytes, delivered as a short datagram")
	assert.Equal(t, clientHello(t, 1), r.got["server"][1].payload, "the second ClientHello is whole")
	assert.Equal(t, 1, annotated(t, r, `rule "short hello" client→*: payload cut to 10 bytes`))
}

func TestRuleHoldsADatagramUntilOthersPass(t *testing.T) {
	rule := &sim.Rule{Name: "late hello", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.ClientHello)}, Nth: 1, Action: sim.HoldIt(2)}
	script := map[string][]step{"client": {{1, clientHello(t, 0)}, {3, appData(t, 1)}, {5, appData(t, 2)}, {7, appData(t, 3)}}}
	r := runScript(t, 1, time.Second, script, func(_ *sim.Network, lan *sim.Segment) error { return lan.Egress("client", sim.Rules(rule)) })
	assert.Equal(t, "3:17 5:17 5:16 7:17", describe(r.got["server"]), "released right after the second datagram behind it")
	assert.Equal(t, 1, annotated(t, r, `rule "late hello" client→*: held until 2 more datagrams pass`))
	assert.Equal(t, 1, annotated(t, r, `rule "late hello" client→*: released a held datagram`))
}

// HoldItFrom counts only one direction: the client's ClientHello waits for
// the server's next datagram, whatever the client sends meanwhile.
func TestRuleHoldsUntilTheOtherSideSends(t *testing.T) {
	rule := &sim.Rule{Name: "wait for the server", Match: sim.Match{From: "client", Record: sim.HandshakeTypeIs(sim.ClientHello)}, Nth: 1,
		Action: sim.HoldItFrom(1, "server")}
	script := map[string][]step{"client": {{1, clientHello(t, 0)}, {3, appData(t, 1)}, {5, appData(t, 2)}}, "server": {{4, appData(t, 1)}}}
	r := runScript(t, 1, time.Second, script, func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	assert.Equal(t, "3:17 4:16 5:17", describe(r.got["server"]), "released when the server's datagram passed, at tick 4")
	assert.Equal(t, 1, annotated(t, r, `rule "wait for the server" server→*: released a held datagram`))
}

func TestRuleCorruptsOnlyTheNthMatch(t *testing.T) {
	rule := &sim.Rule{Name: "flip", Match: sim.Match{From: "client", Record: sim.ContentTypeIs(sim.ApplicationData)}, Nth: 2, Action: sim.CorruptIt()}
	r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	n1, _ := countGot(r.got["server"], appData(t, 1))
	n2, _ := countGot(r.got["server"], appData(t, 2))
	assert.Equal(t, 1, n1)
	assert.Equal(t, 0, n2, "the second one arrives, but altered")
	assert.Equal(t, sim.RuleStats{Matched: 2, Acted: 1}, rule.Stats())
	assert.Equal(t, 1, annotated(t, r, `rule "flip" client→*: corrupted the last payload byte`))
}

// Rules match ports and directions as well as records.
func TestRuleMatchesPortsAndDirections(t *testing.T) {
	toServer := &sim.Rule{Name: "to server", Match: sim.Match{To: "server", DstPort: 4433}, Action: sim.DelayIt(time.Second)}
	wrongPort := &sim.Rule{Name: "nobody", Match: sim.Match{SrcPort: 9999}, Action: sim.DropIt()}
	r := runScript(t, 1, 3*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error {
		return lan.Egress("client", sim.Rules(toServer, wrongPort))
	})
	_, ticks := countGot(r.got["server"], clientHello(t, 0))
	assert.Equal(t, []uint32{101}, ticks)
	assert.Equal(t, uint64(0), wrongPort.Stats().Matched)
	assert.Equal(t, uint64(5), toServer.Stats().Acted)
}

func TestImpairedRunsAreReproducible(t *testing.T) {
	impaired := func(seed uint64) *scriptRun {
		return runScript(t, seed, 2*time.Second, handshakeScript(t), func(n *sim.Network, lan *sim.Segment) error {
			return errors.Join(lan.Egress("server", &sim.Loss{P: 0.3}, &sim.Delay{Base: 5 * time.Millisecond, Jitter: 5 * time.Millisecond}),
				lan.Ingress("server", &sim.Duplicate{P: 0.3}))
		})
	}
	a, b, c := impaired(3), impaired(3), impaired(4)
	assert.Equal(t, a.capture, b.capture)
	assert.Equal(t, a.trace, b.trace)
	assert.NotEmpty(t, a.trace)
	assert.NotEqual(t, a.capture, c.capture)
}

// Outages, partitions and changes at scheduled instants.
func TestOutagePartitionAndScheduledChanges(t *testing.T) {
	every10 := func() []step {
		var s []step
		for tick := uint32(10); tick <= 100; tick += 10 {
			s = append(s, step{tick, appData(t, uint64(tick))})
		}
		return s
	}
	tests := []struct {
		name      string
		configure func(n *sim.Network, lan *sim.Segment) error
		want      string // the ticks the server received at
	}{
		{"outage of the server", func(n *sim.Network, _ *sim.Segment) error {
			return n.Outage("server", 250*time.Millisecond, 550*time.Millisecond)
		},
			"10 20 60 70 80 90 100"},
		{"partition", func(n *sim.Network, _ *sim.Segment) error {
			return n.Partition(450*time.Millisecond, 750*time.Millisecond, []string{"client"}, []string{"server"})
		}, "10 20 30 40 80 90 100"},
		// With 40 ms more on the path, a frame sent at 200 ms arrives at
		// 241 ms: the receiver's port is judged then, the sender's at 200.
		{"receiver out when frames sent before its outage arrive", func(n *sim.Network, lan *sim.Segment) error {
			return errors.Join(lan.Pair("client", "server", &sim.Delay{Base: 40 * time.Millisecond}),
				n.Outage("server", 220*time.Millisecond, 520*time.Millisecond))
		}, "14 54 64 74 84 94 104"},
		{"sender out when it sends, whenever the frame would arrive", func(n *sim.Network, lan *sim.Segment) error {
			return errors.Join(lan.Pair("client", "server", &sim.Delay{Base: 40 * time.Millisecond}),
				n.Outage("client", 220*time.Millisecond, 520*time.Millisecond))
		}, "14 24 64 74 84 94 104"},
		{"partition by send or arrival instant", func(n *sim.Network, lan *sim.Segment) error {
			return errors.Join(lan.Pair("client", "server", &sim.Delay{Base: 40 * time.Millisecond}),
				n.Partition(220*time.Millisecond, 520*time.Millisecond, []string{"client"}, []string{"server"}))
		}, "14 64 74 84 94 104"},
		{"loss switched on at 0.5 s and off at 0.8 s", func(n *sim.Network, lan *sim.Segment) error {
			return errors.Join(n.At(500*time.Millisecond, func() { require.NoError(t, lan.Egress("client", &sim.Loss{P: 1})) }),
				n.At(800*time.Millisecond, func() { require.NoError(t, lan.Egress("client")) }))
		}, "10 20 30 40 80 90 100"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runScript(t, 1, 2*time.Second, map[string][]step{"client": every10()}, tt.configure)
			var ticks []string
			for _, g := range r.got["server"] {
				ticks = append(ticks, fmt.Sprint(g.tick))
			}
			assert.Equal(t, tt.want, strings.Join(ticks, " "))
		})
	}
}

// Comments are visible to tshark, and a key-log line becomes a Decryption
// Secrets Block before the records sent after it.
func TestCaptureCommentsAndSecretsInTshark(t *testing.T) {
	rule := &sim.Rule{Name: "lose ServerHello", Match: sim.Match{From: "server", Record: sim.HandshakeTypeIs(sim.ServerHello)},
		First: 1, Action: sim.DropIt()}
	var keyLog bytes.Buffer
	const line = "CLIENT_RANDOM 0101010101010101010101010101010101010101010101010101010101010101 " +
		"020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202020202"
	r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(n *sim.Network, lan *sim.Segment) error {
		n.KeyLogTo(&keyLog)
		return errors.Join(lan.Impair(sim.Rules(rule)),
			n.At(350*time.Millisecond, func() { require.NoError(t, n.KeyLog(line)) })) // after the ServerHello flights, before Finished
	})
	assert.Equal(t, line+"\n", keyLog.String())
	bs := blocks(t, r.capture)
	dsb, firstAfter := -1, -1
	for i, b := range bs {
		if b.kind == 10 {
			dsb = i
			assert.Equal(t, line+"\n", b.secrets)
		}
		if p := udpPayload(b.frame); p != nil && bytes.Equal(p, clientFinishedFlight(t)) && firstAfter < 0 {
			firstAfter = i
		}
	}
	require.Positive(t, dsb)
	assert.Less(t, dsb, firstAfter, "the secrets block comes before the first record sent after the secret")
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed")
	}
	file := filepath.Join(t.TempDir(), "run.pcapng")
	require.NoError(t, os.WriteFile(file, r.capture, 0o644))
	out, err := exec.Command("tshark", "-r", file, "-T", "fields", "-e", "frame.comment", "-Y", "frame.comment && frame.interface_id == 0").Output()
	require.NoError(t, err)
	assert.Equal(t, `rule "lose ServerHello" server→*: dropped (seed 1)`+"\n", string(out))
	info, err := exec.Command("capinfos", file).Output()
	require.NoError(t, err)
	assert.Contains(t, string(info), "Number of decryption secrets in file: 1")
}

// The segment's MTU is what the driver tells NetX: a sender with
// fragmentation enabled splits a larger datagram, one without drops it (and
// counts it) before it reaches the wire.
func TestSegmentMTUMakesNetXFragmentOrDrop(t *testing.T) {
	big := datagram(t, rec{sim.ApplicationData, 1, 1, 0})
	big = append(big, make([]byte, 1000)...)
	for _, fragment := range []bool{true, false} {
		r := runScriptMTU(t, big, fragment)
		n, _ := countGot(r.got["server"], big)
		if fragment {
			assert.Equal(t, 1, n, "reassembled at the server")
		} else {
			assert.Equal(t, 0, n)
		}
	}
}

func runScriptMTU(t *testing.T, payload []byte, fragment bool) *scriptRun {
	script := map[string][]step{"client": {{5, payload}}}
	return runScript(t, 1, time.Second, script, func(_ *sim.Network, lan *sim.Segment) error { lan.MTU = 576; return nil },
		func(_ string, ip *netx.IP) {
			if fragment {
				require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(ip))
			}
		})
}
