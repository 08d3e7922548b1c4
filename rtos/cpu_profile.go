package rtos

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Cost is what one call of an operation costs a device's CPU: a fixed number
// of cycles per call plus cycles per byte the operation touches (checksums,
// copies, record protection). Costs are integers from a profile, never
// measured, so a run is the same on every host.
type Cost struct {
	Cycles        uint64 // per call
	CyclesPerByte uint64 // per byte processed (0 for per-call-only operations)
}

// Profile is a device's CPU: its clock and the cost of every costed
// operation (ThreadX, NetX and DTLS services, crypto operations). An
// operation's cost comes from the profile's Overrides, else from the figure
// the operation declares for the profile's Family (NewOp), else from its
// figure for Base, else Fallback.
type Profile struct {
	Name      string          // how scenarios and ProfileByName call it
	ClockHz   uint64          // cycles per second
	Family    string          // which column of the operations' declared figures applies
	Base      string          // the column for an operation with no figure for Family ("" for none)
	Fallback  Cost            // an operation with no figure for Family or Base
	Overrides map[string]Cost // by operation name (the C service name, e.g. "tx_queue_send")
	Doc       string          // the processor and where the figures come from
}

// Profile families: the columns of figures an operation declares with NewOp.
const (
	FamilyMCU  = "mcu"  // a Cortex-M4-class microcontroller without crypto acceleration
	FamilyHost = "host" // the real NetX Duo test build on a Linux host
)

// ProfileZero costs nothing: emulated code takes no virtual time, as in the
// first versions of nxsim. Tests of pure logic use it; a loop that lets no
// virtual time pass then ends the run with a livelock report.
var ProfileZero = &Profile{Name: "zero", ClockHz: 1_000_000_000, Family: "zero",
	Doc: "no CPU cost at all: pure logic"}

// ProfileDefault is the profile of a device created without one: a Cortex-M4
// at 100 MHz running from flash with no crypto accelerator.
//
// ThreadX publishes no per-service cycle counts, so its services' figures
// are those Keil publishes for its RTX kernel on Cortex-M (RL-ARM User's
// Guide, "Timing Specifications", LPC1768), a kernel of the same class and
// structure: 70-120 cycles for a service that switches nothing, about 200
// more for one that switches threads. NetX and DTLS operations declare their
// own figures next to their code, with their sources.
var ProfileDefault = &Profile{Name: "cortex-m4-100mhz", ClockHz: 100_000_000, Family: FamilyMCU,
	Fallback: Cost{Cycles: 100},
	Doc:      "Cortex-M4 at 100 MHz, software crypto; kernel figures from Keil RTX's published Cortex-M timings"}

// ProfileHost is calibrated to what the real NetX Duo regression build did on
// a Linux host (reference/netx-observed.md §5: a PSK handshake in 0-1 tick,
// an RSA-2048 handshake in 7-8 ticks of 10 ms, most of it the server's RSA
// private operation: see securedtls/cpu_pk.go). The ports of the C regression suites run
// on it. Kernel services cost what a call into the ThreadX Linux port costs
// there: a few hundred nanoseconds.
var ProfileHost = &Profile{Name: "host", ClockHz: 1_000_000_000, Family: FamilyHost,
	Fallback: Cost{Cycles: 200},
	Doc:      "the ThreadX Linux port on an x86-64 host; DTLS figures calibrated to netx-observed.md §5"}

var profiles = map[string]*Profile{}

func init() {
	for _, p := range []*Profile{ProfileZero, ProfileDefault, ProfileHost, ProfileM33PKA, ProfileM0Plus} {
		RegisterProfile(p)
	}
}

// RegisterProfile makes p known to ProfileByName (scenario files name
// profiles). Registering a second profile under a name replaces the first.
func RegisterProfile(p *Profile) { profiles[p.Name] = p }

// ProfileByName returns a registered profile: "zero", "host",
// "cortex-m4-100mhz" (the default), "cortex-m33-pka-160mhz",
// "cortex-m0plus-48mhz", or one added with RegisterProfile.
func ProfileByName(name string) (*Profile, error) {
	if p, ok := profiles[name]; ok {
		return p, nil
	}
	return nil, fmt.Errorf("rtos: unknown CPU profile %q (known: %s)", name, strings.Join(slices.Sorted(maps.Keys(profiles)), ", "))
}

// With returns a copy of p whose costs for the named operations are
// replaced (a scenario's per-service overrides).
func (p *Profile) With(overrides map[string]Cost) *Profile {
	q := *p
	q.Overrides = maps.Clone(p.Overrides)
	if q.Overrides == nil {
		q.Overrides = map[string]Cost{}
	}
	maps.Copy(q.Overrides, overrides)
	return &q
}

// CostOf returns the cost p gives the named operation.
func (p *Profile) CostOf(op *Op) Cost {
	if c, ok := p.Overrides[op.name]; ok {
		return c
	}
	if c, ok := op.figures[p.Family]; ok {
		return c
	}
	if c, ok := op.figures[p.Base]; ok && p.Base != "" {
		return c
	}
	if p.Family == "zero" {
		return Cost{}
	}
	return p.Fallback
}

// duration converts cycles to virtual time at the profile's clock.
func (p *Profile) duration(cycles uint64) time.Duration {
	if cycles == 0 || p.ClockHz == 0 {
		return 0
	}
	return time.Duration(cycles * uint64(time.Second) / p.ClockHz)
}

// Op is a costed operation: a public service (named by its C name) or a
// piece of work inside one (a crypto operation, a driver's receive ISR).
// Packages register their operations once, at initialization, with NewOp.
type Op struct {
	id      int
	name    string
	figures map[string]Cost
}

// Name returns the operation's name.
func (op *Op) Name() string { return op.name }

var ops []*Op

// NewOp registers a costed operation with its figures per profile family
// (FamilyMCU, FamilyHost); a family without a figure uses the profile's
// Fallback. Call it from a package-level variable initializer.
func NewOp(name string, figures map[string]Cost) *Op {
	op := &Op{id: len(ops), name: name, figures: figures}
	ops = append(ops, op)
	return op
}

// kernelCosts is a profile resolved for the operations known so far: the
// per-call duration and the per-byte cycles of each operation, by Op.id.
type kernelCosts struct {
	profile *Profile
	call    []time.Duration
	perByte []uint64
}

func (c *kernelCosts) resolve() {
	for len(c.call) < len(ops) {
		op := ops[len(c.call)]
		cost := c.profile.CostOf(op)
		c.call = append(c.call, c.profile.duration(cost.Cycles))
		c.perByte = append(c.perByte, cost.CyclesPerByte)
	}
}

// of returns the virtual time one call of op over n bytes costs.
func (c *kernelCosts) of(op *Op, n int) time.Duration {
	if op.id >= len(c.call) {
		c.resolve()
	}
	d := c.call[op.id]
	if n > 0 && c.perByte[op.id] != 0 {
		d += c.profile.duration(c.perByte[op.id] * uint64(n))
	}
	return d
}
