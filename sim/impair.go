package sim

import (
	"fmt"
	"time"
)

// Impairment is one stage of a chain that frames pass on their way across a
// segment: loss, delay, duplication, a rule set, .... Each stage has its own
// random stream, derived from the engine seed and the place it is installed,
// and its own counters. A stage value belongs to one chain while that chain
// is in place: installing it in another is an error (replacing the chain
// frees it).
//
// Chains, in the order a frame meets them (see Segment.Egress and friends):
// the sender's egress chain and the segment's chain run once per frame; then,
// for each receiving port, the chain of that pair of devices and the
// receiver's ingress chain.
type Impairment interface {
	// Name names the stage in counters, trace lines and capture comments.
	Name() string
	// Stats returns the stage's counters.
	Stats() StageStats
	// Validate returns a *ParamError for the first invalid parameter.
	Validate() error
	apply(t *transit)
	base() *stage
}

// stream is what stages draw from: one of the engine's seeded streams
// (rtos.Engine.Stream).
type stream interface {
	Float64() float64
	IntN(n int) int
	Int64N(n int64) int64
}

// StageStats counts what a stage did, in copies of frames. For every
// stage, at every instant:
//
//	Out = Seen - Dropped - Held + Duplicated + Released
//
// and Corrupted, Truncated, Edited, Delayed and Reordered count copies that
// went on altered or late (each at most Seen); Bursts (loss stages) counts runs
// of consecutive drops (at most Dropped).
type StageStats struct {
	Seen       uint64 // copies that reached the stage
	Out        uint64 // copies the stage passed on
	Dropped    uint64
	Duplicated uint64 // extra copies made
	Corrupted  uint64
	Truncated  uint64
	Edited     uint64 // copies a rule's EditIt rewrote
	Delayed    uint64
	Reordered  uint64
	Held       uint64 // copies a rule held back
	Released   uint64 // held copies let go (they leave with the datagram that released them)
	Bursts     uint64 // runs of consecutive drops (loss stages)
}

// stage is what every impairment embeds: its stream, counters and place.
type stage struct {
	rng   stream
	stats StageStats
	where string // the chain it is installed in ("" if none)
}

func (s *stage) base() *stage { return s }

// Stats returns the stage's counters.
func (s *stage) Stats() StageStats { return s.stats }

// inFlight is one copy of a frame on its way, with the delay it has
// collected so far and the frame it is a copy of.
type inFlight struct {
	data    []byte
	delay   time.Duration
	sent    *sentFrame
	flights []Flight // the flight of each DTLS record, as sent
}

// clone is a second copy of c (duplication).
func (c *inFlight) clone() *inFlight {
	return &inFlight{data: append([]byte(nil), c.data...), delay: c.delay, sent: c.sent, flights: c.flights}
}

// flight returns the flight of the copy's first handshake record, if any.
func (c *inFlight) flight() (Flight, bool) {
	for _, f := range c.flights {
		if f.Number > 0 {
			return f, true
		}
	}
	return Flight{}, false
}

// transit is a frame going through chains: its copies and what happened.
type transit struct {
	seg      *Segment
	from, to *Port // to is nil before the frame fans out to receivers
	now      time.Duration
	frameNo  uint64
	copies   []*inFlight
	notes    *[]string
}

// note records a decision: a line in the network's trace, and a part of the
// frame's capture comment.
func (t *transit) note(who, what string) {
	to := "*"
	if t.to != nil {
		to = t.to.device
	}
	*t.notes = append(*t.notes, fmt.Sprintf("%s %s→%s: %s", who, t.from.device, to, what))
	t.seg.network.trace(fmt.Sprintf("%d %s frame %d %s→%s %s: %s", int64(t.now), t.seg.name, t.frameNo, t.from.device, to, who, what))
}

// each runs f on every copy; f returns the copies that replace it (none to
// drop it, more to duplicate it).
func (t *transit) each(f func(c *inFlight) []*inFlight) {
	var out []*inFlight
	for _, c := range t.copies {
		out = append(out, f(c)...)
	}
	t.copies = out
}

