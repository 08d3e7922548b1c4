package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressThreadSleepTerminate ports
// threadx_thread_sleep_terminate_test.c: terminating a sleeping thread
// succeeds without waking it (its sleep loop ran once, #5), and a terminated
// thread cannot be suspended (TX_SUSPEND_ERROR, #6). Adapted: the check that
// _tx_thread_preempt_disable is 0 after the terminate (a kernel internal) is
// left out; Go has no such counter to leave set.
func TestRegressThreadSleepTerminate(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		c1, enter1, exit1 := 0, 0, 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(5)
			if st := rtos.ThreadTerminate(&thread1); st != nx.TX_SUCCESS || c1 != 1 {
				r.failf(5, "status %v counter %d", st, c1)
				return
			}
			if !r.check(6, rtos.ThreadSuspend(&thread1), nx.TX_SUSPEND_ERROR) {
				return
			}
			r.ret(0)
		}, 1, 17, 17, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			for {
				c1++
				if rtos.ThreadSleep(100) != nx.TX_SUCCESS {
					c1 = 0
					return
				}
			}
		}, 1, 18, 18, 100, nx.TX_AUTO_START)
		if !r.check(2, st, nx.TX_SUCCESS) {
			return
		}
		st += rtos.ThreadEntryExitNotify(&thread1, entryExitCounter(&thread1, &enter1, &exit1))
		r.check(3, st, nx.TX_SUCCESS)
	})
}

// TestRegressThreadTerminateDelete ports
// threadx_thread_terminate_delete_test.c: a thread that terminates itself is
// TX_TERMINATED with one entry and one exit notification (#10); suspended,
// terminated and semaphore-waiting threads can be terminated and deleted
// (#11 to #15).
func TestRegressThreadTerminateDelete(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1, thread2, thread3 rtos.Thread
		var sem0 rtos.Semaphore
		c0, c1, c2, enter1, exit1, enter3, exit3 := 0, 0, 0, 0, 0, 0, 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadRelinquish()
			if thread1.State() != nx.TX_TERMINATED || enter1 != 1 || exit1 != 1 || thread2.State() != nx.TX_SUSPENDED {
				r.failf(10, "thread 1 state %d enter %d exit %d, thread 2 state %d", thread1.State(), enter1, exit1, thread2.State())
				return
			}
			if !r.check(11, rtos.ThreadTerminate(&thread2), nx.TX_SUCCESS) ||
				!r.check(12, rtos.ThreadDelete(&thread2), nx.TX_SUCCESS) ||
				!r.check(13, rtos.ThreadDelete(&thread1), nx.TX_SUCCESS) ||
				!r.check(14, rtos.ThreadTerminate(&thread3), nx.TX_SUCCESS) ||
				!r.check(15, rtos.ThreadDelete(&thread3), nx.TX_SUCCESS) {
				return
			}
			c0++
			r.ret(0)
		}, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			if rtos.ThreadIdentify() != &thread1 {
				return
			}
			c1++
			rtos.ThreadTerminate(&thread1)
		}, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(2, st, nx.TX_SUCCESS) ||
			!r.check(3, rtos.ThreadEntryExitNotify(&thread1, entryExitCounter(&thread1, &enter1, &exit1)), nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread2, "thread 2", func(nx.ULONG) {
			if rtos.ThreadIdentify() != &thread2 {
				return
			}
			c2++
			rtos.ThreadSuspend(&thread2)
		}, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(5, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread3, "thread 3", func(nx.ULONG) {
			rtos.SemaphoreGet(&sem0, nx.TX_WAIT_FOREVER)
			c2++
		}, 3, 12, 12, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(6, st, nx.TX_SUCCESS) ||
			!r.check(7, rtos.ThreadEntryExitNotify(&thread3, entryExitCounter(&thread3, &enter3, &exit3)), nx.TX_SUCCESS) {
			return
		}
		r.check(9, rtos.SemaphoreCreate(&sem0, "semaphore 0", 0), nx.TX_SUCCESS)
	})
}

