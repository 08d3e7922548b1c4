package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestThreadXQueuePrioritize ports threadx_queue_prioritize.c: receivers
// suspended on an empty queue, reordered by tx_queue_prioritize (see
// runPrioritizeTest for the adapted ISR).
func TestThreadXQueuePrioritize(t *testing.T) {
	var q Queue
	runPrioritizeTest(t, waitedObject{
		create:     func() nx.Status { return QueueCreate(&q, "queue 0", nx.TX_1_ULONG, make([]byte, 3*2*4)) },
		empty:      func() {},
		wait:       func() nx.Status { return QueueReceive(&q, make([]nx.ULONG, 1), nx.TX_WAIT_FOREVER) },
		prioritize: func() nx.Status { return QueuePrioritize(&q) },
		invalid: func() (nx.Status, nx.Status) {
			return QueuePrioritize(nil), QueuePrioritize(&Queue{})
		},
		invalidCode: nx.TX_QUEUE_ERROR,
		first:       func() (th *Thread) { QueueInfoGet(&q, nil, nil, nil, &th, nil, nil); return th },
		state:       nx.TX_QUEUE_SUSP,
	}, func(*cTest, *Thread) {})
}

// TestThreadXQueueInformation ports threadx_queue_information_test.c: the
// one-word basic sequence, then tx_queue_info_get (C compares with the
// control block's fields; here with the values they hold) and the
// performance services, which the default build answers with
// TX_FEATURE_NOT_ENABLED.
func TestThreadXQueueInformation(t *testing.T) {
	var queue0, queue1 Queue
	var thread0 Thread
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 16, 100, nx.TX_AUTO_START, func() {
			queueSequence(c, &queue0, &queue1, nx.TX_1_ULONG)
			if errorChecking {
				c.check(QueueInfoGet(nil, nil, nil, nil, nil, nil, nil) == nx.TX_QUEUE_ERROR, 1)
				c.check(QueueInfoGet(&Queue{}, nil, nil, nil, nil, nil, nil) == nx.TX_QUEUE_ERROR, 1)
			}
			var name string
			var enqueued, available, suspended nx.ULONG
			var first *Thread
			var next *Queue
			st := QueueInfoGet(&queue0, nil, nil, nil, nil, nil, nil)
			st += QueueInfoGet(&queue0, &name, &enqueued, &available, &first, &suspended, &next)
			c.check(st == nx.TX_SUCCESS && name == "queue 0" && enqueued == 0 && available == 1 &&
				first == nil && suspended == 0 && next == &queue1, 1)
			var v nx.ULONG
			for i := 0; i <= 6; i++ {
				a := [6]*nx.ULONG{&v, &v, &v, &v, &v, &v}
				for j := 0; j < i; j++ {
					a[j] = nil
				}
				c.check(QueuePerformanceInfoGet(&queue0, a[0], a[1], a[2], a[3], a[4], a[5]) == nx.TX_FEATURE_NOT_ENABLED, 1)
				c.check(QueuePerformanceInfoGet(nil, a[0], a[1], a[2], a[3], a[4], a[5]) == nx.TX_FEATURE_NOT_ENABLED, 1)
				c.check(QueuePerformanceSystemInfoGet(a[0], a[1], a[2], a[3], a[4], a[5]) == nx.TX_FEATURE_NOT_ENABLED, 1)
			}
			c.check(QueueDelete(&queue1) == nx.TX_SUCCESS, 1)
			c.check(QueueDelete(&queue0) == nx.TX_SUCCESS, 1)
			c.pass()
		})
		c.check(QueueCreate(&queue0, "queue 0", nx.TX_1_ULONG, make([]byte, 4)) == nx.TX_SUCCESS, 1)
		c.check(QueueCreate(&queue1, "queue 1", nx.TX_1_ULONG, make([]byte, 3*4)) == nx.TX_SUCCESS, 1)
	})
}
