package rtos

import (
	"math/bits"

	"github.com/nxsim/nxsim/nx"
)

// timerEntries is TX_TIMER_ENTRIES, the number of slots of the timer wheel.
const timerEntries = 32

// internalTimer is TX_TIMER_INTERNAL: what the wheel holds, for application
// timers and for every thread's sleep/wait timeout.
type internalTimer struct {
	remaining nx.ULONG // ticks to go when armed; > timerEntries means "another lap"
	reinit    nx.ULONG // reschedule ticks (0 = one-shot)
	expire    func()   // runs on the system timer thread
	list      *timerSlot
	owner     *Thread // for thread timeouts: the waiting thread
}

// timerSlot is one list a timer can be on: a wheel slot (index >= 0), or the
// timer thread's lists of expiring and re-arming timers (index < 0).
type timerSlot struct {
	index  int
	timers []*internalTimer
}

func (s *timerSlot) remove(t *internalTimer) {
	for i, x := range s.timers {
		if x == t {
			s.timers = append(s.timers[:i], s.timers[i+1:]...)
			return
		}
	}
}

// timerWheel is ThreadX's 32-slot timer list (tx_timer.h) with its current
// pointer: the slot the next tick interrupt examines.
type timerWheel struct {
	slots      [timerEntries]timerSlot
	cur        int
	expiring   timerSlot // the slot being processed
	reactivate timerSlot // the timer whose expiration function is running, if periodic
	processing *internalTimer
	expired    bool   // a tick found the current slot non-empty
	occupied   uint32 // bit i set: slot i holds timers (nextNonEmpty in one step)
}

func newTimerWheel() timerWheel {
	var w timerWheel
	for i := range w.slots {
		w.slots[i].index = i
	}
	w.expiring.index, w.reactivate.index = -1, -2
	return w
}

// activate puts an inactive timer with remaining ticks on the wheel
// (_tx_timer_system_activate): N ticks go into slot cur+N-1, so the timer
// expires at the N-th tick interrupt; more than 32 ticks take laps.
func (w *timerWheel) activate(t *internalTimer) {
	if t.remaining == 0 || t.remaining == nx.TX_WAIT_FOREVER || t.list != nil {
		return
	}
	offset := int(t.remaining) - 1
	if t.remaining > timerEntries {
		offset = timerEntries - 1
	}
	s := &w.slots[(w.cur+offset)%timerEntries]
	s.timers = append(s.timers, t)
	t.list = s
	w.occupied |= 1 << s.index
}

// ticksLeft is the distance from the current pointer to the timer's slot, in
// ticks, plus the laps still to go (tx_timer_info_get.c).
func (w *timerWheel) ticksLeft(t *internalTimer) nx.ULONG {
	left := nx.ULONG((t.list.index-w.cur+timerEntries)%timerEntries) + 1
	if t.remaining > timerEntries {
		left += t.remaining - timerEntries
	}
	return left
}

// deactivate takes a timer off whatever list it is on and stores the ticks it
// still had to go, so that a later activate resumes from there
// (tx_timer_deactivate.c).
func (w *timerWheel) deactivate(t *internalTimer) {
	if t.list == nil {
		return
	}
	switch {
	case t.list.index >= 0:
		t.remaining = w.ticksLeft(t)
	case w.processing != t && t.remaining > timerEntries:
		t.remaining -= timerEntries
	default:
		t.remaining = t.reinit
	}
	t.list.remove(t)
	if i := t.list.index; i >= 0 && len(t.list.timers) == 0 {
		w.occupied &^= 1 << i
	}
	t.list = nil
}

// remaining is what tx_timer_info_get reports for the timer.
func (w *timerWheel) remaining(t *internalTimer) (active bool, left nx.ULONG) {
	switch {
	case t.list == nil:
		return false, t.remaining
	case t.list.index >= 0:
		return true, w.ticksLeft(t)
	case w.processing == t || t.remaining <= timerEntries:
		return true, 0
	default:
		return true, t.remaining - timerEntries
	}
}

// nextNonEmpty returns how many slots past the current pointer the first
// non-empty slot is (0 = the current one), or timerEntries if all are empty.
func (w *timerWheel) nextNonEmpty() int {
	if w.occupied == 0 {
		return timerEntries
	}
	return bits.TrailingZeros32(bits.RotateLeft32(w.occupied, -w.cur))
}

// process is the body of the system timer thread (tx_timer_thread_entry.c):
// take the current slot, advance the pointer, and expire or re-lap each timer
// in insertion order. A periodic timer is re-armed after its function
// returns, counted from this tick, unless the function deactivated it.
func (w *timerWheel) process() {
	for {
		slot := &w.slots[w.cur]
		w.expiring.timers, slot.timers = slot.timers, nil
		w.occupied &^= 1 << slot.index
		for _, t := range w.expiring.timers {
			t.list = &w.expiring
		}
		w.cur = (w.cur + 1) % timerEntries
		w.expired = false
		for len(w.expiring.timers) > 0 {
			t := w.expiring.timers[0]
			w.expiring.timers = w.expiring.timers[1:]
			t.list = nil
			if t.remaining > timerEntries {
				t.remaining -= timerEntries
				w.activate(t)
				continue
			}
			t.remaining = t.reinit
			if t.remaining != 0 {
				t.list = &w.reactivate
				w.reactivate.timers = []*internalTimer{t}
			}
			w.processing = t
			t.expire()
			w.processing = nil
			if t.list == &w.reactivate {
				w.reactivate.timers = nil
				t.list = nil
				w.activate(t)
			}
		}
		if !w.expired {
			return
		}
	}
}
