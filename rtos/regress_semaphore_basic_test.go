package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// semCount is the C tests' semaphore_ptr -> tx_semaphore_count, read
// through tx_semaphore_info_get.
func semCount(s *rtos.Semaphore) nx.ULONG {
	var n nx.ULONG
	rtos.SemaphoreInfoGet(s, nil, &n, nil, nil, nil)
	return n
}

// TestRegressSemaphoreBasic ports threadx_semaphore_basic_test.c: the txe_
// codes of every semaphore service (#5 to #16), get and put counting (#17
// to #21), create, delete and waiting get refused in a timer and an ISR
// (#22), and delete (#23, #24). Adapted: the guard words around the control
// block (#4) become a plain create and delete, and #6 (_txe_semaphore_create
// with a wrong control-block size) is left out: Go passes no size. Thread 1
// relinquishes in a loop alone at its priority while thread 0 sleeps until a
// tick: it runs on spinProfile.
func TestRegressSemaphoreBasic(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		var sem0, sem1, sem2, memSem rtos.Semaphore
		var timer0 rtos.Timer
		errs := 0
		refused := func() {
			if rtos.SemaphoreCreate(&sem2, "semaphore 2", 1) != nx.TX_CALLER_ERROR {
				errs++
			}
			if rtos.SemaphoreDelete(&sem0) != nx.TX_CALLER_ERROR {
				errs++
			}
			if rtos.SemaphoreGet(&sem0, 100) != nx.TX_WAIT_ERROR {
				errs++
			}
		}
		timerEntry := func() {
			if r.init.semaphore != nx.TX_SUCCESS {
				errs++
			}
			refused()
		}
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			st := rtos.SemaphoreCreate(&memSem, "semaphore memory", 0)
			rtos.SemaphoreDelete(&memSem)
			if !r.check(4, st, nx.TX_SUCCESS) {
				return
			}
			if txeOn {
				for _, c := range []struct {
					n         int
					got, want nx.Status
				}{
					{5, rtos.SemaphoreCreate(nil, "semaphore 0", 1), nx.TX_SEMAPHORE_ERROR},
					{7, rtos.SemaphoreCreate(&sem0, "semaphore 0", 1), nx.TX_SEMAPHORE_ERROR},
					{8, rtos.SemaphoreDelete(nil), nx.TX_SEMAPHORE_ERROR},
					{9, rtos.SemaphoreDelete(&sem2), nx.TX_SEMAPHORE_ERROR},
					{10, rtos.SemaphoreGet(nil, nx.TX_NO_WAIT), nx.TX_SEMAPHORE_ERROR},
					{11, rtos.SemaphoreGet(&sem2, nx.TX_NO_WAIT), nx.TX_SEMAPHORE_ERROR},
					{12, rtos.SemaphorePut(nil), nx.TX_SEMAPHORE_ERROR},
					{13, rtos.SemaphorePut(&sem2), nx.TX_SEMAPHORE_ERROR},
					{14, rtos.SemaphoreCeilingPut(nil, 0), nx.TX_SEMAPHORE_ERROR},
					{15, rtos.SemaphoreCeilingPut(&sem2, 0), nx.TX_SEMAPHORE_ERROR},
					{16, rtos.SemaphoreCeilingPut(&sem0, 0), nx.TX_INVALID_CEILING},
				} {
					if !r.check(c.n, c.got, c.want) {
						return
					}
				}
			}
			if !r.check(17, rtos.SemaphoreGet(&sem0, nx.TX_NO_WAIT), nx.TX_SUCCESS) ||
				!r.check(18, rtos.SemaphoreGet(&sem0, nx.TX_NO_WAIT), nx.TX_NO_INSTANCE) {
				return
			}
			if st := rtos.SemaphorePut(&sem1); st != nx.TX_SUCCESS || semCount(&sem1) != 2 {
				r.failf(19, "status %v count %d", st, semCount(&sem1))
				return
			}
			if !r.check(20, rtos.SemaphoreGet(&sem1, nx.TX_NO_WAIT), nx.TX_SUCCESS) ||
				!r.check(21, rtos.SemaphoreGet(&sem1, nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			if txeOn {
				if !callerChecks(r, 22, &timer0, &errs, timerEntry, refused, &thread1) {
					return
				}
			}
			if !r.check(23, rtos.SemaphoreDelete(&sem0), nx.TX_SUCCESS) ||
				!r.check(24, rtos.SemaphoreDelete(&sem1), nx.TX_SUCCESS) {
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		st += r.create(&thread1, "thread 1", func(nx.ULONG) {
			for {
				rtos.ThreadRelinquish()
			}
		}, 1, 18, 18, 100, nx.TX_DONT_START)
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, rtos.SemaphoreCreate(&sem0, "semaphore 0", 1), nx.TX_SUCCESS) {
			return
		}
		r.check(3, rtos.SemaphoreCreate(&sem1, "semaphore 1", 1), nx.TX_SUCCESS)
	}, spinProfile())
}

