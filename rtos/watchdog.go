package rtos

import (
	"bytes"
	"fmt"
	"runtime"
	"strconv"
	"sync/atomic"
	"time"
)

// This file reads the wall clock on purpose: the watchdog is the one guard
// that cannot be virtual. A thread that runs Go code for a long time without
// calling any service cannot be preempted (only services are interrupt
// points), so the engine would wait for it forever; the watchdog measures
// the wall time the thread spends in its own code between two service calls
// (time inside nxsim's services does not count) and, past the threshold,
// ends the run with an error naming the device, the thread, the virtual
// instant and the thread's stack. Whether it fires depends on the host's
// speed, and its error says so.

// DefaultWatchdog is the wall time a thread may spend in its own code
// between two service calls before the run fails.
const DefaultWatchdog = 60 * time.Second

// WithWatchdog changes DefaultWatchdog; 0 disables the watchdog.
func WithWatchdog(d time.Duration) EngineOption {
	return func(e *Engine) { e.watch.limit = d }
}

// watchdog is the engine's view of emulated code: which thread holds the
// baton, whether it is in its own code (not inside a service), and how many
// services have been entered, which the monitor goroutine samples.
type watchdog struct {
	limit  time.Duration
	calls  atomic.Uint64
	inUser atomic.Bool
	who    atomic.Pointer[Thread]
	at     atomic.Int64 // the virtual instant of the last dispatch
	fired  chan error
}

func newWatchdog(limit time.Duration) watchdog {
	return watchdog{limit: limit, fired: make(chan error, 1)}
}

// enterService and leaveService bracket the outermost service of a thread.
func (w *watchdog) enterService() {
	w.inUser.Store(false)
	w.calls.Add(1)
}

func (w *watchdog) leaveService() { w.inUser.Store(true) }

// dispatched records the thread given the baton; it resumes inside a
// service, or at its entry function when it starts.
func (w *watchdog) dispatched(t *Thread, now time.Duration) {
	w.at.Store(int64(now))
	w.who.Store(t)
	w.inUser.Store(!t.started)
}

// parked records that the baton came back.
func (w *watchdog) parked() { w.inUser.Store(false) }

// start runs the monitor for one RunFor; the returned function stops it.
func (w *watchdog) start() func() {
	if w.limit <= 0 {
		return func() {}
	}
	stop := make(chan struct{})
	go w.monitor(stop)
	return func() { close(stop) }
}

// monitor samples the watchdog until stopped or fired.
func (w *watchdog) monitor(stop chan struct{}) {
	period := max(w.limit/20, time.Millisecond)
	ticker := time.NewTicker(period)
	defer ticker.Stop()
	var since time.Time
	var calls uint64
	for {
		select {
		case <-stop:
			return
		case now := <-ticker.C:
			c := w.calls.Load()
			if !w.inUser.Load() || since.IsZero() || c != calls {
				since, calls = now, c
				continue
			}
			if now.Sub(since) >= w.limit {
				w.fired <- w.report()
				return
			}
		}
	}
}

// report describes the runaway thread. The engine's own fields are not
// read (the monitor is another goroutine): the instant is the one recorded
// when the thread got the baton.
func (w *watchdog) report() error {
	t := w.who.Load()
	if t == nil {
		return fmt.Errorf("rtos: watchdog: emulated code ran %v of wall time without calling a service", w.limit)
	}
	return fmt.Errorf("rtos: device %q: thread %q ran Go code for %v of wall time without calling any service (virtual instant %v); "+
		"a loop that calls no service needs rtos.Busy(cost) in each iteration. This error depends on the wall clock "+
		"(WithWatchdog sets the threshold, 0 disables it). Its stack:\n%s",
		t.k.name, t.name, w.limit, time.Duration(w.at.Load()), goroutineStack(t.goid.Load()))
}

// goroutineID returns the calling goroutine's id, parsed from its stack
// header ("goroutine 42 [running]:").
func goroutineID() uint64 {
	buf := make([]byte, 64)
	buf = buf[:runtime.Stack(buf, false)]
	buf = bytes.TrimPrefix(buf, []byte("goroutine "))
	if i := bytes.IndexByte(buf, ' '); i > 0 {
		id, _ := strconv.ParseUint(string(buf[:i]), 10, 64)
		return id
	}
	return 0
}

// goroutineStack returns the stack of goroutine id, taken from a dump of
// all goroutines.
func goroutineStack(id uint64) string {
	buf := make([]byte, 1<<20)
	buf = buf[:runtime.Stack(buf, true)]
	header := []byte("goroutine " + strconv.FormatUint(id, 10) + " [")
	for _, g := range bytes.Split(buf, []byte("\n\n")) {
		if bytes.HasPrefix(g, header) {
			return string(g)
		}
	}
	return "(stack not found)"
}
