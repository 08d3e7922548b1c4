package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestThreadXEventFlagBasic ports threadx_event_flag_basic_test.c: the txe_
// codes, gets of every option without waiting, TX_AND sets that clear, and
// the caller errors from a timer and an ISR. The _txe_ call with a wrong
// control block size has no Go counterpart; the ISR runs once, at tick 1,
// instead of from every tick.
func TestThreadXEventFlagBasic(t *testing.T) {
	var thread0, thread1 Thread
	var group0, group1, group2, group4 EventFlagsGroup
	var timer0 Timer
	var fromInit nx.Status
	errors, timerExecuted, isrExecuted := 0, 0, 0
	contextChecks := func() {
		var actual nx.ULONG
		if EventFlagsCreate(&group2, "group 2") != nx.TX_CALLER_ERROR {
			errors++
		}
		if EventFlagsDelete(&group0) != nx.TX_CALLER_ERROR {
			errors++
		}
		if EventFlagsGet(&group0, 0x80008000, 14, &actual, 100) != nx.TX_WAIT_ERROR {
			errors++
		}
	}
	timerEntry := func(nx.ULONG) {
		if fromInit != nx.TX_SUCCESS {
			errors++
		}
		contextChecks()
		timerExecuted = 1
	}
	isr := func() {
		if errorChecking { // the C ISR is empty without the txe_ layer
			contextChecks()
			isrExecuted = 1
		}
	}
	runCTest(t, ticks(100), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var g EventFlagsGroup
			st := EventFlagsCreate(&g, "group memory")
			EventFlagsDelete(&g)
			c.check(st == nx.TX_SUCCESS, 1)
			var actual nx.ULONG
			if errorChecking {
				var deleted EventFlagsGroup
				for _, st := range []struct{ got, want nx.Status }{
					{EventFlagsCreate(nil, "group 0"), nx.TX_GROUP_ERROR},
					{EventFlagsCreate(&group0, "group 0"), nx.TX_GROUP_ERROR},
					{EventFlagsDelete(nil), nx.TX_GROUP_ERROR},
					{EventFlagsDelete(&deleted), nx.TX_GROUP_ERROR},
					{EventFlagsGet(nil, 0x80008000, nx.TX_AND, &actual, nx.TX_NO_WAIT), nx.TX_GROUP_ERROR},
					{EventFlagsGet(&deleted, 0x80008000, nx.TX_AND, &actual, nx.TX_NO_WAIT), nx.TX_GROUP_ERROR},
					{EventFlagsGet(&group0, 0x80008000, nx.TX_AND, nil, nx.TX_NO_WAIT), nx.TX_PTR_ERROR},
					{EventFlagsGet(&group0, 0x80008000, 14, &actual, nx.TX_NO_WAIT), nx.TX_OPTION_ERROR},
					{EventFlagsSet(nil, 0x80008000, nx.TX_OR), nx.TX_GROUP_ERROR},
					{EventFlagsSet(&deleted, 0x80008000, nx.TX_OR), nx.TX_GROUP_ERROR},
					{EventFlagsSet(&group0, 0x80008000, 14), nx.TX_OPTION_ERROR},
					{EventFlagsSetNotify(nil, nil), nx.TX_GROUP_ERROR},
					{EventFlagsSetNotify(&deleted, nil), nx.TX_GROUP_ERROR},
				} {
					c.check(st.got == st.want, 1)
				}
			}
			flagsNoWaitSequence(c, &group0)
			if errorChecking {
				c.sleepThroughTimerAndISR(&timer0, timerEntry, isr, &thread1)
				c.check(errors == 0 && timerExecuted == 1 && isrExecuted == 1, 1)
			}
			c.check(EventFlagsDelete(&group0) == nx.TX_SUCCESS, 1)
			c.check(EventFlagsDelete(&group1) == nx.TX_SUCCESS, 1)
			c.pass(&thread1)
		})
		cThread(c, &thread1, "thread 1", 18, 100, nx.TX_DONT_START, relinquishForever)
		c.check(EventFlagsCreate(&group0, "group 0") == nx.TX_SUCCESS, 1)
		c.check(EventFlagsCreate(&group1, "group 1") == nx.TX_SUCCESS, 1)
		fromInit = EventFlagsCreate(&group4, "group 4")
		c.check(EventFlagsSetNotify(&group0, func(*EventFlagsGroup) {}) == nx.TX_SUCCESS, 1)
		c.check(EventFlagsSetNotify(&group0, nil) == nx.TX_SUCCESS, 1)
	})
}

// flagsNoWaitSequence is the sequence of the basic and information tests:
// gets of every option without waiting on a group, before and after sets.
func flagsNoWaitSequence(c *cTest, g *EventFlagsGroup) {
	var actual nx.ULONG
	for _, option := range []nx.UINT{nx.TX_AND, nx.TX_OR, nx.TX_AND_CLEAR, nx.TX_OR_CLEAR} {
		c.check(EventFlagsGet(g, 0x80008000, option, &actual, nx.TX_NO_WAIT) == nx.TX_NO_EVENTS, 1)
	}
	c.check(EventFlagsSet(g, 0x80008000, nx.TX_OR) == nx.TX_SUCCESS, 1)
	c.check(EventFlagsSet(g, 0x80000000, nx.TX_AND) == nx.TX_SUCCESS, 1)
	c.check(EventFlagsSet(g, 0x00008000, nx.TX_OR) == nx.TX_SUCCESS, 1)
	for _, option := range []nx.UINT{nx.TX_AND, nx.TX_OR, nx.TX_AND_CLEAR} {
		st := EventFlagsGet(g, 0x80008000, option, &actual, nx.TX_NO_WAIT)
		c.check(st == nx.TX_SUCCESS && actual == 0x80008000, 1)
	}
	c.check(EventFlagsGet(g, 0x80008000, nx.TX_OR_CLEAR, &actual, nx.TX_NO_WAIT) == nx.TX_NO_EVENTS, 1)
	c.check(EventFlagsSet(g, 0x80008000, nx.TX_OR) == nx.TX_SUCCESS, 1)
	st := EventFlagsGet(g, 0x00008000, nx.TX_OR_CLEAR, &actual, nx.TX_NO_WAIT)
	c.check(st == nx.TX_SUCCESS && actual == 0x80008000, 1)
	st = EventFlagsGet(g, 0x80008000, nx.TX_OR_CLEAR, &actual, nx.TX_NO_WAIT)
	c.check(st == nx.TX_SUCCESS && actual == 0x80000000, 1)
}
