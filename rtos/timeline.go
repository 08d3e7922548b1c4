package rtos

import (
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"time"
)

// Timeline records the scheduling of a run for the Trace Event format that
// ui.perfetto.dev and chrome://tracing open: one process per device, one
// track per thread with its running, ready and suspended slices (a suspended
// slice is named after the service and the object it waits on), and
// interrupts and timer expirations as instants on the device's "interrupts"
// track. Attach it with WithTimeline, then WriteTo after the run. Other
// layers add their own instants and flows (the network's frames) with
// Instant and Flow.
type Timeline struct {
	events  []traceEvent
	devices map[*Kernel]*deviceTracks
	order   []*Kernel
	end     time.Duration
	flowID  int
}

// traceEvent is one Trace Event format record.
type traceEvent struct {
	Name  string         `json:"name"`
	Cat   string         `json:"cat,omitempty"`
	Ph    string         `json:"ph"`
	Ts    float64        `json:"ts"` // microseconds
	Dur   *float64       `json:"dur,omitempty"`
	Pid   int            `json:"pid"`
	Tid   int            `json:"tid"`
	ID    int            `json:"id,omitempty"`
	Bp    string         `json:"bp,omitempty"`
	Scope string         `json:"s,omitempty"`
	Args  map[string]any `json:"args,omitempty"`
}

// deviceTracks is the open slice of every thread track of one device.
type deviceTracks struct {
	pid     int
	tids    map[string]int
	open    map[string]openSlice
	running string
}

type openSlice struct {
	name  string
	start time.Duration
}

// NewTimeline returns an empty timeline.
func NewTimeline() *Timeline { return &Timeline{devices: map[*Kernel]*deviceTracks{}} }

// WithTimeline records the run's scheduling into tl.
func WithTimeline(tl *Timeline) EngineOption {
	return func(e *Engine) { e.timeline = tl }
}

// interruptsTid is the track of a device's interrupts and timer expirations.
const interruptsTid = 1

func (tl *Timeline) device(k *Kernel) *deviceTracks {
	d := tl.devices[k]
	if d == nil {
		d = &deviceTracks{pid: k.index + 1, tids: map[string]int{}, open: map[string]openSlice{}}
		tl.devices[k] = d
		tl.order = append(tl.order, k)
		tl.events = append(tl.events,
			traceEvent{Name: "process_name", Ph: "M", Pid: d.pid, Args: map[string]any{"name": "device " + k.name}},
			traceEvent{Name: "thread_name", Ph: "M", Pid: d.pid, Tid: interruptsTid, Args: map[string]any{"name": "interrupts"}})
	}
	return d
}

func (tl *Timeline) tid(d *deviceTracks, thread string) int {
	id, ok := d.tids[thread]
	if !ok {
		id = len(d.tids) + interruptsTid + 1
		d.tids[thread] = id
		tl.events = append(tl.events, traceEvent{Name: "thread_name", Ph: "M", Pid: d.pid, Tid: id, Args: map[string]any{"name": thread}})
	}
	return id
}

func micros(d time.Duration) float64 { return float64(d) / float64(time.Microsecond) }

// state closes the thread's open slice and opens one named name.
func (tl *Timeline) state(d *deviceTracks, thread, name string, now time.Duration) {
	if o, ok := d.open[thread]; ok {
		if o.name == name {
			return
		}
		dur := micros(now - o.start)
		tl.events = append(tl.events, traceEvent{Name: o.name, Cat: "thread", Ph: "X", Ts: micros(o.start), Dur: &dur,
			Pid: d.pid, Tid: tl.tid(d, thread)})
	}
	if name == "" {
		delete(d.open, thread)
		return
	}
	tl.tid(d, thread)
	d.open[thread] = openSlice{name: name, start: now}
}

// observe takes one scheduling record of the engine.
func (tl *Timeline) observe(k *Kernel, now time.Duration, what, who, detail string) {
	tl.end = max(tl.end, now)
	d := tl.device(k)
	switch what {
	case "run":
		if d.running != "" && d.running != who {
			if o := d.open[d.running]; o.name == "running" {
				tl.state(d, d.running, "ready", now)
			}
		}
		d.running = who
		tl.state(d, who, "running", now)
	case "suspend":
		tl.state(d, who, "suspended: "+detail, now)
		if d.running == who {
			d.running = ""
		}
	case "terminate":
		tl.state(d, who, "", now)
	case "isr", "timers":
		name := "interrupt"
		if what == "timers" {
			name = "timer expirations"
		}
		tl.events = append(tl.events, traceEvent{Name: name, Cat: what, Ph: "i", Ts: micros(now), Pid: d.pid, Tid: interruptsTid, Scope: "t"})
	}
}

// Instant adds a named instant to a device's interrupts track.
func (tl *Timeline) Instant(k *Kernel, at time.Duration, name string, args map[string]any) {
	d := tl.device(k)
	tl.events = append(tl.events, traceEvent{Name: name, Cat: "net", Ph: "i", Ts: micros(at), Pid: d.pid, Tid: interruptsTid, Scope: "t", Args: args})
}

// Flow adds an arrow from one device at one instant to another at a later
// one (a frame on the network), with a short slice at each end to hold it.
func (tl *Timeline) Flow(from *Kernel, sent time.Duration, to *Kernel, arrived time.Duration, name string) {
	tl.flowID++
	src, dst := tl.device(from), tl.device(to)
	one := 1.0
	tl.events = append(tl.events,
		traceEvent{Name: name, Cat: "net", Ph: "X", Ts: micros(sent), Dur: &one, Pid: src.pid, Tid: interruptsTid},
		traceEvent{Name: name, Cat: "net", Ph: "s", Ts: micros(sent), Pid: src.pid, Tid: interruptsTid, ID: tl.flowID},
		traceEvent{Name: name, Cat: "net", Ph: "X", Ts: micros(arrived), Dur: &one, Pid: dst.pid, Tid: interruptsTid},
		traceEvent{Name: name, Cat: "net", Ph: "f", Bp: "e", Ts: micros(arrived), Pid: dst.pid, Tid: interruptsTid, ID: tl.flowID})
}

// WriteTo writes the timeline as Trace Event JSON; slices still open end
// at the last recorded instant.
func (tl *Timeline) WriteTo(w io.Writer) (int64, error) {
	for _, k := range tl.order {
		d := tl.devices[k]
		for _, thread := range slices.Sorted(maps.Keys(d.open)) {
			tl.state(d, thread, "", tl.end)
		}
	}
	b, err := json.Marshal(struct {
		TraceEvents     []traceEvent `json:"traceEvents"`
		DisplayTimeUnit string       `json:"displayTimeUnit"`
	}{tl.events, "ns"})
	if err != nil {
		return 0, fmt.Errorf("rtos: timeline: %w", err)
	}
	n, err := w.Write(b)
	return int64(n), err
}
