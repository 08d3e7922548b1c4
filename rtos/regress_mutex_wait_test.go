package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// mutexUser gets and puts m in a loop, counting each success, and suspends
// itself after each round.
func mutexUser(m *rtos.Mutex, th *rtos.Thread, c *int) func(nx.ULONG) {
	return func(nx.ULONG) {
		for {
			st := rtos.MutexGet(m, nx.TX_WAIT_FOREVER)
			st += rtos.MutexPut(m)
			if st == nx.TX_SUCCESS {
				*c++
			}
			rtos.ThreadSuspend(th)
		}
	}
}

// TestRegressMutexPrioritize ports threadx_mutex_proritize_test.c:
// tx_mutex_prioritize's txe_ codes (#9, #10), an empty list (#11), the most
// urgent waiter moved to the front (#13 to #15), and again after two
// waiters were aborted (#17). Adapted like TestRegressSemaphorePrioritize:
// the C loop waits for the per-tick ISR to abort threads 3 and 5 while the
// kernel has _tx_thread_preempt_disable set, a window Go services do not
// have; the thread aborts them between two prioritize calls (#16 is the
// status of the call that follows).
func TestRegressMutexPrioritize(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [7]rtos.Thread
		var m0, m1 rtos.Mutex
		var c [7]int
		first := func() *rtos.Thread { _, _, f := mutexInfo(&m0); return f }
		st := r.create(&th[0], "thread 0", func(nx.ULONG) {
			if txeOn && (!r.check(9, rtos.MutexPrioritize(nil), nx.TX_MUTEX_ERROR) ||
				!r.check(10, rtos.MutexPrioritize(&m1), nx.TX_MUTEX_ERROR)) {
				return
			}
			if !r.check(11, rtos.MutexPrioritize(&m0), nx.TX_SUCCESS) ||
				!r.check(12, rtos.MutexGet(&m0, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadResume(&th[1])
			rtos.ThreadResume(&th[2])
			if first() != &th[1] {
				r.failf(13, "first %v", first())
				return
			}
			for i := 0; i < 2; i++ {
				if st := rtos.MutexPrioritize(&m0); st != nx.TX_SUCCESS || first() != &th[2] {
					r.failf(14, "status %v first %v", st, first())
					return
				}
			}
			for i := 1; i <= 6; i++ {
				rtos.ThreadResume(&th[i])
			}
			if st := rtos.MutexPrioritize(&m0); st != nx.TX_SUCCESS || first() != &th[3] {
				r.failf(15, "status %v first %v", st, first())
				return
			}
			rtos.ThreadWaitAbort(&th[3])
			rtos.ThreadWaitAbort(&th[5])
			if !r.check(16, rtos.MutexPrioritize(&m0), nx.TX_SUCCESS) {
				return
			}
			if first() != &th[4] {
				r.failf(17, "first %v", first())
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		prio := [7]nx.UINT{0, 15, 14, 3, 4, 5, 6}
		for i := 1; i <= 6; i++ {
			st := r.create(&th[i], "thread", mutexUser(&m0, &th[i], &c[i]), nx.ULONG(i), prio[i], prio[i], 100, nx.TX_DONT_START)
			if !r.check(1+i, st, nx.TX_SUCCESS) {
				return
			}
		}
		r.check(8, rtos.MutexCreate(&m0, "mutex 0", nx.TX_NO_INHERIT), nx.TX_SUCCESS)
	})
}

// TestRegressMutexSuspensionTimeout ports
// threadx_mutex_suspension_timeout_test.c: a get of a mutex the control
// thread owns times out after exactly 33 ticks with TX_NOT_AVAILABLE (#3).
// The rest of the C test has no checks: it drives coverage of
// _tx_mutex_priority_change and of two test-build hooks of tx_mutex_put
// (TX_MUTEX_PUT_EXTENSION_1, which aborts every thread waiting on the mutex
// inside the put, and TX_MUTEX_PRIORITY_CHANGE_EXTENSION) with kernel
// internals. The port keeps the put to four waiters, aborting them with
// tx_thread_wait_abort just before it as the hook does inside it, and
// leaves out the internal calls.
func TestRegressMutexSuspensionTimeout(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [5]rtos.Thread
		var low rtos.Thread
		var m0, m1 rtos.Mutex
		st := r.create(&th[0], "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(2)
			rtos.TimeSet(0)
			if st := rtos.MutexGet(&m0, 33); st != nx.TX_NOT_AVAILABLE || rtos.TimeGet() != 33 {
				r.failf(3, "status %v now %d", st, rtos.TimeGet())
				return
			}
			rtos.MutexGet(&m1, nx.TX_WAIT_FOREVER)
			for i := 4; i >= 1; i-- {
				rtos.ThreadResume(&th[i])
			}
			for i := 1; i <= 4; i++ { // threadx_mutex_suspension_put_test
				rtos.ThreadWaitAbort(&th[i])
			}
			rtos.MutexPut(&m1)
			rtos.ThreadResume(&low)
			r.ret(0)
		}, 0, 16, 16, 100, nx.TX_AUTO_START)
		for i := 1; i <= 4; i++ {
			st += r.create(&th[i], "thread", func(nx.ULONG) {
				for {
					if rtos.MutexGet(&m1, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS {
						rtos.MutexPut(&m1)
					}
					rtos.ThreadSuspend(&th[i])
				}
			}, nx.ULONG(i), nx.UINT(i), nx.UINT(i), 100, nx.TX_DONT_START)
		}
		st += r.create(&low, "low priority", func(nx.ULONG) {}, 30, 30, 30, 100, nx.TX_DONT_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = rtos.MutexCreate(&m0, "mutex 0", nx.TX_NO_INHERIT)
		st += rtos.MutexCreate(&m1, "mutex 1", nx.TX_INHERIT)
		if !r.check(2, st, nx.TX_SUCCESS) {
			return
		}
		rtos.MutexGet(&m0, nx.TX_NO_WAIT) // owned by the control thread
	})
}

// TestRegressMutexThreadTerminate ports
// threadx_mutex_thread_terminate_test.c: terminating threads that wait with
// a timeout on a mutex the control thread owns ends their waits without
// running them again (#5 to #7).
func TestRegressMutexThreadTerminate(t *testing.T) {
	var m0 rtos.Mutex
	runRegress(t, waitersTerminated(5, func(timeout nx.ULONG) nx.Status { return rtos.MutexGet(&m0, timeout) }, func(r *regress) {
		if r.check(4, rtos.MutexCreate(&m0, "mutex 0", 0), nx.TX_SUCCESS) {
			rtos.MutexGet(&m0, nx.TX_NO_WAIT) // owned by the control thread
		}
	}))
}
