package rtos

import (
	"fmt"
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestThreadXQueueBasic ports threadx_queue_basic_one_word_test.c,
// threadx_queue_basic_two_word_test.c, threadx_queue_basic_four_word_test.c,
// threadx_queue_basic_eight_word_test.c and
// threadx_queue_basic_sixteen_word_test.c, which run one sequence with five
// message sizes: a one-message queue filled and emptied twice, then a
// three-message queue twice, checking FIFO order, TX_QUEUE_FULL and
// TX_QUEUE_EMPTY (the first and last word of each message are compared).
// The one-word test adds the txe_ codes and the caller errors from a timer
// and an ISR (once, at tick 1, instead of from every tick); the two-word
// test a create and delete in a larger area. The _txe_ call with a wrong
// control block size has no Go counterpart.
func TestThreadXQueueBasic(t *testing.T) {
	for _, words := range []nx.UINT{nx.TX_1_ULONG, nx.TX_2_ULONG, nx.TX_4_ULONG, nx.TX_8_ULONG, nx.TX_16_ULONG} {
		t.Run(fmt.Sprintf("%d words", words), func(t *testing.T) { queueBasic(t, words) })
	}
}

func queueBasic(t *testing.T, words nx.UINT) {
	var thread0, thread1 Thread
	var queue0, queue1, queue2, fromInitQueue Queue
	var timer0 Timer
	var fromInit nx.Status
	errors, timerExecuted, isrExecuted := 0, 0, 0
	contextChecks := func() {
		src, dest := []nx.ULONG{1234}, make([]nx.ULONG, 1)
		for _, st := range []struct{ got, want nx.Status }{
			{QueueCreate(&queue2, "queue 2", nx.TX_1_ULONG, make([]byte, 12)), nx.TX_CALLER_ERROR},
			{QueueDelete(&queue0), nx.TX_CALLER_ERROR},
			{QueueFrontSend(&queue0, src, 100), nx.TX_WAIT_ERROR},
			{QueueSend(&queue0, src, 100), nx.TX_WAIT_ERROR},
			{QueueReceive(&queue0, dest, 100), nx.TX_WAIT_ERROR},
		} {
			if st.got != st.want {
				errors++
			}
		}
	}
	oneWordChecks := errorChecking && words == nx.TX_1_ULONG
	timerEntry := func(nx.ULONG) {
		if fromInit != nx.TX_SUCCESS {
			errors++
		}
		contextChecks()
		timerExecuted = 1
	}
	isr := func() {
		if oneWordChecks {
			contextChecks()
			isrExecuted = 1
		}
	}
	runCTest(t, ticks(100), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 16, 100, nx.TX_AUTO_START, func() {
			if words == nx.TX_2_ULONG {
				var q Queue
				st := QueueCreate(&q, "queue memory", words, make([]byte, 2048))
				QueueDelete(&q)
				c.check(st == nx.TX_SUCCESS, 1)
			}
			if oneWordChecks {
				queueBasicTXE(c, &queue0)
			}
			queueSequence(c, &queue0, &queue1, words)
			if oneWordChecks {
				c.sleepThroughTimerAndISR(&timer0, timerEntry, isr, &thread1)
				c.check(errors == 0 && timerExecuted == 1 && isrExecuted == 1, 1)
			}
			c.check(QueueDelete(&queue1) == nx.TX_SUCCESS, 1)
			c.check(QueueDelete(&queue0) == nx.TX_SUCCESS, 1)
			c.pass(&thread1)
		})
		cThread(c, &thread1, "thread 1", 18, 100, nx.TX_DONT_START, relinquishForever)
		c.check(QueueCreate(&queue0, "queue 0", words, make([]byte, int(words)*4)) == nx.TX_SUCCESS, 1)
		c.check(QueueCreate(&queue1, "queue 1", words, make([]byte, int(words)*4*3)) == nx.TX_SUCCESS, 1)
		fromInit = QueueCreate(&fromInitQueue, "queue 4", words, make([]byte, int(words)*4))
	})
}

