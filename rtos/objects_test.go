package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestQueueOrderFrontSendAndBlockedSenders(t *testing.T) {
	var q Queue
	var producer, consumer Thread
	var got []nx.ULONG
	device(t, time.Second, func() {
		QueueCreate(&q, "q", nx.TX_2_ULONG, make([]byte, 2*8)) // two messages of two words
		spawn(t, &producer, "producer", 10, func() {
			QueueSend(&q, []nx.ULONG{1, 10}, 0)
			QueueSend(&q, []nx.ULONG{2, 20}, 0)
			// Full: this one waits, and goes in when the consumer takes one.
			require.Equal(t, nx.TX_SUCCESS, QueueFrontSend(&q, []nx.ULONG{0, 0}, nx.TX_WAIT_FOREVER))
		})
		spawn(t, &consumer, "consumer", 20, func() {
			msg := make([]nx.ULONG, 2)
			for QueueReceive(&q, msg, 0) == nx.TX_SUCCESS {
				got = append(got, msg...)
			}
		})
	})
	assert.Equal(t, []nx.ULONG{1, 10, 0, 0, 2, 20}, got)
}

func TestEventFlagsSemantics(t *testing.T) {
	var g EventFlagsGroup
	var andWaiter, orWaiter, clearer, setter Thread
	var andActual, orActual, clearActual nx.ULONG
	var left nx.ULONG
	device(t, time.Second, func() {
		EventFlagsCreate(&g, "g")
		spawn(t, &andWaiter, "and", 10, func() { EventFlagsGet(&g, 0x3, nx.TX_AND, &andActual, nx.TX_WAIT_FOREVER) })
		spawn(t, &clearer, "clearer", 11, func() { EventFlagsGet(&g, 0x2, nx.TX_OR_CLEAR, &clearActual, nx.TX_WAIT_FOREVER) })
		spawn(t, &orWaiter, "or", 12, func() { EventFlagsGet(&g, 0x6, nx.TX_OR, &orActual, 5) })
		spawn(t, &setter, "setter", 20, func() {
			EventFlagsSet(&g, 0x1, nx.TX_OR) // nobody satisfied yet
			EventFlagsSet(&g, 0x2, nx.TX_OR) // and: yes (0x3); clearer: yes, clears 0x2; or (0x6): not any more
			EventFlagsInfoGet(&g, nil, &left, nil, nil, nil)
		})
	})
	assert.Equal(t, nx.ULONG(0x3), andActual)
	assert.Equal(t, nx.ULONG(0x3), clearActual, "actual flags are before the clear")
	assert.Equal(t, nx.ULONG(0x0), orActual, "timed out (the clearer took 0x2 first): the flags at the call")
	assert.Equal(t, nx.ULONG(0x1), left)
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
