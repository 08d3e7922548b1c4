package sim_test

import (
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Every invalid parameter of every stage and network call gives a
// *sim.ParamError naming the stage or call and the field, and changes
// nothing.
func TestValidation(t *testing.T) {
	reused := &sim.Loss{P: 0.1}
	reusedRule := &sim.Rule{Name: "r", Action: sim.DropIt()}
	tests := []struct {
		name         string
		call         func(n *sim.Network, lan *sim.Segment) error
		stage, field string
	}{
		{"loss P below 0", egress(&sim.Loss{P: -1}), "loss", "P"},
		{"loss P above 1", egress(&sim.Loss{P: 2}), "loss", "P"},
		{"loss P NaN", egress(&sim.Loss{P: math.NaN()}), "loss", "P"},
		{"gilbert-elliott P", egress(&sim.GilbertElliott{P: -0.1, R: 0.5}), "gilbert-elliott", "P"},
		{"gilbert-elliott R", egress(&sim.GilbertElliott{P: 0.1, R: 1.5}), "gilbert-elliott", "R"},
		{"gilbert-elliott LossGood", egress(&sim.GilbertElliott{LossGood: 3}), "gilbert-elliott", "LossGood"},
		{"gilbert-elliott LossBad", egress(&sim.GilbertElliott{LossBad: -3}), "gilbert-elliott", "LossBad"},
		{"delay Base negative", egress(&sim.Delay{Base: -time.Millisecond}), "delay", "Base"},
		{"delay Jitter negative", egress(&sim.Delay{Jitter: -time.Millisecond}), "delay", "Jitter"},
		{"delay Base beyond a day", egress(&sim.Delay{Base: 25 * time.Hour}), "delay", "Base"},
		{"reorder P", egress(&sim.Reorder{P: 1.1}), "reorder", "P"},
		{"reorder Gap", egress(&sim.Reorder{P: 0.1, Gap: -1}), "reorder", "Gap"},
		{"duplicate P", egress(&sim.Duplicate{P: -0.5}), "duplicate", "P"},
		{"bandwidth zero rate", egress(&sim.Bandwidth{}), "bandwidth", "BitsPerSecond"},
		{"bandwidth negative queue", egress(&sim.Bandwidth{BitsPerSecond: 1000, QueueBytes: -1}), "bandwidth", "QueueBytes"},
		{"mtu too small", egress(&sim.MTU{Bytes: 10}), "mtu", "Bytes"},
		{"mtu too large", egress(&sim.MTU{Bytes: 70000}), "mtu", "Bytes"},
		{"corrupt P", egress(&sim.Corrupt{P: 2}), "corrupt", "P"},
		{"corrupt Bits", egress(&sim.Corrupt{P: 1, Bits: -1}), "corrupt", "Bits"},
		{"truncate P", egress(&sim.Truncate{P: -1}), "truncate", "P"},
		{"truncate Keep", egress(&sim.Truncate{P: 1, Keep: -1}), "truncate", "Keep"},
		{"rule without action", egress(sim.Rules(&sim.Rule{Name: "r"})), `rule "r"`, "Action"},
		{"rule Nth negative", egress(sim.Rules(&sim.Rule{Name: "r", Nth: -1, Action: sim.DropIt()})), `rule "r"`, "Nth"},
		{"rule First negative", egress(sim.Rules(&sim.Rule{Name: "r", First: -1, Action: sim.DropIt()})), `rule "r"`, "First"},
		{"rule Nth and First", egress(sim.Rules(&sim.Rule{Name: "r", Nth: 1, First: 2, Action: sim.DropIt()})), `rule "r"`, "First"},
		{"rule DelayIt negative", egress(sim.Rules(&sim.Rule{Name: "r", Action: sim.DelayIt(-time.Second)})), `rule "r"`, "DelayIt"},
		{"rule TruncateIt negative", egress(sim.Rules(&sim.Rule{Name: "r", Action: sim.TruncateIt(-1)})), `rule "r"`, "TruncateIt"},
		{"rule EditIt nil", egress(sim.Rules(&sim.Rule{Name: "r", Action: sim.EditIt("nothing", nil)})), `rule "r"`, "EditIt"},
		{"rule EditIt unnamed", egress(sim.Rules(&sim.Rule{Name: "r", Action: sim.EditIt("", sim.SetBodyByte(0, 1))})), `rule "r"`, "EditIt name"},
		{"rule HoldIt zero", egress(sim.Rules(&sim.Rule{Name: "r", Action: sim.HoldIt(0)})), `rule "r"`, "HoldIt"},
		{"rule nil", egress(sim.Rules(nil)), "rules", "rule 1"},
		{"rule from a misspelt device", egress(sim.Rules(&sim.Rule{Name: "r", Match: sim.Match{From: "sever"}, Action: sim.DropIt()})), `rule "r"`, "Match.From"},
		{"rule to a misspelt device", egress(sim.Rules(&sim.Rule{Name: "r", Match: sim.Match{To: "sever"}, Action: sim.DropIt()})), `rule "r"`, "Match.To"},
		{"rule in two rule sets", func(_ *sim.Network, lan *sim.Segment) error {
			return errors.Join(lan.Egress("client", sim.Rules(reusedRule)), lan.Egress("server", sim.Rules(reusedRule)))
		}, `rule "r"`, "rule set"},
		{"nil stage", egress(nil), "Egress", "stage 1"},
		{"stage in two chains", func(_ *sim.Network, lan *sim.Segment) error {
			return errors.Join(lan.Egress("client", reused), lan.Ingress("server", reused))
		}, "loss", "chain"},
		{"egress of a misspelt device", func(_ *sim.Network, lan *sim.Segment) error { return lan.Egress("clinet", &sim.Loss{}) }, "Egress", "device"},
		{"ingress of a misspelt device", func(_ *sim.Network, lan *sim.Segment) error { return lan.Ingress("sever") }, "Ingress", "device"},
		{"pair from a misspelt device", func(_ *sim.Network, lan *sim.Segment) error { return lan.Pair("clinet", "server") }, "Pair", "device"},
		{"pair to a misspelt device", func(_ *sim.Network, lan *sim.Segment) error { return lan.Pair("client", "sever") }, "Pair", "device"},
		{"pair of a device with itself", func(_ *sim.Network, lan *sim.Segment) error { return lan.Pair("client", "client") }, "Pair", "to"},
		{"outage of a misspelt device", func(n *sim.Network, _ *sim.Segment) error { return n.Outage("sever", 0, time.Second) }, "Outage", "device"},
		{"outage ending before it starts", func(n *sim.Network, _ *sim.Segment) error { return n.Outage("server", 2*time.Second, time.Second) }, "Outage", "until"},
		{"outage empty", func(n *sim.Network, _ *sim.Segment) error { return n.Outage("server", time.Second, time.Second) }, "Outage", "until"},
		{"outage before 0", func(n *sim.Network, _ *sim.Segment) error { return n.Outage("server", -time.Second, time.Second) }, "Outage", "from"},
		{"partition ending before it starts", func(n *sim.Network, _ *sim.Segment) error {
			return n.Partition(time.Second, 0, []string{"client"}, []string{"server"})
		}, "Partition", "until"},
		{"partition with an empty side", func(n *sim.Network, _ *sim.Segment) error {
			return n.Partition(0, time.Second, []string{"client"}, nil)
		}, "Partition", "b"},
		{"partition with a misspelt device", func(n *sim.Network, _ *sim.Segment) error {
			return n.Partition(0, time.Second, []string{"clinet"}, []string{"server"})
		}, "Partition", "a"},
		{"partition with a device on both sides", func(n *sim.Network, _ *sim.Segment) error {
			return n.Partition(0, time.Second, []string{"client"}, []string{"server", "client"})
		}, "Partition", "b"},
		{"at without a function", func(n *sim.Network, _ *sim.Segment) error { return n.At(time.Second, nil) }, "At", "fn"},
		{"capture to no writer", func(n *sim.Network, _ *sim.Segment) error { return n.Capture(nil) }, "Capture", "w"},
		{"capture to the file of a failed os.Create", func(n *sim.Network, _ *sim.Segment) error {
			f, err := os.Create(filepath.Join(t.TempDir(), "no such folder", "run.pcapng"))
			require.Error(t, err)
			return n.Capture(f)
		}, "Capture", "w"},
		{"capture at an unknown point", func(n *sim.Network, _ *sim.Segment) error { return n.Capture(io.Discard, "lna") }, "Capture", "point"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := rtos.NewEngine(1)
			t.Cleanup(e.Close)
			e.AddKernel("client", nil)
			e.AddKernel("server", nil)
			n := sim.NewNetwork(e)
			err := tt.call(n, n.Segment("lan"))
			var pe *sim.ParamError
			require.ErrorAs(t, err, &pe)
			assert.Equal(t, tt.stage, pe.Stage)
			assert.Equal(t, tt.field, pe.Field)
			assert.NotEmpty(t, pe.Allowed)
			assert.Contains(t, pe.Error(), "want "+pe.Allowed)
		})
	}
}

