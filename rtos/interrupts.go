package rtos

import (
	"fmt"
	"runtime/debug"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// How an application attaches its own interrupts to a device:
//
//   - at virtual instants: Kernel.Interrupt(at, isr) runs isr once at the
//     instant at; InterruptSource is an interrupt line raised many times
//     (a peripheral), of which at most one is pending while masked;
//   - on every tick, as ThreadX's test harness calls its test ISR from the
//     timer interrupt: Kernel.OnTick(isr).
//
// An ISR runs in interrupt context: services behave as in a ThreadX ISR
// (nothing may suspend) and threads it makes ready run when it returns.
// While the thread that has the CPU holds interrupts off with
// InterruptControl(TX_INT_DISABLE), due interrupts and ticks wait until it
// restores the posture (or gives the CPU up), and are then taken at once.

// Interrupt schedules isr to run on the kernel in interrupt context at the
// virtual instant at (not before the current instant). This is how devices
// receive from the outside world: the simulated network raises the receiving
// device's driver interrupt at the instant a frame arrives. Each call is its
// own interrupt: none is merged with another.
func (k *Kernel) Interrupt(at time.Duration, isr func()) {
	k.engine.schedule(at, k, func() { k.takeInterrupt(nil, isr) })
}

// InterruptSource is one interrupt line of a device: raised any number of
// times, it runs its ISR once per raise, except that while interrupts are
// masked at most one raise is pending.
type InterruptSource struct {
	k       *Kernel
	name    string
	isr     func()
	pending bool
}

// NewInterruptSource creates an interrupt line of the kernel whose ISR is
// isr.
func (k *Kernel) NewInterruptSource(name string, isr func()) *InterruptSource {
	return &InterruptSource{k: k, name: name, isr: isr}
}

// Raise asserts the line at the virtual instant at.
func (s *InterruptSource) Raise(at time.Duration) {
	s.k.engine.schedule(at, s.k, func() { s.k.takeInterrupt(s, s.isr) })
}

// OnTick runs isr in interrupt context at every tick interrupt of the
// device, after the tick's own work, as ThreadX's regression harness runs
// its test ISR from the timer interrupt.
func (k *Kernel) OnTick(isr func()) {
	k.tickISRs = append(k.tickISRs, isr)
	k.scheduleTick()
}

// heldInterrupt is an interrupt that came while masked.
type heldInterrupt struct {
	src *InterruptSource
	isr func()
}

// takeInterrupt runs isr now, or holds it while interrupts are masked.
func (k *Kernel) takeInterrupt(src *InterruptSource, isr func()) {
	if k.masked() {
		if src == nil || !src.pending {
			k.heldISRs = append(k.heldISRs, heldInterrupt{src, isr})
			if src != nil {
				src.pending = true
			}
		}
		k.held = true
		return
	}
	k.runISR(isr)
}

// masked reports whether the thread that has the CPU holds interrupts off.
func (k *Kernel) masked() bool {
	t := k.execute
	return t != nil && t.intDisabled
}

// takeHeld takes, at the current instant, the ticks and interrupts that came
// while interrupts were masked, in the order they came.
func (k *Kernel) takeHeld() {
	k.held = false
	k.catchUpTicks()
	held := k.heldISRs
	k.heldISRs = nil
	for _, h := range held {
		if h.src != nil {
			h.src.pending = false
		}
		k.runISR(h.isr)
	}
	k.scheduleTick()
}

// runISR runs isr in interrupt context on behalf of the kernel; it may be
// called from the engine or from a thread's goroutine (taking held
// interrupts), and restores whatever context was there.
func (k *Kernel) runISR(isr func()) {
	e := k.engine
	prev := e.cur
	e.cur = k
	k.isrDepth++
	e.record(k, "isr", "", "")
	defer func() {
		k.isrDepth--
		e.cur = prev
		if r := recover(); r != nil {
			e.fail(fmt.Errorf("rtos: device %q: interrupt handler panicked at %v: %v\n%s", k.name, e.now, r, debug.Stack()))
		}
	}()
	isr()
}

// InterruptControl is tx_interrupt_control: it sets the calling thread's
// interrupt posture (TX_INT_DISABLE or TX_INT_ENABLE) and returns the
// previous one. The posture belongs to the thread, as ThreadX saves it with
// the thread's context: while a thread that disabled interrupts has the CPU,
// its device takes no interrupt and no tick; once it enables them (or gives
// up the CPU) they are taken at once. From an ISR or a timer the call
// changes nothing and returns TX_INT_ENABLE.
func InterruptControl(newPosture nx.UINT) nx.UINT {
	defer Leave(Enter(opInterruptControl))
	t := currentThread()
	if t == nil {
		return nx.TX_INT_ENABLE
	}
	old := nx.UINT(nx.TX_INT_ENABLE)
	if t.intDisabled {
		old = nx.TX_INT_DISABLE
	}
	t.intDisabled = newPosture == nx.TX_INT_DISABLE
	if k := t.k; !t.intDisabled && k.held {
		k.takeHeld()
		if d := k.cpuFreeAt - k.engine.now; d > 0 {
			k.spendThread(t, d) // the CPU the held ISRs took
		}
		PreemptionPoint()
	}
	return old
}
