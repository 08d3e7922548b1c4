package rtos

import (
	"math/bits"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// ticksElapsed returns how many tick interrupts have happened by the instant
// now: tick i happens at start + i/ticksPerSecond, and an instant equal to a
// tick's counts that tick (edges are inclusive).
func (k *Kernel) ticksElapsed(now time.Duration) uint64 {
	if now <= k.start {
		return 0
	}
	hi, lo := bits.Mul64(uint64(now-k.start), k.ticksPerSecond)
	q, _ := bits.Div64(hi, lo, uint64(time.Second))
	return q
}

// tickInstant returns the virtual instant of tick i.
func (k *Kernel) tickInstant(i uint64) time.Duration {
	hi, lo := bits.Mul64(i, uint64(time.Second))
	q, r := bits.Div64(hi, lo, k.ticksPerSecond)
	if r != 0 {
		q++
	}
	return k.start + time.Duration(q)
}

// clock is _tx_timer_system_clock: the ULONG tick counter of tx_time_get,
// wrapping at 2^32 as on the device.
func (k *Kernel) clock() nx.ULONG {
	return nx.ULONG(k.ticksElapsed(k.engine.now)) + k.clockOffset
}

// slicing reports whether every tick matters: the thread that has the CPU
// has a time slice, or the device runs an ISR at every tick (OnTick).
func (k *Kernel) slicing() bool {
	t := k.execute
	return len(k.tickISRs) > 0 || (t != nil && t != k.timerThread && t.timeSlice != 0)
}

// catchUpTicks processes every tick interrupt due by now
// (_tx_timer_interrupt). Ticks that neither expire a slot nor slice a running
// thread only move the wheel pointer, so runs of them are taken in one step.
//
// While the thread that has the CPU masks interrupts, ticks are held and
// taken when it unmasks them.
func (k *Kernel) catchUpTicks() {
	if k.masked() {
		k.held = true
		return
	}
	due := k.ticksElapsed(k.engine.now)
	w := &k.wheel
	for k.ticksDone < due {
		if !k.slicing() {
			if d := uint64(w.nextNonEmpty()); d > 0 {
				step := min(d, due-k.ticksDone)
				w.cur = int((uint64(w.cur) + step) % timerEntries)
				k.ticksDone += step
				continue
			}
		}
		k.tick()
	}
}

// tick is one tick interrupt: charge the running thread's time slice, then
// either wake the timer thread for the current slot or advance the pointer.
// While the timer thread cannot run, the pointer stays on the unprocessed
// slot and later timers slip, as in ThreadX.
func (k *Kernel) tick() {
	k.ticksDone++
	var sliced *Thread
	if t := k.execute; t != nil && t != k.timerThread && t.timeSlice != 0 {
		t.sliceLeft--
		if t.sliceLeft == 0 {
			sliced = t
		}
	}
	w := &k.wheel
	if len(w.slots[w.cur].timers) > 0 {
		w.expired = true
		if k.timerThread.state != nx.TX_READY {
			k.makeReady(k.timerThread)
		}
	} else {
		w.cur = (w.cur + 1) % timerEntries
	}
	if sliced != nil {
		k.timeSlice(sliced)
	}
	for _, isr := range k.tickISRs {
		k.runISR(isr)
	}
}

// timeSlice ends a thread's slice (_tx_thread_time_slice): it gets a fresh
// one and, if it may be sliced (threshold equal to priority) and a peer of
// its priority is ready, goes behind that peer.
func (k *Kernel) timeSlice(t *Thread) {
	t.sliceLeft = t.timeSlice
	if t.state == nx.TX_READY && t.threshold == t.priority && k.ready[t.priority].len() > 1 {
		k.moveToTail(t)
	}
}

// scheduleTick makes sure the kernel's next tick event is queued for the
// first tick that has an effect: every tick while a sliced thread runs,
// otherwise the tick that examines the next non-empty slot.
//
// While interrupts are masked no tick is queued: they are held, and taken
// when the mask is lifted.
func (k *Kernel) scheduleTick() {
	var next uint64
	switch {
	case k.masked():
		k.engine.cancel(k.tickEvent)
		k.tickEvent = nil
		return
	case k.slicing():
		next = k.ticksDone + 1
	case k.wheel.nextNonEmpty() < timerEntries:
		next = k.ticksDone + 1 + uint64(k.wheel.nextNonEmpty())
	default:
		k.engine.cancel(k.tickEvent)
		k.tickEvent = nil
		return
	}
	if k.tickEvent != nil && k.tickEvent.index >= 0 && k.tickEventAt == next {
		return
	}
	k.engine.cancel(k.tickEvent)
	k.tickEventAt = next
	k.tickEvent = k.engine.schedule(k.tickInstant(next), k, func() {})
}