// run passes the transit's copies through a chain, counting what goes in
// and out of each stage.
func run(t *transit, chain []Impairment) {
	for _, st := range chain {
		if len(t.copies) == 0 {
			return
		}
		stats := &st.base().stats
		stats.Seen += uint64(len(t.copies))
		st.apply(t)
		stats.Out += uint64(len(t.copies))
	}
}

// chains are a segment's configured impairments, by device name, so that
// they can be set before the devices' ports exist.
type chains struct {
	egress  map[string][]Impairment
	ingress map[string][]Impairment
	pairs   map[[2]string][]Impairment
	all     []Impairment
	gen     int
}

// install checks a chain (its devices, then each stage and rule), frees the
// chain it replaces and gives each stage its stream: the name says where it
// sits, and a generation count keeps a chain installed again from replaying
// the same draws. Nothing changes if it returns an error.
func (s *Segment) install(call, where string, devices []string, old, stages []Impairment) ([]Impairment, error) {
	for _, d := range devices {
		if err := s.network.checkDevice(call, "device", d); err != nil {
			return nil, err
		}
	}
	place := "segment " + s.name + " " + where
	for i, st := range stages {
		if st == nil {
			return nil, &ParamError{Stage: call, Field: fmt.Sprintf("stage %d", i+1), Value: nil, Allowed: "a stage"}
		}
		if err := st.Validate(); err != nil {
			return nil, err
		}
		if w := st.base().where; w != "" && w != place {
			return nil, &ParamError{Stage: st.Name(), Field: "chain", Value: place, Allowed: "one chain (it is in " + w + ")"}
		}
		if rs, ok := st.(*RuleSet); ok {
			if err := rs.check(s.network, place); err != nil {
				return nil, err
			}
		}
	}
	for _, st := range old {
		st.base().where = ""
		if rs, ok := st.(*RuleSet); ok {
			rs.place("")
		}
	}
	s.chains.gen++
	for i, st := range stages {
		st.base().where = place
		if rs, ok := st.(*RuleSet); ok {
			rs.place(place)
		}
		st.base().rng = s.network.engine.Stream(fmt.Sprintf("%s gen %d stage %d %s", place, s.chains.gen, i, st.Name()))
	}
	return append([]Impairment(nil), stages...), nil
}

// Egress sets the chain every frame the device sends passes first
// (replacing what was there; none: no impairment). The device must be one
// of the engine's (Engine.AddKernel) or a bridge; an invalid stage, or one
// in another chain, is a *ParamError and changes nothing.
func (s *Segment) Egress(device string, stages ...Impairment) error {
	c, err := s.install("Egress", "egress "+device, []string{device}, s.chains.egress[device], stages)
	if err != nil {
		return err
	}
	if s.chains.egress == nil {
		s.chains.egress = map[string][]Impairment{}
	}
	s.chains.egress[device] = c
	return nil
}

// Ingress sets the chain every frame for the device passes last (errors as
// for Egress).
func (s *Segment) Ingress(device string, stages ...Impairment) error {
	c, err := s.install("Ingress", "ingress "+device, []string{device}, s.chains.ingress[device], stages)
	if err != nil {
		return err
	}
	if s.chains.ingress == nil {
		s.chains.ingress = map[string][]Impairment{}
	}
	s.chains.ingress[device] = c
	return nil
}

// Pair sets the chain of frames from one device to another (one direction;
// errors as for Egress).
func (s *Segment) Pair(from, to string, stages ...Impairment) error {
	if from == to {
		return &ParamError{Stage: "Pair", Field: "to", Value: to, Allowed: "a device other than from (no frame goes to its sender)"}
	}
	key := [2]string{from, to}
	c, err := s.install("Pair", "pair "+from+"→"+to, key[:], s.chains.pairs[key], stages)
	if err != nil {
		return err
	}
	if s.chains.pairs == nil {
		s.chains.pairs = map[[2]string][]Impairment{}
	}
	s.chains.pairs[key] = c
	return nil
}

// Impair sets the chain every frame on the segment passes, after the
// sender's egress chain (errors as for Egress).
func (s *Segment) Impair(stages ...Impairment) error {
	c, err := s.install("Impair", "all", nil, s.chains.all, stages)
	if err != nil {
		return err
	}
	s.chains.all = c
	return nil
}
