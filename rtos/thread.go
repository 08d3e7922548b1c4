package rtos

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
	"sync/atomic"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// Thread is TX_THREAD. Its zero value is "not created"; ThreadCreate makes it
// a thread of the calling device. A Thread must not be copied once created.
type Thread struct {
	_  noCopy
	id uint32
	k  *Kernel

	name  string
	entry func(nx.ULONG)
	input nx.ULONG
	stack []byte

	priority      nx.UINT // effective, including mutex inheritance
	userPriority  nx.UINT
	threshold     nx.UINT // effective preemption threshold
	userThreshold nx.UINT
	timeSlice     nx.ULONG // ticks per slice (0 = none)
	sliceLeft     nx.ULONG
	state         nx.UINT
	runCount      nx.ULONG

	delayedSuspend bool // tx_thread_suspend while waiting: suspend when the wait ends
	timeout        internalTimer
	waitList       *WaitList
	waitInfo       any
	waitResult     any
	waitStatus     nx.Status
	timeoutStatus  nx.Status
	owned          []*Mutex // mutexes this thread owns, in acquisition order

	busyLeft    time.Duration // CPU time still to spend on the current charge
	yielding    bool          // parked in a charge so that due events run first
	svcDepth    int32         // nesting of costed services (only the outermost charges)
	service     string        // the C name of the outermost service it called last
	intDisabled bool          // tx_interrupt_control posture: interrupts masked
	runaway     bool          // the watchdog gave up on it: its goroutine is never resumed
	exiting     bool          // its TX_THREAD_EXIT notification is running
	goid        atomic.Uint64 // its goroutine, for the watchdog's report
	notify      func(*Thread, nx.UINT)

	started, returned, killed bool
	wake, done                chan struct{}
}

// noCopy makes go vet's copylocks check flag copies of control blocks.
type noCopy struct{}

func (*noCopy) Lock()   {}
func (*noCopy) Unlock() {}

// Name returns the name given at creation.
func (t *Thread) Name() string { return t.name }

// State returns the thread's TX_* state, as tx_thread_info_get reports it.
func (t *Thread) State() nx.UINT { return t.state }

// Kernel returns the device the thread belongs to.
func (t *Thread) Kernel() *Kernel { return t.k }

// String describes the thread for reports: name, state and priority.
func (t *Thread) String() string {
	return fmt.Sprintf("%q %s priority %d", t.name, stateName(t.state), t.priority)
}

var stateNames = [...]string{"TX_READY", "TX_COMPLETED", "TX_TERMINATED", "TX_SUSPENDED", "TX_SLEEP",
	"TX_QUEUE_SUSP", "TX_SEMAPHORE_SUSP", "TX_EVENT_FLAG", "TX_BLOCK_MEMORY", "TX_BYTE_MEMORY",
	"TX_IO_DRIVER", "TX_FILE", "TX_TCP_IP", "TX_MUTEX_SUSP", "TX_PRIORITY_CHANGE"}

func stateName(s nx.UINT) string {
	if int(s) < len(stateNames) {
		return stateNames[s]
	}
	return fmt.Sprintf("state %d", s)
}

// body is the thread's goroutine: the entry function framed by the
// entry/exit notifications, ending in exit.
func (t *Thread) body() {
	t.goid.Store(goroutineID())
	defer t.exit()
	if t.notify != nil {
		t.notify(t, nx.TX_THREAD_ENTRY)
	}
	t.entry(t.input)
	t.returned = true
}

// exit runs when the goroutine ends: the entry returned (TX_COMPLETED), the
// thread terminated itself, it panicked (the run fails, naming it), or it was
// killed (terminated by another thread, or the engine closed).
func (t *Thread) exit() {
	r := recover()
	if t.killed {
		close(t.done)
		return
	}
	k := t.k
	switch {
	case r != nil:
		k.engine.fail(fmt.Errorf("rtos: device %q: thread %q panicked at %v: %v\n%s", k.name, t.name, k.engine.now, r, debug.Stack()))
		t.finish(nx.TX_TERMINATED)
	case t.state == nx.TX_TERMINATED:
		// tx_thread_terminate on itself already did the bookkeeping.
	case t.returned:
		t.finish(nx.TX_COMPLETED)
	default:
		k.engine.fail(fmt.Errorf("rtos: device %q: thread %q exited through runtime.Goexit at %v (t.FailNow in a thread?)", k.name, t.name, k.engine.now))
		t.finish(nx.TX_TERMINATED)
	}
	close(t.done)
	k.engine.back <- struct{}{}
}

// finish ends the thread in state (TX_COMPLETED or TX_TERMINATED): it leaves
// whatever it was on, releases its mutexes and runs the exit notification.
func (t *Thread) finish(state nx.UINT) {
	k := t.k
	switch {
	case t.state == nx.TX_READY:
		k.unready(t)
	case t.state >= nx.TX_SLEEP:
		t.cancelWait()
	}
	t.state = state
	t.delayedSuspend = false
	k.wheel.deactivate(&t.timeout)
	releaseOwnedMutexes(t)
	if t.notify != nil {
		// While its own exit notification runs, the thread is still
		// leaving: ThreadX refuses to delete or reset it there
		// (threadx_thread_exit_callback_transition_test.c).
		t.exiting = true
		t.notify(t, nx.TX_THREAD_EXIT)
		t.exiting = false
	}
}

// park gives the baton back to the engine and waits to be dispatched again.
// The thread's state says why it stopped: still ready (preempted), waiting,
// busy, or ended.
func (t *Thread) park() {
	if u := t.k.handoffTarget(t); u != nil {
		t.k.handOff(u)
	} else {
		t.k.engine.back <- struct{}{}
	}
	<-t.wake
	if t.killed {
		runtime.Goexit()
	}
}

// kill ends a parked goroutine of a thread that will never run again.
func (t *Thread) kill() {
	if !t.started || t.killed || isClosed(t.done) {
		return
	}
	t.killed = true
	t.wake <- struct{}{}
	<-t.done
}

func isClosed(c chan struct{}) bool {
	select {
	case <-c:
		return true
	default:
		return false
	}
}

// blockedThreads lists every thread of every device when some thread waits
// for something (state TX_SLEEP or above); empty when none does.
func (e *Engine) blockedThreads() string {
	var b strings.Builder
	waiting := false
	for _, k := range e.kernels {
		for _, t := range k.threads {
			if t.state >= nx.TX_SLEEP {
				waiting = true
			}
			fmt.Fprintf(&b, "  device %q thread %s\n", k.name, t)
		}
	}
	if !waiting {
		return ""
	}
	return b.String()
}
