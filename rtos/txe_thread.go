package rtos

import (
	"unsafe"

	"github.com/nxsim/nxsim/nx"
)

// The txe_thread_*.c checks. Each returns TX_SUCCESS when the call may go on
// to the core service.

func validThread(t *Thread) bool { return t != nil && t.id == threadID }

// inISROrInit reports the contexts most services refuse (system state != 0).
func inISROrInit() bool {
	c, _ := CurrentContext()
	return c == ContextISR || c == ContextInit
}

// inISROrTimer reports the contexts create services refuse.
func inISROrTimer() bool {
	c, _ := CurrentContext()
	return c == ContextISR || c == ContextTimer
}

// notFromThread reports the contexts delete services refuse: anything but
// an application thread.
func notFromThread() bool { return currentThread() == nil }

func txeThreadCreate(t *Thread, entry func(nx.ULONG), stack []byte, priority, threshold nx.UINT, autoStart nx.UINT) nx.Status {
	switch {
	case t == nil || t.id == threadID:
		return nx.TX_THREAD_ERROR
	case stack == nil || entry == nil || stackOverlaps(stack):
		return nx.TX_PTR_ERROR
	case len(stack) < nx.TX_MINIMUM_STACK:
		return nx.TX_SIZE_ERROR
	case priority >= nx.TX_MAX_PRIORITIES:
		return nx.TX_PRIORITY_ERROR
	case threshold > priority:
		return nx.TX_THRESH_ERROR
	case autoStart > nx.TX_AUTO_START:
		return nx.TX_START_ERROR
	case inISROrTimer():
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

// stackOverlaps reports whether stack shares memory with the stack of a
// thread the calling device already created.
func stackOverlaps(stack []byte) bool {
	k := currentKernel()
	if k == nil || len(stack) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(stack)))
	end := start + uintptr(len(stack))
	for _, o := range k.threads {
		if len(o.stack) == 0 {
			continue
		}
		os := uintptr(unsafe.Pointer(unsafe.SliceData(o.stack)))
		if start < os+uintptr(len(o.stack)) && os < end {
			return true
		}
	}
	return false
}

func txeThreadOnly(t *Thread) nx.Status {
	if !validThread(t) {
		return nx.TX_THREAD_ERROR
	}
	return nx.TX_SUCCESS
}

// txeThreadFromThreadsOrTimers is the check of delete, terminate,
// priority/preemption/time-slice change: a valid thread, not from an ISR or
// initialization.
func txeThreadFromThreadsOrTimers(t *Thread) nx.Status {
	if !validThread(t) {
		return nx.TX_THREAD_ERROR
	}
	if inISROrInit() {
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

func txeThreadChange[V any](t *Thread, old *V) nx.Status {
	if !validThread(t) {
		return nx.TX_THREAD_ERROR
	}
	if old == nil {
		return nx.TX_PTR_ERROR
	}
	if inISROrInit() {
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

func txeThreadReset(t *Thread) nx.Status {
	if !validThread(t) {
		return nx.TX_THREAD_ERROR
	}
	if c, _ := CurrentContext(); c != ContextThread {
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}
