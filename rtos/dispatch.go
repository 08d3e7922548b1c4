package rtos

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// run lets the kernel's threads run at the current instant until none can:
// the executing thread is handed the baton until it blocks, is preempted,
// or ends; the system timer thread's work runs inline; a thread in a Busy
// period keeps the CPU until an event. Then the next tick event is queued.
func (k *Kernel) run() {
	dispatches := 0
	for k.engine.err == nil {
		t := k.execute
		k.settleBusy(t)
		if t == nil || t.busyLeft > 0 {
			break
		}
		if t == k.timerThread {
			k.expireTimers()
			continue
		}
		if dispatches++; k.engine.zeroTimeLimit > 0 && dispatches > k.engine.zeroTimeLimit {
			k.engine.fail(fmt.Errorf("rtos: device %q: livelock at %v: threads were dispatched %d times without virtual time passing "+
				"(a loop that never sleeps, waits with a timeout or calls Busy); last thread %q", k.name, k.engine.now, dispatches-1, t.name))
			break
		}
		k.dispatch(t)
	}
	k.scheduleTick()
}

// settleBusy keeps the account of CPU time for Busy: the busy period of a
// thread that lost the CPU stops counting, and the executing thread's period
// starts (or resumes) counting now, to end with an event.
func (k *Kernel) settleBusy(t *Thread) {
	e := k.engine
	if b := k.busy; b != nil && b != t {
		b.busyLeft -= e.now - k.busyStart
		e.cancel(k.busyEvent)
		k.busy, k.busyEvent = nil, nil
	}
	if t == nil || t.busyLeft <= 0 || k.busy == t {
		return
	}
	k.busy, k.busyStart = t, e.now
	k.busyEvent = e.schedule(e.now+t.busyLeft, k, func() {
		t.busyLeft = 0
		k.busy, k.busyEvent = nil, nil
	})
}

// dispatch hands the baton to t's goroutine (starting it on first run) and
// waits until t gives it back.
func (k *Kernel) dispatch(t *Thread) {
	e := k.engine
	e.cur, k.current = k, t
	t.runCount++
	e.record(k, "run", t.name)
	if !t.started {
		t.started = true
		t.wake = make(chan struct{})
		t.done = make(chan struct{})
		go t.body()
	} else {
		t.wake <- struct{}{}
	}
	<-e.back
	e.cur, k.current = nil, nil
}

// expireTimers runs the system timer thread: every expiration function due
// at this tick, in the timer context, then the thread suspends again.
func (k *Kernel) expireTimers() {
	e := k.engine
	e.cur, k.current = k, k.timerThread
	k.timerThread.runCount++
	e.record(k, "timers", "")
	func() {
		defer func() {
			if r := recover(); r != nil {
				e.fail(fmt.Errorf("rtos: device %q: timer expiration function panicked at %v: %v\n%s", k.name, e.now, r, debug.Stack()))
			}
		}()
		k.wheel.process()
	}()
	e.cur, k.current = nil, nil
	k.timerThread.state = nx.TX_SUSPENDED // until a tick finds the next expired slot
	k.unready(k.timerThread)
}

// Interrupt schedules isr to run on the kernel in interrupt context at the
// virtual instant at (not before the current instant). This is how devices
// receive from the outside world: the simulated network raises the receiving
// device's driver interrupt at the instant a frame arrives. In isr, services
// behave as in a ThreadX ISR: nothing may suspend, and threads it makes ready
// run when it returns.
func (k *Kernel) Interrupt(at time.Duration, isr func()) {
	e := k.engine
	e.schedule(at, k, func() {
		e.cur = k
		k.isrDepth++
		e.record(k, "isr", "")
		defer func() {
			k.isrDepth--
			e.cur = nil
			if r := recover(); r != nil {
				e.fail(fmt.Errorf("rtos: device %q: interrupt handler panicked at %v: %v\n%s", k.name, e.now, r, debug.Stack()))
			}
		}()
		isr()
	})
}
