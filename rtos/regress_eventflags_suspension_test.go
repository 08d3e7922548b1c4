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
// and checks how many times each waiter has looped.
func runFlagSuspensionTest(t *testing.T, waiters []flagWaiter, steps []flagStep) {
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
	var steps []flagStep
	for i := 0; i < 32; i++ {
		n := 1
		if i == 31 {
			n = 2
		}
		steps = append(steps, flagStep{1 << i, []int{n, n, n}})
	}
	runFlagSuspensionTest(t, waiters, steps)
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
	})
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
	})
}
