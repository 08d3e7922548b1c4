package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressThreadMultipleNonCurrent ports
// threadx_thread_multiple_non_current_test.c: resuming a more urgent thread
// runs it at once (#7); suspending a ready peer that has not run yet and
// resuming another peer runs nothing (#8); relinquish then runs the ready
// peers in FIFO order (#9).
func TestRegressThreadMultipleNonCurrent(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [5]rtos.Thread
		var c [5]int
		entries := [5]func(nx.ULONG){
			func(nx.ULONG) {
				st := rtos.ThreadResume(&th[1])
				st += rtos.ThreadResume(&th[2])
				if !r.check(6, st, nx.TX_SUCCESS) {
					return
				}
				st = rtos.ThreadResume(&th[3])
				if st != nx.TX_SUCCESS || c[3] != 1 || c[1] != 0 || c[2] != 0 || c[4] != 0 {
					r.failf(7, "status %v counters %v", st, c)
					return
				}
				st = rtos.ThreadSuspend(&th[1])
				st += rtos.ThreadResume(&th[4])
				if st != nx.TX_SUCCESS || c[3] != 1 || c[1] != 0 || c[2] != 0 || c[4] != 0 {
					r.failf(8, "status %v counters %v", st, c)
					return
				}
				rtos.ThreadRelinquish()
				if c[3] != 1 || c[1] != 0 || c[2] != 1 || c[4] != 1 {
					r.failf(9, "counters %v", c)
					return
				}
				c[0]++
				r.ret(0)
			},
			func(nx.ULONG) { c[1]++ },
			func(nx.ULONG) {
				if c[4] == 0 {
					c[2]++
				}
			},
			func(nx.ULONG) { c[3]++ },
			func(nx.ULONG) {
				if c[2] == 1 {
					c[4]++
				}
			},
		}
		prio := [5]nx.UINT{16, 16, 16, 15, 16}
		for i := range th {
			start := nx.UINT(nx.TX_DONT_START)
			if i == 0 {
				start = nx.TX_AUTO_START
			}
			st := r.create(&th[i], "thread", entries[i], nx.ULONG(i), prio[i], prio[i], nx.TX_NO_TIME_SLICE, start)
			if !r.check(1+i, st, nx.TX_SUCCESS) {
				return
			}
		}
	})
}

// TestRegressThreadMultipleSleep ports threadx_thread_multiple_sleep_test.c:
// three threads sleeping 33 ticks in a loop each run 4 times in 101 ticks
// (#5).
func TestRegressThreadMultipleSleep(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [4]rtos.Thread
		var c [3]int
		for i := 0; i < 3; i++ {
			st := r.create(&th[i], "thread", func(nx.ULONG) {
				for {
					c[i]++
					rtos.ThreadSleep(33)
				}
			}, 1, 16, 16, 3, nx.TX_AUTO_START)
			if !r.check(1+i, st, nx.TX_SUCCESS) {
				return
			}
		}
		st := r.create(&th[3], "thread 3", func(nx.ULONG) {
			rtos.TimeSet(0)
			rtos.ThreadSleep(101)
			if c != [3]int{4, 4, 4} {
				r.failf(5, "counters %v", c)
				return
			}
			r.ret(0)
		}, 1, 15, 15, 3, nx.TX_AUTO_START)
		r.check(4, st, nx.TX_SUCCESS)
	})
}

