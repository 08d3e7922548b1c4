package sim

import (
	"fmt"
	"time"
)

// Link faults: outages of a device's ports and partitions between sets of
// devices, as windows of virtual time judged at both ends of a frame's way.

// window is a stretch of virtual time [from, until): the start is inside,
// the end is not (time edges inclusive, STYLE.md lesson 14).
type window struct{ from, until time.Duration }

func (w window) holds(at time.Duration) bool { return w.from <= at && at < w.until }

// checkWindow is nil if [from, until) is a non-empty window from 0 on.
func checkWindow(call string, from, until time.Duration) error {
	if from < 0 {
		return &ParamError{Stage: call, Field: "from", Value: from, Allowed: "an instant from 0 on"}
	}
	if until <= from {
		return &ParamError{Stage: call, Field: "until", Value: until, Allowed: fmt.Sprintf("an instant after from (%v)", from)}
	}
	return nil
}

// outage is a device's ports out for a window.
type outage struct {
	device string
	window
}

// Outage takes a device's ports out from one instant until another (a
// cable pulled out, with no link-status change NetX could see): a frame is
// lost if its sender's port is out at the instant it is sent, or its
// receiver's port is out at the instant it arrives (both judged when the
// frame is sent, against the outages declared by then: arrival instants
// are known at that point). The device must be known (see Segment.Egress)
// and the window not empty.
//
//	network.Outage("server", 2*time.Second, 5*time.Second)
func (n *Network) Outage(device string, from, until time.Duration) error {
	if err := firstError(n.checkDevice("Outage", "device", device), checkWindow("Outage", from, until)); err != nil {
		return err
	}
	n.outages = append(n.outages, outage{device, window{from, until}})
	return nil
}

// isOut says whether the device's ports are out at the instant.
func (n *Network) isOut(device string, at time.Duration) bool {
	for _, o := range n.outages {
		if o.device == device && o.holds(at) {
			return true
		}
	}
	return false
}

// partition is a cut between two sets of devices.
type partition struct {
	a, b map[string]bool
	window
}

// Partition cuts the devices of a off from those of b (both ways) from one
// instant until another; each side still reaches its own members. A frame
// between the sides is dropped if its send or its arrival instant falls in
// the window (judged when it is sent, as for Outage). Both sides must be
// non-empty sets of known devices with no device on both.
//
//	network.Partition(time.Second, 3*time.Second, []string{"client"}, []string{"server", "gateway"})
func (n *Network) Partition(from, until time.Duration, a, b []string) error {
	if err := checkWindow("Partition", from, until); err != nil {
		return err
	}
	for _, side := range []struct {
		field string
		names []string
	}{{"a", a}, {"b", b}} {
		if len(side.names) == 0 {
			return &ParamError{Stage: "Partition", Field: side.field, Value: "[]", Allowed: "at least one device"}
		}
		for _, d := range side.names {
			if err := n.checkDevice("Partition", side.field, d); err != nil {
				return err
			}
		}
	}
	p := &partition{a: set(a), b: set(b), window: window{from, until}}
	for d := range p.a {
		if p.b[d] {
			return &ParamError{Stage: "Partition", Field: "b", Value: d, Allowed: "devices not in a"}
		}
	}
	n.partitions = append(n.partitions, p)
	return nil
}

func set(names []string) map[string]bool {
	m := map[string]bool{}
	for _, s := range names {
		m[s] = true
	}
	return m
}

// partitioned says whether a partition in force at the instant separates
// the two devices.
func (n *Network) partitioned(from, to string, at time.Duration) bool {
	for _, p := range n.partitions {
		if p.holds(at) && ((p.a[from] && p.b[to]) || (p.b[from] && p.a[to])) {
			return true
		}
	}
	return false
}
