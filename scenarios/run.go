package scenarios

import (
	"bytes"
	"fmt"
	"net/netip"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
)

// run is one execution of a scenario: the engine, the network, the devices
// and the books the expectations are checked against.
type run struct {
	sc        *Scenario
	engine    *rtos.Engine
	network   *sim.Network
	segments  map[string]*sim.Segment
	kernels   map[string]*rtos.Kernel
	devices   []*Device
	addresses map[string]nx.ULONG
	masks     map[string]nx.ULONG
	stages    []installedStage
	rules     []*sim.Rule

	counters     map[string]uint64 // application counters
	calls        callBook
	failures     []string
	snapshots    map[Duration]map[string]uint64
	handshakes   map[string][]handshakeEnd // by device and group
	handshakeLog []HandshakeEnd            // every handshake once, in order
	cleanups     []func()                  // what OnNetwork hooks return
	bridge       *bridgeSpec               // nxsim bridge's host, or nil

	capture, keyLog, trace bytes.Buffer
	tl                     *rtos.Timeline
	frames                 []capturedFrame // the capture read back, once the run is over
	poolLow                map[*Device]int // the fewest free packets seen in each board's pool
}

// poolWatch is the engine's trace writer: it keeps the trace, and at every
// scheduling event notes how many packets each board's pool has left, so
// that the report can give each pool's low-water mark.
type poolWatch struct{ r *run }

func (w poolWatch) Write(p []byte) (int, error) {
	for _, d := range w.r.devices {
		if n := d.Pool.Available(); n < w.r.poolLow[d] {
			w.r.poolLow[d] = n
		}
	}
	return w.r.trace.Write(p)
}

// handshakeEnd is one handshake an application reported.
type handshakeEnd struct {
	at     time.Duration
	status nx.Status
}

// installedStage is a stage and the counter prefix it reports under.
type installedStage struct {
	prefix string
	stage  sim.Impairment
}

// progressStep is the virtual time RunFor advances at once: the run reports
// progress (when asked to) between steps.
const progressStep = time.Second

// execute runs the scenario in virtual time, or with a bridge (nil for
// none) in wall-clock mode. progress, if not nil, is called after every
// virtual second.
func execute(sc *Scenario, progress func(now, end time.Duration), bridge *bridgeSpec) (*run, error) {
	r := &run{sc: sc, segments: map[string]*sim.Segment{}, kernels: map[string]*rtos.Kernel{},
		addresses: map[string]nx.ULONG{}, masks: map[string]nx.ULONG{}, counters: map[string]uint64{},
		calls: callBook{}, snapshots: map[Duration]map[string]uint64{},
		handshakes: map[string][]handshakeEnd{}, poolLow: map[*Device]int{}}
	r.tl = rtos.NewTimeline()
	opts := []rtos.EngineOption{rtos.WithTrace(poolWatch{r}), rtos.WithTimeline(r.tl)}
	if bridge != nil {
		opts = append(opts, rtos.WithWallClock())
	}
	r.engine = rtos.NewEngine(sc.Seed, opts...)
	r.network = sim.NewNetwork(r.engine)
	r.network.Trace(&r.trace)
	r.network.KeyLogTo(&r.keyLog)
	for _, def := range sc.Segments {
		seg := r.network.Segment(def.Name)
		seg.Latency = def.Latency.D()
		seg.MTU = def.MTU
		r.segments[def.Name] = seg
	}
	if err := r.network.Capture(&r.capture); err != nil {
		return r, err
	}
	for _, hook := range hooks() {
		if done := hook(r.engine, r.network); done != nil {
			r.cleanups = append(r.cleanups, done)
		}
	}
	for _, def := range sc.Devices {
		r.addresses[def.Name] = ipv4(def.Address)
		mask := def.Mask
		if mask == "" {
			mask = "255.255.255.0"
		}
		r.masks[def.Name] = ipv4(mask)
	}
	for _, def := range sc.Devices {
		dev := &Device{def: def, run: r, stream: r.engine.Stream("device " + def.Name + " application")}
		r.devices = append(r.devices, dev)
		r.kernels[def.Name] = r.engine.AddKernel(def.Name, dev.define, def.kernelOptions()...)
		if def.Config != nil && def.Config.DisableTLS11 {
			securedtls.SetConfig(r.kernels[def.Name], securedtls.Config{DisableTLS11: true})
		}
		r.poolLow[dev] = dev.Pool.Available()
	}
	// The chains name devices, so they go in once the devices exist.
	for _, def := range sc.Segments {
		if err := r.install(def.Name, def.Impairments, ""); err != nil {
			return r, err
		}
	}
	if bridge != nil {
		r.bridge = bridge
		if err := r.attachBridge(bridge); err != nil {
			return r, err
		}
	}
	if err := r.schedule(); err != nil {
		return r, err
	}
	end := sc.Duration.D()
	now := time.Duration(0)
	for now < end && !bridge.stopped() {
		step := min(progressStep, end-now)
		if err := r.engine.RunFor(step); err != nil {
			return r, err
		}
		now += step
		if progress != nil {
			progress(now, end)
		}
	}
	// A bridged run stopped early (SIGINT) reports the time it reached.
	sc.Duration = Duration(now)
	return r, r.network.CaptureErr()
}