// TestRegressSemaphoreCeilingPut ports
// threadx_semaphore_ceiling_put_test.c: a put past the ceiling is
// TX_CEILING_EXCEEDED (#7), ceiling puts wake waiters in FIFO order (#8 to
// #11), with and without a put notification (the second #9 to #11).
func TestRegressSemaphoreCeilingPut(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1, thread2 rtos.Thread
		var sem0, sem1 rtos.Semaphore
		c1, c2 := 0, 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			st := rtos.SemaphoreCeilingPut(&sem0, 2)
			st += rtos.SemaphoreCeilingPut(&sem0, 2)
			st += rtos.SemaphoreCeilingPut(&sem0, 2)
			st += rtos.SemaphoreGet(&sem0, nx.TX_NO_WAIT)
			st += rtos.SemaphoreGet(&sem0, nx.TX_NO_WAIT)
			if !r.check(7, st, nx.TX_CEILING_EXCEEDED) {
				return
			}
			tail := putRoundTail(r, func() nx.Status { return rtos.SemaphoreCeilingPut(&sem0, 2) }, &thread2, &c1, &c2)
			rtos.ThreadRelinquish()
			if c1 != 1 {
				r.failf(8, "counter 1 %d", c1)
				return
			}
			if st := rtos.SemaphoreCeilingPut(&sem0, 2); st != nx.TX_SUCCESS || c1 != 1 {
				r.failf(9, "status %v counter 1 %d", st, c1)
				return
			}
			if !tail(3, 5, 3) {
				return
			}
			// The same again without the put notification.
			st = rtos.SemaphorePutNotify(&sem0, nil)
			st += rtos.SemaphoreCeilingPut(&sem1, 2)
			st += rtos.SemaphoreCeilingPut(&sem0, 2)
			if st != nx.TX_SUCCESS || c1 != 5 {
				r.failf(9, "status %v counter 1 %d", st, c1)
				return
			}
			if !tail(7, 9, 5) {
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		if !r.check(2, r.create(&thread1, "thread 1", semWaiter(&sem0, &c1, &c1), 1, 16, 16, 100, nx.TX_AUTO_START), nx.TX_SUCCESS) ||
			!r.check(3, r.create(&thread2, "thread 2", semWaiter(&sem0, &c2, &c2), 2, 16, 16, 100, nx.TX_DONT_START), nx.TX_SUCCESS) {
			return
		}
		st = rtos.SemaphoreCreate(&sem0, "semaphore 0", 0)
		st += rtos.SemaphoreCreate(&sem1, "semaphore 1", 0)
		if !r.check(4, st, nx.TX_SUCCESS) {
			return
		}
		r.check(5, rtos.SemaphorePutNotify(&sem0, func(*rtos.Semaphore) {}), nx.TX_SUCCESS)
	})
}

// TestRegressSemaphoreDelete ports threadx_semaphore_delete_test.c: deleting
// a semaphore with two waiters succeeds (#7) and both waits end in
// TX_DELETED (#8).
func TestRegressSemaphoreDelete(t *testing.T) {
	var sem0 rtos.Semaphore
	runRegress(t, waitersDeleted(7, nil,
		func() nx.Status { return rtos.SemaphoreDelete(&sem0) },
		func() nx.Status { return rtos.SemaphoreGet(&sem0, nx.TX_WAIT_FOREVER) },
		func(r *regress) {
			if r.check(4, rtos.SemaphoreCreate(&sem0, "semaphore 0", 0), nx.TX_SUCCESS) {
				r.check(5, rtos.SemaphorePutNotify(&sem0, func(*rtos.Semaphore) {}), nx.TX_SUCCESS)
			}
		}))
}