// egress installs the stage as the client's egress chain.
func egress(st sim.Impairment) func(*sim.Network, *sim.Segment) error {
	return func(_ *sim.Network, lan *sim.Segment) error { return lan.Egress("client", st) }
}

// An invalid chain changes nothing: the chain in place stays, and a stage
// freed by replacing its chain can go elsewhere.
func TestInvalidChainChangesNothing(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("client", nil)
	e.AddKernel("server", nil)
	lan := sim.NewNetwork(e).Segment("lan")
	loss := &sim.Loss{P: 0.5}
	require.NoError(t, lan.Egress("client", loss))
	require.Error(t, lan.Egress("client", &sim.Loss{P: 0.1}, &sim.Loss{P: 7}))
	require.Error(t, lan.Ingress("server", loss), "still in the client's egress chain")
	require.NoError(t, lan.Egress("client", loss), "installed again where it is")
	require.NoError(t, lan.Egress("client"))
	require.NoError(t, lan.Ingress("server", loss), "freed by the replacement")
}

// At refuses an instant already past.
func TestAtRefusesThePast(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	n := sim.NewNetwork(e)
	require.NoError(t, e.RunFor(time.Second))
	var pe *sim.ParamError
	require.ErrorAs(t, n.At(500*time.Millisecond, func() {}), &pe)
	assert.Equal(t, "at", pe.Field)
	require.NoError(t, n.At(time.Second, func() {}))
}