// schedule puts the network's timed events and the counter snapshots on
// the engine.
func (r *run) schedule() error {
	for _, o := range r.sc.Outages {
		for _, dev := range r.sc.members(o.Device) {
			if err := r.network.Outage(dev, o.From.D(), o.Until.D()); err != nil {
				return err
			}
		}
	}
	for _, p := range r.sc.Partitions {
		if err := r.network.Partition(p.From.D(), p.Until.D(), r.sc.allMembers(p.A), r.sc.allMembers(p.B)); err != nil {
			return err
		}
	}
	for _, c := range r.sc.Changes {
		err := r.network.At(c.At.D(), func() {
			for _, on := range c.Clear {
				k, _ := r.sc.parseOn(on)
				for _, key := range r.sc.expandChain(k) {
					r.fail(setChain(r.segments[c.Segment], key))
				}
			}
			r.fail(r.install(c.Segment, c.Impairments, fmt.Sprintf("@%v", c.At.D())))
		})
		if err != nil {
			return err
		}
	}
	for _, e := range r.sc.Expect {
		if e.Counter != nil && e.Counter.By > 0 {
			by := e.Counter.By
			r.engine.At(by.D(), func() { r.snapshots[by] = r.collect() })
		}
	}
	return nil
}

// fail records what went wrong in an engine event (a change the network
// refused) as a failure of the run.
func (r *run) fail(err error) {
	if err != nil {
		r.failures = append(r.failures, fmt.Sprintf("at %v: %v", r.engine.Now(), err))
	}
}

// install sets a segment's chains and keeps their stages and rules for the
// counters; suffix tells stages installed by a change from the first ones.
func (r *run) install(segment string, list []*Impairment, suffix string) error {
	built, err := r.sc.install(r.segments[segment], list)
	if err != nil {
		return err
	}
	for _, b := range built {
		r.stages = append(r.stages, installedStage{prefix: fmt.Sprintf("%s.%s.%s%s", segment, dotted(b.on), b.stage.Name(), suffix), stage: b.stage})
		r.rules = append(r.rules, b.rules...)
	}
	return nil
}

func dotted(k chainKey) string {
	switch k.kind {
	case "all":
		return "all"
	case "pair":
		return "pair." + k.a + "." + k.b
	}
	return k.kind + "." + k.a
}

func ipv4(s string) nx.ULONG {
	a := netip.MustParseAddr(s).As4()
	return nx.IP_ADDRESS(nx.ULONG(a[0]), nx.ULONG(a[1]), nx.ULONG(a[2]), nx.ULONG(a[3]))
}

// callBook counts the statuses of the calls applications report, by device
// and C service name.
type callBook map[string]map[string]map[nx.Status]uint64

func (b callBook) add(device, call string, st nx.Status) {
	if b[device] == nil {
		b[device] = map[string]map[nx.Status]uint64{}
	}
	if b[device][call] == nil {
		b[device][call] = map[nx.Status]uint64{}
	}
	b[device][call][st]++
}

// close ends every thread (the engine cannot run afterwards) and runs the
// hooks' cleanups.
func (r *run) close() {
	r.engine.Close()
	for _, done := range r.cleanups {
		done()
	}
}

// leaks returns the packets not back in their pools ("" if none).
func (r *run) leaks() string {
	if err := packetpool.CheckFull(r.engine); err != nil {
		return err.Error()
	}
	return ""
}
