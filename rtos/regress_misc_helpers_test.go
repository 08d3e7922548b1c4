package rtos_test

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// Helpers that several ported C tests share, each the Go form of a small C
// function that the suite repeats from file to file.

// entryExitCounter is the C tests' entry_exit_notify: a
// tx_thread_entry_exit_notify callback that counts who's TX_THREAD_ENTRY
// and TX_THREAD_EXIT notifications.
func entryExitCounter(who *rtos.Thread, enter, exit *int) func(*rtos.Thread, nx.UINT) {
	return func(th *rtos.Thread, typ nx.UINT) {
		if th != who {
			return
		}
		switch typ {
		case nx.TX_THREAD_ENTRY:
			*enter++
		case nx.TX_THREAD_EXIT:
			*exit++
		}
	}
}

// selfSuspender is the entry of the C tests' threads that count a pass and
// suspend themselves, forever; after each pass, if then is not nil, it
// resumes then.
func selfSuspender(th *rtos.Thread, c *int, then *rtos.Thread) func(nx.ULONG) {
	return func(nx.ULONG) {
		for {
			*c++
			rtos.ThreadSuspend(th)
			if then != nil {
				rtos.ThreadResume(then)
			}
		}
	}
}

// waitersTerminated is the body that threadx_semaphore_thread_terminate_test.c
// and threadx_mutex_thread_terminate_test.c share: threads 1 and 2 (priority
// 16) count, wait on an object with timeouts of 33 and 44 ticks and count
// again; thread 0 relinquishes, finds both waiting (ERROR #first),
// terminates thread 1 (#first+1) and thread 2 (#first+2, after a
// relinquish) and neither has run on. wait waits on the object; setup makes
// it in the define, its checks numbered from #4.
func waitersTerminated(first int, wait func(timeout nx.ULONG) nx.Status, setup func(r *regress)) func(r *regress) {
	return func(r *regress) {
		var thread0, thread1, thread2 rtos.Thread
		c1, c2 := 0, 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadRelinquish()
			if c1 != 1 || c2 != 1 {
				r.failf(first, "counters %d %d", c1, c2)
				return
			}
			if st := rtos.ThreadTerminate(&thread1); st != nx.TX_SUCCESS || c1 != 1 || c2 != 1 {
				r.failf(first+1, "status %v counters %d %d", st, c1, c2)
				return
			}
			st := rtos.ThreadTerminate(&thread2)
			rtos.ThreadRelinquish()
			if st != nx.TX_SUCCESS || c1 != 1 || c2 != 1 {
				r.failf(first+2, "status %v counters %d %d", st, c1, c2)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		waitOnce := func(c *int, timeout nx.ULONG) func(nx.ULONG) {
			return func(nx.ULONG) {
				*c++
				wait(timeout)
				*c++
			}
		}
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, r.create(&thread1, "thread 1", waitOnce(&c1, 33), 1, 16, 16, 100, nx.TX_AUTO_START), nx.TX_SUCCESS) ||
			!r.check(3, r.create(&thread2, "thread 2", waitOnce(&c2, 44), 1, 16, 16, 100, nx.TX_AUTO_START), nx.TX_SUCCESS) {
			return
		}
		setup(r)
	}
}

// waitersDeleted is the body that threadx_semaphore_delete_test.c and
// threadx_mutex_delete_test.c share: threads 1 and 2 (priority 16) wait
// forever on an object; thread 0 takes it first if take is not nil
// (ERROR #first-1), relinquishes, deletes it (#first) and, after another
// relinquish, finds that both waits ended in TX_DELETED (#first+1). setup
// makes the object in the define, its checks numbered from #4.
func waitersDeleted(first int, take, del, wait func() nx.Status, setup func(r *regress)) func(r *regress) {
	return func(r *regress) {
		var thread0, thread1, thread2 rtos.Thread
		c1, c2 := 0, 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			if take != nil && !r.check(first-1, take(), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadRelinquish()
			if !r.check(first, del(), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadRelinquish()
			if c1 != 1 || c2 != 1 {
				r.failf(first+1, "counters %d %d", c1, c2)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		waiter := func(c *int) func(nx.ULONG) {
			return func(nx.ULONG) {
				if wait() == nx.TX_DELETED {
					*c++
				}
			}
		}
		if !r.check(1, st, nx.TX_SUCCESS) ||
			!r.check(2, r.create(&thread1, "thread 1", waiter(&c1), 1, 16, 16, 100, nx.TX_AUTO_START), nx.TX_SUCCESS) ||
			!r.check(3, r.create(&thread2, "thread 2", waiter(&c2), 1, 16, 16, 100, nx.TX_AUTO_START), nx.TX_SUCCESS) {
			return
		}
		setup(r)
	}
}

// callerChecks is the part the basic tests share that checks which services
// a timer and an ISR may call: a timer of 1 then every tick runs
// timerChecks and the per-tick ISR runs isrChecks while the thread sleeps 3
// ticks and, if spinner is not nil, resumes it and sleeps 3 more. The checks count in
// errs what they find wrong; ERROR #n unless both ran and errs stayed 0.
func callerChecks(r *regress, n int, tm *rtos.Timer, errs *int, timerChecks, isrChecks func(), spinner *rtos.Thread) bool {
	timerExecuted, isrExecuted := 0, 0
	rtos.TimerCreate(tm, "timer 0", func(nx.ULONG) {
		timerChecks()
		timerExecuted = 1
	}, 0, 1, 1, nx.TX_AUTO_ACTIVATE)
	r.setISR(func() {
		isrChecks()
		isrExecuted = 1
	})
	rtos.ThreadSleep(3)
	if spinner != nil {
		rtos.ThreadResume(spinner)
		rtos.ThreadSleep(3)
	}
	r.setISR(nil)
	if *errs != 0 || timerExecuted != 1 || isrExecuted != 1 {
		r.failf(n, "error %d timer_executed %d isr_executed %d", *errs, timerExecuted, isrExecuted)
		return false
	}
	return true
}
