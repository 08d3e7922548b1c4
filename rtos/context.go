package rtos

import "github.com/nxsim/nxsim/nx"

// Context is the kind of code that is calling a service, as ThreadX tells
// them apart (tx_initialize.h, tx_thread.h).
type Context int

// The execution contexts.
const (
	// ContextNone: not emulated code of any device (a test, the command).
	ContextNone Context = iota
	// ContextInit: tx_application_define, before the scheduler runs.
	ContextInit
	// ContextThread: an application thread.
	ContextThread
	// ContextTimer: a timer expiration function, on the system timer thread.
	ContextTimer
	// ContextISR: an interrupt service routine (a driver's receive path).
	ContextISR
)

var contextNames = [...]string{"none", "initialization", "thread", "timer", "ISR"}

// String names the context.
func (c Context) String() string { return contextNames[c] }

// CurrentContext returns the context of the code that calls it and the kernel
// (device) it belongs to; the kernel is nil for ContextNone. Packages that
// build services on rtos (packetpool, netx) use it for their caller checks.
func CurrentContext() (Context, *Kernel) {
	k := currentKernel()
	if k == nil {
		return ContextNone, nil
	}
	return k.context(), k
}

func currentKernel() *Kernel {
	e := active.Load()
	if e == nil {
		return nil
	}
	return e.cur
}

func (k *Kernel) context() Context {
	switch {
	case k.isrDepth > 0:
		return ContextISR
	case k.initializing:
		return ContextInit
	case k.current == k.timerThread:
		return ContextTimer
	case k.current != nil:
		return ContextThread
	default:
		return ContextNone
	}
}

// currentThread returns the calling application thread, or nil when the
// caller is not one (initialization, timer, ISR, outside).
func currentThread() *Thread {
	k := currentKernel()
	if k == nil || k.context() != ContextThread {
		return nil
	}
	return k.current
}

// owningKernel returns the calling kernel if it is the one that owns an
// object, or nil: an object is only ever used by code of its own device.
func owningKernel(owner *Kernel) *Kernel {
	k := currentKernel()
	if k == nil || k != owner {
		return nil
	}
	return k
}

// PreemptionPoint gives the CPU to a more urgent thread that a service has
// just made ready, as ThreadX does before the service returns
// (_tx_thread_system_resume). It does nothing outside thread context: an ISR's
// or timer's resumptions take effect when it ends.
func PreemptionPoint() {
	if t := currentThread(); t != nil && t.k.execute != t {
		t.park()
	}
}

// waitAllowed reports whether a call that may suspend for wait ticks is made
// where suspending is possible. ThreadX answers TX_WAIT_ERROR and NetX
// NX_CALLER_ERROR otherwise.
func waitAllowed(wait nx.ULONG) bool {
	return wait == nx.TX_NO_WAIT || currentThread() != nil
}

// threadKernel is owningKernel for thread services. The system timer thread
// is refused too (the services answer TX_CALLER_ERROR): in ThreadX,
// suspending, terminating or re-prioritizing it breaks every timer of the
// device; nxsim runs its work inside the engine and keeps it out of reach.
func threadKernel(t *Thread) *Kernel {
	k := owningKernel(t.k)
	if k == nil || t == k.timerThread {
		return nil
	}
	return k
}

// threadService is the front of a thread service: the txe_ check (when the
// error-checking layer is built in), then the calling device, which must
// own the thread. It returns the kernel, or nil and the status to return.
func threadService(t *Thread, check func(*Thread) nx.Status) (*Kernel, nx.Status) {
	if errorChecking {
		if st := check(t); st != nx.TX_SUCCESS {
			return nil, st
		}
	}
	if k := threadKernel(t); k != nil {
		return k, nx.TX_SUCCESS
	}
	return nil, nx.TX_CALLER_ERROR
}
