package sim

import (
	"fmt"
	"time"
)

// Bandwidth serializes frames at BitsPerSecond, one at a time, behind a
// tail-drop queue. QueueBytes bounds the bytes waiting behind the frame
// being serialized (that frame does not count): a frame that finds the link
// idle goes at once whatever QueueBytes is, and one that finds it busy is
// dropped if it would make the waiting bytes exceed QueueBytes. With
// QueueBytes 0 nothing ever waits: a frame passes only on an idle link.
//
//	lan.Egress("client", &sim.Bandwidth{BitsPerSecond: 250_000, QueueBytes: 4096}) // a slow radio link
type Bandwidth struct {
	stage
	BitsPerSecond int64
	QueueBytes    int

	link []serialization // frames on the link or waiting, in order
}

// serialization is one frame's turn on the link.
type serialization struct {
	start, end time.Duration
	bytes      int
}

// Name is "bandwidth".
func (b *Bandwidth) Name() string { return "bandwidth" }

// Validate checks the rate is positive and the queue not negative.
func (b *Bandwidth) Validate() error {
	return firstError(checkAtLeast(b.Name(), "BitsPerSecond", b.BitsPerSecond, 1),
		checkAtLeast(b.Name(), "QueueBytes", int64(b.QueueBytes), 0))
}

func (b *Bandwidth) apply(t *transit) {
	b.forget(t.now)
	t.each(func(c *inFlight) []*inFlight {
		ready := t.now + c.delay
		waiting, busyUntil := 0, ready
		for _, s := range b.link {
			if s.start > ready {
				waiting += s.bytes
			}
			busyUntil = max(busyUntil, s.end)
		}
		if busyUntil > ready && waiting+len(c.data) > b.QueueBytes {
			b.stats.Dropped++
			t.note(b.Name(), fmt.Sprintf("dropped: queue full (%d bytes waiting)", waiting))
			return nil
		}
		end := busyUntil + time.Duration(int64(len(c.data))*8*int64(time.Second)/b.BitsPerSecond)
		b.link = append(b.link, serialization{start: busyUntil, end: end, bytes: len(c.data)})
		if busyUntil > ready {
			b.stats.Delayed++
			t.note(b.Name(), fmt.Sprintf("queued %v behind %d bytes", busyUntil-ready, waiting))
		}
		c.delay += end - ready
		return []*inFlight{c}
	})
}

// forget drops the frames whose serialization ended by now: no frame
// reaches the stage before the instant it is sent.
func (b *Bandwidth) forget(now time.Duration) {
	kept := b.link[:0]
	for _, s := range b.link {
		if s.end > now {
			kept = append(kept, s)
		}
	}
	b.link = kept
}
