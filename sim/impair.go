package sim

import (
	"fmt"
	"strings"
	"time"
)

// Impairment is one stage of a chain that frames pass on their way across a
// segment: loss, delay, duplication, a rule set, .... Each stage has its own
// random stream, derived from the engine seed and the place it is installed,
// and its own counters. A stage value belongs to one chain.
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
	apply(t *transit)
	bind(rng stream)
}

// stream is what stages draw from: one of the engine's seeded streams
// (rtos.Engine.Stream).
type stream interface {
	Float64() float64
	IntN(n int) int
	Int64N(n int64) int64
}

// StageStats counts what a stage did.
type StageStats struct {
	Seen       uint64 // copies that reached the stage
	Dropped    uint64
	Duplicated uint64
	Corrupted  uint64
	Truncated  uint64
	Delayed    uint64
	Reordered  uint64
	Held       uint64
	Released   uint64
	Bursts     uint64 // runs of consecutive drops (loss stages)
}

// stage is what every impairment embeds: its stream and counters.
type stage struct {
	rng   stream
	stats StageStats
}

func (s *stage) bind(rng stream) { s.rng = rng }

// Stats returns the stage's counters.
func (s *stage) Stats() StageStats { return s.stats }

// inFlight is one copy of a frame on its way, with the delay it has
// collected so far.
type inFlight struct {
	data  []byte
	delay time.Duration
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

func run(t *transit, chain []Impairment) {
	for _, st := range chain {
		if len(t.copies) == 0 {
			return
		}
		st.apply(t)
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

// install gives each stage its stream: the name says where it sits, and a
// generation count keeps a chain installed again from replaying the same
// draws.
func (s *Segment) install(where string, stages []Impairment) []Impairment {
	s.chains.gen++
	for i, st := range stages {
		st.bind(s.network.engine.Stream(fmt.Sprintf("segment %s %s gen %d stage %d %s", s.name, where, s.chains.gen, i, st.Name())))
	}
	return append([]Impairment(nil), stages...)
}

// Egress sets the chain every frame the device sends passes first
// (replacing what was there; none: no impairment).
func (s *Segment) Egress(device string, stages ...Impairment) {
	if s.chains.egress == nil {
		s.chains.egress = map[string][]Impairment{}
	}
	s.chains.egress[device] = s.install("egress "+device, stages)
}

// Ingress sets the chain every frame for the device passes last.
func (s *Segment) Ingress(device string, stages ...Impairment) {
	if s.chains.ingress == nil {
		s.chains.ingress = map[string][]Impairment{}
	}
	s.chains.ingress[device] = s.install("ingress "+device, stages)
}

// Pair sets the chain of frames from one device to another (one direction).
func (s *Segment) Pair(from, to string, stages ...Impairment) {
	if s.chains.pairs == nil {
		s.chains.pairs = map[[2]string][]Impairment{}
	}
	s.chains.pairs[[2]string{from, to}] = s.install("pair "+from+"→"+to, stages)
}

// Impair sets the chain every frame on the segment passes, after the
// sender's egress chain.
func (s *Segment) Impair(stages ...Impairment) {
	s.chains.all = s.install("all", stages)
}

// carry puts a frame on the segment: through the sender's and the
// segment's chains, then for each receiver through the pair's and the
// receiver's chains, to its delivery after the latency. The capture gets
// the frame once, as sent, with a comment that lists every decision taken.
func (s *Segment) carry(from *Port, frame []byte) {
	n := s.network
	s.frameNo++
	var notes []string
	t := &transit{seg: s, from: from, now: n.engine.Now(), frameNo: s.frameNo, notes: &notes,
		copies: []*inFlight{{data: frame}}}
	if n.isDown(from.device) {
		t.note("outage", "dropped: "+from.device+" is down")
		t.copies = nil
	}
	run(t, s.chains.egress[from.device])
	run(t, s.chains.all)
	for _, c := range t.copies {
		for _, to := range s.receivers(from, c.data) {
			tt := &transit{seg: s, from: from, to: to, now: t.now, frameNo: t.frameNo, notes: &notes,
				copies: []*inFlight{{data: append([]byte(nil), c.data...), delay: c.delay}}}
			if why := n.cutOff(from.device, to.device); why != "" {
				tt.note(why, "dropped")
				continue
			}
			run(tt, s.chains.pairs[[2]string{from.device, to.device}])
			run(tt, s.chains.ingress[to.device])
			for _, cc := range tt.copies {
				to.deliver(t.now+s.Latency+cc.delay, cc.data)
			}
		}
	}
	if n.capture != nil {
		comment := ""
		if len(notes) > 0 {
			comment = fmt.Sprintf("%s (seed %d)", strings.Join(notes, "; "), n.engine.Seed())
		}
		n.capture.frame(s, t.now, frame, comment)
	}
}
