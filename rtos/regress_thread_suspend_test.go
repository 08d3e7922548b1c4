package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressThreadDelayedSuspension ports
// threadx_thread_delayed_suspension_test.c: tx_thread_suspend of a thread
// waiting on a semaphore is delayed until the wait ends, and
// tx_thread_resume of a thread whose delayed suspension is still pending
// lifts it and returns TX_SUSPEND_LIFTED (#1).
//
// Adapted: the second part (#2) times a C delay loop against the tick so
// that the per-tick ISR lands while thread 2 is half-way into a suspension
// (tx_thread_suspending set, between the two halves of
// _tx_thread_system_suspend); Go services are not interruptible inside, so
// that window does not exist and the part is left out.
func TestRegressThreadDelayedSuspension(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var sem0 rtos.Semaphore
		r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadRelinquish()
			rtos.ThreadSuspend(&thread1)
			rtos.SemaphorePut(&sem0)
			rtos.ThreadResume(&thread1)
			rtos.ThreadRelinquish()
			rtos.ThreadSuspend(&thread1)
			if !r.check(1, rtos.ThreadResume(&thread1), nx.TX_SUSPEND_LIFTED) {
				return
			}
			r.ret(0)
		}, 0, 2, 2, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		r.create(&thread1, "thread 1", func(nx.ULONG) {
			for rtos.SemaphoreGet(&sem0, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS {
			}
		}, 1, 2, 2, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		rtos.SemaphoreCreate(&sem0, "semaphore 0", 0)
	})
}
