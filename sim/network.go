package sim

import (
	"fmt"
	"io"
	"time"

	"github.com/nxsim/nxsim/rtos"
)

// Network is the set of segments of one simulation, their capture, key log
// and trace.
type Network struct {
	engine   *rtos.Engine
	segments []*Segment
	capture  *capture
	keyLog   io.Writer
	traceTo  io.Writer

	down       map[string]int // devices in an outage (nested outages count)
	partitions []*partition
}

// NewNetwork returns an empty network on the engine's clock.
func NewNetwork(e *rtos.Engine) *Network {
	return &Network{engine: e, down: map[string]int{}}
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

// At runs fn at the virtual instant at: how impairments change during a
// run.
//
//	network.At(5*time.Second, func() { lan.Egress("client", &sim.Loss{P: 0.5}) })
func (n *Network) At(at time.Duration, fn func()) { n.engine.At(at, fn) }

// Trace writes one line per decision the network takes (a drop, a delay, a
// rule that acted...) to w: virtual time in nanoseconds, segment, frame
// number, direction, stage and what it did.
func (n *Network) Trace(w io.Writer) { n.traceTo = w }

func (n *Network) trace(line string) {
	if n.traceTo != nil {
		fmt.Fprintln(n.traceTo, line)
	}
}

// Outage takes a device's ports down from one instant until another: every
// frame it sends or that is sent to it meanwhile is dropped (a cable pulled
// out, with no link-status change NetX could see).
//
//	network.Outage("server", 2*time.Second, 5*time.Second)
func (n *Network) Outage(device string, from, until time.Duration) {
	n.At(from, func() { n.down[device]++ })
	n.At(until, func() { n.down[device]-- })
}

func (n *Network) isDown(device string) bool { return n.down[device] > 0 }

// partition is a cut between two sets of devices.
type partition struct {
	a, b   map[string]bool
	active bool
}

// Partition cuts the devices of a off from those of b (both ways) from one
// instant until another; each side still reaches its own members.
//
//	network.Partition(time.Second, 3*time.Second, []string{"client"}, []string{"server", "gateway"})
func (n *Network) Partition(from, until time.Duration, a, b []string) {
	p := &partition{a: set(a), b: set(b)}
	n.partitions = append(n.partitions, p)
	n.At(from, func() { p.active = true })
	n.At(until, func() { p.active = false })
}

func set(names []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range names {
		m[s] = true
	}
	return m
}

// cutOff says why a frame from one device cannot reach another ("" if it
// can): an outage of the receiver, or a partition between them.
func (n *Network) cutOff(from, to string) string {
	if n.isDown(to) {
		return "outage"
	}
	for _, p := range n.partitions {
		if p.active && ((p.a[from] && p.b[to]) || (p.b[from] && p.a[to])) {
			return "partition"
		}
	}
	return ""
}

// Capture writes, from now on, every frame of every segment to w as
// pcapng: one interface per segment, timestamps at CaptureEpoch plus
// virtual time, no host information (the same run gives the same bytes), a
// comment on every frame the network dropped or altered, and the key log
// as Decryption Secrets Blocks. Each block is flushed as it is written.
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

// KeyLogTo also writes every key-log line to w (an SSLKEYLOGFILE for tools
// that read one).
func (n *Network) KeyLogTo(w io.Writer) { n.keyLog = w }

// KeyLog records one NSS key-log line ("CLIENT_RANDOM <random>
// <master secret>"): into the capture at once, as a Decryption Secrets
// Block that therefore precedes every record sent after the secret was
// derived, and into the KeyLogTo writer.
func (n *Network) KeyLog(line string) error {
	if n.keyLog != nil {
		if _, err := fmt.Fprintln(n.keyLog, line); err != nil {
			return err
		}
	}
	if n.capture != nil {
		n.capture.secrets([]byte(line + "\n"))
		return n.capture.err
	}
	return nil
}

// CaptureEpoch is the wall-clock time a capture shows for virtual time 0.
var CaptureEpoch = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
