package rtos

import "github.com/nxsim/nxsim/nx"

// ThreadPriorityChange is tx_thread_priority_change: *oldPriority receives
// the previous user priority; the user priority and the preemption threshold
// both become newPriority (a threshold set before is lost). A priority
// inherited through a mutex stays in force while it is more urgent. A ready
// thread goes to the tail of its new priority, unless it was running and is
// still the most urgent. The change may preempt the caller. Allowed from
// threads and timers.
func ThreadPriorityChange(threadPtr *Thread, newPriority nx.UINT, oldPriority *nx.UINT) nx.Status {
	defer Leave(Enter(opThreadPriorityChange))
	k, st := threadService(threadPtr, func(t *Thread) nx.Status {
		if st := txeThreadChange(t, oldPriority); st != nx.TX_SUCCESS {
			return st
		}
		if newPriority >= nx.TX_MAX_PRIORITIES {
			return nx.TX_PRIORITY_ERROR
		}
		return nx.TX_SUCCESS
	})
	if k == nil {
		return st
	}
	t := threadPtr
	*oldPriority = t.userPriority
	t.userPriority, t.userThreshold = newPriority, newPriority
	k.setPriority(t, min(newPriority, inheritedPriority(t)))
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// setPriority gives t a new effective priority; its effective threshold
// follows (the user threshold, or the new priority when that is more
// urgent). A ready thread is re-queued at the tail of its new list unless it
// was executing and is still the most urgent, which keeps it running.
func (k *Kernel) setPriority(t *Thread, priority nx.UINT) {
	threshold := min(t.userThreshold, priority)
	if t.state != nx.TX_READY {
		t.priority, t.threshold = priority, threshold
		return
	}
	wasExecuting := k.execute == t
	k.unready(t)
	t.priority, t.threshold = priority, threshold
	k.makeReady(t)
	if wasExecuting && priority <= k.highestReady() {
		k.ready[priority].remove(t)
		k.ready[priority].pushFront(t)
		k.execute = t
	}
}

// ThreadPreemptionChange is tx_thread_preemption_change: only threads more
// urgent than newThreshold may preempt the thread from now on; 0 disables
// preemption. TX_THRESH_ERROR if newThreshold is less urgent than the
// thread's priority. Lowering the threshold may let a held-off thread run at
// once. Allowed from threads and timers.
func ThreadPreemptionChange(threadPtr *Thread, newThreshold nx.UINT, oldThreshold *nx.UINT) nx.Status {
	defer Leave(Enter(opThreadPreemptionChange))
	k, st := threadService(threadPtr, func(t *Thread) nx.Status { return txeThreadChange(t, oldThreshold) })
	if k == nil {
		return st
	}
	t := threadPtr
	if newThreshold > t.userPriority {
		return nx.TX_THRESH_ERROR
	}
	*oldThreshold = t.userThreshold
	t.userThreshold = newThreshold
	t.threshold = min(newThreshold, t.priority)
	if newThreshold != t.userPriority {
		t.timeSlice, t.sliceLeft = 0, 0
	}
	if t.state == nx.TX_READY && k.execute == t {
		k.preempted &^= 1 << t.priority
		if h := k.highestReady(); h < t.threshold && k.ready[h].head != t {
			k.execute = k.ready[h].head
		}
	}
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// ThreadTimeSliceChange is tx_thread_time_slice_change: *oldTimeSlice
// receives the previous slice, and the thread gets a fresh slice of
// newTimeSlice ticks. Allowed from threads and timers.
func ThreadTimeSliceChange(threadPtr *Thread, newTimeSlice nx.ULONG, oldTimeSlice *nx.ULONG) nx.Status {
	defer Leave(Enter(opThreadTimeSliceChange))
	if k, st := threadService(threadPtr, func(t *Thread) nx.Status { return txeThreadChange(t, oldTimeSlice) }); k == nil {
		return st
	}
	*oldTimeSlice = threadPtr.timeSlice
	threadPtr.timeSlice, threadPtr.sliceLeft = newTimeSlice, newTimeSlice
	return nx.TX_SUCCESS
}

// ThreadInfoGet is tx_thread_info_get. Any out-pointer may be nil. The
// priority and threshold reported are the user's, not a priority inherited
// through a mutex; timeSlice is the thread's current slice value.
func ThreadInfoGet(threadPtr *Thread, name *string, state *nx.UINT, runCount *nx.ULONG, priority *nx.UINT,
	preemptionThreshold *nx.UINT, timeSlice *nx.ULONG, nextThread **Thread, nextSuspendedThread **Thread) nx.Status {
	defer Leave(Enter(opThreadInfoGet))
	if errorChecking {
		if st := txeThreadOnly(threadPtr); st != nx.TX_SUCCESS {
			return st
		}
	}
	t := threadPtr
	set(name, t.name)
	set(state, t.state)
	set(runCount, t.runCount)
	set(priority, t.userPriority)
	set(preemptionThreshold, t.userThreshold)
	set(timeSlice, t.sliceLeft)
	set(nextThread, nextCreated(t.k.threads, t))
	var next *Thread
	if w := t.waitList; w != nil {
		next = nextCreated(w.threads.items, t)
	}
	set(nextSuspendedThread, next)
	return nx.TX_SUCCESS
}

// set stores v in *p when p is not nil, as the info_get services do.
func set[V any](p *V, v V) {
	if p != nil {
		*p = v
	}
}

// nextCreated returns the element after x in the circular list l.
func nextCreated[T comparable](l []T, x T) T {
	for i, y := range l {
		if y == x {
			return l[(i+1)%len(l)]
		}
	}
	var zero T
	return zero
}
