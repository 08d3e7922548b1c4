package sim

import (
	"fmt"
	"slices"
)

// Match selects datagrams the way a DTLS user thinks of them. Zero fields
// match anything.
type Match struct {
	From, To         string // device names
	SrcPort, DstPort uint16 // UDP ports
	// Record, if set, must match at least one DTLS record of the datagram
	// (see ContentTypeIs, HandshakeTypeIs, EpochIs, FlightIs, TransmissionIs,
	// All, Any, ...).
	Record func(Record) bool
}

// Rule does Action to the datagrams Match selects: all of them, the Nth
// only, or the First k. A rule counts the datagrams that reach it and match:
// a datagram an earlier stage dropped never reaches the rule set, and one
// an earlier rule of the same set dropped or held is not seen (not counted)
// by the rules after it. Copies count one by one (a stage that duplicated a
// datagram before the rule set makes two matches); so do the receivers of a
// broadcast in a pair or ingress chain.
//
// The first fragment of a fragmented IPv4 datagram is matched on its UDP
// and DTLS headers; the actions taken on it are taken on every later
// fragment with the same addresses and IP identification (which are not
// matched or counted themselves).
//
//	// Drop the first two transmissions of the server's ServerHello flight.
//	&sim.Rule{Name: "lose ServerHello", Match: sim.Match{From: "server", Record: sim.HandshakeTypeIs(sim.ServerHello)},
//		First: 2, Action: sim.DropIt()}
type Rule struct {
	Name   string
	Match  Match
	Nth    int // act on the Nth match only (1 = the first)
	First  int // act on the first First matches
	Action Action

	stats RuleStats
	where string // the chain of the rule set it is in ("" if none)
}

// RuleStats counts a rule's matches and actions (Acted ≤ Matched: Nth and
// First act on some matches only). Later fragments of a datagram the rule
// acted on count in neither.
type RuleStats struct {
	Matched uint64 // datagrams that reached the rule and matched
	Acted   uint64 // those it acted on
}

// Stats returns the rule's counters.
func (r *Rule) Stats() RuleStats { return r.stats }

// validate checks the rule's counts and action.
func (r *Rule) validate() error {
	who := fmt.Sprintf("rule %q", r.Name)
	if r.Nth > 0 && r.First > 0 {
		return &ParamError{Stage: who, Field: "First", Value: r.First, Allowed: "0 when Nth is set (one of Nth and First)"}
	}
	return firstError(checkAtLeast(who, "Nth", int64(r.Nth), 0), checkAtLeast(who, "First", int64(r.First), 0), r.Action.validate(who))
}

// matches reports whether the rule selects the datagram in c.
func (r *Rule) matches(t *transit, c *inFlight) bool {
	m := r.Match
	if m.From != "" && m.From != t.from.device {
		return false
	}
	if m.To != "" && (t.to == nil || t.to.device != m.To) && !r.toByAddress(t, c) {
		return false
	}
	d, _, ok := parseFirstUDP(c.data)
	if (m.SrcPort != 0 || m.DstPort != 0 || m.Record != nil) && !ok {
		return false
	}
	if (m.SrcPort != 0 && d.srcPort != m.SrcPort) || (m.DstPort != 0 && d.dstPort != m.DstPort) {
		return false
	}
	if m.Record == nil {
		return true
	}
	for i, rec := range records(d.payload) {
		if i < len(c.flights) {
			rec.Flight = c.flights[i]
		}
		if m.Record(rec) {
			return true
		}
	}
	return false
}

// toByAddress matches To before the frame fans out (egress and segment
// chains): the destination MAC is one of that device's ports.
func (r *Rule) toByAddress(t *transit, c *inFlight) bool {
	if t.to != nil {
		return false
	}
	to := t.seg.byMAC[[6]byte(c.data[0:6])]
	return to != nil && to.device == r.Match.To
}

// selected counts a match and says whether this one is acted on.
func (r *Rule) selected() bool {
	r.stats.Matched++
	n := r.stats.Matched
	switch {
	case r.Nth > 0:
		return n == uint64(r.Nth)
	case r.First > 0:
		return n <= uint64(r.First)
	}
	return true
}

