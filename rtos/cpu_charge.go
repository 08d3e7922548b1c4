package rtos

import (
	"fmt"
	"time"
)

// How code costs virtual time (DESIGN.md, "CPU time").
//
// Every public service starts with
//
//	defer rtos.Leave(rtos.Enter(op))
//
// Enter charges the calling device's CPU profile for op once — only the
// outermost service charges; services it calls inside nxsim are part of its
// figure — and is an interrupt point. A charge c made by a thread acts at
// the end of the charge: when no event is due at or before now+c, the clock
// simply moves to now+c; otherwise the thread parks as Busy does, the events
// in between run at their instants (this device's interrupts preempt it,
// other devices go on), and it continues at now+c, later if preempted. A
// zero charge still parks when an event is due now: that is how a loop of
// services at one instant lets a same-instant interrupt in. ISR and timer
// code charge the device without moving the clock: the CPU is theirs until
// the charge ends, and the interrupted thread is delayed by as much.
// Initialization (tx_application_define) is free.

// Entry is what Enter returns for Leave: the service-nesting counter of the
// context that entered, or nothing when the caller is no device's code.
type Entry struct {
	depth  *int32
	thread *Thread
}

// Enter is the first step of every costed public service: see the package
// documentation of CPU time above. Use it as defer rtos.Leave(rtos.Enter(op)).
func Enter(op *Op) Entry { return EnterBytes(op, 0) }

// EnterBytes is Enter for a service whose cost grows with the n bytes it
// touches (a checksum, a copy).
func EnterBytes(op *Op, n int) Entry {
	e := active.Load()
	if e == nil || e.cur == nil {
		return Entry{}
	}
	k := e.cur
	depth, t := k.serviceDepth()
	if depth == nil {
		return Entry{}
	}
	*depth++
	if *depth == 1 {
		if t != nil {
			t.service = op.name
			e.watch.enterService()
		}
		k.spend(k.costs().of(op, n))
	}
	return Entry{depth: depth, thread: t}
}

// Leave ends what Enter began.
func Leave(en Entry) {
	if en.depth == nil {
		return
	}
	*en.depth--
	if *en.depth == 0 && en.thread != nil {
		en.thread.k.engine.watch.leaveService()
	}
}

// Charge is explicit CPU work inside a service or an ISR — a crypto
// operation, a driver's per-frame receive work: op over n bytes is charged
// whatever the nesting, in any context but initialization.
func Charge(op *Op, n int) {
	if k := currentKernel(); k != nil && !k.initializing {
		k.spend(k.costs().of(op, n))
	}
}

// serviceDepth returns the nesting counter of the calling context (and the
// thread, for thread context); nil during initialization, which is free.
func (k *Kernel) serviceDepth() (*int32, *Thread) {
	switch k.context() {
	case ContextThread:
		return &k.current.svcDepth, k.current
	case ContextTimer:
		return &k.timerThread.svcDepth, nil
	case ContextISR:
		return &k.isrSvcDepth, nil
	default:
		return nil, nil
	}
}

// costs returns the kernel's resolved profile.
func (k *Kernel) costs() *kernelCosts {
	if k.cost == nil {
		p := k.profile
		if p == nil {
			p = k.engine.profile
		}
		k.cost = &kernelCosts{profile: p}
		k.cost.resolve()
	}
	return k.cost
}

// Profile returns the kernel's CPU profile.
func (k *Kernel) Profile() *Profile { return k.costs().profile }

// spend charges d to the calling context of k.
func (k *Kernel) spend(d time.Duration) {
	e := k.engine
	e.countWork(k)
	switch k.context() {
	case ContextThread:
		k.spendThread(k.current, d)
	case ContextISR, ContextTimer:
		k.steal(d)
	}
}

// spendThread makes the calling thread compute for d (see the top of the
// file). A thread whose run has failed (livelock, watchdog) parks and never
// comes back.
func (k *Kernel) spendThread(t *Thread, d time.Duration) {
	e := k.engine
	if e.err != nil {
		t.park()
		return
	}
	k.scheduleTick() // a timer armed or a slice started inside this run must be an event
	target := e.now + d
	if e.wall == nil && target <= e.deadline && (len(e.queue) == 0 || e.queue[0].at > target) {
		if d > 0 {
			e.now = target
			k.catchUpTicks()
		}
		return
	}
	t.busyLeft, t.yielding = d, true
	t.park()
}

// steal charges d to ISR or timer code: the CPU belongs to it until the
// charge ends, so threads of the device start no earlier, and a thread in
// the middle of a charge (the one interrupted) needs d more.
func (k *Kernel) steal(d time.Duration) {
	if d <= 0 {
		return
	}
	e := k.engine
	k.cpuFreeAt = max(k.cpuFreeAt, e.now) + d
	if b := k.busy; b != nil {
		if done := e.now - k.busyStart; done > 0 {
			b.busyLeft = max(b.busyLeft-done, 0)
		}
		k.busyStart = k.cpuFreeAt
		e.cancel(k.busyEvent)
		k.busyEvent = e.scheduleThreadWork(k.busyStart+b.busyLeft, k, k.busyEnded)
	}
}

// countWork is the livelock guard: how much scheduling and service work the
// engine did at one virtual instant. Past the limit the run fails, naming
// the device and what ran last.
func (e *Engine) countWork(k *Kernel) {
	if e.now != e.workAt {
		e.workAt, e.workCount = e.now, 0
	}
	e.workCount++
	if e.zeroTimeLimit > 0 && e.workCount > e.zeroTimeLimit && e.err == nil {
		who := "no thread"
		if t := k.current; t != nil {
			who = fmt.Sprintf("thread %q", t.name)
		}
		e.fail(fmt.Errorf("rtos: device %q: livelock at %v: %d dispatches and service calls without virtual time passing "+
			"(a loop that never sleeps or waits, with a CPU profile that charges nothing; use a non-zero profile or rtos.Busy); last: %s",
			k.name, e.now, e.workCount-1, who))
	}
}
