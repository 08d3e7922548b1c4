package packetpool

import (
	"fmt"
	"runtime"
	"strings"

	"github.com/nxsim/nxsim/rtos"
)

// Leak is one packet that is not back in its pool.
type Leak struct {
	Device   string
	Pool     string
	Index    int    // the packet's position in the pool
	Site     string // where it was allocated: function, file:line
	Holder   string // who holds it: "thread app", "ARP queue for 10.0.0.9", ...
	HandedAt string // where it was last handed over ("" if never since allocation)
}

// String describes the leak: device, pool, packet, holder, allocation site
// and last hand-over.
func (l Leak) String() string {
	s := fmt.Sprintf("device %q pool %q packet %d allocated at %s, held by %s", l.Device, l.Pool, l.Index, l.Site, l.Holder)
	if l.HandedAt != "" {
		s += ", last handed over at " + l.HandedAt
	}
	return s
}

// Leaks returns every packet of the pool that is allocated now.
func (p *Pool) Leaks() []Leak {
	var out []Leak
	for i := range p.packets {
		pkt := &p.packets[i]
		if pkt.state == stateAllocated {
			l := Leak{Device: p.k.Name(), Pool: p.name, Index: i, Site: siteString(pkt.site), Holder: pkt.holder.what}
			if pkt.holder.site != 0 {
				l.HandedAt = siteString(pkt.holder.site)
			}
			out = append(out, l)
		}
	}
	return out
}

func siteString(pc uintptr) string {
	if pc == 0 {
		return "unknown"
	}
	frame, _ := runtime.CallersFrames([]uintptr{pc}).Next()
	return fmt.Sprintf("%s %s:%d", frame.Function, frame.File, frame.Line)
}

// CheckFull returns an error listing every packet, of every pool of every
// device of the engine, that is not back in its pool, with its holder, the
// call site that allocated it and the last hand-over; nil when every pool
// is full.
func CheckFull(e *rtos.Engine) error {
	var lines []string
	for _, k := range e.Kernels() {
		for _, p := range Pools(k) {
			for _, l := range p.Leaks() {
				lines = append(lines, "  "+l.String())
			}
		}
	}
	if len(lines) == 0 {
		return nil
	}
	return fmt.Errorf("packetpool: %d packet(s) not back in their pools:\n%s", len(lines), strings.Join(lines, "\n"))
}
