package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressTimerActivateDeactivate ports
// threadx_timer_activate_deactivate_test.c: activating an active timer is
// TX_ACTIVATE_ERROR (#5); a timer whose expiration function deactivates it
// expires once at its initial ticks and not at its reschedule ticks (#6,
// #7, #9); an expiration function may not sleep (TX_CALLER_ERROR, counted).
// Adapted: #3 drives the internal _tx_timer_system_activate/_deactivate,
// _tx_timer_info_get, _deactivate and _change on hand-made list heads and
// runs the timer thread's entry by hand, and the second #8 deactivates a
// hand-made timer two wheel turns away; both reach kernel internals and are
// left out.
func TestRegressTimerActivateDeactivate(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		var timer0 rtos.Timer
		counter := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			if !r.check(4, rtos.TimerActivate(&timer0), nx.TX_SUCCESS) ||
				!r.check(5, rtos.TimerActivate(&timer0), nx.TX_ACTIVATE_ERROR) {
				return
			}
			rtos.ThreadSleep(14)
			if counter != 1 {
				r.failf(6, "counter %d", counter)
				return
			}
			rtos.ThreadSleep(24)
			if counter != 1 {
				r.failf(7, "counter %d", counter)
				return
			}
			counter = 0
			if !r.check(8, rtos.TimerActivate(&timer0), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadSleep(47)
			if counter != 1 {
				r.failf(9, "counter %d", counter)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = rtos.TimerCreate(&timer0, "timer 0", func(nx.ULONG) {
			if rtos.ThreadSleep(1) == nx.TX_CALLER_ERROR {
				counter++
			}
			rtos.TimerDeactivate(&timer0)
		}, 0x1234, 13, 23, nx.TX_NO_ACTIVATE)
		r.check(2, st, nx.TX_SUCCESS)
	})
}

// TestRegressTimerDeactivateAccuracy ports
// threadx_timer_deactivate_accuracy_test.c: a deactivated timer keeps its
// remaining ticks and a new activation counts down from there, so six
// activations of 2 to 7 ticks and a last one of 2 add up to its 29 initial
// ticks and it expires exactly once, at the end (#3 to #16).
func TestRegressTimerDeactivateAccuracy(t *testing.T) {
	runRegress(t, deactivateAccuracy(29, []nx.ULONG{2, 3, 4, 5, 6, 7}, 2))
}

// TestRegressTimerLargeTimerAccuracy ports
// threadx_timer_large_timer_accuracy_test.c: the same as the deactivate
// accuracy test with a timer of 100 ticks, more than the 32 slots of the
// timer wheel, cut into pieces of 20, 35, 2, 1, 2, 5 and 35 ticks (#3 to
// #16).
func TestRegressTimerLargeTimerAccuracy(t *testing.T) {
	runRegress(t, deactivateAccuracy(100, []nx.ULONG{20, 35, 2, 1, 2, 5}, 35))
}

// deactivateAccuracy is the body both accuracy tests share: a timer of
// initial ticks (31 to reschedule) is activated after 10 ticks, deactivated
// and activated again after each of sleeps (#4 to #15, no expiration yet),
// and deactivated after last more ticks, having expired once (#16).
func deactivateAccuracy(initial nx.ULONG, sleeps []nx.ULONG, last nx.ULONG) func(r *regress) {
	return func(r *regress) {
		var thread0 rtos.Thread
		var timer0 rtos.Timer
		counter := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(10)
			if !r.check(3, rtos.TimerActivate(&timer0), nx.TX_SUCCESS) {
				return
			}
			for i, sleep := range sleeps {
				rtos.ThreadSleep(sleep)
				if !r.check(4+2*i, rtos.TimerDeactivate(&timer0), nx.TX_SUCCESS) {
					return
				}
				st := rtos.TimerActivate(&timer0)
				if st != nx.TX_SUCCESS || i == len(sleeps)-1 && counter != 0 {
					r.failf(5+2*i, "status %v counter %d", st, counter)
					return
				}
			}
			rtos.ThreadSleep(last)
			if st := rtos.TimerDeactivate(&timer0); st != nx.TX_SUCCESS || counter != 1 {
				r.failf(16, "status %v counter %d", st, counter)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		r.check(2, rtos.TimerCreate(&timer0, "timer 0", func(nx.ULONG) { counter++ }, 0x1234, initial, 31, nx.TX_NO_ACTIVATE), nx.TX_SUCCESS)
	}
}
