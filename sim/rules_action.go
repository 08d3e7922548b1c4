package sim

import (
	"fmt"
	"slices"
	"time"
)

// Action is what a rule does to a datagram.
type Action struct {
	kind  string
	delay time.Duration
	keep  int
	after int
	from  string // HoldItFrom: count only datagrams this device sent
	what  string // EditIt: what the edit does, for the trace
	edit  func(payload []byte) []byte
}

// DropIt drops the datagram.
func DropIt() Action { return Action{kind: "drop"} }

// DelayIt delays the datagram by d.
func DelayIt(d time.Duration) Action { return Action{kind: "delay", delay: d} }

// DuplicateIt sends the datagram twice.
func DuplicateIt() Action { return Action{kind: "duplicate"} }

// CorruptIt flips one bit of the datagram's last byte and keeps the UDP
// checksum right, so that the damage reaches the DTLS layer (a record that
// fails its MAC or does not parse).
func CorruptIt() Action { return Action{kind: "corrupt"} }

// TruncateIt cuts the datagram's UDP payload to keep bytes (lengths and
// checksums fixed).
func TruncateIt(keep int) Action { return Action{kind: "truncate", keep: keep} }

// HoldIt holds the datagram back and releases it right after the next m
// (at least 1) datagrams that pass the same rule set.
func HoldIt(m int) Action { return Action{kind: "hold", after: m} }

// HoldItFrom holds the datagram back and releases it right after the next m
// (at least 1) datagrams that the device sent pass the same rule set: one
// direction only (the held datagram's own, or the reply's).
func HoldItFrom(m int, device string) Action { return Action{kind: "hold", after: m, from: device} }

// validate checks the action's parameter.
func (a Action) validate(who string) error {
	switch a.kind {
	case "":
		return &ParamError{Stage: who, Field: "Action", Value: "none", Allowed: "DropIt, DelayIt, DuplicateIt, CorruptIt, TruncateIt, EditIt or HoldIt"}
	case "delay":
		return checkDelay(who, "DelayIt", a.delay)
	case "truncate":
		return checkAtLeast(who, "TruncateIt", int64(a.keep), 0)
	case "hold":
		return checkAtLeast(who, "HoldIt", int64(a.after), 1)
	case "edit":
		return a.validateEdit(who)
	}
	return nil
}

// act applies a rule's action to c (out is what c has become so far).
func (s *RuleSet) act(t *transit, r *Rule, c *inFlight, out []*inFlight) []*inFlight {
	who := fmt.Sprintf("rule %q", r.Name)
	if f, ok := c.flight(); ok {
		who += " [" + f.String() + "]"
	}
	switch a := r.Action; a.kind {
	case "drop":
		s.stats.Dropped += uint64(len(out)) // with the copies an earlier rule made
		t.note(who, "dropped")
		return nil
	case "delay":
		s.stats.Delayed++
		c.delay += a.delay
		t.note(who, fmt.Sprintf("delayed %v", a.delay))
	case "duplicate":
		s.stats.Duplicated++
		t.note(who, "duplicated")
		return append(out, c.clone())
	case "corrupt":
		if d, ok := parseUDP(c.data); ok && len(d.payload) > 0 {
			p := append([]byte(nil), d.payload...)
			p[len(p)-1] ^= 0x01
			if fixed, ok := withUDPPayload(c.data, p); ok {
				s.stats.Corrupted++
				c.data = fixed
				t.note(who, "corrupted the last payload byte")
			}
		}
	case "truncate":
		if short, ok := truncated(c.data, a.keep); ok {
			s.stats.Truncated++
			c.data = short
			t.note(who, fmt.Sprintf("payload cut to %d bytes", a.keep))
		}
	case "edit":
		s.edit(t, who, a, c)
	case "hold":
		s.stats.Held++
		s.held = append(s.held, heldDatagram{c: c, after: a.after, from: a.from, rule: r.Name})
		t.note(who, fmt.Sprintf("held until %d more datagrams pass", a.after))
		return slices.DeleteFunc(out, func(o *inFlight) bool { return o == c })
	}
	return out
}
