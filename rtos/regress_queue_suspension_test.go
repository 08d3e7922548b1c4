package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// receiveLoop is the receivers of the queue suspension tests: receive
// forever, stop on a failure or an unexpected message (they arrive
// numbered from first), count, and run after after each message.
func receiveLoop(q *Queue, first nx.ULONG, counter *int, after func()) func() {
	return func() {
		dest := make([]nx.ULONG, 2)
		for want := first; ; want++ {
			if QueueReceive(q, dest, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS || dest[0] != want {
				return
			}
			if after != nil {
				after()
			}
			*counter++
		}
	}
}

// TestThreadXQueueEmptySuspension ports
// threadx_queue_empty_suspension_test.c: receivers blocked on an empty queue
// get the messages sent, in FIFO order of their suspension, and the txe_
// codes of tx_queue_send_notify.
func TestThreadXQueueEmptySuspension(t *testing.T) {
	var q Queue
	var thread0, thread1, thread2 Thread
	thread1Counter, thread2Counter := 0, 0
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 16, 100, nx.TX_AUTO_START, func() {
			if errorChecking {
				c.check(QueueSendNotify(nil, nil) == nx.TX_QUEUE_ERROR, 1)
				c.check(QueueSendNotify(&Queue{}, nil) == nx.TX_QUEUE_ERROR, 1)
			}
			src := []nx.ULONG{0x12345678, 0}
			st := QueueSend(&q, src, nx.TX_NO_WAIT)
			c.check(st == nx.TX_SUCCESS && thread1Counter == 1, 1)
			ThreadResume(&thread2)
			src[0]++
			st = QueueSend(&q, src, nx.TX_NO_WAIT) + QueueSend(&q, src, nx.TX_NO_WAIT)
			c.check(st == nx.TX_SUCCESS && thread1Counter == 2 && thread2Counter == 1, 1)
			c.pass(&thread1, &thread2)
		})
		cThread(c, &thread1, "thread 1", 15, 100, nx.TX_AUTO_START, receiveLoop(&q, 0x12345678, &thread1Counter, nil))
		cThread(c, &thread2, "thread 2", 15, 100, nx.TX_DONT_START, receiveLoop(&q, 0x12345679, &thread2Counter, nil))
		c.check(QueueCreate(&q, "queue 0", nx.TX_2_ULONG, make([]byte, 3*2*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q, func(*Queue) {}) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXQueueFullSuspension ports threadx_queue_full_suspension_test.c:
// senders blocked on a full queue put their messages in as receivers make
// room, in order, including one whose priority is raised while it waits;
// the receivers run with a preemption threshold of 16 at priority 17. The C
// test runs the sequence on a one-word queue (queue_0a, threads 1a and 2a,
// with a start-up hand-shake through suspend and resume) and then on a
// two-word queue (threads 1 and 2).
func TestThreadXQueueFullSuspension(t *testing.T) {
	var q0, q0a Queue
	var thread0, thread1, thread1a, thread2, thread2a Thread
	var thread1Counter, thread1aCounter, thread2Counter, thread2aCounter int
	raise := func(th *Thread) func() {
		return func() { var old nx.UINT; ThreadPriorityChange(th, 15, &old) }
	}
	sender := func(q *Queue, counter *int) func() {
		return func() {
			QueueSend(q, []nx.ULONG{0x1234567C, 0}, nx.TX_WAIT_FOREVER)
			*counter++
		}
	}
	// fill leaves 0x12345678..0x1234567A in the queue, then sends
	// 0x1234567B waiting, which the receiver makes room for.
	fill := func(c *cTest, q *Queue, counter, counter2 *int) {
		src := []nx.ULONG{0x12345678, 0}
		dest := make([]nx.ULONG, 2)
		st := QueueSend(q, src, nx.TX_NO_WAIT) + QueueSend(q, src, nx.TX_NO_WAIT) + QueueSend(q, src, nx.TX_NO_WAIT)
		src[0]++
		st += QueueReceive(q, dest, nx.TX_NO_WAIT) + QueueReceive(q, dest, nx.TX_NO_WAIT)
		st += QueueSend(q, src, nx.TX_NO_WAIT)
		src[0]++
		st += QueueSend(q, src, nx.TX_NO_WAIT)
		src[0]++
		c.check(st == nx.TX_SUCCESS && *counter == 0, 1)
		st = QueueSend(q, src, nx.TX_WAIT_FOREVER)
		c.check(st == nx.TX_SUCCESS && *counter == 5 && *counter2 == 1, 1)
	}
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 16, 100, nx.TX_AUTO_START, func() {
			ThreadSuspend(&thread0)
			QueueSend(&q0a, []nx.ULONG{0x12345678}, nx.TX_NO_WAIT)
			ThreadSuspend(&thread0)
			ThreadResume(&thread1a)
			ThreadResume(&thread2a)
			QueueDelete(&q0a)
			st := QueueCreate(&q0a, "queue 0a", nx.TX_1_ULONG, make([]byte, 3*4))
			c.check(st == nx.TX_SUCCESS, 1)
			fill(c, &q0a, &thread1aCounter, &thread2aCounter)
			ThreadResume(&thread1)
			ThreadResume(&thread2)
			fill(c, &q0, &thread1Counter, &thread2Counter)
			c.pass(&thread1, &thread1a)
		})
		st := ThreadCreate(&thread1, "thread 1", func(nx.ULONG) {
			receiveLoop(&q0, 0x12345678, &thread1Counter, raise(&thread2))()
		}, 0, make([]byte, 1024), 17, 16, 100, nx.TX_DONT_START)
		st += ThreadCreate(&thread1a, "thread 1a", func(nx.ULONG) {
			dest := make([]nx.ULONG, 2)
			st := ThreadResume(&thread0)
			st += QueueReceive(&q0a, dest, nx.TX_WAIT_FOREVER)
			st += ThreadResume(&thread0)
			st += ThreadSuspend(&thread1a)
			if st != nx.TX_SUCCESS || dest[0] != 0x12345678 {
				return
			}
			receiveLoop(&q0a, 0x12345678, &thread1aCounter, raise(&thread2a))()
		}, 0, make([]byte, 1024), 17, 16, 100, nx.TX_AUTO_START)
		c.check(st == nx.TX_SUCCESS, 1)
		cThread(c, &thread2, "thread 2", 16, 100, nx.TX_DONT_START, sender(&q0, &thread2Counter))
		cThread(c, &thread2a, "thread 2a", 16, 100, nx.TX_DONT_START, sender(&q0a, &thread2aCounter))
		st = QueueCreate(&q0, "queue 0", nx.TX_2_ULONG, make([]byte, 3*2*4))
		st += QueueCreate(&q0a, "queue 0a", nx.TX_1_ULONG, make([]byte, 3*1*4))
		c.check(st == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q0, func(*Queue) {}) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXQueueFlush ports threadx_queue_flush_test.c: flushing a full
// queue releases the senders blocked on it with TX_SUCCESS.
func TestThreadXQueueFlush(t *testing.T) {
	var q Queue
	var thread0, thread1, thread2 Thread
	counters := [2]int{}
	sender := func(i int, v nx.ULONG) func() {
		return func() {
			if QueueSend(&q, []nx.ULONG{v, 0}, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS {
				counters[i]++
			}
		}
	}
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			msg := []nx.ULONG{0x12345678, 0}
			for i := 0; i < 3; i++ {
				c.check(QueueSend(&q, msg, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			}
			ThreadRelinquish()
			c.check(QueueFlush(&q) == nx.TX_SUCCESS, 1)
			ThreadRelinquish()
			c.check(counters == [2]int{1, 1}, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, sender(0, 1))
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_AUTO_START, sender(1, 2))
		c.check(QueueCreate(&q, "queue 0", nx.TX_2_ULONG, make([]byte, 3*2*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q, func(*Queue) {}) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXQueueFlushNoSuspension ports
// threadx_queue_flush_no_suspension_test.c: flushing full and empty queues
// with nobody waiting.
func TestThreadXQueueFlushNoSuspension(t *testing.T) {
	var q Queue
	var thread0 Thread
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			msg := []nx.ULONG{0x12345678, 0}
			for round := 0; round < 2; round++ {
				for i := 0; i < 3; i++ {
					c.check(QueueSend(&q, msg, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
				}
				c.check(QueueFlush(&q) == nx.TX_SUCCESS, 1)
			}
			c.check(QueueFlush(&q) == nx.TX_SUCCESS, 1)
			c.pass()
		})
		c.check(QueueCreate(&q, "queue 0", nx.TX_2_ULONG, make([]byte, 3*2*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q, func(*Queue) {}) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXQueueSuspensionTimeout ports
// threadx_queue_suspension_timeout_test.c: sends and front sends on a full
// queue and receives on an empty one end with TX_QUEUE_FULL and
// TX_QUEUE_EMPTY at their timeouts.
func TestThreadXQueueSuspensionTimeout(t *testing.T) {
	var q0, q1 Queue
	var thread0, thread1, thread2 Thread
	counters := [2]int{}
	receiver := func(i int) func() {
		return func() {
			for QueueReceive(&q1, make([]nx.ULONG, 2), 20) == nx.TX_QUEUE_EMPTY {
				counters[i]++
			}
		}
	}
	runCTest(t, ticks(60), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			src := []nx.ULONG{0x12345678, 0}
			st := nx.TX_SUCCESS
			for i := 0; i < 3; i++ {
				st += QueueSend(&q0, src, nx.TX_NO_WAIT)
				src[0]++
			}
			c.check(st == nx.TX_SUCCESS && counters[0] == 0, 1)
			st = QueueFrontSend(&q0, src, 3)
			c.check(st == nx.TX_QUEUE_FULL && counters == [2]int{0, 0}, 1)
			st = QueueSend(&q0, src, 32)
			c.check(st == nx.TX_QUEUE_FULL && counters == [2]int{1, 1}, 1)
			c.pass(&thread1, &thread2)
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, receiver(0))
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_AUTO_START, receiver(1))
		st := QueueCreate(&q0, "queue 0", nx.TX_2_ULONG, make([]byte, 3*2*4))
		st += QueueCreate(&q1, "queue 1", nx.TX_2_ULONG, make([]byte, 3*2*4))
		c.check(st == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q0, func(*Queue) {}) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXQueueThreadTerminate ports
// threadx_queue_thread_terminate_test.c: a receiver terminated while it
// waits leaves the queue's suspension list.
func TestThreadXQueueThreadTerminate(t *testing.T) {
	var q Queue
	var thread0, thread1 Thread
	thread1Counter := 0
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			c.check(thread1.State() == nx.TX_QUEUE_SUSP, 1)
			st := ThreadTerminate(&thread1)
			var suspended nx.ULONG
			QueueInfoGet(&q, nil, nil, nil, nil, &suspended, nil)
			c.check(st == nx.TX_SUCCESS && thread1.State() == nx.TX_TERMINATED && thread1Counter == 0 && suspended == 0, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 16, 100, nx.TX_AUTO_START, func() {
			for QueueReceive(&q, make([]nx.ULONG, 2), nx.TX_WAIT_FOREVER) == nx.TX_QUEUE_EMPTY {
				thread1Counter++
			}
		})
		c.check(QueueCreate(&q, "queue 0", nx.TX_2_ULONG, make([]byte, 3*2*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueSendNotify(&q, func(*Queue) {}) == nx.TX_SUCCESS, 1)
	})
}