// queueSequence is the message sequence of the basic tests: queue0 holds
// one message, queue1 three.
func queueSequence(c *cTest, queue0, queue1 *Queue, words nx.UINT) {
	last := words - 1
	message := func(first, lastWord nx.ULONG) []nx.ULONG {
		m := make([]nx.ULONG, words)
		m[0] = first
		m[last] = lastWord
		return m
	}
	dest := make([]nx.ULONG, words)
	src := message(0x01234567, 0x89ABCDEF)
	received := func(want []nx.ULONG) bool {
		return QueueReceive(queue1, dest, nx.TX_NO_WAIT) == nx.TX_SUCCESS && dest[0] == want[0] && dest[last] == want[last]
	}
	for round := 0; round < 2; round++ {
		c.check(QueueSend(queue0, src, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		c.check(QueueSend(queue0, src, nx.TX_NO_WAIT) == nx.TX_QUEUE_FULL, 1)
		st := QueueReceive(queue0, dest, nx.TX_NO_WAIT)
		c.check(st == nx.TX_SUCCESS && dest[0] == src[0] && dest[last] == src[last], 1)
		c.check(QueueReceive(queue0, dest, nx.TX_NO_WAIT) == nx.TX_QUEUE_EMPTY, 1)
		src = message(src[0]+1, src[last]+1)
	}
	expected := src
	for round := 0; round < 2; round++ {
		st := nx.TX_SUCCESS
		for i := 0; i < 3; i++ {
			st += QueueSend(queue1, src, nx.TX_NO_WAIT)
			src = message(src[0]+1, src[last]+1)
		}
		c.check(st == nx.TX_SUCCESS, 1)
		c.check(QueueSend(queue1, src, nx.TX_NO_WAIT) == nx.TX_QUEUE_FULL, 1)
		for i := 0; i < 3; i++ {
			c.check(received(expected), 1)
			expected = message(expected[0]+1, expected[last]+1)
		}
		c.check(QueueReceive(queue1, dest, nx.TX_NO_WAIT) == nx.TX_QUEUE_EMPTY, 1)
	}
}

// queueBasicTXE is the one-word test's table of txe_ codes.
func queueBasicTXE(c *cTest, queue0 *Queue) {
	var deleted, q Queue
	src, dest := []nx.ULONG{0x12345678}, make([]nx.ULONG, 1)
	for _, st := range []struct{ got, want nx.Status }{
		{QueueCreate(nil, "queue 1", nx.TX_1_ULONG, make([]byte, 12)), nx.TX_QUEUE_ERROR},
		{QueueCreate(&q, "queue 3", 0, make([]byte, 12)), nx.TX_SIZE_ERROR},
		{QueueCreate(queue0, "queue 1", nx.TX_1_ULONG, make([]byte, 12)), nx.TX_QUEUE_ERROR},
		{QueueCreate(&q, "queue 2", 47, make([]byte, 12)), nx.TX_SIZE_ERROR},
		{QueueCreate(&q, "queue 2", nx.TX_1_ULONG, nil), nx.TX_PTR_ERROR},
		{QueueCreate(&q, "queue 2", nx.TX_1_ULONG, make([]byte, 1)), nx.TX_SIZE_ERROR},
		{QueueDelete(nil), nx.TX_QUEUE_ERROR},
		{QueueDelete(&deleted), nx.TX_QUEUE_ERROR},
		{QueueFlush(nil), nx.TX_QUEUE_ERROR},
		{QueueFlush(&deleted), nx.TX_QUEUE_ERROR},
		{QueueFrontSend(nil, src, nx.TX_NO_WAIT), nx.TX_QUEUE_ERROR},
		{QueueFrontSend(&deleted, src, nx.TX_NO_WAIT), nx.TX_QUEUE_ERROR},
		{QueueFrontSend(queue0, nil, nx.TX_NO_WAIT), nx.TX_PTR_ERROR},
		{QueueSend(nil, src, nx.TX_NO_WAIT), nx.TX_QUEUE_ERROR},
		{QueueSend(&deleted, src, nx.TX_NO_WAIT), nx.TX_QUEUE_ERROR},
		{QueueSend(queue0, nil, nx.TX_NO_WAIT), nx.TX_PTR_ERROR},
		{QueueReceive(nil, dest, nx.TX_NO_WAIT), nx.TX_QUEUE_ERROR},
		{QueueReceive(&deleted, dest, nx.TX_NO_WAIT), nx.TX_QUEUE_ERROR},
		{QueueReceive(queue0, nil, nx.TX_NO_WAIT), nx.TX_PTR_ERROR},
	} {
		c.check(st.got == st.want, 1)
	}
}
