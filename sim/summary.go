package sim

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"text/tabwriter"
)

// Summary is what the network did in a run: for each segment, its
// counters, its ports' and those of every chain in place, stage by stage
// and rule by rule (see StageStats for the identities they keep).
type Summary struct {
	Segments []SegmentSummary
}

// SegmentSummary is one segment's part of a Summary.
type SegmentSummary struct {
	Name   string
	Stats  SegmentStats
	Ports  []PortSummary  // in attach order
	Chains []ChainSummary // in the order frames meet them: egress, the segment's, pairs, ingress
}

// PortSummary is one port's counters.
type PortSummary struct {
	Name  string
	Stats PortStats
}

// ChainSummary is one chain's stages.
type ChainSummary struct {
	Where  string // "egress client", "all", "pair client→server", "ingress server"
	Stages []StageSummary
}

// StageSummary is one stage's counters, and its rules' for a rule set.
type StageSummary struct {
	Name  string
	Stats StageStats
	Rules []RuleSummary
}

// RuleSummary is one rule's counters.
type RuleSummary struct {
	Name  string
	Stats RuleStats
}

// Summary returns the network's counters now (usually after a run).
func (n *Network) Summary() Summary {
	var sum Summary
	for _, s := range n.segments {
		ss := SegmentSummary{Name: s.name, Stats: s.Stats}
		for _, p := range s.ports {
			ss.Ports = append(ss.Ports, PortSummary{Name: p.name, Stats: p.Stats})
		}
		add := func(where string, chain []Impairment) {
			if len(chain) > 0 {
				ss.Chains = append(ss.Chains, ChainSummary{Where: where, Stages: stagesOf(chain)})
			}
		}
		for _, d := range slices.Sorted(maps.Keys(s.chains.egress)) {
			add("egress "+d, s.chains.egress[d])
		}
		add("all", s.chains.all)
		pairs := slices.SortedFunc(maps.Keys(s.chains.pairs), func(a, b [2]string) int {
			return strings.Compare(a[0]+"\x00"+a[1], b[0]+"\x00"+b[1])
		})
		for _, p := range pairs {
			add("pair "+p[0]+"→"+p[1], s.chains.pairs[p])
		}
		for _, d := range slices.Sorted(maps.Keys(s.chains.ingress)) {
			add("ingress "+d, s.chains.ingress[d])
		}
		sum.Segments = append(sum.Segments, ss)
	}
	return sum
}

func stagesOf(chain []Impairment) []StageSummary {
	var out []StageSummary
	for _, st := range chain {
		ss := StageSummary{Name: st.Name(), Stats: st.Stats()}
		if rs, ok := st.(*RuleSet); ok {
			for _, r := range rs.rules {
				ss.Rules = append(ss.Rules, RuleSummary{Name: r.Name, Stats: r.Stats()})
			}
		}
		out = append(out, ss)
	}
	return out
}

// String prints the summary as tables: per segment its counters, its ports
// and its chains' stages and rules.
func (sum Summary) String() string {
	var b strings.Builder
	for _, s := range sum.Segments {
		fmt.Fprintf(&b, "segment %s: %d frames sent, %d dropped by outages, %d by partitions, %d to unknown unicast\n",
			s.Name, s.Stats.Frames, s.Stats.OutageDrops, s.Stats.PartitionDrops, s.Stats.UnknownUnicast)
		w := tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(w, "port\tsent\treceived\tno packet\tlink down\tunknown type\t")
		for _, p := range s.Ports {
			st := p.Stats
			fmt.Fprintf(w, "%s\t%d\t%d\t%d\t%d\t%d\t\n", p.Name, st.FramesSent, st.FramesReceived, st.RxNoPacket, st.RxLinkDown, st.RxUnknownType)
		}
		_ = w.Flush()
		if len(s.Chains) > 0 {
			w = tabwriter.NewWriter(&b, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(w, "chain\tstage\tseen\tout\tdropped\tduplicated\tdelayed\tcorrupted\ttruncated\tedited\theld\treleased\t")
			for _, c := range s.Chains {
				for _, st := range c.Stages {
					x := st.Stats
					fmt.Fprintf(w, "%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t%d\t\n", c.Where, st.Name, x.Seen, x.Out, x.Dropped,
						x.Duplicated, x.Delayed+x.Reordered, x.Corrupted, x.Truncated, x.Edited, x.Held, x.Released)
					for _, r := range st.Rules {
						fmt.Fprintf(w, "\trule %q\tmatched %d\tacted %d\t\t\t\t\t\t\t\t\t\n", r.Name, r.Stats.Matched, r.Stats.Acted)
					}
				}
			}
			_ = w.Flush()
		}
	}
	return b.String()
}
