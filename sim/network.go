package sim

import (
	"io"
	"time"

	"github.com/nxsim/nxsim/rtos"
)

// Network is the set of segments of one simulation, and their capture.
type Network struct {
	engine   *rtos.Engine
	segments []*Segment
	capture  *capture
}

// NewNetwork returns an empty network on the engine's clock.
func NewNetwork(e *rtos.Engine) *Network {
	return &Network{engine: e}
}

// Segment returns the switched Ethernet segment of that name, creating it
// (with no latency) the first time.
func (n *Network) Segment(name string) *Segment {
	for _, s := range n.segments {
		if s.name == name {
			return s
		}
	}
	s := &Segment{network: n, name: name, index: len(n.segments)}
	n.segments = append(n.segments, s)
	if n.capture != nil {
		n.capture.fail(n.capture.addSegment(s))
	}
	return s
}

// Segments returns the segments in creation order.
func (n *Network) Segments() []*Segment { return append([]*Segment(nil), n.segments...) }

// Capture writes, from now on, every frame of every segment to w as
// pcapng: one interface per segment, timestamps at CaptureEpoch plus
// virtual time, and no host information, so that the same run gives the
// same bytes. Each frame is flushed as it is written.
func (n *Network) Capture(w io.Writer) error {
	c := &capture{w: w, ifIndex: map[*Segment]int{}}
	for _, s := range n.segments {
		if err := c.addSegment(s); err != nil {
			return err
		}
	}
	n.capture = c
	return nil
}

// CaptureErr returns the first error writing the capture hit, if any.
func (n *Network) CaptureErr() error {
	if n.capture == nil {
		return nil
	}
	return n.capture.err
}

// CaptureEpoch is the wall-clock time a capture shows for virtual time 0.
var CaptureEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
