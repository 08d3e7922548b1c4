package sim_test

import (
	"io"
	"testing"
	"time"

	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// The README's examples, verbatim, so that they keep compiling and
// installing.
func TestReadmeExamples(t *testing.T) {
	e := rtos.NewEngine(1)
	defer e.Close()
	network := sim.NewNetwork(e)
	lan := network.Segment("lan")
	e.AddKernel("client", nil)
	e.AddKernel("server", nil)
	assert.NoError(t, lan.Egress("client", &sim.Loss{P: 0.1}))
	assert.NoError(t, lan.Ingress("server", &sim.GilbertElliott{P: 0.05, R: 0.5, LossBad: 1}))
	assert.NoError(t, lan.Pair("client", "server", &sim.Delay{Base: 40 * time.Millisecond, Jitter: 10 * time.Millisecond, AllowReorder: true}))
	assert.NoError(t, lan.Egress("server", &sim.Reorder{P: 0.2, Gap: 5 * time.Millisecond}))
	assert.NoError(t, lan.Impair(&sim.Duplicate{P: 0.01}))
	assert.NoError(t, lan.Egress("client", &sim.Corrupt{P: 0.05, Bits: 1, KeepChecksum: true}))
	assert.NoError(t, lan.Egress("client", &sim.Truncate{P: 0.01, Keep: 20}))
	assert.NoError(t, lan.Egress("client", &sim.Bandwidth{BitsPerSecond: 250_000, QueueBytes: 4096}))
	assert.NoError(t, lan.Pair("client", "server", &sim.MTU{Bytes: 576}))
	assert.NoError(t, network.Outage("server", 2*time.Second, 5*time.Second))
	assert.NoError(t, network.Partition(time.Second, 3*time.Second, []string{"client"}, []string{"server"}))
	assert.NoError(t, network.At(5*time.Second, func() { assert.NoError(t, lan.Egress("client", &sim.Loss{P: 0.5})) }))
	rules := sim.Rules(
		&sim.Rule{Name: "lose SH", Match: sim.Match{From: "server", Record: sim.HandshakeTypeIs(sim.ServerHello)}, First: 2, Action: sim.DropIt()},
		&sim.Rule{Name: "slow CCS", Match: sim.Match{Record: sim.ContentTypeIs(sim.ChangeCipherSpec)}, Action: sim.DelayIt(3 * time.Second)},
		&sim.Rule{Name: "lose Finished", Match: sim.Match{From: "client", Record: sim.All(sim.ContentTypeIs(sim.Handshake), sim.EpochIs(1))}, First: 1, Action: sim.DropIt()},
		&sim.Rule{Name: "twice", Match: sim.Match{Record: sim.ContentTypeIs(sim.ApplicationData)}, Action: sim.DuplicateIt()},
		&sim.Rule{Name: "short", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.ClientHello)}, First: 1, Action: sim.TruncateIt(10)},
		&sim.Rule{Name: "flip", Match: sim.Match{From: "client", Record: sim.EpochIs(1)}, Nth: 2, Action: sim.CorruptIt()},
		&sim.Rule{Name: "late", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.ClientHello)}, Nth: 1, Action: sim.HoldIt(2)},
		&sim.Rule{Name: "ports", Match: sim.Match{To: "server", DstPort: 4433}, Action: sim.DelayIt(time.Millisecond)},
		&sim.Rule{Name: "wait", Match: sim.Match{From: "client", Record: sim.HandshakeTypeIs(sim.ClientHello)}, Nth: 1, Action: sim.HoldItFrom(1, "server")},
		&sim.Rule{Name: "lose flight 4 once", Match: sim.Match{Record: sim.All(sim.FlightIs(4), sim.TransmissionIs(1))}, Action: sim.DropIt()},
		&sim.Rule{Name: "lose 5 again", Match: sim.Match{Record: sim.All(sim.FlightIs(5), sim.TransmissionIs(2))}, Action: sim.DropIt()},
		&sim.Rule{Name: "slow 6", Match: sim.Match{Record: sim.FlightIs(6)}, Action: sim.DelayIt(500 * time.Millisecond)},
		&sim.Rule{Name: "second", Match: sim.Match{Record: sim.All(sim.HandshakeIs(2), sim.Any(sim.FlightIs(1), sim.FlightIs(3)))}, Action: sim.DropIt()},
		&sim.Rule{Name: "finished", Match: sim.Match{Record: sim.All(sim.FlightIs(5), sim.LastMessage())}, Action: sim.DropIt()},
		&sim.Rule{Name: "third", Match: sim.Match{Record: sim.All(sim.FlightIs(5), sim.MessageIs(3))}, Action: sim.DropIt()},
	)
	assert.NoError(t, lan.Impair(rules))
	assert.NoError(t, network.Capture(io.Discard))
	assert.NoError(t, network.Capture(io.Discard, "lan/server"))
	var pe *sim.ParamError
	assert.ErrorAs(t, lan.Egress("client", &sim.Loss{P: 2}), &pe)
	assert.Equal(t, "sim: loss: P = 2, want a probability in [0, 1]", pe.Error())
	assert.NoError(t, e.RunFor(10*time.Second))
	assert.NotEmpty(t, network.Summary().String())
}
