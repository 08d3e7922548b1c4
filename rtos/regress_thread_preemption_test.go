package rtos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressThreadMultiLevelPreemptionThreshold ports
// threadx_thread_multi_level_preemption_threshold_test.c: a thread at the
// lowest priority with threshold 16 lets more urgent threads in only past its
// threshold (#25 to #27), and a chain of threads each at priority p with
// threshold p-1, resumed from the least urgent up, runs every link exactly
// once (#29).
//
// Adapted: thread 1-0 spins on a counter that a timer sets (a loop with no
// service call); the Go loop calls rtos.Busy so that the tick can come, the
// one edit such a loop needs. The timer's writes to
// _tx_thread_preempted_maps and to thread 1-0's threshold, and the check of
// _tx_thread_preempted_maps and _tx_thread_preempt_disable in #27, reach
// kernel internals and are left out.
func TestRegressThreadMultiLevelPreemptionThreshold(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1, thread2, thread2a, thread3, thread4 rtos.Thread
		var timer0 rtos.Timer
		c1, c2, c2a, c3, c4, timerCounter := 0, 0, 0, 0, 0, 0
		var chain []*link
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			st := rtos.ThreadResume(&thread1)
			if st != nx.TX_SUCCESS || c1 != 0 || c2 != 0 || c3 != 0 || c4 != 0 {
				r.failf(25, "status %v, counters %d %d %d %d", st, c1, c2, c3, c4)
				return
			}
			st = rtos.ThreadResume(&thread2)
			if st != nx.TX_SUCCESS || c1 != 0 || c2 != 1 || c3 != 1 || c4 != 1 {
				r.failf(26, "status %v, counters %d %d %d %d", st, c1, c2, c3, c4)
				return
			}
			var old nx.UINT
			st = rtos.ThreadPreemptionChange(&thread0, nx.TX_MAX_PRIORITIES/2+1, &old)
			if st != nx.TX_SUCCESS || c1 != 1 || c2 != 1 || c3 != 1 || c4 != 1 {
				r.failf(27, "status %v, counters %d %d %d %d", st, c1, c2, c3, c4)
				return
			}
			st = rtos.ThreadPreemptionChange(&thread0, 17, &old)
			st += rtos.ThreadResume(&chain[0].th)
			if !r.check(28, st, nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadSuspend(&thread0)
			for _, l := range chain {
				if l.count != 1 {
					r.failf(29, "thread %s ran %d times", l.th.Name(), l.count)
					return
				}
			}
			r.ret(0)
		}, 1, nx.TX_MAX_PRIORITIES-1, nx.TX_MAX_PRIORITIES/2, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) { c1++ }, 1, nx.TX_MAX_PRIORITIES/2, nx.TX_MAX_PRIORITIES/2, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(2, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread2, "thread 2", func(nx.ULONG) {
			st := rtos.ThreadResume(&thread3)
			st += rtos.ThreadResume(&thread2a)
			if st != nx.TX_SUCCESS || c1 != 0 || c3 != 0 || c4 != 0 {
				return
			}
			st = rtos.ThreadResume(&thread4)
			if st != nx.TX_SUCCESS || c1 != 0 || c3 != 0 || c4 != 1 {
				return
			}
			rtos.ThreadRelinquish()
			if c1 != 0 || c2a != 1 || c3 != 1 || c4 != 1 {
				return
			}
			c2++
		}, 2, 15, 10, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(3, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread2a, "thread 2a", func(nx.ULONG) {
			if c3 == 1 {
				c2a++
			}
		}, 2, 15, 15, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(4, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread3, "thread 3", func(nx.ULONG) { c3++ }, 3, 11, 11, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(5, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread4, "thread 4", func(nx.ULONG) { c4++ }, 4, 9, 9, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(6, st, nx.TX_SUCCESS) {
			return
		}
		// The chain, in the C test's creation order (ERROR #7 to #23):
		// thread p-(p-1) resumes the next, 6-5 resumes 4-3 and 3-2, 3-2
		// resumes 1-0 and 30-29 resumes thread 0 when its turn ends.
		prios := []nx.UINT{30, 28, 26, 24, 22, 20, 18, 16, 14, 12, 10, 8, 6, 4, 3, 2, 1}
		chain = make([]*link, len(prios))
		for i := range prios {
			chain[i] = &link{}
		}
		next := map[nx.UINT][]nx.UINT{6: {4, 3}, 4: {2}, 3: {1}, 2: nil, 1: nil}
		byPrio := map[nx.UINT]*link{}
		for i, p := range prios {
			byPrio[p] = chain[i]
		}
		for i, p := range prios {
			l, p := chain[i], p
			resumes, ok := next[p]
			if !ok {
				resumes = []nx.UINT{p - 2}
			}
			thresh := p - 1
			entry := func(nx.ULONG) {
				st := nx.TX_SUCCESS
				for _, q := range resumes {
					st = rtos.ThreadResume(&byPrio[q].th)
				}
				if st == nx.TX_SUCCESS {
					l.count++
				}
				if p == 30 {
					rtos.ThreadResume(&thread0)
				}
			}
			if p == 1 {
				thresh = 1
				entry = func(nx.ULONG) {
					st := rtos.TimerActivate(&timer0)
					for timerCounter == 0 {
						rtos.Busy(time.Millisecond)
					}
					if st == nx.TX_SUCCESS {
						l.count++
					}
				}
			}
			st = r.create(&l.th, fmt.Sprintf("thread %d-%d", p, p-1), entry, p, p, thresh, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
			if !r.check(7+i, st, nx.TX_SUCCESS) {
				return
			}
		}
		st = rtos.TimerCreate(&timer0, "timer 0", func(nx.ULONG) { timerCounter++ }, 0, 1, 0, nx.TX_NO_ACTIVATE)
		r.check(24, st, nx.TX_SUCCESS)
	})
}

// link is one thread of the chain in the multi-level preemption-threshold
// test and how often it ran to the end.
type link struct {
	th    rtos.Thread
	count int
}