// RuleSet is a stage that applies rules, in order, to every datagram.
type RuleSet struct {
	stage
	rules     []*Rule
	held      []heldDatagram
	trains    map[string][]*Rule // IP fragment trains: the rules that acted on the first fragment
	trainsAge []string
}

type heldDatagram struct {
	c     *inFlight
	after int
	from  string // count only datagrams from this device ("": all)
	rule  string
}

// Rules makes a stage of rules, to install like any impairment:
//
//	lan.Impair(sim.Rules(&sim.Rule{Name: "slow CCS", Match: sim.Match{Record: sim.ContentTypeIs(sim.ChangeCipherSpec)},
//		Action: sim.DelayIt(3 * time.Second)}))
func Rules(rules ...*Rule) *RuleSet { return &RuleSet{rules: rules} }

// Name is "rules".
func (s *RuleSet) Name() string { return "rules" }

// Validate checks every rule: counts, action and parameter.
func (s *RuleSet) Validate() error {
	for i, r := range s.rules {
		if r == nil {
			return &ParamError{Stage: s.Name(), Field: fmt.Sprintf("rule %d", i+1), Value: nil, Allowed: "a rule"}
		}
		if err := r.validate(); err != nil {
			return err
		}
	}
	return nil
}

// check is what installing the rule set at place needs beyond Validate:
// devices the network knows, and rules in no other rule set.
func (s *RuleSet) check(n *Network, place string) error {
	for _, r := range s.rules {
		who := fmt.Sprintf("rule %q", r.Name)
		if r.where != "" && r.where != place {
			return &ParamError{Stage: who, Field: "rule set", Value: place, Allowed: "one rule set (it is in " + r.where + ")"}
		}
		for _, d := range []struct{ field, name string }{{"Match.From", r.Match.From}, {"Match.To", r.Match.To}} {
			if d.name != "" {
				if err := n.checkDevice(who, d.field, d.name); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// place records where the rules are installed ("" when freed).
func (s *RuleSet) place(where string) {
	for _, r := range s.rules {
		r.where = where
	}
}

func (s *RuleSet) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		out := []*inFlight{c}
		ip, isIP := parseIP(c.data)
		if isIP && ip.offset > 0 {
			if acted, ok := s.trains[ip.train()]; ok {
				return append(s.follow(t, acted, c), s.release(t, c)...)
			}
		}
		var acted []*Rule
		for _, r := range s.rules {
			if !slices.Contains(out, c) || !r.matches(t, c) || !r.selected() {
				continue
			}
			r.stats.Acted++
			acted = append(acted, r)
			out = s.act(t, r, c, out)
		}
		if isIP && ip.more && ip.offset == 0 {
			s.trains = remember(s.trains, &s.trainsAge, ip.train(), acted, maxFragmentTrains)
		}
		return append(out, s.release(t, c)...)
	})
}

// follow takes on a later IP fragment the actions taken on the first.
func (s *RuleSet) follow(t *transit, acted []*Rule, c *inFlight) []*inFlight {
	out := []*inFlight{c}
	for _, r := range acted {
		if slices.Contains(out, c) {
			out = s.act(t, r, c, out)
		}
	}
	return out
}

// release counts the datagram c against every held one; those whose count
// runs out follow c, in the order they were held.
func (s *RuleSet) release(t *transit, c *inFlight) []*inFlight {
	var out []*inFlight
	kept := s.held[:0]
	for _, h := range s.held {
		if h.c == c || (h.from != "" && h.from != t.from.device) {
			kept = append(kept, h)
			continue
		}
		if h.after--; h.after > 0 {
			kept = append(kept, h)
			continue
		}
		s.stats.Released++
		h.c.delay = c.delay
		t.note(fmt.Sprintf("rule %q", h.rule), "released a held datagram")
		out = append(out, h.c)
	}
	s.held = kept
	return out
}
