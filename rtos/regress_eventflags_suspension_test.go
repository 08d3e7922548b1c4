package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// flagWaiter is one waiting thread of an event-flag suspension test: it
// loops counting and getting request with option, and stops if the status
// is not TX_SUCCESS or the actual flags are not want; after runs once a get
// succeeded.
type flagWaiter struct {
	request nx.ULONG
	option  nx.UINT
	want    nx.ULONG
	after   func(g *EventFlagsGroup)
}

// flagStep is one TX_OR set by thread 0 and the waiters' counters after it.
type flagStep struct {
	set      nx.ULONG
	counters []int
}

// runFlagSuspensionTest is the shape of ThreadX's event-flag suspension
// tests: waiters at priority 16 suspend, thread 0 (priority 17) sets flags
// and checks how many times each waiter has looped; then tail, if any, runs
// in thread 0.
func runFlagSuspensionTest(t *testing.T, waiters []flagWaiter, steps []flagStep, tail func(c *cTest, g *EventFlagsGroup)) {
	var g EventFlagsGroup
	var thread0 Thread
	threads := make([]Thread, len(waiters))
	counters := make([]int, len(waiters))
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			for _, s := range steps {
				st := EventFlagsSet(&g, s.set, nx.TX_OR)
				ok := st == nx.TX_SUCCESS
				for i, n := range s.counters {
					ok = ok && counters[i] == n
				}
				c.check(ok, 1)
			}
			if tail != nil {
				tail(c, &g)
			}
			others := make([]*Thread, len(threads))
			for i := range threads {
				others[i] = &threads[i]
			}
			c.pass(others...)
		})
		for i, w := range waiters {
			cThread(c, &threads[i], "waiter", 16, 100, nx.TX_AUTO_START, func() {
				for {
					counters[i]++
					var actual nx.ULONG
					if EventFlagsGet(&g, w.request, w.option, &actual, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS || actual != w.want {
						return
					}
					if w.after != nil {
						w.after(&g)
					}
				}
			})
		}
		c.check(EventFlagsCreate(&g, "group 0") == nx.TX_SUCCESS, 1)
		c.check(EventFlagsSetNotify(&g, func(*EventFlagsGroup) {}) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXEventFlagSuspensionConsume ports
// threadx_event_flag_suspension_consume_test.c: three waiters want
// 0x80008000 (the first with TX_AND_CLEAR); once thread 0 has set all 32
// flags one by one, all three are resumed with 0xFFFFFFFF — the later two
// see the flags as they were when the set began, although the first
// cleared two of them (tx_event_flags_set.c).
func TestThreadXEventFlagSuspensionConsume(t *testing.T) {
	waiters := []flagWaiter{
		{0x80008000, nx.TX_AND_CLEAR, 0xFFFFFFFF, nil},
		{0x80008000, nx.TX_AND, 0xFFFFFFFF, nil},
		{0x80008000, nx.TX_AND, 0xFFFFFFFF, nil},
	}
	runFlagSuspensionTest(t, waiters, allFlagsOneByOne(3), nil)
}

// TestThreadXEventFlagSuspensionDifferentBitsConsume ports
// threadx_event_flag_suspension_different_bits_consume_test.c: two waiters
// consume one flag each (TX_AND_CLEAR), each resumed only by its own flag.
func TestThreadXEventFlagSuspensionDifferentBitsConsume(t *testing.T) {
	runFlagSuspensionTest(t, []flagWaiter{
		{0x80000000, nx.TX_AND_CLEAR, 0x80000000, nil},
		{0x00008000, nx.TX_AND_CLEAR, 0x00008000, nil},
	}, []flagStep{
		{0x80000000, []int{2, 1}},
		{0x00008000, []int{2, 2}},
	}, nil)
}

// TestThreadXEventFlagSuspensionDifferentBits ports
// threadx_event_flag_suspension_different_bits_test.c: as the consume
// version, each waiter clearing its flag itself with a TX_AND set.
func TestThreadXEventFlagSuspensionDifferentBits(t *testing.T) {
	runFlagSuspensionTest(t, []flagWaiter{
		{0x80000000, nx.TX_AND, 0x80000000, func(g *EventFlagsGroup) { EventFlagsSet(g, 0x7FFFFFFF, nx.TX_AND) }},
		{0x00008000, nx.TX_AND, 0x00008000, func(g *EventFlagsGroup) { EventFlagsSet(g, 0xFFFF7FFF, nx.TX_AND) }},
	}, []flagStep{
		{0x80000000, []int{2, 1}},
		{0x00008000, []int{2, 2}},
	}, nil)
}

// allFlagsOneByOne are the steps of tests whose waiters want 0x80008000:
// the 32 flags set one by one, the waiters resumed by the last.
func allFlagsOneByOne(waiters int) []flagStep {
	var steps []flagStep
	for i := 0; i < 32; i++ {
		n := 1
		if i == 31 {
			n = 2
		}
		counters := make([]int, waiters)
		for j := range counters {
			counters[j] = n
		}
		steps = append(steps, flagStep{1 << i, counters})
	}
	return steps
}

// TestThreadXEventFlagSuspension ports threadx_event_flag_suspension_test.c:
// three waiters want 0x80008000 with TX_AND; the first clears every flag
// after its get, and still the other two receive 0xFFFFFFFF from the same
// set. Then a TX_OR_CLEAR waiter of flag 0 (thread 4, started by a resume in
// C, created auto-started here) is resumed by setting it.
func TestThreadXEventFlagSuspension(t *testing.T) {
	var thread4 Thread
	thread4Counter := 0
	runFlagSuspensionTest(t, []flagWaiter{
		{0x80008000, nx.TX_AND, 0xFFFFFFFF, func(g *EventFlagsGroup) { EventFlagsSet(g, 0, nx.TX_AND) }},
		{0x80008000, nx.TX_AND, 0xFFFFFFFF, nil},
		{0x80008000, nx.TX_AND, 0xFFFFFFFF, nil},
	}, allFlagsOneByOne(3), func(c *cTest, g *EventFlagsGroup) {
		st := EventFlagsSet(g, 0, nx.TX_AND)
		cThread(c, &thread4, "thread 4", 16, 100, nx.TX_AUTO_START, func() {
			for {
				thread4Counter++
				var actual nx.ULONG
				if EventFlagsGet(g, 0x1, nx.TX_OR_CLEAR, &actual, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS || actual != 0x1 {
					return
				}
			}
		})
		c.check(st == nx.TX_SUCCESS && thread4Counter == 1, 1)
		c.check(EventFlagsSet(g, 0x1, nx.TX_OR) == nx.TX_SUCCESS && thread4Counter == 2, 1)
		ThreadTerminate(&thread4)
	})
}

// TestThreadXEventFlagThreadTerminate ports
// threadx_event_flag_thread_terminate_test.c: waiters terminated while
// suspended are not resumed by a later set.
func TestThreadXEventFlagThreadTerminate(t *testing.T) {
	var g EventFlagsGroup
	var thread0, thread1, thread2 Thread
	counters := [2]int{}
	waiter := func(i int, flags nx.ULONG) func() {
		return func() {
			for {
				counters[i]++
				var actual nx.ULONG
				if EventFlagsGet(&g, flags, nx.TX_AND_CLEAR, &actual, nx.TX_WAIT_FOREVER) != nx.TX_NO_EVENTS {
					return
				}
			}
		}
	}
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			c.check(ThreadTerminate(&thread2) == nx.TX_SUCCESS, 1)
			c.check(ThreadTerminate(&thread1) == nx.TX_SUCCESS, 1)
			st := EventFlagsSet(&g, 0xFFFFFFFF, nx.TX_OR)
			c.check(st == nx.TX_SUCCESS && counters == [2]int{1, 1}, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 16, 100, nx.TX_AUTO_START, waiter(0, 0x80000000))
		cThread(c, &thread2, "thread 2", 16, 100, nx.TX_AUTO_START, waiter(1, 0x00008000))
		c.check(EventFlagsCreate(&g, "group 0") == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXEventFlagSuspensionTimeout ports
// threadx_event_flag_suspension_timeout_test.c: waits of 2 and 5 ticks that
// time out again and again over 64 ticks (32 or 33, and 13 or 14 times: the
// C test allows the larger count on Linux, whose ticks drift), and a wait
// that a set ends before its timeout.
func TestThreadXEventFlagSuspensionTimeout(t *testing.T) {
	var g EventFlagsGroup
	var thread0, thread1, thread2, thread3 Thread
	counters := [3]int{}
	waiter := func(i int, flags nx.ULONG, option nx.UINT, wait nx.ULONG) func() {
		return func() {
			for {
				counters[i]++
				var actual nx.ULONG
				if EventFlagsGet(&g, flags, option, &actual, wait) != nx.TX_NO_EVENTS {
					return
				}
			}
		}
	}
	runCTest(t, ticks(80), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			EventFlagsSet(&g, 0x1, nx.TX_OR)
			ThreadResume(&thread3)
			ThreadSleep(1)
			EventFlagsSet(&g, 0x2, nx.TX_OR)
			ThreadSleep(2)
			ThreadResume(&thread1)
			ThreadResume(&thread2)
			ThreadSleep(1)
			var actual nx.ULONG
			c.check(EventFlagsGet(&g, 0x1, nx.TX_AND_CLEAR, &actual, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS, 1)
			ThreadSleep(63)
			c.check((counters[0] == 32 || counters[0] == 33) && (counters[1] == 13 || counters[1] == 14), 1)
			c.pass(&thread1, &thread2)
		})
		cThread(c, &thread1, "thread 1", 16, 100, nx.TX_DONT_START, waiter(0, 0x80000000, nx.TX_AND_CLEAR, 2))
		cThread(c, &thread3, "thread 3", 18, 100, nx.TX_DONT_START, waiter(2, 0x00000002, nx.TX_AND, 5))
		cThread(c, &thread2, "thread 2", 16, 100, nx.TX_DONT_START, waiter(1, 0x00008000, nx.TX_AND_CLEAR, 5))
		c.check(EventFlagsCreate(&g, "group 0") == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXEventFlagSingleThreadTerminate ports
// threadx_event_flag_single_thread_terminate_test.c: one waiter going
// through TX_AND_CLEAR, TX_OR_CLEAR and TX_AND_CLEAR gets of 0x880000 while
// thread 0 sets flags between sleeps, and another thread is terminated
// while suspended. (Some C checks join their conditions with && where ||
// is meant; they are kept as written.)
func TestThreadXEventFlagSingleThreadTerminate(t *testing.T) {
	var g EventFlagsGroup
	var thread0, thread1, thread2 Thread
	thread1Counter, thread2Counter := 0, 0
	runCTest(t, ticks(60), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			ThreadSleep(5)
			c.check(ThreadResume(&thread2) == nx.TX_SUCCESS, 1)
			c.check(ThreadTerminate(&thread1) == nx.TX_SUCCESS, 1)
			ThreadSleep(5)
			for _, s := range []struct {
				flags nx.ULONG
				count int
			}{{0x00080000, 1}, {0x00800000, 2}, {0x00000001, 2}} {
				st := EventFlagsSet(&g, s.flags, nx.TX_OR)
				ThreadSleep(5)
				c.check(st == nx.TX_SUCCESS || thread2Counter == s.count, 1)
			}
			st := EventFlagsSet(&g, 0x00080001, nx.TX_OR)
			ThreadSleep(5)
			c.check(st == nx.TX_SUCCESS && thread1Counter == 1 && thread2Counter == 3, 1)
			st = ThreadTerminate(&thread2)
			c.check(st == nx.TX_SUCCESS && thread2Counter == 3, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 18, 100, nx.TX_AUTO_START, func() {
			for {
				thread1Counter++
				if ThreadSuspend(&thread1) != nx.TX_SUCCESS {
					thread1Counter = 0
					return
				}
			}
		})
		cThread(c, &thread2, "thread 2", 18, 100, nx.TX_DONT_START, func() {
			var actual nx.ULONG
			for {
				thread2Counter++
				if EventFlagsGet(&g, 0x880000, nx.TX_AND_CLEAR, &actual, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
					return
				}
				thread2Counter++
				if EventFlagsGet(&g, 0x880000, nx.TX_OR_CLEAR, &actual, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
					return
				}
				thread2Counter++
				if EventFlagsGet(&g, 0x880000, nx.TX_AND_CLEAR, &actual, nx.TX_WAIT_FOREVER) != nx.TX_NO_EVENTS {
					return
				}
			}
		})
		c.check(EventFlagsCreate(&g, "group 0") == nx.TX_SUCCESS, 1)
	})
}
