package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressTimerSimple ports threadx_timer_simple_test.c: the txe_ codes
// of every timer service (#5 to #22), a timer of 1 then every 18 ticks
// expires twice in 19 ticks and not once deactivated (#23 to #25), a change
// to 100 then every tick expires 21 times more in 120 ticks (#26 to #28),
// deactivate, change, activate and delete in a row succeed (#29), and
// delete and create are refused in a timer and an ISR (#30, with the timer
// created in initialization checked there). Adapted: the guard words around
// the control block (#4) become a plain create and delete; #7 and #8 forge
// the internal fields of a control block (id, list head, remaining ticks)
// and #19 calls _txe_timer_create with a wrong control-block size: left
// out. The call of the timer thread's entry by hand in the define is left
// out too. Thread 1 relinquishes in a loop alone at its priority while
// thread 0 sleeps until a tick: it runs on spinProfile.
func TestRegressTimerSimple(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var timer0, timer1, timer2, memTimer rtos.Timer
		c0, c1 := 0, 0
		errs := 0
		expire0 := func(nx.ULONG) { c0++ }
		refused := func() {
			if rtos.TimerDelete(&timer0) != nx.TX_CALLER_ERROR {
				errs++
			}
			if rtos.TimerCreate(&timer2, "timer 2", expire0, 0x1234, 1, 18, nx.TX_AUTO_ACTIVATE) != nx.TX_CALLER_ERROR {
				errs++
			}
		}
		timerEntry := func() {
			if r.init.timer != nx.TX_SUCCESS {
				errs++
			}
			refused()
		}
		entry0 := func(nx.ULONG) {
			st := rtos.TimerCreate(&memTimer, "timer memory", expire0, 0x1234, 1000000, 100000, nx.TX_NO_ACTIVATE)
			rtos.TimerDelete(&memTimer)
			if !r.check(4, st, nx.TX_SUCCESS) {
				return
			}
			if txeOn {
				for _, c := range []struct {
					n         int
					got, want nx.Status
				}{
					{5, rtos.TimerActivate(nil), nx.TX_TIMER_ERROR},
					{6, rtos.TimerActivate(&timer2), nx.TX_TIMER_ERROR},
					{9, rtos.TimerDeactivate(nil), nx.TX_TIMER_ERROR},
					{10, rtos.TimerDeactivate(&timer2), nx.TX_TIMER_ERROR},
					{11, rtos.TimerChange(nil, 1, 1), nx.TX_TIMER_ERROR},
					{12, rtos.TimerChange(&timer2, 1, 1), nx.TX_TIMER_ERROR},
					{13, rtos.TimerChange(&timer0, 0, 1), nx.TX_TICK_ERROR},
					{14, rtos.TimerDelete(nil), nx.TX_TIMER_ERROR},
					{15, rtos.TimerDelete(&timer2), nx.TX_TIMER_ERROR},
					{16, rtos.TimerInfoGet(nil, nil, nil, nil, nil, nil), nx.TX_TIMER_ERROR},
					{17, rtos.TimerInfoGet(&timer2, nil, nil, nil, nil, nil), nx.TX_TIMER_ERROR},
					{18, rtos.TimerCreate(nil, "timer 0", expire0, 0x1234, 1, 18, nx.TX_AUTO_ACTIVATE), nx.TX_TIMER_ERROR},
					{20, rtos.TimerCreate(&timer0, "timer 0", expire0, 0x1234, 1, 18, nx.TX_AUTO_ACTIVATE), nx.TX_TIMER_ERROR},
					{21, rtos.TimerCreate(&timer2, "timer 2", expire0, 0x1234, 0, 18, nx.TX_AUTO_ACTIVATE), nx.TX_TICK_ERROR},
					{22, rtos.TimerCreate(&timer2, "timer 2", expire0, 0x1234, 1, 18, nx.TX_AUTO_ACTIVATE+3999), nx.TX_ACTIVATE_ERROR},
				} {
					if !r.check(c.n, c.got, c.want) {
						return
					}
				}
			}
			if !timerExpirations(r, 23, &timer0, &c0) {
				return
			}
			if !r.check(29, timersCycled(&timer0, &timer1, 100), nx.TX_SUCCESS) {
				return
			}
			if txeOn {
				if !callerChecks(r, 30, &timer0, &errs, timerEntry, refused, &thread1) {
					return
				}
			}
			if errs != 0 {
				r.failf(31, "error %d", errs)
				return
			}
			r.ret(0)
		}
		st := r.create(&thread0, "thread 0", entry0, 1, 16, 16, 3, nx.TX_AUTO_START)
		st += r.create(&thread1, "thread 1", func(nx.ULONG) {
			for {
				rtos.ThreadRelinquish()
			}
		}, 1, 18, 18, 3, nx.TX_DONT_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, rtos.TimerCreate(&timer0, "timer 0", expire0, 0x1234, 1, 18, nx.TX_AUTO_ACTIVATE), nx.TX_SUCCESS) {
			return
		}
		r.check(3, rtos.TimerCreate(&timer1, "timer 1", func(nx.ULONG) { c1++ }, 0x1234, 1000, 1000, nx.TX_AUTO_ACTIVATE), nx.TX_SUCCESS)
	}, spinProfile())
}
