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
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		var timer0 rtos.Timer
		counter := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(10)
			if !r.check(3, rtos.TimerActivate(&timer0), nx.TX_SUCCESS) {
				return
			}
			n := 4
			for sleep := nx.ULONG(2); sleep <= 7; sleep++ {
				rtos.ThreadSleep(sleep)
				if !r.check(n, rtos.TimerDeactivate(&timer0), nx.TX_SUCCESS) {
					return
				}
				st := rtos.TimerActivate(&timer0)
				if st != nx.TX_SUCCESS || n+1 == 15 && counter != 0 {
					r.failf(n+1, "status %v counter %d", st, counter)
					return
				}
				n += 2
			}
			rtos.ThreadSleep(2)
			if st := rtos.TimerDeactivate(&timer0); st != nx.TX_SUCCESS || counter != 1 {
				r.failf(16, "status %v counter %d", st, counter)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		r.check(2, rtos.TimerCreate(&timer0, "timer 0", func(nx.ULONG) { counter++ }, 0x1234, 29, 31, nx.TX_NO_ACTIVATE), nx.TX_SUCCESS)
	})
}
