package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestThreadXQueueFrontSend ports threadx_queue_front_send_test.c: front
// sends overtake queued messages, and a front sender blocked on a full queue
// waits at the head of the suspension list, its message received before the
// queued ones (tx_queue_front_send.c, tx_queue_receive.c). The C test runs
// the same sequence on a one-word queue (queue_0a, threads 1a and 2a) and a
// two-word queue (queue_0, threads 1 and 2); here one function runs it for
// each. Thread 1's checks return early in C, leaving its counter at 0; the
// final check of thread 0 catches that.
func TestThreadXQueueFrontSend(t *testing.T) {
	var q0, q0a Queue
	var thread0, thread1, thread1a, thread2, thread2a Thread
	thread1Counter, thread1aCounter, notifications := 0, 0, 0
	msg := func(v nx.ULONG) []nx.ULONG { return []nx.ULONG{v, 0} }

	// receiver is threads 1 and 1a.
	receiver := func(q *Queue, counter *int) func() {
		return func() {
			dest := make([]nx.ULONG, 2)
			receive := func(want nx.ULONG) bool {
				return QueueReceive(q, dest, nx.TX_NO_WAIT) == nx.TX_SUCCESS && dest[0] == want
			}
			if QueueReceive(q, dest, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS || dest[0] != 0xFF00002 {
				return
			}
			src := nx.ULONG(0xEE000001)
			st := QueueSend(q, msg(src), nx.TX_WAIT_FOREVER)
			src++
			if st+QueueFrontSend(q, msg(src), nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
				return
			}
			ThreadRelinquish()
			if !receive(0xFF00003) || !receive(0xEE000002) || !receive(0xEE000001) {
				return
			}
			src++
			st = QueueSend(q, msg(src), nx.TX_WAIT_FOREVER)
			src++
			if st+QueueFrontSend(q, msg(src), nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
				return
			}
			ThreadRelinquish()
			if !receive(0xFF00004) || !receive(0xDD000001) || !receive(0xEE000004) || !receive(0xEE000003) {
				return
			}
			*counter++
		}
	}
	// interferer is threads 2 and 2a.
	interferer := func(q *Queue, self *Thread) func() {
		return func() {
			QueueReceive(q, make([]nx.ULONG, 2), nx.TX_WAIT_FOREVER)
			ThreadSuspend(self)
			QueueFrontSend(q, msg(0xDD000001), nx.TX_WAIT_FOREVER)
		}
	}
	// sequence is thread 0's part for one queue.
	sequence := func(c *cTest, q *Queue, t1, t2 *Thread, counter *int) {
		dest := make([]nx.ULONG, 2)
		c.check(QueueSend(q, msg(0x12345678), nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		c.check(QueueFrontSend(q, msg(0xF000001), nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		c.check(QueueReceive(q, dest, nx.TX_NO_WAIT) == nx.TX_SUCCESS && dest[0] == 0xF000001, 1)
		c.check(QueueReceive(q, dest, nx.TX_NO_WAIT) == nx.TX_SUCCESS && dest[0] == 0x12345678, 1)
		c.check(QueueReceive(q, dest, nx.TX_NO_WAIT) == nx.TX_QUEUE_EMPTY, 1)
		ThreadResume(t1)
		ThreadRelinquish()
		ThreadResume(t2)
		c.check(QueueFrontSend(q, msg(0xFF00002), nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		c.check(QueueFrontSend(q, msg(0xFF00002), nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		ThreadRelinquish()
		c.check(QueueFrontSend(q, msg(0xFF00003), nx.TX_NO_WAIT) == nx.TX_QUEUE_FULL, 1)
		c.check(QueueFrontSend(q, msg(0xFF00003), nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS, 1)
		ThreadResume(t2)
		st := QueueFrontSend(q, msg(0xFF00004), nx.TX_WAIT_FOREVER)
		c.check(st == nx.TX_SUCCESS && *counter == 1, 1)
	}
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 16, 100, nx.TX_AUTO_START, func() {
			sequence(c, &q0a, &thread1a, &thread2a, &thread1aCounter)
			sequence(c, &q0, &thread1, &thread2, &thread1Counter)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 16, 100, nx.TX_DONT_START, receiver(&q0, &thread1Counter))
		cThread(c, &thread1a, "thread 1a", 16, 100, nx.TX_DONT_START, receiver(&q0a, &thread1aCounter))
		cThread(c, &thread2, "thread 2", 15, 100, nx.TX_DONT_START, interferer(&q0, &thread2))
		cThread(c, &thread2a, "thread 2a", 15, 100, nx.TX_DONT_START, interferer(&q0a, &thread2a))
		c.check(QueueCreate(&q0, "queue 0", nx.TX_2_ULONG, make([]byte, 2*2*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueCreate(&q0a, "queue 0a", nx.TX_1_ULONG, make([]byte, 2*1*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q0, func(*Queue) { notifications++ }) == nx.TX_SUCCESS, 1)
	})
}
