package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressMutexInformation ports threadx_mutex_information_test.c:
// nested get and put (#6 to #9), a mutex owned by a peer (#10), delete
// (#11, #12, #36, #37), tx_mutex_info_get's txe_ codes (#15, #16) and the
// information reported (#17). The C test compares the information with the
// control block; Go compares it with what the test did (owned once by
// thread 0, no waiter, mutex 3 created next). Not ported yet: #18 to #35
// (tx_mutex_performance_info_get and _system_info_get, TX_FEATURE_NOT_ENABLED
// in the default build): rtos has not got these services — see
// rtos/TESTING.md.
func TestRegressMutexInformation(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var m0, m1, m2, m3, m4 rtos.Mutex
		// As in C, the status of this create is overwritten by the next.
		r.create(&thread0, "thread 0", func(nx.ULONG) {
			if !r.check(6, rtos.MutexGet(&m0, nx.TX_NO_WAIT), nx.TX_SUCCESS) ||
				!r.check(7, rtos.MutexGet(&m0, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			st := rtos.MutexPut(&m0)
			if count, _, _ := mutexInfo(&m0); st != nx.TX_SUCCESS || count != 1 {
				r.failf(8, "status %v count %d", st, count)
				return
			}
			if !r.check(9, rtos.MutexPut(&m0), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadRelinquish()
			if !r.check(10, rtos.MutexGet(&m1, nx.TX_NO_WAIT), nx.TX_NOT_AVAILABLE) {
				return
			}
			rtos.ThreadRelinquish()
			if !r.check(11, rtos.MutexDelete(&m0), nx.TX_SUCCESS) ||
				!r.check(12, rtos.MutexDelete(&m1), nx.TX_SUCCESS) ||
				!r.check(13, rtos.MutexGet(&m2, nx.TX_NO_WAIT), nx.TX_SUCCESS) ||
				!r.check(14, rtos.MutexGet(&m3, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			if txeOn && (!r.check(15, rtos.MutexInfoGet(nil, nil, nil, nil, nil, nil, nil), nx.TX_MUTEX_ERROR) ||
				!r.check(16, rtos.MutexInfoGet(&m4, nil, nil, nil, nil, nil, nil), nx.TX_MUTEX_ERROR)) {
				return
			}
			var name string
			var count, suspended nx.ULONG
			var owner, first *rtos.Thread
			var next *rtos.Mutex
			st = rtos.MutexInfoGet(&m2, nil, nil, nil, nil, nil, nil)
			st += rtos.MutexInfoGet(&m2, &name, &count, &owner, &first, &suspended, &next)
			if st != nx.TX_SUCCESS || name != "mutex 2" || count != 1 || owner != &thread0 || first != nil || suspended != 0 || next != &m3 {
				r.failf(17, "status %v name %q count %d owner %v first %v suspended %d next %p", st, name, count, owner, first, suspended, next)
				return
			}
			if !r.check(36, rtos.MutexDelete(&m2), nx.TX_SUCCESS) || !r.check(37, rtos.MutexDelete(&m3), nx.TX_SUCCESS) {
				return
			}
			r.ret(0)
		}, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		st := r.create(&thread1, "thread 1", func(nx.ULONG) {
			if !r.check(38, rtos.MutexGet(&m1, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadRelinquish()
			r.check(39, rtos.MutexPut(&m1), nx.TX_SUCCESS)
		}, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, rtos.MutexCreate(&m0, "mutex 0", nx.TX_NO_INHERIT), nx.TX_SUCCESS) ||
			!r.check(3, rtos.MutexCreate(&m1, "mutex 1", nx.TX_NO_INHERIT), nx.TX_SUCCESS) ||
			!r.check(4, rtos.MutexCreate(&m2, "mutex 2", nx.TX_INHERIT), nx.TX_SUCCESS) {
			return
		}
		r.check(5, rtos.MutexCreate(&m3, "mutex 3", nx.TX_INHERIT), nx.TX_SUCCESS)
	})
}

// mutexWaiter counts, waits forever for m, and counts again if it got it.
func mutexWaiter(m *rtos.Mutex, c *int) func(nx.ULONG) {
	return func(nx.ULONG) {
		*c++
		if rtos.MutexGet(m, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS {
			*c++
		}
	}
}

// TestRegressMutexNoPreemption ports threadx_mutex_no_preemption_test.c: a
// put that gives the mutex to an equal-priority waiter does not preempt the
// putter (#6); the waiter runs at the next relinquish (#5, #7).
func TestRegressMutexNoPreemption(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var m0 rtos.Mutex
		c1 := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			if !r.check(4, rtos.MutexGet(&m0, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadRelinquish()
			if c1 != 1 {
				r.failf(5, "counter %d", c1)
				return
			}
			if st := rtos.MutexPut(&m0); st != nx.TX_SUCCESS || c1 != 1 {
				r.failf(6, "status %v counter %d", st, c1)
				return
			}
			rtos.ThreadRelinquish()
			if c1 != 2 {
				r.failf(7, "counter %d", c1)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, r.create(&thread1, "thread 1", mutexWaiter(&m0, &c1), 1, 16, 16, 100, nx.TX_AUTO_START), nx.TX_SUCCESS) {
			return
		}
		r.check(3, rtos.MutexCreate(&m0, "mutex 0", nx.TX_NO_INHERIT), nx.TX_SUCCESS)
	})
}

// TestRegressMutexPreemption ports threadx_mutex_preemption_test.c: a more
// urgent thread blocks on an owned mutex (#5) and runs as soon as the owner
// puts it (#6).
func TestRegressMutexPreemption(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var m0 rtos.Mutex
		c1 := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			if !r.check(4, rtos.MutexGet(&m0, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadResume(&thread1)
			if c1 != 1 {
				r.failf(5, "counter %d", c1)
				return
			}
			if st := rtos.MutexPut(&m0); st != nx.TX_SUCCESS || c1 != 2 {
				r.failf(6, "status %v counter %d", st, c1)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, r.create(&thread1, "thread 1", mutexWaiter(&m0, &c1), 1, 15, 15, 100, nx.TX_DONT_START), nx.TX_SUCCESS) {
			return
		}
		r.check(3, rtos.MutexCreate(&m0, "mutex 0", nx.TX_NO_INHERIT), nx.TX_SUCCESS)
	})
}
