package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// mutexInfo is what the C tests read from a TX_MUTEX control block
// (tx_mutex_ownership_count, tx_mutex_owner, tx_mutex_suspension_list),
// read through tx_mutex_info_get.
func mutexInfo(m *rtos.Mutex) (count nx.ULONG, owner, first *rtos.Thread) {
	rtos.MutexInfoGet(m, nil, &count, &owner, &first, nil, nil)
	return count, owner, first
}

// TestRegressMutexBasic ports threadx_mutex_basic_test.c: the txe_ codes of
// every mutex service (#7 to #16), nested get and put (#17 to #20), a mutex
// owned by another thread (#21), delete (#22, #23, #29, #30), create,
// delete and get refused in a timer and an ISR (#26), a put by a thread
// that does not own the mutex (#27, #28), and a handover to two waiters
// (the second #29). Adapted: the guard words around the control block (#6)
// become a plain create and delete; #8 (_txe_mutex_create with a wrong
// control-block size) is left out; #28 calls the core _tx_mutex_put in C,
// the service here. Thread 2 relinquishes in a loop alone at its priority
// while thread 0 sleeps until a tick: it runs on spinProfile.
func TestRegressMutexBasic(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [5]rtos.Thread
		var m [9]rtos.Mutex
		var timer0 rtos.Timer
		var memMutex rtos.Mutex
		errs := 0
		want := func(got, w nx.Status) {
			if got != w {
				errs++
			}
		}
		refused := func() {
			want(rtos.MutexCreate(&m[4], "mutex 4", nx.TX_NO_INHERIT), nx.TX_CALLER_ERROR)
			want(rtos.MutexDelete(&m[2]), nx.TX_CALLER_ERROR)
			want(rtos.MutexGet(&m[2], 100), nx.TX_WAIT_ERROR)
		}
		testISR := func() {
			refused()
			want(rtos.MutexGet(&m[2], nx.TX_NO_WAIT), nx.TX_CALLER_ERROR)
			want(rtos.MutexPut(&m[2]), nx.TX_CALLER_ERROR)
		}
		entry0 := func(nx.ULONG) {
			st := rtos.MutexCreate(&memMutex, "mutex memory", nx.TX_INHERIT)
			rtos.MutexDelete(&memMutex)
			if !r.check(6, st, nx.TX_SUCCESS) {
				return
			}
			if txeOn {
				for _, c := range []struct {
					n         int
					got, want nx.Status
				}{
					{7, rtos.MutexCreate(nil, "mutex 2", nx.TX_INHERIT), nx.TX_MUTEX_ERROR},
					{9, rtos.MutexCreate(&m[2], "mutex 2", nx.TX_INHERIT), nx.TX_MUTEX_ERROR},
					{10, rtos.MutexCreate(&m[4], "mutex 4", 14), nx.TX_INHERIT_ERROR},
					{11, rtos.MutexDelete(nil), nx.TX_MUTEX_ERROR},
					{12, rtos.MutexDelete(&m[4]), nx.TX_MUTEX_ERROR},
					{13, rtos.MutexGet(nil, nx.TX_NO_WAIT), nx.TX_MUTEX_ERROR},
					{14, rtos.MutexGet(&m[4], nx.TX_NO_WAIT), nx.TX_MUTEX_ERROR},
					{15, rtos.MutexPut(nil), nx.TX_MUTEX_ERROR},
					{16, rtos.MutexPut(&m[4]), nx.TX_MUTEX_ERROR},
				} {
					if !r.check(c.n, c.got, c.want) {
						return
					}
				}
			}
			if !r.check(17, rtos.MutexGet(&m[0], nx.TX_NO_WAIT), nx.TX_SUCCESS) ||
				!r.check(18, rtos.MutexGet(&m[0], nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			st = rtos.MutexPut(&m[0])
			if count, _, _ := mutexInfo(&m[0]); st != nx.TX_SUCCESS || count != 1 {
				r.failf(19, "status %v count %d", st, count)
				return
			}
			st = rtos.MutexPut(&m[0])
			if _, owner, _ := mutexInfo(&m[0]); (st != nx.TX_SUCCESS) != (owner != nil) {
				r.failf(20, "status %v owner %v", st, owner)
				return
			}
			rtos.ThreadRelinquish()
			if !r.check(21, rtos.MutexGet(&m[1], nx.TX_NO_WAIT), nx.TX_NOT_AVAILABLE) {
				return
			}
			rtos.ThreadRelinquish()
			if !r.check(22, rtos.MutexDelete(&m[0]), nx.TX_SUCCESS) ||
				!r.check(23, rtos.MutexDelete(&m[1]), nx.TX_SUCCESS) ||
				!r.check(24, rtos.MutexGet(&m[2], nx.TX_NO_WAIT), nx.TX_SUCCESS) ||
				!r.check(25, rtos.MutexGet(&m[3], nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			if txeOn {
				if !callerChecks(r, 26, &timer0, &errs, refused, testISR, &th[2]) {
					return
				}
			}
			st = rtos.MutexPut(&m[2])
			st += rtos.MutexPut(&m[2])
			if !r.check(27, st, nx.TX_NOT_OWNED) ||
				!r.check(28, rtos.MutexPut(&m[2]), nx.TX_NOT_OWNED) ||
				!r.check(29, rtos.MutexDelete(&m[2]), nx.TX_SUCCESS) {
				return
			}
			st = rtos.MutexGet(&m[8], nx.TX_WAIT_FOREVER)
			st += rtos.ThreadResume(&th[3])
			st += rtos.ThreadResume(&th[4])
			rtos.ThreadSleep(2)
			st += rtos.MutexPut(&m[8])
			if !r.check(29, st, nx.TX_SUCCESS) || !r.check(30, rtos.MutexDelete(&m[3]), nx.TX_SUCCESS) {
				return
			}
			r.ret(0)
		}
		entry1 := func(nx.ULONG) {
			if !r.check(31, rtos.MutexGet(&m[1], nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadRelinquish()
			if !r.check(32, rtos.MutexPut(&m[1]), nx.TX_SUCCESS) {
				return
			}
			st := rtos.MutexCreate(&m[6], "mutex 6", nx.TX_NO_INHERIT)
			st += rtos.MutexCreate(&m[7], "mutex 7", nx.TX_NO_INHERIT)
			for i := 0; i < 2; i++ {
				st += rtos.MutexGet(&m[6], nx.TX_NO_WAIT)
				st += rtos.MutexGet(&m[7], nx.TX_NO_WAIT)
			}
			r.check(33, st, nx.TX_SUCCESS)
		}
		handover := func(nx.ULONG) {
			for {
				rtos.MutexGet(&m[8], nx.TX_WAIT_FOREVER)
				rtos.MutexPut(&m[8])
			}
		}
		st := r.create(&th[0], "thread 0", entry0, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		st += r.create(&th[1], "thread 1", entry1, 1, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		st += r.create(&th[2], "thread 2", func(nx.ULONG) {
			for {
				rtos.ThreadRelinquish()
			}
		}, 1, 18, 18, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		st += r.create(&th[3], "thread 3", handover, 1, 18, 18, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		st += r.create(&th[4], "thread 4", handover, 1, 18, 18, nx.TX_NO_TIME_SLICE, nx.TX_DONT_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, rtos.MutexCreate(&m[0], "mutex 0", nx.TX_NO_INHERIT), nx.TX_SUCCESS) ||
			!r.check(3, rtos.MutexCreate(&m[1], "mutex 1", nx.TX_NO_INHERIT), nx.TX_SUCCESS) ||
			!r.check(4, rtos.MutexCreate(&m[2], "mutex 2", nx.TX_INHERIT), nx.TX_SUCCESS) ||
			!r.check(5, rtos.MutexCreate(&m[3], "mutex 3", nx.TX_INHERIT), nx.TX_SUCCESS) {
			return
		}
		r.check(5, rtos.MutexCreate(&m[8], "mutex 8", nx.TX_NO_INHERIT), nx.TX_SUCCESS)
	}, spinProfile())
}

// TestRegressMutexDelete ports threadx_mutex_delete_test.c: deleting an
// owned mutex with two waiters succeeds (#6) and both waits end in
// TX_DELETED (#7).
func TestRegressMutexDelete(t *testing.T) {
	var m0 rtos.Mutex
	runRegress(t, waitersDeleted(6,
		func() nx.Status { return rtos.MutexGet(&m0, nx.TX_NO_WAIT) },
		func() nx.Status { return rtos.MutexDelete(&m0) },
		func() nx.Status { return rtos.MutexGet(&m0, nx.TX_WAIT_FOREVER) },
		func(r *regress) { r.check(4, rtos.MutexCreate(&m0, "mutex 0", nx.TX_NO_INHERIT), nx.TX_SUCCESS) }))
}
