package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressMutexPriorityInheritance ports
// threadx_mutex_priority_inheritance_test.c: the mutex taken and given in
// initialization (#0); an owner inherits the priority of a more urgent
// waiter (thread 4 runs at 8) and its mutexes are released when it
// completes (#12, #13); the owner's priority follows its waiters up and
// back down as they come, get the mutex, time out of their sleeps, are
// aborted and terminated (#14 to #20); and a put hands the mutex to the most
// urgent waiter (#21).
//
// Adapted: the check of thread 4's tx_thread_inherit_priority (#12) and the
// call of _tx_mutex_priority_change on a hand-made thread 3 in the define
// reach kernel internals and are left out; effective priorities are read
// with ThreadEffectivePriority. For #21 the C test sets
// test_forced_mutex_timeout, a hook of the test build's tx_mutex_put
// (TX_MUTEX_PUT_EXTENSION_2 in ports/linux/gnu/inc/tx_port.h) that aborts
// the first waiter, thread 7, inside the put; the port aborts thread 7 with
// tx_thread_wait_abort just before the put, which leaves the put the same
// list to choose from.
func TestRegressMutexPriorityInheritance(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [8]rtos.Thread
		var m [4]rtos.Mutex
		var c [8]int
		prio := func(i int) nx.UINT { return rtos.ThreadEffectivePriority(&th[i]) }
		if r.init.mutex != nx.TX_SUCCESS {
			r.failf(0, "test_mutex_from_init %v", r.init.mutex)
			return
		}
		entry0 := func(nx.ULONG) {
			rtos.ThreadResume(&th[4])
			if c[4] != 1 || c[5] != 1 || prio(4) != 10 {
				r.failf(12, "counters %d %d priority %d", c[4], c[5], prio(4))
				return
			}
			c[0]++
			st := rtos.MutexGet(&m[0], nx.TX_NO_WAIT)
			st += rtos.MutexGet(&m[1], nx.TX_NO_WAIT)
			st += rtos.MutexGet(&m[2], nx.TX_NO_WAIT)
			if !r.check(13, st, nx.TX_SUCCESS) {
				return
			}
			rtos.MutexPut(&m[2])
			rtos.ThreadResume(&th[1])
			if c[1] != 1 || prio(0) != 15 {
				r.failf(14, "counter %d priority %d", c[1], prio(0))
				return
			}
			if st := rtos.MutexPut(&m[0]); st != nx.TX_SUCCESS || c[1] != 2 || prio(0) != 16 {
				r.failf(15, "status %v counter %d priority %d", st, c[1], prio(0))
				return
			}
			if !r.check(16, rtos.MutexGet(&m[0], nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadSleep(20)
			if c[1] != 3 || prio(0) != 15 {
				r.failf(17, "counter %d priority %d", c[1], prio(0))
				return
			}
			rtos.ThreadResume(&th[2])
			if st := rtos.MutexPut(&m[0]); st != nx.TX_SUCCESS || c[1] != 4 || c[2] != 2 || prio(0) != 16 {
				r.failf(18, "status %v counters %d %d priority %d", st, c[1], c[2], prio(0))
				return
			}
			if !r.check(19, rtos.MutexGet(&m[0], nx.TX_NO_WAIT), nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadWaitAbort(&th[1])
			rtos.ThreadWaitAbort(&th[2])
			rtos.ThreadTerminate(&th[1])
			rtos.ThreadTerminate(&th[2])
			if st := rtos.MutexPut(&m[0]); st != nx.TX_SUCCESS || c[1] != 5 || c[2] != 3 || prio(0) != 16 {
				r.failf(20, "status %v counters %d %d priority %d", st, c[1], c[2], prio(0))
				return
			}
			st = rtos.MutexGet(&m[3], nx.TX_WAIT_FOREVER)
			st += rtos.ThreadResume(&th[7])
			st += rtos.ThreadResume(&th[6])
			rtos.ThreadWaitAbort(&th[7]) // test_forced_mutex_timeout, see above
			st += rtos.MutexPut(&m[3])
			if st != nx.TX_SUCCESS || c[6] != 1 || c[7] != 0 {
				r.failf(21, "status %v counters %d %d", st, c[6], c[7])
				return
			}
			r.ret(0)
		}
		// sharer takes and gives mutex 0 every 10 ticks, counting before
		// and after; thread 2 first takes mutex 2 for good.
		sharer := func(i int) func(nx.ULONG) {
			return func(nx.ULONG) {
				if i == 2 {
					rtos.MutexGet(&m[2], nx.TX_WAIT_FOREVER)
				}
				for {
					c[i]++
					st := rtos.MutexGet(&m[0], nx.TX_WAIT_FOREVER)
					st += rtos.MutexPut(&m[0])
					if st == nx.TX_SUCCESS {
						c[i]++
					}
					rtos.ThreadSleep(10)
				}
			}
		}
		entry4 := func(nx.ULONG) {
			st := rtos.MutexGet(&m[0], nx.TX_WAIT_FOREVER)
			for i := 0; i < 3; i++ {
				st += rtos.MutexGet(&m[1], nx.TX_WAIT_FOREVER)
			}
			st += rtos.MutexGet(&m[2], nx.TX_WAIT_FOREVER)
			rtos.ThreadResume(&th[5])
			if st == nx.TX_SUCCESS && prio(4) == 8 {
				c[4]++
			}
		}
		getter := func(i int, mu *rtos.Mutex) func(nx.ULONG) {
			return func(nx.ULONG) {
				if rtos.MutexGet(mu, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS {
					c[i]++
				}
			}
		}
		for _, d := range []struct {
			n, i     int
			entry    func(nx.ULONG)
			priority nx.UINT
			start    nx.UINT
		}{
			{1, 0, entry0, 16, nx.TX_AUTO_START},
			{2, 1, sharer(1), 15, nx.TX_DONT_START},
			{3, 2, sharer(2), 14, nx.TX_DONT_START},
			{4, 4, entry4, 10, nx.TX_DONT_START},
			{5, 5, getter(5, &m[0]), 8, nx.TX_DONT_START},
			{6, 6, getter(6, &m[3]), 6, nx.TX_DONT_START},
			{7, 7, getter(7, &m[3]), 7, nx.TX_DONT_START},
		} {
			if !r.check(d.n, r.create(&th[d.i], "thread", d.entry, nx.ULONG(d.i), d.priority, d.priority, 100, d.start), nx.TX_SUCCESS) {
				return
			}
		}
		for i := range m {
			if !r.check(8+i, rtos.MutexCreate(&m[i], "mutex", nx.TX_INHERIT), nx.TX_SUCCESS) {
				return
			}
		}
	})
}

// TestRegressMutexNestedPriorityInheritance ports
// threadx_mutex_nested_priority_inheritance_test.c: a thread owning three
// mutexes (one without inheritance) with waiters of priority 8 and 4 on
// the two inheriting ones gives them back in the six possible orders; its
// priority steps down to that of the most urgent waiter still blocked on a
// mutex it owns, and to its user priority when none is left (#6 to #24,
// fifty rounds); then the owner of a fourth mutex inherits from each new
// waiter and drops back after the put (#27 to #30). Effective priorities
// are read with ThreadEffectivePriority.
func TestRegressMutexNestedPriorityInheritance(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [7]rtos.Thread
		var m [4]rtos.Mutex
		var c [7]int
		prio0 := func() nx.UINT { return rtos.ThreadEffectivePriority(&th[0]) }
		failCode := func(n int, code nx.UINT) {
			r.errorf("ERROR #%d: priority %d", n, prio0())
			r.ret(code)
		}
		// Each test case puts three mutexes in turn; after each put thread
		// 0's priority must be want (0: unchanged by that put).
		type put struct {
			mutex int
			want  nx.UINT
			n     int
			code  nx.UINT
		}
		cases := [6][3]put{
			{{2, 8, 7, 2}, {1, 15, 8, 3}, {0, 15, 9, 4}},
			{{0, 0, 10, 4}, {1, 0, 11, 5}, {2, 15, 12, 6}},
			{{2, 8, 13, 7}, {0, 8, 14, 8}, {1, 15, 15, 9}},
			{{1, 0, 16, 10}, {0, 0, 17, 11}, {2, 15, 18, 12}},
			{{1, 0, 19, 13}, {2, 15, 20, 14}, {0, 15, 21, 15}},
			{{0, 0, 22, 16}, {2, 8, 23, 17}, {1, 15, 24, 18}},
		}
		entry0 := func(nx.ULONG) {
			rtos.MutexGet(&m[3], nx.TX_WAIT_FOREVER)
			for loop := 0; loop < 50; loop++ {
				c[0]++
				rtos.MutexGet(&m[0], nx.TX_WAIT_FOREVER)
				rtos.MutexGet(&m[1], nx.TX_WAIT_FOREVER)
				rtos.MutexGet(&m[2], nx.TX_WAIT_FOREVER)
				rtos.ThreadResume(&th[1])
				rtos.ThreadResume(&th[2])
				rtos.ThreadSuspend(&th[0])
				rtos.ThreadResume(&th[3])
				if prio0() != 4 {
					failCode(6, 1)
					return
				}
				before := prio0()
				for _, p := range cases[loop%6] {
					rtos.MutexPut(&m[p.mutex])
					want := p.want
					if want == 0 {
						want = before
					}
					if prio0() != want {
						failCode(p.n, p.code)
						return
					}
				}
			}
			if c[3] != 50 {
				r.errorf("ERROR #25: thread 3 counter %d", c[3])
				r.ret(19)
				return
			}
			for _, s := range []struct {
				n      int
				thread int
				want   nx.UINT
			}{{27, 6, 15}, {28, 4, 4}, {29, 5, 2}} {
				if st := rtos.ThreadResume(&th[s.thread]); st != nx.TX_SUCCESS || prio0() != s.want || c[6] != 0 {
					r.errorf("ERROR #%d: status %v priority %d counter %d", s.n, st, prio0(), c[6])
					r.ret(19)
					return
				}
			}
			rtos.ThreadSleep(1)
			if st := rtos.MutexPut(&m[3]); st != nx.TX_SUCCESS || prio0() != 15 || c[6] != 0 || c[4] != 1 || c[5] != 1 {
				r.errorf("ERROR #30: status %v priority %d counters %d %d %d", st, prio0(), c[6], c[4], c[5])
				r.ret(19)
				return
			}
			rtos.ThreadSleep(2)
			r.ret(0)
		}
		// contender lowers thread 0 to 15 with a threshold, then waits for
		// mutex mu, twice per resume.
		contender := func(i int, mu *rtos.Mutex) func(nx.ULONG) {
			return func(nx.ULONG) {
				var old nx.UINT
				for {
					for _, thresh := range []nx.UINT{14, 8} {
						c[i]++
						rtos.ThreadPriorityChange(&th[0], 15, &old)
						rtos.ThreadPreemptionChange(&th[0], thresh, &old)
						rtos.MutexGet(mu, nx.TX_WAIT_FOREVER)
						rtos.MutexPut(mu)
						rtos.ThreadSuspend(&th[i])
					}
				}
			}
		}
		entry3 := func(nx.ULONG) {
			for {
				rtos.ThreadResume(&th[0])
				c[3]++
				rtos.ThreadSuspend(&th[3])
			}
		}
		user := func(i int) func(nx.ULONG) {
			return func(nx.ULONG) {
				for {
					rtos.MutexGet(&m[3], nx.TX_WAIT_FOREVER)
					c[i]++
					rtos.MutexPut(&m[3])
					rtos.ThreadSuspend(&th[i])
				}
			}
		}
		for _, d := range []struct {
			n, i            int
			entry           func(nx.ULONG)
			priority, thrsh nx.UINT
			start           nx.UINT
		}{
			{1, 0, entry0, 16, 1, nx.TX_AUTO_START},
			{2, 1, contender(1, &m[1]), 8, 8, nx.TX_DONT_START},
			{3, 2, contender(2, &m[2]), 4, 4, nx.TX_DONT_START},
			{4, 3, entry3, 30, 1, nx.TX_AUTO_START},
			{4, 4, user(4), 4, 4, nx.TX_DONT_START},
			{4, 5, user(5), 2, 2, nx.TX_DONT_START},
			{4, 6, user(6), 30, 30, nx.TX_DONT_START},
		} {
			if !r.check(d.n, r.create(&th[d.i], "thread", d.entry, nx.ULONG(d.i), d.priority, d.thrsh, nx.TX_NO_TIME_SLICE, d.start), nx.TX_SUCCESS) {
				return
			}
		}
		st := rtos.MutexCreate(&m[0], "mutex 0", nx.TX_NO_INHERIT)
		for i := 1; i < 4; i++ {
			st += rtos.MutexCreate(&m[i], "mutex", nx.TX_INHERIT)
		}
		r.check(5, st, nx.TX_SUCCESS)
	})
}
