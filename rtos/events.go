package rtos

import (
	"container/heap"
	"time"
)

// event is one entry of the engine's queue: something that happens at a
// virtual instant. At one instant, interrupts, ticks, deliveries and engine
// events come before thread work (the end of a charge or a Busy period);
// within a class events run in the order they were scheduled (seq), so the
// order never depends on the Go scheduler.
type event struct {
	at         time.Duration
	threadWork bool
	seq        uint64
	kernel     *Kernel // the device the event belongs to; nil for engine events
	fn         func()
	index      int // position in the heap; -1 once popped or cancelled
}

// eventQueue is a min-heap of events ordered by (at, class, seq).
type eventQueue []*event

var _ heap.Interface = (*eventQueue)(nil)

func (q eventQueue) Len() int { return len(q) }

func (q eventQueue) Less(i, j int) bool {
	if q[i].at != q[j].at {
		return q[i].at < q[j].at
	}
	if q[i].threadWork != q[j].threadWork {
		return q[j].threadWork
	}
	return q[i].seq < q[j].seq
}

func (q eventQueue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].index = i
	q[j].index = j
}

func (q *eventQueue) Push(x any) {
	ev := x.(*event)
	ev.index = len(*q)
	*q = append(*q, ev)
}

func (q *eventQueue) Pop() any {
	old := *q
	n := len(old)
	ev := old[n-1]
	old[n-1] = nil
	ev.index = -1
	*q = old[:n-1]
	return ev
}

// schedule queues fn to run at the virtual instant at, on behalf of kernel k.
func (e *Engine) schedule(at time.Duration, k *Kernel, fn func()) *event {
	if at < e.now {
		at = e.now
	}
	e.seq++
	ev := &event{at: at, seq: e.seq, kernel: k, fn: fn}
	heap.Push(&e.queue, ev)
	return ev
}

// scheduleThreadWork queues fn at the instant at as thread work of kernel
// k: it runs after every interrupt, tick and delivery due at that instant.
func (e *Engine) scheduleThreadWork(at time.Duration, k *Kernel, fn func()) *event {
	ev := e.schedule(at, k, fn)
	ev.threadWork = true
	heap.Fix(&e.queue, ev.index)
	return ev
}

// cancel removes a scheduled event; cancelling an event that already ran or
// was cancelled does nothing.
func (e *Engine) cancel(ev *event) {
	if ev != nil && ev.index >= 0 {
		heap.Remove(&e.queue, ev.index)
	}
}

// popEvent takes the earliest event off the queue.
func popEvent(e *Engine) *event {
	return heap.Pop(&e.queue).(*event)
}
