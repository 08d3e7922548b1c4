package sim

import (
	"fmt"
	"time"
)

// Delay adds Base plus a uniform jitter in [-Jitter, +Jitter] (never below
// zero) to each frame. Frames keep their order unless AllowReorder: a frame
// whose draw would arrive before the previous one waits for it.
//
//	lan.Pair("client", "server", &sim.Delay{Base: 40 * time.Millisecond, Jitter: 10 * time.Millisecond})
type Delay struct {
	stage
	Base, Jitter time.Duration
	AllowReorder bool

	last time.Duration // arrival of the previous frame
}

// Name is "delay".
func (d *Delay) Name() string { return "delay" }

// Validate checks Base and Jitter are delays in [0, 24 h]: a negative
// delay would make frames faster than the segment's latency.
func (d *Delay) Validate() error {
	return firstError(checkDelay(d.Name(), "Base", d.Base), checkDelay(d.Name(), "Jitter", d.Jitter))
}

func (d *Delay) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		extra := d.Base
		if d.Jitter > 0 {
			extra += time.Duration(d.rng.Int64N(int64(2*d.Jitter)+1)) - d.Jitter
		}
		extra = max(extra, 0)
		arrival := t.now + c.delay + extra
		if !d.AllowReorder && arrival < d.last {
			arrival = d.last
		}
		d.last = max(d.last, arrival)
		if added := arrival - t.now - c.delay; added > 0 {
			d.stats.Delayed++
			c.delay += added
			t.note(d.Name(), fmt.Sprintf("delayed %v", added))
		}
		return []*inFlight{c}
	})
}

// Reorder holds a frame back by Gap with probability P, so that the frames
// behind it overtake it.
//
//	lan.Egress("server", &sim.Reorder{P: 0.2, Gap: 5 * time.Millisecond})
type Reorder struct {
	stage
	P   float64
	Gap time.Duration
}

// Name is "reorder".
func (r *Reorder) Name() string { return "reorder" }

// Validate checks P is a probability and Gap a delay in [0, 24 h].
func (r *Reorder) Validate() error {
	return firstError(checkProbability(r.Name(), "P", r.P), checkDelay(r.Name(), "Gap", r.Gap))
}

func (r *Reorder) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if r.rng.Float64() < r.P {
			r.stats.Reordered++
			c.delay += r.Gap
			t.note(r.Name(), fmt.Sprintf("held back %v", r.Gap))
		}
		return []*inFlight{c}
	})
}

// Duplicate sends a frame twice with probability P (the copy arrives with
// it).
//
//	lan.Impair(&sim.Duplicate{P: 0.01})
type Duplicate struct {
	stage
	P float64
}

// Name is "duplicate".
func (d *Duplicate) Name() string { return "duplicate" }

// Validate checks P is a probability.
func (d *Duplicate) Validate() error { return checkProbability(d.Name(), "P", d.P) }

func (d *Duplicate) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if d.rng.Float64() < d.P {
			d.stats.Duplicated++
			t.note(d.Name(), "duplicated")
			return []*inFlight{c, c.clone()}
		}
		return []*inFlight{c}
	})
}

// MTU drops frames whose IP packet is longer than Bytes: a path with a
// smaller MTU than the devices' interfaces. (The segment's own MTU is what
// the driver reports to NetX, which fragments or drops before sending.)
//
//	lan.Pair("client", "server", &sim.MTU{Bytes: 576})
type MTU struct {
	stage
	Bytes int
}

// Name is "mtu".
func (m *MTU) Name() string { return "mtu" }

// minimumMTU is the MTU every IPv4 link must carry (RFC 791 §3.2: 68
// octets without further fragmentation).
const minimumMTU = 68

// Validate checks Bytes is an MTU in [68, 65535].
func (m *MTU) Validate() error {
	if m.Bytes >= minimumMTU && m.Bytes <= 65535 {
		return nil
	}
	return &ParamError{Stage: m.Name(), Field: "Bytes", Value: m.Bytes, Allowed: "an IP MTU in [68, 65535] (RFC 791 §3.2)"}
}

func (m *MTU) apply(t *transit) {
	t.each(func(c *inFlight) []*inFlight {
		if n := ipLength(c.data); n > m.Bytes {
			m.stats.Dropped++
			t.note(m.Name(), fmt.Sprintf("dropped: %d-byte packet over the %d-byte MTU", n, m.Bytes))
			return nil
		}
		return []*inFlight{c}
	})
}
