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
		st = r.create(&thread2, "thread 2", func(nx.ULONG) {
			for {
				c2++
				rtos.ThreadSuspend(&thread2)
			}
		}, 1, 14, 14, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(3, st, nx.TX_SUCCESS) {
			return
		}
		r.check(4, rtos.MutexCreate(&mutex0, "mutex 0", nx.TX_INHERIT), nx.TX_SUCCESS)
	})
}