// TestRegressThreadMultipleSuspension ports
// threadx_thread_multiple_suspension_test.c: a least-urgent thread with
// threshold 13 resumes five suspended threads one by one without being
// preempted (each becomes TX_READY, none runs: #9 to #18), relinquish lets
// them all run once and suspend again (#19, #20), and suspending a
// suspended thread succeeds (#21).
func TestRegressThreadMultipleSuspension(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [6]rtos.Thread
		var c [6]int
		// states checks that threads 0..4 are ready up to n (exclusive) and
		// suspended from n on, and that each ran want times.
		states := func(errState, errCount, n, want int) bool {
			for i := 0; i < 5; i++ {
				w := nx.UINT(nx.TX_SUSPENDED)
				if i < n {
					w = nx.TX_READY
				}
				if th[i].State() != w {
					r.failf(errState, "thread %d state %d, want %d", i, th[i].State(), w)
					return false
				}
			}
			for i := 0; i < 5; i++ {
				if c[i] != want {
					r.failf(errCount, "counters %v, want %d each", c[:5], want)
					return false
				}
			}
			return true
		}
		loop := suspensionLoops(&th, &c)
		prio := [6]nx.UINT{13, nx.TX_MAX_PRIORITIES / 2, nx.TX_MAX_PRIORITIES / 2, nx.TX_MAX_PRIORITIES / 2, 15, nx.TX_MAX_PRIORITIES - 1}
		thresh := prio
		thresh[5] = 13
		for i := 0; i < 5; i++ {
			if !r.check(1+i, r.create(&th[i], "thread", loop(i), 1, prio[i], thresh[i], nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START), nx.TX_SUCCESS) {
				return
			}
		}
		st := r.create(&th[5], "thread 5", func(nx.ULONG) {
			if !states(7, 8, 0, 1) {
				return
			}
			for i := 0; i < 5; i++ {
				st := rtos.ThreadResume(&th[i])
				if !r.check(9+2*i, st, nx.TX_SUCCESS) || !states(9+2*i, 10+2*i, i+1, 1) {
					return
				}
			}
			rtos.ThreadRelinquish()
			if !states(19, 20, 0, 2) || !r.check(21, rtos.ThreadSuspend(&th[4]), nx.TX_SUCCESS) {
				return
			}
			c[5]++
			r.ret(0)
		}, 1, prio[5], thresh[5], nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		r.check(6, st, nx.TX_SUCCESS)
	})
}

// TestRegressThreadPreemptableSuspension ports
// threadx_thread_preemptable_suspension_test.c: a least-urgent thread
// resumes five suspended more urgent threads one by one; each preempts it at
// once, runs one pass and suspends again (#9 to #18), so relinquish finds
// nothing to run (#19, #20).
func TestRegressThreadPreemptableSuspension(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [6]rtos.Thread
		var c [6]int
		// check that threads 0..4 are suspended and ran want[i] times.
		states := func(errState, errCount int, want [5]int) bool {
			for i := 0; i < 5; i++ {
				if th[i].State() != nx.TX_SUSPENDED {
					r.failf(errState, "thread %d state %d", i, th[i].State())
					return false
				}
			}
			if [5]int(c[:5]) != want {
				r.failf(errCount, "counters %v, want %v", c[:5], want)
				return false
			}
			return true
		}
		loop := suspensionLoops(&th, &c)
		prio := [5]nx.UINT{13, 16, 16, 16, 15}
		for i := 0; i < 5; i++ {
			if !r.check(1+i, r.create(&th[i], "thread", loop(i), 1, prio[i], prio[i], nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START), nx.TX_SUCCESS) {
				return
			}
		}
		st := r.create(&th[5], "thread 5", func(nx.ULONG) {
			want := [5]int{1, 1, 1, 1, 1}
			if !states(7, 8, want) {
				return
			}
			for i := 0; i < 5; i++ {
				st := rtos.ThreadResume(&th[i])
				want[i] = 2
				if !r.check(9+2*i, st, nx.TX_SUCCESS) || !states(9+2*i, 10+2*i, want) {
					return
				}
			}
			rtos.ThreadRelinquish()
			if !states(19, 20, want) {
				return
			}
			c[5]++
			r.ret(0)
		}, 1, 17, 17, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		r.check(6, st, nx.TX_SUCCESS)
	})
}

// suspensionLoops gives the entries of threads 0 to 4 of the two suspension
// tests: each counts and suspends itself, and thread 0 then resumes thread 5.
func suspensionLoops(th *[6]rtos.Thread, c *[6]int) func(i int) func(nx.ULONG) {
	return func(i int) func(nx.ULONG) {
		if i == 0 {
			return selfSuspender(&th[0], &c[0], &th[5])
		}
		return selfSuspender(&th[i], &c[i], nil)
	}
}
