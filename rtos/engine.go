package rtos

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
	"time"
)

// Engine is one simulation: the virtual clock, the event queue and the
// kernels (devices) that share them. Create it with NewEngine, add devices
// with AddKernel, and advance it with RunFor. Its methods are called from
// outside the simulation (the test or the command), never from emulated code.
type Engine struct {
	seed    uint64
	now     time.Duration
	seq     uint64
	queue   eventQueue
	kernels []*Kernel

	back chan struct{} // a thread goroutine gives the baton back here
	cur  *Kernel       // the device whose code holds the baton, if any

	hash     traceHash
	trace    io.Writer
	timeline *Timeline

	wall *wallClock // non-nil in wall-clock mode

	err    error // sticky: a thread panicked, or the run cannot go on
	closed bool

	zeroTimeLimit int // dispatches and service calls at one instant; 0: no limit
	workAt        time.Duration
	workCount     int

	profile  *Profile // of kernels created without their own
	watch    watchdog
	running  atomic.Bool   // inside RunFor
	deadline time.Duration // where the current RunFor stops
}

// EngineOption configures an Engine.
type EngineOption func(*Engine)

// WithTrace writes one line per scheduling event (thread switch, interrupt,
// timer expiration) to w. The lines are what TraceHash hashes, so two runs
// whose hashes differ can be compared line by line.
func WithTrace(w io.Writer) EngineOption {
	return func(e *Engine) { e.trace = w }
}

// DefaultZeroTimeLimit is how many thread dispatches and service calls the
// engine makes at a single virtual instant before RunFor reports a livelock.
const DefaultZeroTimeLimit = 1_000_000

// WithZeroTimeLimit changes DefaultZeroTimeLimit; 0 removes the limit. With
// a profile that charges nothing (ProfileZero), threads that keep calling
// services or handing the CPU to each other without ever sleeping or
// waiting with a timeout would otherwise hold the clock still forever.
func WithZeroTimeLimit(n int) EngineOption {
	return func(e *Engine) { e.zeroTimeLimit = n }
}

// WithProfile sets the CPU profile of every device created without one
// (KernelProfile); the default is ProfileDefault.
func WithProfile(p *Profile) EngineOption {
	return func(e *Engine) { e.profile = p }
}

// NewEngine returns an engine with its virtual clock at 0. The seed is the
// root of every random stream of the simulation (see Stream).
func NewEngine(seed uint64, opts ...EngineOption) *Engine {
	e := &Engine{seed: seed, back: make(chan struct{}), hash: newTraceHash(), zeroTimeLimit: DefaultZeroTimeLimit,
		profile: ProfileDefault, watch: newWatchdog(DefaultWatchdog)}
	for _, o := range opts {
		o(e)
	}
	return e
}

// simBaton serializes engines: emulated code finds its engine through active,
// so only one engine may run emulated code in a process at a time.
var (
	simBaton sync.Mutex
	active   atomic.Pointer[Engine]
)

func (e *Engine) acquire() func() {
	simBaton.Lock()
	active.Store(e)
	return func() {
		active.Store(nil)
		simBaton.Unlock()
	}
}

// Now returns the virtual time since the engine started.
func (e *Engine) Now() time.Duration { return e.now }

// Seed returns the seed the engine was created with.
func (e *Engine) Seed() uint64 { return e.seed }

// TraceHash returns the running FNV-1a hash of every scheduling event so far.
// Two runs of the same program with the same seed have the same hash at the
// same virtual instant.
func (e *Engine) TraceHash() uint64 { return uint64(e.hash) }

// ErrDeadlock is wrapped by the error RunFor returns when threads wait for
// something that can never happen: nothing is ready and no event is pending.
var ErrDeadlock = errors.New("rtos: every thread is blocked and no event is pending")

// ErrClosed is returned by RunFor after Close.
var ErrClosed = errors.New("rtos: engine closed")

// RunFor advances virtual time by d, running every thread, timer and
// interrupt that is due. It returns an error if a thread panicked (naming the
// device and thread), or if every thread is blocked with nothing pending
// (wrapping ErrDeadlock, with every thread's state); the clock then stands at
// the end of the period.
func (e *Engine) RunFor(d time.Duration) error {
	switch {
	case e.closed:
		return ErrClosed
	case e.err != nil:
		return e.err
	case d < 0:
		return fmt.Errorf("rtos: RunFor(%v): a negative duration", d)
	case !e.running.CompareAndSwap(false, true):
		return errors.New("rtos: RunFor called while the engine runs (from emulated code, or from two goroutines at once)")
	}
	defer e.running.Store(false)
	release := e.acquire()
	defer release()
	defer e.watch.start()()
	deadline := e.now + d
	e.deadline = deadline
	for e.err == nil {
		if e.wall != nil {
			if !e.wall.waitNext(e, deadline) {
				break
			}
			continue
		}
		if len(e.queue) == 0 || e.queue[0].at > deadline {
			break
		}
		e.step(popEvent(e))
	}
	if e.err != nil {
		return e.err
	}
	e.now = deadline
	if len(e.queue) == 0 && e.wall == nil {
		if blocked := e.blockedThreads(); blocked != "" {
			return fmt.Errorf("%w at %v:\n%s", ErrDeadlock, e.now, blocked)
		}
	}
	return nil
}

// step runs one event at its instant, then lets its kernel run whatever the
// event made ready.
func (e *Engine) step(ev *event) {
	e.now = ev.at
	k := ev.kernel
	if k == nil {
		ev.fn()
		for _, k := range e.kernels {
			k.run()
		}
		return
	}
	k.catchUpTicks()
	ev.fn()
	k.run()
}

// fail records the first fatal error of the run.
func (e *Engine) fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// Close ends the goroutine of every thread that has not finished. The engine
// cannot run afterwards. Deferred functions of those threads run with no
// device context: services they call return caller errors.
func (e *Engine) Close() {
	if e.closed {
		return
	}
	e.closed = true
	for _, k := range e.kernels {
		for _, t := range k.threads {
			if !t.runaway {
				t.kill()
			}
		}
	}
}

// At runs fn at the virtual instant at (not before the current instant), as
// an engine event in no device's context; every device then runs what fn
// made ready. The simulated network uses it to change impairments at
// scheduled instants. Call it from outside the simulation between runs, or
// from the engine's own events.
func (e *Engine) At(at time.Duration, fn func()) {
	e.schedule(at, nil, fn)
}
