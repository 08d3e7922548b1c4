package rtos

import (
	"runtime"

	"github.com/nxsim/nxsim/nx"
)

// ThreadCreate is tx_thread_create: a thread of the calling device that runs
// entry(entryInput) at priority (0 most urgent, 31 least), preempted only by
// threads more urgent than preemptThreshold, sliced every timeSlice ticks
// among its priority peers (TX_NO_TIME_SLICE: never). With TX_AUTO_START it
// is ready at once and may preempt the caller; with TX_DONT_START it waits for
// ThreadResume. The stack is kept for the overlap and size rules only.
// Allowed from initialization and threads.
func ThreadCreate(threadPtr *Thread, name string, entry func(entryInput nx.ULONG), entryInput nx.ULONG,
	stack []byte, priority, preemptThreshold nx.UINT, timeSlice nx.ULONG, autoStart nx.UINT) nx.Status {
	defer Leave(Enter(opThreadCreate))
	if errorChecking {
		if st := txeThreadCreate(threadPtr, entry, stack, priority, preemptThreshold, autoStart); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*threadPtr = Thread{id: threadID, k: k, name: name, entry: entry, input: entryInput, stack: stack,
		priority: priority, userPriority: priority, threshold: preemptThreshold, userThreshold: preemptThreshold,
		timeSlice: timeSlice, sliceLeft: timeSlice, state: nx.TX_SUSPENDED}
	threadPtr.timeout.owner = threadPtr
	// A thread whose threshold differs from its priority is never sliced.
	if preemptThreshold != priority {
		threadPtr.timeSlice, threadPtr.sliceLeft = 0, 0
	}
	k.threads = append(k.threads, threadPtr)
	if autoStart == nx.TX_AUTO_START {
		k.makeReady(threadPtr)
		PreemptionPoint()
	}
	return nx.TX_SUCCESS
}

// ThreadDelete is tx_thread_delete: only a completed or terminated thread can
// be deleted (TX_DELETE_ERROR otherwise, so a thread cannot delete itself).
// Allowed from threads and timers.
func ThreadDelete(threadPtr *Thread) nx.Status {
	defer Leave(Enter(opThreadDelete))
	k, st := threadService(threadPtr, txeThreadFromThreadsOrTimers)
	if k == nil {
		return st
	}
	if (threadPtr.state != nx.TX_COMPLETED && threadPtr.state != nx.TX_TERMINATED) || threadPtr.exiting {
		return nx.TX_DELETE_ERROR
	}
	k.threads = removeItem(k.threads, threadPtr)
	threadPtr.id = 0
	return nx.TX_SUCCESS
}

// ThreadSleep is tx_thread_sleep: the calling thread waits timerTicks ticks
// (it wakes at the timerTicks-th tick interrupt after the call). Sleep(0)
// returns at once without yielding. Its checks are in the core, so they
// survive tx_disable_error_checking: TX_CALLER_ERROR from anything but a
// thread. TX_WAIT_ABORTED if ThreadWaitAbort ends the sleep.
func ThreadSleep(timerTicks nx.ULONG) nx.Status {
	defer Leave(Enter(opThreadSleep))
	t := currentThread()
	if t == nil {
		return nx.TX_CALLER_ERROR
	}
	if timerTicks == 0 {
		return nx.TX_SUCCESS
	}
	t.waitList, t.timeoutStatus = nil, nx.TX_SUCCESS
	return t.k.suspendCurrent(nx.TX_SLEEP, timerTicks)
}

// ThreadSuspend is tx_thread_suspend: a ready thread becomes TX_SUSPENDED
// (the caller itself, if it names itself); a thread waiting on something
// else gets a delayed suspension that takes effect when the wait ends.
// TX_SUSPEND_ERROR for a completed or terminated thread. Allowed everywhere.
func ThreadSuspend(threadPtr *Thread) nx.Status {
	defer Leave(Enter(opThreadSuspend))
	k, st := threadService(threadPtr, txeThreadOnly)
	if k == nil {
		return st
	}
	switch s := threadPtr.state; {
	case s == nx.TX_COMPLETED || s == nx.TX_TERMINATED:
		return nx.TX_SUSPEND_ERROR
	case s == nx.TX_SUSPENDED:
		return nx.TX_SUCCESS
	case s != nx.TX_READY:
		threadPtr.delayedSuspend = true
		return nx.TX_SUCCESS
	}
	if threadPtr == currentThread() {
		threadPtr.waitList = nil
		threadPtr.k.suspendCurrent(nx.TX_SUSPENDED, nx.TX_WAIT_FOREVER)
		return nx.TX_SUCCESS
	}
	k.unready(threadPtr)
	threadPtr.state = nx.TX_SUSPENDED
	threadPtr.sliceLeft = threadPtr.timeSlice
	return nx.TX_SUCCESS
}

// ThreadResume is tx_thread_resume: a TX_SUSPENDED thread becomes ready and
// may preempt the caller. A pending delayed suspension is lifted instead
// (TX_SUSPEND_LIFTED). Any other state: TX_RESUME_ERROR — resume never ends
// a sleep or a wait. Allowed everywhere.
func ThreadResume(threadPtr *Thread) nx.Status {
	defer Leave(Enter(opThreadResume))
	k, st := threadService(threadPtr, txeThreadOnly)
	if k == nil {
		return st
	}
	switch {
	case threadPtr.state == nx.TX_SUSPENDED:
		k.makeReady(threadPtr)
		PreemptionPoint()
		return nx.TX_SUCCESS
	case threadPtr.delayedSuspend:
		threadPtr.delayedSuspend = false
		return nx.TX_SUSPEND_LIFTED
	default:
		return nx.TX_RESUME_ERROR
	}
}

// ThreadTerminate is tx_thread_terminate: the thread stops wherever it is,
// leaves any wait, releases its mutexes and becomes TX_TERMINATED. A thread
// may terminate itself; the call then does not return. Terminating a
// completed or terminated thread succeeds and does nothing. Allowed from
// threads and timers.
func ThreadTerminate(threadPtr *Thread) nx.Status {
	defer Leave(Enter(opThreadTerminate))
	k, st := threadService(threadPtr, txeThreadFromThreadsOrTimers)
	if k == nil {
		return st
	}
	if threadPtr.state == nx.TX_COMPLETED || threadPtr.state == nx.TX_TERMINATED {
		return nx.TX_SUCCESS
	}
	self := threadPtr == currentThread()
	threadPtr.finish(nx.TX_TERMINATED)
	k.engine.record(k, "terminate", threadPtr.name, "")
	if self {
		runtime.Goexit()
	}
	threadPtr.kill()
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// ThreadRelinquish is tx_thread_relinquish: the calling thread goes behind
// the ready threads of its priority, and a more urgent thread that only its
// preemption threshold held off runs now. Called from anything but a thread,
// it does nothing.
func ThreadRelinquish() {
	defer Leave(Enter(opThreadRelinquish))
	t := currentThread()
	if t == nil {
		return
	}
	k := t.k
	k.preempted &^= 1 << t.priority
	t.sliceLeft = t.timeSlice
	k.moveToTail(t)
	if k.execute != t {
		t.park()
	}
}

// ThreadIdentify is tx_thread_identify: the running thread; the system timer
// thread inside a timer expiration function; in an ISR the thread it
// interrupted (nil when the device was idle); nil during initialization.
func ThreadIdentify() *Thread {
	defer Leave(Enter(opThreadIdentify))
	k := currentKernel()
	if k == nil {
		return nil
	}
	if k.isrDepth > 0 {
		return k.busy
	}
	return k.current
}

// ThreadWaitAbort is tx_thread_wait_abort: a sleeping or waiting thread's
// call returns TX_WAIT_ABORTED (NX_WAIT_ABORTED for NetX waits). A thread
// that is ready, ended or explicitly suspended gives TX_WAIT_ABORT_ERROR.
// Allowed everywhere.
func ThreadWaitAbort(threadPtr *Thread) nx.Status {
	defer Leave(Enter(opThreadWaitAbort))
	k, st := threadService(threadPtr, txeThreadOnly)
	if k == nil {
		return st
	}
	if threadPtr.state < nx.TX_SLEEP {
		return nx.TX_WAIT_ABORT_ERROR
	}
	threadPtr.cancelWait()
	k.resumeFromWait(threadPtr, nx.TX_WAIT_ABORTED)
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// ThreadReset is tx_thread_reset: a completed or terminated thread (not the
// caller) becomes TX_SUSPENDED and starts again at its entry when resumed;
// otherwise TX_NOT_DONE. Allowed from threads.
func ThreadReset(threadPtr *Thread) nx.Status {
	defer Leave(Enter(opThreadReset))
	if k, st := threadService(threadPtr, txeThreadReset); k == nil {
		return st
	}
	if threadPtr == currentThread() || threadPtr.exiting || (threadPtr.state != nx.TX_COMPLETED && threadPtr.state != nx.TX_TERMINATED) {
		return nx.TX_NOT_DONE
	}
	t := threadPtr
	t.state = nx.TX_SUSPENDED
	t.priority, t.threshold = t.userPriority, t.userThreshold
	t.sliceLeft = t.timeSlice
	t.started, t.returned, t.killed, t.busyLeft = false, false, false, 0
	return nx.TX_SUCCESS
}

// ThreadEntryExitNotify is tx_thread_entry_exit_notify: notify is called with
// TX_THREAD_ENTRY when the thread starts and TX_THREAD_EXIT when it completes
// or is terminated.
func ThreadEntryExitNotify(threadPtr *Thread, notify func(threadPtr *Thread, condition nx.UINT)) nx.Status {
	defer Leave(Enter(opThreadEntryExitNotify))
	if errorChecking {
		if st := txeThreadOnly(threadPtr); st != nx.TX_SUCCESS {
			return st
		}
	}
	threadPtr.notify = notify
	return nx.TX_SUCCESS
}
