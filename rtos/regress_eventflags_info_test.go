package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestThreadXEventFlagInformation ports
// threadx_event_flag_information_test.c: gets and sets without waiting,
// then tx_event_flags_info_get (C compares with the control block's fields;
// here with the values they hold) and the performance services, which the
// default build answers with TX_FEATURE_NOT_ENABLED.
func TestThreadXEventFlagInformation(t *testing.T) {
	var group0, group1 EventFlagsGroup
	var thread0 Thread
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			flagsNoWaitSequence(c, &group0)
			if errorChecking {
				c.check(EventFlagsInfoGet(nil, nil, nil, nil, nil, nil) == nx.TX_GROUP_ERROR, 1)
				c.check(EventFlagsInfoGet(&EventFlagsGroup{}, nil, nil, nil, nil, nil) == nx.TX_GROUP_ERROR, 1)
			}
			var name string
			var current, suspended nx.ULONG
			var first *Thread
			var next *EventFlagsGroup
			st := EventFlagsInfoGet(&group0, nil, nil, nil, nil, nil)
			st += EventFlagsInfoGet(&group0, &name, &current, &first, &suspended, &next)
			c.check(st == nx.TX_SUCCESS && name == "group 0" && current == 0 && first == nil && suspended == 0 && next == &group1, 1)
			var v nx.ULONG
			for i := 0; i <= 4; i++ {
				a := [4]*nx.ULONG{&v, &v, &v, &v}
				for j := 0; j < i; j++ {
					a[j] = nil
				}
				c.check(EventFlagsPerformanceInfoGet(&group0, a[0], a[1], a[2], a[3]) == nx.TX_FEATURE_NOT_ENABLED, 1)
				c.check(EventFlagsPerformanceInfoGet(nil, a[0], a[1], a[2], a[3]) == nx.TX_FEATURE_NOT_ENABLED, 1)
				c.check(EventFlagsPerformanceSystemInfoGet(a[0], a[1], a[2], a[3]) == nx.TX_FEATURE_NOT_ENABLED, 1)
			}
			c.check(EventFlagsDelete(&group0) == nx.TX_SUCCESS, 1)
			c.check(EventFlagsDelete(&group1) == nx.TX_SUCCESS, 1)
			c.pass()
		})
		c.check(EventFlagsCreate(&group0, "group 0") == nx.TX_SUCCESS, 1)
		c.check(EventFlagsCreate(&group1, "group 1") == nx.TX_SUCCESS, 1)
	})
}
