package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressTimerMultipleAccuracy ports
// threadx_timer_multiple_accuracy_test.c: periodic timers of 1, 2 and 3
// ticks expire 300, 150 and 100 times in 300 ticks (#8).
func TestRegressTimerMultipleAccuracy(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		var tm [3]rtos.Timer
		var c [3]int
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(1)
			for i := range tm {
				if !r.check(5+i, rtos.TimerActivate(&tm[i]), nx.TX_SUCCESS) {
					return
				}
			}
			rtos.ThreadSleep(300)
			if c != [3]int{300, 150, 100} {
				r.failf(8, "counters %v", c)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		for i := range tm {
			ticks := nx.ULONG(i + 1)
			if !r.check(2+i, rtos.TimerCreate(&tm[i], "timer", func(nx.ULONG) { c[i]++ }, 0x1234, ticks, ticks, nx.TX_NO_ACTIVATE), nx.TX_SUCCESS) {
				return
			}
		}
	})
}

// TestRegressTimerMultiple ports threadx_timer_multiple_test.c: three timers
// of 100 then every 200 ticks, activated at creation, expire twice in 301
// ticks (#5) and not at all once deactivated (#6 to #9); changed to 100 then
// every 1, 2 and 3 ticks and activated again, they expire 101, 51 and 34
// more times in 200 ticks (#10 to #16), and are deactivated and deleted
// (#17 to #22).
func TestRegressTimerMultiple(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		var tm [3]rtos.Timer
		var c [3]int
		all := func(first int, f func(*rtos.Timer) nx.Status) bool {
			for i := range tm {
				if !r.check(first+i, f(&tm[i]), nx.TX_SUCCESS) {
					return false
				}
			}
			return true
		}
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(301)
			if c != [3]int{2, 2, 2} {
				r.failf(5, "counters %v", c)
				return
			}
			if !all(6, rtos.TimerDeactivate) {
				return
			}
			rtos.ThreadSleep(100)
			if c != [3]int{2, 2, 2} {
				r.failf(9, "counters %v", c)
				return
			}
			for i := range tm {
				if !r.check(10+i, rtos.TimerChange(&tm[i], 100, nx.ULONG(i+1)), nx.TX_SUCCESS) {
					return
				}
			}
			if !all(13, rtos.TimerActivate) {
				return
			}
			rtos.ThreadSleep(200)
			if c != [3]int{103, 53, 36} {
				r.failf(16, "counters %v", c)
				return
			}
			if !all(17, rtos.TimerDeactivate) ||
				!r.check(20, rtos.TimerDelete(&tm[0]), nx.TX_SUCCESS) ||
				!r.check(21, rtos.TimerDelete(&tm[2]), nx.TX_SUCCESS) ||
				!r.check(22, rtos.TimerDelete(&tm[1]), nx.TX_SUCCESS) {
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		for i := range tm {
			if !r.check(2+i, rtos.TimerCreate(&tm[i], "timer", func(nx.ULONG) { c[i]++ }, 0x1234, 100, 200, nx.TX_AUTO_ACTIVATE), nx.TX_SUCCESS) {
				return
			}
		}
	})
}
