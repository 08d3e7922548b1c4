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

// TestRegressThreadRelinquish ports threadx_thread_relinquish_test.c: four
// peers each relinquish to the next in FIFO order, with their entry inputs;
// the last one's relinquish lets the three others complete (#5).
func TestRegressThreadRelinquish(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [4]rtos.Thread
		var c [4]int
		for i := 0; i < 4; i++ {
			entry := func(input nx.ULONG) {
				if input != nx.ULONG(i) {
					return
				}
				for j := 0; j < i; j++ {
					if c[j] != 1 || th[j].State() != nx.TX_READY && i == 3 {
						return
					}
				}
				for j := i; j < 4; j++ {
					if c[j] != 0 {
						return
					}
				}
				c[i]++
				rtos.ThreadRelinquish()
				if i < 3 {
					return
				}
				for j := 0; j < 3; j++ {
					if th[j].State() != nx.TX_COMPLETED {
						r.failf(5, "thread %d state %d", j, th[j].State())
						return
					}
				}
				rtos.ThreadRelinquish()
				r.ret(0)
			}
			st := r.create(&th[i], "thread", entry, nx.ULONG(i), 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
			if !r.check(1+i, st, nx.TX_SUCCESS) {
				return
			}
		}
	})
}

// TestRegressThreadReset ports threadx_thread_reset_test.c: a ready thread
// cannot be deleted (#5) or reset (TX_NOT_DONE, #7); a completed thread
// reset is TX_SUSPENDED with its notifications unchanged (#8); terminate,
// reset and resume run it again from its entry, with a second entry
// notification and exit notifications for the terminate and the completion
// (#9).
func TestRegressThreadReset(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1, thread2 rtos.Thread
		c0, enter0, exit0, c2 := 0, 0, 0, 0
		notify := entryExitCounter(&thread0, &enter0, &exit0)
		st := r.create(&thread0, "thread 0", func(nx.ULONG) { c0++ }, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		st += rtos.ThreadEntryExitNotify(&thread0, notify)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		state := func(n int, want nx.UINT, counter, enter, exit int) bool {
			if thread0.State() != want || c0 != counter || enter0 != enter || exit0 != exit || c2 != 0 {
				r.failf(n, "state %d counter %d enter %d exit %d thread 2 counter %d", thread0.State(), c0, enter0, exit0, c2)
				return false
			}
			return true
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			if !r.check(5, rtos.ThreadDelete(&thread2), nx.TX_DELETE_ERROR) ||
				!state(6, nx.TX_COMPLETED, 1, 1, 1) ||
				!r.check(7, rtos.ThreadReset(&thread2), nx.TX_NOT_DONE) {
				return
			}
			rtos.ThreadReset(&thread0)
			if !state(8, nx.TX_SUSPENDED, 1, 1, 1) {
				return
			}
			rtos.ThreadTerminate(&thread0)
			rtos.ThreadReset(&thread0)
			rtos.ThreadResume(&thread0)
			if !state(9, nx.TX_COMPLETED, 2, 2, 3) {
				return
			}
			r.ret(0)
		}, 1, 17, 17, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(3, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread2, "thread 2", func(nx.ULONG) { c2++ }, 2, 18, 18, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		r.check(4, st, nx.TX_SUCCESS)
	})
}
