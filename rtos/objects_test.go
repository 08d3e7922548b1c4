package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A front sender that waits on a full queue is served before the messages
// already queued and before earlier blocked senders: it waits at the head
// of the suspension list (tx_queue_front_send.c) and the next receiver takes
// its message directly (tx_queue_receive.c); a plain blocked sender's message
// goes to the back when a receive makes room.
func TestQueueOrderFrontSendAndBlockedSenders(t *testing.T) {
	var q Queue
	var producer, late, consumer Thread
	var got []nx.ULONG
	var waiting nx.ULONG
	var first *Thread
	device(t, time.Second, func() {
		QueueCreate(&q, "q", nx.TX_2_ULONG, make([]byte, 2*8)) // two messages of two words
		spawn(t, &producer, "producer", 10, func() {
			QueueSend(&q, []nx.ULONG{1, 10}, 0)
			QueueSend(&q, []nx.ULONG{2, 20}, 0)
			// Full: this one waits at the back.
			require.Equal(t, nx.TX_SUCCESS, QueueSend(&q, []nx.ULONG{3, 30}, nx.TX_WAIT_FOREVER))
		})
		spawn(t, &late, "front sender", 11, func() {
			// Full: this one waits at the front, ahead of the producer.
			require.Equal(t, nx.TX_SUCCESS, QueueFrontSend(&q, []nx.ULONG{0, 0}, nx.TX_WAIT_FOREVER))
		})
		spawn(t, &consumer, "consumer", 20, func() {
			QueueInfoGet(&q, nil, nil, nil, &first, &waiting, nil)
			msg := make([]nx.ULONG, 2)
			for QueueReceive(&q, msg, 0) == nx.TX_SUCCESS {
				got = append(got, msg...)
			}
		})
	})
	assert.Same(t, &late, first, "the front sender heads the suspension list")
	assert.Equal(t, nx.ULONG(2), waiting)
	assert.Equal(t, []nx.ULONG{0, 0, 1, 10, 2, 20, 3, 30}, got)
}

// Every waiter is tested against the flags as they were when the set began
// (tx_event_flags_set.c): a clear requested by an earlier waiter changes the
// group, not what later waiters see and receive.
func TestEventFlagsSemantics(t *testing.T) {
	var g EventFlagsGroup
	var andWaiter, orWaiter, clearer, late, setter Thread
	var andActual, orActual, clearActual, lateActual nx.ULONG
	var lateStatus nx.Status
	var left nx.ULONG
	device(t, time.Second, func() {
		EventFlagsCreate(&g, "g")
		spawn(t, &andWaiter, "and", 10, func() { EventFlagsGet(&g, 0x3, nx.TX_AND, &andActual, nx.TX_WAIT_FOREVER) })
		spawn(t, &clearer, "clearer", 11, func() { EventFlagsGet(&g, 0x2, nx.TX_OR_CLEAR, &clearActual, nx.TX_WAIT_FOREVER) })
		spawn(t, &orWaiter, "or", 12, func() { EventFlagsGet(&g, 0x6, nx.TX_OR, &orActual, 5) })
		spawn(t, &late, "late clearer", 13, func() {
			lateStatus = EventFlagsGet(&g, 0x2, nx.TX_AND_CLEAR, &lateActual, 5)
		})
		spawn(t, &setter, "setter", 20, func() {
			EventFlagsSet(&g, 0x1, nx.TX_OR) // nobody satisfied yet
			// All four see 0x3: the clearer's clear of 0x2 does not hide it
			// from the two waiters after it.
			EventFlagsSet(&g, 0x2, nx.TX_OR)
			EventFlagsInfoGet(&g, nil, &left, nil, nil, nil)
		})
	})
	assert.Equal(t, nx.ULONG(0x3), andActual)
	assert.Equal(t, nx.ULONG(0x3), clearActual, "actual flags are before the clear")
	assert.Equal(t, nx.ULONG(0x3), orActual, "satisfied by the flags at the start of the set")
	assert.Equal(t, nx.TX_SUCCESS, lateStatus)
	assert.Equal(t, nx.ULONG(0x3), lateActual)
	assert.Equal(t, nx.ULONG(0x1), left)
}

// A TX_AND set only clears: it resumes nobody and does not notify
// (tx_event_flags_set.c takes the set-notify function on TX_OR only).
func TestEventFlagsAndSetDoesNotNotify(t *testing.T) {
	var g EventFlagsGroup
	var th Thread
	notified := 0
	var left nx.ULONG
	device(t, time.Second, func() {
		EventFlagsCreate(&g, "g")
		EventFlagsSetNotify(&g, func(*EventFlagsGroup) { notified++ })
		spawn(t, &th, "t", 10, func() {
			EventFlagsSet(&g, 0xF, nx.TX_OR)
			EventFlagsSet(&g, 0x5, nx.TX_AND)
			EventFlagsInfoGet(&g, nil, &left, nil, nil, nil)
		})
	})
	assert.Equal(t, 1, notified)
	assert.Equal(t, nx.ULONG(0x5), left)
}

func TestNotifyCallbacksRunInTheCallersContext(t *testing.T) {
	var s Semaphore
	var q Queue
	var g EventFlagsGroup
	var th Thread
	var seen []string
	note := func(what string) {
		c, _ := CurrentContext()
		seen = append(seen, what+" in "+c.String())
	}
	e := NewEngine(1)
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		SemaphoreCreate(&s, "s", 0)
		QueueCreate(&q, "q", 1, make([]byte, 64))
		EventFlagsCreate(&g, "g")
		SemaphorePutNotify(&s, func(*Semaphore) { note("semaphore") })
		QueueSendNotify(&q, func(*Queue) { note("queue") })
		EventFlagsSetNotify(&g, func(*EventFlagsGroup) { note("flags") })
		spawn(t, &th, "t", 10, func() { SemaphorePut(&s) })
	})
	k.Interrupt(time.Millisecond, func() {
		QueueSend(&q, []nx.ULONG{1}, 0)
		EventFlagsSet(&g, 1, nx.TX_OR)
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, []string{"semaphore in thread", "queue in ISR", "flags in ISR"}, seen)
}

// An ISR's resumptions take effect when it ends: the thread it readies runs
// then, at the interrupt's instant, and ThreadIdentify inside the ISR names
// the thread it interrupted.
func TestInterruptPreemptsABusyThread(t *testing.T) {
	var s Semaphore
	var worker, urgent Thread
	var r recorder
	var interrupted *Thread
	e := NewEngine(1, WithProfile(ProfileZero))
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		SemaphoreCreate(&s, "s", 0)
		spawn(t, &worker, "worker", 20, func() { Busy(50 * time.Millisecond); r.add("worker done") })
		spawn(t, &urgent, "urgent", 5, func() { SemaphoreGet(&s, nx.TX_WAIT_FOREVER); r.add("urgent at %v", e.Now()) })
	})
	k.Interrupt(15*time.Millisecond, func() {
		interrupted = ThreadIdentify()
		SemaphorePut(&s)
		r.add("isr")
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.Same(t, &worker, interrupted)
	assert.Equal(t, []string{"1 isr", "1 urgent at 15ms", "5 worker done"}, r.lines)
}
