package sim_test

import (
	"errors"
	"testing"
	"time"

	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The network summary gathers every counter of a run: segment, ports, and
// each chain in place stage by stage and rule by rule.
func TestNetworkSummary(t *testing.T) {
	rule := &sim.Rule{Name: "lose SH", Match: sim.Match{From: "server", Record: sim.HandshakeTypeIs(sim.ServerHello)}, First: 2, Action: sim.DropIt()}
	r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(n *sim.Network, lan *sim.Segment) error {
		return errors.Join(lan.Impair(sim.Rules(rule)), lan.Ingress("server", &sim.Duplicate{P: 1}),
			n.Outage("client", 1005*time.Millisecond, 1015*time.Millisecond))
	})
	sum := r.network.Summary()
	require.Len(t, sum.Segments, 1)
	s := sum.Segments[0]
	assert.Equal(t, sim.SegmentStats{Frames: 10, OutageDrops: 1}, s.Stats, "the client's datagram of 1.01 s is lost at its port")
	require.Len(t, s.Ports, 2)
	assert.Equal(t, "client", s.Ports[0].Name)
	assert.Equal(t, uint64(5), s.Ports[0].Stats.FramesSent)
	assert.Equal(t, uint64(8), s.Ports[1].Stats.FramesReceived, "four datagrams from the client, twice each")
	for _, p := range s.Ports {
		taken := 0
		for _, b := range blocks(t, r.capture) {
			if b.kind == 6 && b.iface == map[string]uint32{"client": 1, "server": 2}[p.Name] {
				taken++
			}
		}
		st := p.Stats
		assert.Equal(t, uint64(taken), st.FramesReceived+st.RxNoPacket+st.RxUnknownType+st.RxLinkDown, p.Name)
	}
	require.Len(t, s.Chains, 2)
	assert.Equal(t, "all", s.Chains[0].Where)
	assert.Equal(t, []sim.RuleSummary{{Name: "lose SH", Stats: sim.RuleStats{Matched: 3, Acted: 2}}}, s.Chains[0].Stages[0].Rules)
	assert.Equal(t, sim.StageStats{Seen: 9, Out: 7, Dropped: 2}, s.Chains[0].Stages[0].Stats)
	assert.Equal(t, "ingress server", s.Chains[1].Where)
	assert.Equal(t, sim.StageStats{Seen: 4, Out: 8, Duplicated: 4}, s.Chains[1].Stages[0].Stats)
	want := "segment lan: 10 frames sent, 1 dropped by outages, 0 by partitions, 0 to unknown unicast\n" +
		"    port  sent  received  no packet  link down  unknown type\n" +
		"  client     5         3          0          0             0\n" +
		"  server     5         8          0          0             0\n"
	assert.Contains(t, sum.String(), want)
	assert.Contains(t, sum.String(), "rule \"lose SH\"")
}
