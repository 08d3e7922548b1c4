package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressTimerInformation ports threadx_timer_information_test.c: the
// expirations of TestRegressTimerSimple (#4 to #9), then tx_timer_info_get
// of an active, a deactivated and a changed timer: active flag, remaining
// and reschedule ticks and the next created timer (#10 to #12), and
// deactivate, change, activate and delete in a row (#29). Not ported: #13
// to #27 (tx_timer_performance_info_get and _system_info_get,
// TX_FEATURE_NOT_ENABLED in the default build), because rtos has not got
// these services yet; #28, #28a and #28b forge a control block's internal
// list head and remaining ticks, and the timer being expired, to reach
// corners of _tx_timer_info_get — kernel internals, left out.
func TestRegressTimerInformation(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		var timer0, timer1 rtos.Timer
		c0 := 0
		// info checks tx_timer_info_get against the expected values.
		info := func(n int, st nx.Status, wantActive nx.UINT, wantRemaining, wantReschedule nx.ULONG) bool {
			var name string
			var active nx.UINT
			var remaining, reschedule nx.ULONG
			var next *rtos.Timer
			st += rtos.TimerInfoGet(&timer0, &name, &active, &remaining, &reschedule, &next)
			if st != nx.TX_SUCCESS || name != "timer 0" || active != wantActive || remaining != wantRemaining || reschedule != wantReschedule || next != &timer1 {
				r.failf(n, "status %v name %q active %d remaining %d reschedule %d next %p", st, name, active, remaining, reschedule, next)
				return false
			}
			return true
		}
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			if !timerExpirations(r, 4, &timer0, &c0) {
				return
			}
			var next *rtos.Timer
			st := rtos.TimerInfoGet(&timer0, nil, nil, nil, nil, &next)
			if !info(10, st, nx.TX_TRUE, 1, 1) || !info(11, rtos.TimerDeactivate(&timer0), nx.TX_FALSE, 1, 1) {
				return
			}
			st = rtos.TimerChange(&timer0, 100, 200)
			st += rtos.TimerActivate(&timer0)
			if !info(12, st, nx.TX_TRUE, 100, 200) {
				return
			}
			if !r.check(29, timersCycled(&timer0, &timer1, 200), nx.TX_SUCCESS) {
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, rtos.TimerCreate(&timer0, "timer 0", func(nx.ULONG) { c0++ }, 0x1234, 1, 18, nx.TX_AUTO_ACTIVATE), nx.TX_SUCCESS) {
			return
		}
		r.check(3, rtos.TimerCreate(&timer1, "timer 1", func(nx.ULONG) {}, 0x1234, 1000, 1000, nx.TX_AUTO_ACTIVATE), nx.TX_SUCCESS)
	})
}

// timerExpirations is the part threadx_timer_simple_test.c (#23 to #28) and
// threadx_timer_information_test.c (#4 to #9) share, numbered from first: a
// timer of 1 then every 18 ticks (counting in c) expires twice in 19 ticks
// and not at all once deactivated; changed to 100 then every tick and
// activated at tick 0, it has expired 21 times more at tick 120.
func timerExpirations(r *regress, first int, tm *rtos.Timer, c *int) bool {
	rtos.ThreadSleep(19)
	if *c != 2 {
		r.failf(first, "counter %d", *c)
		return false
	}
	if !r.check(first+1, rtos.TimerDeactivate(tm), nx.TX_SUCCESS) {
		return false
	}
	rtos.ThreadSleep(19)
	if *c != 2 {
		r.failf(first+2, "counter %d", *c)
		return false
	}
	if !r.check(first+3, rtos.TimerChange(tm, 100, 1), nx.TX_SUCCESS) {
		return false
	}
	rtos.TimeSet(0)
	if !r.check(first+4, rtos.TimerActivate(tm), nx.TX_SUCCESS) {
		return false
	}
	rtos.ThreadSleep(120)
	if *c != 23 || rtos.TimeGet() != 120 {
		r.failf(first+5, "counter %d now %d", *c, rtos.TimeGet())
		return false
	}
	return true
}

// timersCycled deactivates, changes (100 then every reschedule ticks),
// activates and deletes two timers in a row, as both timer tests end, and
// returns the sum of the statuses.
func timersCycled(t0, t1 *rtos.Timer, reschedule nx.ULONG) nx.Status {
	st := rtos.TimerDeactivate(t0)
	st += rtos.TimerDeactivate(t1)
	st += rtos.TimerChange(t0, 100, reschedule)
	st += rtos.TimerChange(t1, 100, reschedule)
	st += rtos.TimerActivate(t0)
	st += rtos.TimerActivate(t1)
	st += rtos.TimerDelete(t0)
	st += rtos.TimerDelete(t1)
	return st
}
