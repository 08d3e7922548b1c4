package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// threadExecuteLogSize is TX_THREAD_EXECUTE_LOG_SIZE (tx_thread.h), which
// sets the length of a loop in threadx_thread_preemption_change_test.c.
const threadExecuteLogSize = 8

// TestRegressThreadPreemptionChange ports
// threadx_thread_preemption_change_test.c: raising the threshold keeps an
// equal-priority thread out (#5), lowering it lets it in (#6), the old
// threshold is reported (#7, #8), a thread past the threshold preempts (#9
// to #12), tx_thread_priority_change sets the threshold too (#14), a
// threshold change while a mutex raised the priority keeps the inherited
// priority as threshold (#16) and the mutex put restores both (#17), and a
// threshold above the priority is TX_THRESH_ERROR even from the service
// core (#18).
//
// Adapted: #16 and #17 read tx_thread_priority and
// tx_thread_preempt_threshold from the control block; Go reads them through
// ThreadEffectivePriority and ThreadEffectiveThreshold
// (regress_misc_export_test.go). #18 calls the core
// _tx_thread_preemption_change in C; Go calls the service, whose core gives
// the same code when the txe_ layer is built out.
func TestRegressThreadPreemptionChange(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1, thread2 rtos.Thread
		var mutex0 rtos.Mutex
		c1, c2 := 0, 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			var old nx.UINT
			st := rtos.ThreadResume(&thread1)
			if st != nx.TX_SUCCESS || c1 != 0 || c2 != 0 {
				r.failf(5, "status %v counters %d %d", st, c1, c2)
				return
			}
			st = rtos.ThreadPreemptionChange(&thread0, 15, &old)
			st += rtos.ThreadPreemptionChange(&thread0, 16, &old)
			if st != nx.TX_SUCCESS || c1 != 1 || c2 != 0 || old != 15 {
				r.failf(6, "status %v counters %d %d old %d", st, c1, c2, old)
				return
			}
			st = rtos.ThreadPreemptionChange(&thread2, 11, &old)
			if st != nx.TX_SUCCESS || c1 != 1 || c2 != 0 || old != 14 {
				r.failf(7, "status %v counters %d %d old %d", st, c1, c2, old)
				return
			}
			st = rtos.ThreadPreemptionChange(&thread0, 15, &old)
			if st != nx.TX_SUCCESS || c1 != 1 || c2 != 0 || old != 16 {
				r.failf(8, "status %v counters %d %d old %d", st, c1, c2, old)
				return
			}
			st = rtos.ThreadResume(&thread2)
			if st != nx.TX_SUCCESS || c1 != 1 || c2 != 1 {
				r.failf(9, "status %v counters %d %d", st, c1, c2)
				return
			}
			for i := 0; i < threadExecuteLogSize*3; i++ {
				if !r.check(10, rtos.ThreadPreemptionChange(&thread0, 14, &old), nx.TX_SUCCESS) {
					return
				}
				if st := rtos.ThreadResume(&thread2); st != nx.TX_SUCCESS && c2 != i+1 {
					r.failf(11, "status %v counter %d", st, c2)
					return
				}
				if st := rtos.ThreadPreemptionChange(&thread0, 15, &old); st != nx.TX_SUCCESS && c2 != i+2 {
					r.failf(12, "status %v counter %d", st, c2)
					return
				}
			}
			st = rtos.ThreadPriorityChange(&thread0, 7, &old)
			st += rtos.ThreadPriorityChange(&thread1, 5, &old)
			if !r.check(13, st, nx.TX_SUCCESS) {
				return
			}
			st = rtos.ThreadPreemptionChange(&thread0, 0, &old)
			if st != nx.TX_SUCCESS || old != 7 {
				r.failf(14, "status %v old %d", st, old)
				return
			}
			if !r.check(15, rtos.MutexGet(&mutex0, nx.TX_WAIT_FOREVER), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadResume(&thread1)
			rtos.ThreadSuspend(&thread0)
			st = rtos.ThreadPreemptionChange(&thread0, old, &old)
			if p, th := rtos.ThreadEffectivePriority(&thread0), rtos.ThreadEffectiveThreshold(&thread0); st != nx.TX_SUCCESS || old != 0 || p != 5 || th != 5 {
				r.failf(16, "status %v old %d priority %d threshold %d", st, old, p, th)
				return
			}
			st = rtos.MutexPut(&mutex0)
			if p, th := rtos.ThreadEffectivePriority(&thread0), rtos.ThreadEffectiveThreshold(&thread0); st != nx.TX_SUCCESS || p != 7 || th != 7 {
				r.failf(17, "status %v priority %d threshold %d", st, p, th)
				return
			}
			if !r.check(18, rtos.ThreadPreemptionChange(&thread0, 8, &old), nx.TX_THRESH_ERROR) {
				return
			}
			r.ret(0)
		}, 1, 16, 15, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			rtos.ThreadSuspend(&thread1)
			c1++
			rtos.ThreadSuspend(&thread1)
			rtos.ThreadResume(&thread0)
			rtos.MutexGet(&mutex0, nx.TX_WAIT_FOREVER)
			rtos.MutexPut(&mutex0)
		}, 1, 15, 15, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(2, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread2, "thread 2", selfSuspender(&thread2, &c2, nil), 1, 14, 14, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(3, st, nx.TX_SUCCESS) {
			return
		}
		r.check(4, rtos.MutexCreate(&mutex0, "mutex 0", nx.TX_INHERIT), nx.TX_SUCCESS)
	})
}