// TestRegressThreadWaitAbort ports threadx_thread_wait_abort_test.c: a
// sleeping thread is TX_SLEEP (#3); tx_thread_wait_abort wakes it with
// TX_WAIT_ABORTED (#5), it runs at once (more urgent) and suspends itself
// (#4).
func TestRegressThreadWaitAbort(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		c1 := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadResume(&thread1)
			if thread1.State() != nx.TX_SLEEP {
				r.failf(3, "state %d", thread1.State())
				return
			}
			if st := rtos.ThreadWaitAbort(&thread1); st != nx.TX_SUCCESS || thread1.State() != nx.TX_SUSPENDED {
				r.failf(4, "status %v state %d", st, thread1.State())
				return
			}
			r.ret(0)
		}, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			if !r.check(5, rtos.ThreadSleep(1000000000), nx.TX_WAIT_ABORTED) {
				return
			}
			c1++
			rtos.ThreadSuspend(&thread1)
		}, 1, 15, 15, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		r.check(2, st, nx.TX_SUCCESS)
	})
}

// TestRegressThreadWaitAbortAndISR ports
// threadx_thread_wait_abort_and_isr_test.c: a thread waiting on a semaphore
// with a timeout is aborted over and over by a peer while the per-tick ISR
// puts the semaphore; every get ends in TX_SUCCESS or TX_WAIT_ABORTED (#5),
// and the gets that succeeded match the puts (#7). Adapted: the C loop ends
// when the ISR has caught the kernel ten times with
// _tx_thread_preempt_disable set (a window inside services that Go does not
// have), so the port takes the TX_NOT_INTERRUPTABLE form (stop after 100
// successful gets; the ISR's condition count stays 0). The semaphore count
// is read through tx_semaphore_info_get. The abort/relinquish ping-pong spins
// until each tick: it runs on spinProfile.
func TestRegressThreadWaitAbortAndISR(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var sem0 rtos.Semaphore
		var timer0 rtos.Timer
		c0, puts, conditions := nx.ULONG(0), nx.ULONG(0), 0
		isr := func() {
			if rtos.ThreadSleep(1) != nx.TX_CALLER_ERROR {
				conditions = 10000000
				puts = 0xFFFF0000
			}
			if rtos.SemaphorePut(&sem0) == nx.TX_SUCCESS {
				puts++
			}
		}
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			r.setISR(isr)
			for conditions < 10 {
				st := rtos.SemaphoreGet(&sem0, c0%5+1)
				if st != nx.TX_SUCCESS && st != nx.TX_WAIT_ABORTED {
					r.failf(5, "status %v", st)
					return
				}
				if st == nx.TX_SUCCESS {
					if c0++; c0 >= 100 {
						break
					}
				}
			}
			r.setISR(nil)
			var count nx.ULONG
			rtos.SemaphoreInfoGet(&sem0, nil, &count, nil, nil, nil)
			if c0 != puts-count || conditions != 0 {
				r.errorf("ERROR #7: gets %d, puts %d, count %d, conditions %d", c0, puts, count, conditions)
				r.ret(3)
				return
			}
			r.ret(0)
		}, 1, 17, 17, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			for {
				rtos.ThreadWaitAbort(&thread0)
				rtos.ThreadRelinquish()
			}
		}, 1, 17, 17, 100, nx.TX_AUTO_START)
		if !r.check(2, st, nx.TX_SUCCESS) || !r.check(3, rtos.SemaphoreCreate(&sem0, "semaphore 0", 0), nx.TX_SUCCESS) {
			return
		}
		r.check(4, rtos.TimerCreate(&timer0, "timer 0", func(nx.ULONG) {}, 0, 1, 1, nx.TX_AUTO_ACTIVATE), nx.TX_SUCCESS)
	}, spinProfile())
}
