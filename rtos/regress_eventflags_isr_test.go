package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// runFlagISRTest is the shape of ThreadX's event-flag ISR tests: threads 0
// and 1 (priority 17) wait with a 4-tick timeout for flag 2 and flag 1
// (TX_OR_CLEAR) while thread 2 keeps setting flag 4; a test ISR at every
// tick acts (act) when both wait and flags 1 and 2 are clear, and counts the
// times it succeeded. The threads count the gets that ended with want; they
// stop after 40 actions of the ISR, and their counts must equal the ISR's.
//
// Adapted: the C ISR counts the ticks that interrupt a service in the middle
// of its work (_tx_thread_preempt_disable set), to exercise the delayed
// clear and search restart of tx_event_flags_set.c. nxsim takes interrupts
// only between services (they are atomic), so that situation cannot arise;
// the port counts the ISR's actions instead (the ISR runs at every tick,
// between services).
func runFlagISRTest(t *testing.T, want nx.Status, act func(g *EventFlagsGroup, waiters [2]*Thread) bool) {
	var g EventFlagsGroup
	var thread0, thread1, thread2 Thread
	conditionCount, actions := 0, 0
	counters := [2]int{}
	isr := func() {
		var current, suspended nx.ULONG
		EventFlagsInfoGet(&g, nil, &current, nil, &suspended, nil)
		if current&0x3 != 0 || suspended != 2 || conditionCount >= 40 {
			return
		}
		conditionCount++
		if act(&g, [2]*Thread{&thread0, &thread1}) {
			actions++
		}
	}
	waiter := func(i int, flag nx.ULONG, loop func() bool) func() {
		return func() {
			for loop() {
				var actual nx.ULONG
				if EventFlagsGet(&g, flag, nx.TX_OR_CLEAR, &actual, 4) == want {
					counters[i]++
				} else if i == 1 {
					return
				}
			}
		}
	}
	runCTest(t, ticks(500), func(c *cTest) {
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_AUTO_START, func() {
			for {
				EventFlagsSet(&g, 0x4, nx.TX_OR)
				ThreadRelinquish()
			}
		})
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			c.isr = isr
			waiter(0, 2, func() bool { return conditionCount < 40 })()
			c.isr = nil
			ThreadRelinquish()
			c.check(counters[0] == actions && counters[1] == actions, 3)
			c.check(actions > 0, 3)
			c.pass(&thread1, &thread2)
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, waiter(1, 1, func() bool { return true }))
		c.check(EventFlagsCreate(&g, "event_flags 0") == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXEventFlagISRSetClear ports
// threadx_event_flag_isr_set_clear_test.c: an ISR sets flags 1 and 2 for
// the two waiters, clears flags with TX_AND sets, and gets flags itself
// without waiting (see runFlagISRTest for the adaptation).
func TestThreadXEventFlagISRSetClear(t *testing.T) {
	runFlagISRTest(t, nx.TX_SUCCESS, func(g *EventFlagsGroup, _ [2]*Thread) bool {
		st := EventFlagsSet(g, 0x3, nx.TX_OR)
		st += EventFlagsSet(g, 0xFFFFFFFC, nx.TX_AND)
		st += EventFlagsSet(g, 0x30000, nx.TX_OR)
		st += EventFlagsSet(g, 0xFFFEFFFF, nx.TX_AND)
		st += EventFlagsSet(g, 0xFFFDFFFC, nx.TX_AND)
		if st != nx.TX_SUCCESS {
			return false
		}
		var actual nx.ULONG
		if EventFlagsGet(g, 0x30000, nx.TX_OR, &actual, nx.TX_NO_WAIT) != nx.TX_NO_EVENTS {
			return false
		}
		st = EventFlagsSet(g, 0xC0, nx.TX_OR)
		st += EventFlagsGet(g, 0x80, nx.TX_OR, &actual, nx.TX_NO_WAIT)
		st += EventFlagsGet(g, 0xC0, nx.TX_OR_CLEAR, &actual, nx.TX_NO_WAIT)
		return st == nx.TX_SUCCESS && actual == 0xC4
	})
}

// TestThreadXEventFlagISRWaitAbort ports
// threadx_event_flag_isr_wait_abort_test.c: an ISR aborts the waits of the
// two waiters (see runFlagISRTest for the adaptation).
func TestThreadXEventFlagISRWaitAbort(t *testing.T) {
	runFlagISRTest(t, nx.TX_WAIT_ABORTED, func(g *EventFlagsGroup, waiters [2]*Thread) bool {
		st := EventFlagsSet(g, 0x4, nx.TX_OR)
		st += ThreadWaitAbort(waiters[0])
		st += ThreadWaitAbort(waiters[1])
		return st == nx.TX_SUCCESS
	})
}
