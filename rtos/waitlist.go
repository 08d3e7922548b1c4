package rtos

import "github.com/nxsim/nxsim/nx"

// WaitList is the suspension list of an emulated object: threads waiting on
// a semaphore, queue, mutex, event flags group, or (in packetpool and netx)
// a packet pool or a UDP socket. Waiters are served first in, first out;
// Prioritize moves the most urgent one to the front once. The zero value is
// an empty list.
//
// Its methods are for service implementations, called from emulated code of
// the device that owns the object.
type WaitList struct {
	threads threadList
	// onCancel, if set, runs when a waiter leaves without being woken (its
	// wait timed out or was aborted, or the thread was terminated).
	onCancel func(t *Thread)
	name     string // the object's name, for the trace
}

// SetName names the object the list belongs to ("queue 0", "pool rx"), so
// that the trace says what a suspended thread waits on.
func (w *WaitList) SetName(name string) { w.name = name }

// Len returns the number of waiting threads.
func (w *WaitList) Len() int { return w.threads.len() }

// First returns the thread at the front of the list, or nil.
func (w *WaitList) First() *Thread { return w.threads.head }

// Threads returns the waiting threads in service order.
func (w *WaitList) Threads() []*Thread { return append([]*Thread(nil), w.threads.items...) }

// Suspend suspends the calling thread on the list in the given TX_* state for
// at most wait ticks (TX_WAIT_FOREVER: no limit). info is what the waiter
// asks for (a message size, requested flags, a packet type); a waker reads it
// with WaitInfo. Suspend returns the status the waker gave with the result it
// handed over, timeout after wait ticks, or TX_WAIT_ABORTED. The caller must
// have checked that it runs in a thread and that wait is not TX_NO_WAIT.
func (w *WaitList) Suspend(state nx.UINT, wait nx.ULONG, timeout nx.Status, info any) (nx.Status, any) {
	t := currentThread()
	t.waitList, t.waitInfo, t.waitResult, t.timeoutStatus = w, info, nil, timeout
	w.threads.pushBack(t)
	st := t.k.suspendCurrent(state, wait)
	res := t.waitResult
	t.waitInfo, t.waitResult = nil, nil
	return st, res
}

// WaitInfo returns what a waiting thread passed to Suspend.
func (t *Thread) WaitInfo() any { return t.waitInfo }

// Wake takes t off the list and resumes it: its Suspend returns status and
// result. The caller then calls PreemptionPoint once it has finished its own
// bookkeeping.
func (w *WaitList) Wake(t *Thread, status nx.Status, result any) {
	w.threads.remove(t)
	t.waitList = nil
	t.waitResult = result
	t.k.resumeFromWait(t, status)
}

// WakeFirst wakes the thread at the front; it returns nil if none waits.
func (w *WaitList) WakeFirst(status nx.Status, result any) *Thread {
	t := w.threads.head
	if t != nil {
		w.Wake(t, status, result)
	}
	return t
}

// WakeAll wakes every waiter with status, in list order (object deleted:
// TX_DELETED; socket unbound: NX_SOCKET_UNBOUND).
func (w *WaitList) WakeAll(status nx.Status) {
	for w.threads.head != nil {
		w.WakeFirst(status, nil)
	}
}

// Prioritize moves the most urgent waiter (the earliest among equals) to the
// front and leaves the others in order (tx_*_prioritize).
func (w *WaitList) Prioritize() {
	var best *Thread
	for _, t := range w.threads.items {
		if best == nil || t.priority < best.priority {
			best = t
		}
	}
	if best != nil && best != w.threads.head {
		w.threads.remove(best)
		w.threads.pushFront(best)
	}
}

// suspendCurrent takes the calling thread off its ready list in state, arms
// its timeout and parks it until resumeFromWait (_tx_thread_system_suspend).
func (k *Kernel) suspendCurrent(state nx.UINT, wait nx.ULONG) nx.Status {
	t := k.current
	k.unready(t)
	t.state = state
	t.sliceLeft = t.timeSlice
	if wait != nx.TX_WAIT_FOREVER {
		t.timeout.remaining, t.timeout.reinit = wait, 0
		t.timeout.expire = t.timedOut
		k.wheel.activate(&t.timeout)
	}
	waits := t.service
	if w := t.waitList; w != nil && w.name != "" {
		waits += " " + w.name
	}
	k.engine.record(k, "suspend", t.name, waits)
	t.park()
	return t.waitStatus
}

// timedOut is the expiration function of a thread's wait timer
// (_tx_thread_timeout): the wait ends with the object's "not available"
// status, or TX_SUCCESS for a sleep.
func (t *Thread) timedOut() {
	t.cancelWait()
	t.k.resumeFromWait(t, t.timeoutStatus)
}

// cancelWait takes a waiting thread off its object's list without waking it.
func (t *Thread) cancelWait() {
	if w := t.waitList; w != nil {
		w.threads.remove(t)
		t.waitList = nil
		if w.onCancel != nil {
			w.onCancel(t)
		}
	}
}

// resumeFromWait ends a thread's wait with status: it becomes ready, or
// TX_SUSPENDED if a tx_thread_suspend arrived while it waited.
func (k *Kernel) resumeFromWait(t *Thread, status nx.Status) {
	k.wheel.deactivate(&t.timeout)
	t.waitStatus = status
	if t.delayedSuspend {
		t.delayedSuspend = false
		t.state = nx.TX_SUSPENDED
		return
	}
	k.makeReady(t)
}
