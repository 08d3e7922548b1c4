package rtos

import (
	"fmt"
	"runtime/debug"

	"github.com/nxsim/nxsim/nx"
)

// run lets the kernel's threads run at the current instant until none can:
// the executing thread is handed the baton until it blocks, is preempted,
// ends or starts a charge that needs events to pass; the system timer
// thread's work runs inline; nothing runs while ISR or timer code still
// holds the CPU (cpuFreeAt); interrupts a masked thread held off are taken
// as soon as no masked thread has the CPU. Then the next tick is queued.
func (k *Kernel) run() {
	e := k.engine
	for e.err == nil {
		if k.held && !k.masked() {
			k.takeHeld()
		}
		t := k.execute
		k.settleBusy(t)
		if t == nil || t.busyLeft > 0 || t.yielding {
			break
		}
		if e.now < k.cpuFreeAt {
			k.waitForCPU()
			break
		}
		if t == k.timerThread {
			k.expireTimers()
			continue
		}
		if e.countWork(k); e.err != nil {
			break
		}
		k.scheduleTick()
		k.dispatch(t)
	}
	k.scheduleTick()
}

// settleBusy keeps the account of charged CPU time: the charge of a thread
// that lost the CPU stops counting (what it still needs is kept), and the
// executing thread's charge starts (or resumes) counting when the CPU is
// free, to end with a thread-work event.
func (k *Kernel) settleBusy(t *Thread) {
	e := k.engine
	if b := k.busy; b != nil && b != t {
		if done := e.now - k.busyStart; done > 0 {
			b.busyLeft = max(b.busyLeft-done, 0)
		}
		b.yielding = false
		e.cancel(k.busyEvent)
		k.busy, k.busyEvent = nil, nil
	}
	if t == nil || k.busy == t || (t.busyLeft <= 0 && !t.yielding) {
		return
	}
	k.busy, k.busyStart = t, max(e.now, k.cpuFreeAt)
	k.busyEvent = e.scheduleThreadWork(k.busyStart+t.busyLeft, k, k.busyEnded)
}

// busyEnded is the event that ends the executing thread's charge.
func (k *Kernel) busyEnded() {
	if b := k.busy; b != nil {
		b.busyLeft, b.yielding = 0, false
	}
	k.busy, k.busyEvent = nil, nil
}

// waitForCPU queues the thread work that resumes the kernel once ISR or
// timer code has finished its charge.
func (k *Kernel) waitForCPU() {
	if k.cpuEvent != nil && k.cpuEvent.index >= 0 {
		return
	}
	k.cpuEvent = k.engine.scheduleThreadWork(k.cpuFreeAt, k, func() {})
}

// dispatch hands the baton to t's goroutine (starting it on first run) and
// waits until the baton comes back — from t, or from a thread t handed it
// to directly (handOff) — or until the watchdog reports that the running
// thread has run Go code without calling any service for too long.
func (k *Kernel) dispatch(t *Thread) {
	e := k.engine
	k.resume(t)
	select {
	case <-e.back:
	case err := <-e.watch.fired:
		e.watch.who.Load().runaway = true
		e.fail(err)
	}
	e.watch.parked()
	e.cur, k.current = nil, nil
}

// resume gives t the baton: its goroutine starts, or continues where it
// parked.
func (k *Kernel) resume(t *Thread) {
	e := k.engine
	e.cur, k.current = k, t
	t.runCount++
	e.record(k, "run", t.name, "")
	e.watch.dispatched(t, e.now)
	if !t.started {
		t.started = true
		t.wake = make(chan struct{})
		t.done = make(chan struct{})
		go t.body()
	} else {
		t.wake <- struct{}{}
	}
}

// handoffTarget returns the thread that run would dispatch next when t
// parks, if nothing else could happen first: no event is due, the CPU is
// free, no interrupt is held, and the next thread has no charge to finish.
// t then hands the baton to it directly, which spares the engine's
// goroutine a round trip (a thread switch costs one goroutine hand-off, as
// on the board it costs one context switch).
func (k *Kernel) handoffTarget(t *Thread) *Thread {
	e := k.engine
	u := k.execute
	switch {
	case u == nil || u == t || u == k.timerThread || u.runaway:
		return nil
	case e.err != nil || e.wall != nil || k.held || e.now < k.cpuFreeAt:
		return nil
	case t.busyLeft > 0 || t.yielding || u.busyLeft > 0 || u.yielding || k.busy != nil:
		return nil
	case len(e.queue) > 0 && e.queue[0].at <= e.now:
		return nil
	}
	return u
}

// handOff does what run and dispatch do between two threads at one
// instant, on the parking thread's goroutine: count the work, queue the
// tick, and resume u.
func (k *Kernel) handOff(u *Thread) {
	e := k.engine
	e.countWork(k)
	k.scheduleTick()
	e.watch.parked()
	k.resume(u)
}

// expireTimers runs the system timer thread: every expiration function due
// at this tick, in the timer context, then the thread suspends again. What
// the functions charge keeps the device's CPU (cpuFreeAt).
func (k *Kernel) expireTimers() {
	e := k.engine
	e.cur, k.current = k, k.timerThread
	k.timerThread.runCount++
	e.record(k, "timers", "", "")
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
