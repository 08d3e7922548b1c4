package sim

import (
	"fmt"
	"io"
	"reflect"
	"strings"
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

	outages    []outage
	partitions []*partition
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
		n.capture.fail(n.capture.add(wireInterface(s)))
	}
	return s
}

// Segments returns the segments in creation order.
func (n *Network) Segments() []*Segment { return append([]*Segment(nil), n.segments...) }

// At runs fn at the virtual instant at (not before the current instant):
// how impairments change during a run.
//
//	network.At(5*time.Second, func() { lan.Egress("client", &sim.Loss{P: 0.5}) })
func (n *Network) At(at time.Duration, fn func()) error {
	if fn == nil {
		return &ParamError{Stage: "At", Field: "fn", Value: nil, Allowed: "a function"}
	}
	if now := n.engine.Now(); at < now {
		return &ParamError{Stage: "At", Field: "at", Value: at, Allowed: fmt.Sprintf("an instant from now (%v) on", now)}
	}
	n.engine.At(at, fn)
	return nil
}

// Trace writes one line per decision the network takes (a drop, a delay, a
// rule that acted...) to w: virtual time in nanoseconds, segment, frame
// number, direction, stage and what it did.
func (n *Network) Trace(w io.Writer) { n.traceTo = w }

func (n *Network) trace(line string) {
	if n.traceTo != nil {
		fmt.Fprintln(n.traceTo, line)
	}
}

// checkDevice is nil if name is a device of the engine or a bridge.
func (n *Network) checkDevice(call, field, name string) error {
	var names []string
	for _, k := range n.engine.Kernels() {
		if k.Name() == name {
			return nil
		}
		names = append(names, k.Name())
	}
	for _, s := range n.segments {
		if s.Port(name) != nil {
			return nil
		}
	}
	return &ParamError{Stage: call, Field: field, Value: name,
		Allowed: "a device added to the engine or a bridge (" + strings.Join(names, ", ") + ")"}
}

// Capture writes, from now on, the network's frames to w as pcapng, at
// two kinds of capture point, each an interface of the file:
//
//   - the wire of each segment (interface "lan"): every frame once, as
//     sent, at its send instant, with a comment listing every decision the
//     network took (dropped frames included);
//   - the receive side of each port (interface "lan/server"): each copy a
//     port's driver took, at the instant its interrupt ran, as it arrived —
//     late, twice, cut or damaged — with a comment pointing back to the
//     frame as sent.
//
// points, if given, restricts the capture to those interfaces; each names a
// segment that exists ("lan") or a port's receive side on it
// ("lan/server"; a device's second port on the segment is "server.2").
// Timestamps are CaptureEpoch plus virtual time, with no host information
// (the same run gives the same bytes); the key log goes in as Decryption
// Secrets Blocks. Each block is flushed as it is written.
func (n *Network) Capture(w io.Writer, points ...string) error {
	if nilWriter(w) {
		return &ParamError{Stage: "Capture", Field: "w", Value: w, Allowed: "a writer (not nil: did os.Create fail?)"}
	}
	c := &capture{w: w, ifIndex: map[string]int{}}
	if len(points) > 0 {
		c.points = map[string]bool{}
		for _, p := range points {
			if err := n.checkPoint(p); err != nil {
				return err
			}
			c.points[p] = true
		}
	}
	for _, s := range n.segments {
		if err := c.add(wireInterface(s)); err != nil {
			return err
		}
		for _, p := range s.ports {
			if err := c.add(receiveInterface(p)); err != nil {
				return err
			}
		}
	}
	n.capture = c
	return nil
}

// nilWriter says whether w is nil, also a nil pointer in the interface (the
// *os.File of a failed os.Create).
func nilWriter(w io.Writer) bool {
	if w == nil {
		return true
	}
	v := reflect.ValueOf(w)
	return v.Kind() == reflect.Pointer && v.IsNil()
}

// checkPoint is nil if the capture point names a segment of the network,
// alone or with a port name.
func (n *Network) checkPoint(point string) error {
	seg, port, _ := strings.Cut(point, "/")
	for _, s := range n.segments {
		if s.name == seg && (port == "" || !strings.Contains(port, "/")) {
			return nil
		}
	}
	return &ParamError{Stage: "Capture", Field: "point", Value: point, Allowed: "a segment (\"lan\") or a port's receive side (\"lan/server\")"}
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