// TestRegressThreadPriorityChange ports threadx_thread_priority_change.c:
// lowering the running thread's priority below a ready thread hands it the
// CPU only when the ready thread becomes more urgent (#4 to #7), changes of
// a suspended thread's priority run nothing (#8 to #10) and raising a ready
// thread above the running one runs it at once (#11, #12).
//
// Adapted: thread 3 first loops changing its own priority between 5 and 6
// until the per-tick ISR stops it; the C ISR tries to catch it half-way
// through tx_thread_priority_change (priority 6, not yet at the head of the
// list), a window Go services do not have, so the port takes the
// TX_NOT_INTERRUPTABLE form of the ISR (stop after 100 passes), and the C
// rand() loop lengths come from a fixed sequence. The loop spins until
// a tick: it runs on spinProfile.
func TestRegressThreadPriorityChange(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [5]rtos.Thread
		var c [5]int
		entry0 := func(nx.ULONG) {
			var old nx.UINT
			rtos.ThreadResume(&th[3])
			c[0]++
			steps := []struct {
				n       int
				thread  int
				prio    nx.UINT
				old     nx.UINT
				c1, c2  int
				checkC2 bool
			}{
				{4, 0, 22, 16, 0, 0, false},
				{-1, 0, 16, 22, 0, 0, false}, // back to the old priority, unchecked
				{4, 0, 7, 16, 0, 0, false},
				{5, 1, 21, 22, 0, 0, false},
				{6, 0, 22, 7, 1, 0, false},
				{7, 0, 8, 22, 1, 0, false},
				{8, 1, 19, 21, 1, 0, false},
			}
			for _, s := range steps {
				st := rtos.ThreadPriorityChange(&th[s.thread], s.prio, &old)
				if s.n > 0 && (st != nx.TX_SUCCESS || old != s.old || c[1] != s.c1) {
					r.failf(s.n, "status %v old %d counter 1 %d", st, old, c[1])
					return
				}
			}
			if st := rtos.ThreadResume(&th[1]); st != nx.TX_SUCCESS || c[1] != 1 {
				r.failf(9, "status %v counter 1 %d", st, c[1])
				return
			}
			for _, s := range []struct {
				n      int
				thread int
				prio   nx.UINT
				old    nx.UINT
				c1     int
			}{{10, 1, 8, 19, 1}, {11, 1, 7, 8, 2}, {12, 0, 7, 8, 2}} {
				st := rtos.ThreadPriorityChange(&th[s.thread], s.prio, &old)
				if st != nx.TX_SUCCESS || old != s.old || c[1] != s.c1 || c[2] != 0 {
					r.failf(s.n, "status %v old %d counters %d %d", st, old, c[1], c[2])
					return
				}
			}
			r.ret(0)
		}
		running := false
		entry3 := func(nx.ULONG) {
			var old nx.UINT
			rtos.ThreadResume(&th[4])
			running = true
			r.setISR(func() {
				if c[3] > 100 {
					running = false
					r.setISR(nil)
				}
			})
			for seq := 7; running; seq = (seq*31 + 11) % 1000 {
				c[3] += seq % 100
				rtos.ThreadPriorityChange(&th[3], 6, &old)
				rtos.ThreadPriorityChange(&th[3], 5, &old)
				if c[4] != 0 {
					c[1]++
				}
			}
		}
		st := r.create(&th[0], "thread 0", entry0, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&th[1], "thread 1", selfSuspender(&th[1], &c[1], nil), 1, 22, 22, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(2, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&th[2], "thread 2", selfSuspender(&th[2], &c[2], nil), 2, 30, 1, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		st += r.create(&th[3], "thread 3", entry3, 3, 5, 5, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		st += r.create(&th[4], "thread 4", func(nx.ULONG) { c[4]++ }, 4, 6, 6, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		r.check(3, st, nx.TX_SUCCESS)
	}, spinProfile())
}
