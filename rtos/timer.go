package rtos

import "github.com/nxsim/nxsim/nx"

// Timer is TX_TIMER, an application timer. Its zero value is "not created".
type Timer struct {
	_        noCopy
	id       uint32
	k        *Kernel
	name     string
	internal internalTimer
}

// TimerCreate is tx_timer_create: expirationFunction(expirationInput) runs
// on the system timer thread initialTicks ticks after activation, then every
// rescheduleTicks ticks (0: one-shot). TX_AUTO_ACTIVATE arms it at once.
// Allowed from initialization and threads.
func TimerCreate(timerPtr *Timer, name string, expirationFunction func(expirationInput nx.ULONG), expirationInput nx.ULONG,
	initialTicks, rescheduleTicks nx.ULONG, autoActivate nx.UINT) nx.Status {
	defer Leave(Enter(opTimerCreate))
	if errorChecking {
		switch {
		case timerPtr == nil || timerPtr.id == timerID:
			return nx.TX_TIMER_ERROR
		case initialTicks == 0:
			return nx.TX_TICK_ERROR
		case autoActivate > nx.TX_AUTO_ACTIVATE:
			return nx.TX_ACTIVATE_ERROR
		case inISROrTimer():
			return nx.TX_CALLER_ERROR
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*timerPtr = Timer{id: timerID, k: k, name: name}
	timerPtr.internal = internalTimer{remaining: initialTicks, reinit: rescheduleTicks,
		expire: func() { expirationFunction(expirationInput) }}
	k.timers = append(k.timers, timerPtr)
	if autoActivate == nx.TX_AUTO_ACTIVATE {
		k.wheel.activate(&timerPtr.internal)
	}
	return nx.TX_SUCCESS
}

func validTimer(t *Timer) bool { return t != nil && t.id == timerID }

// txeTimer is the check of the services that need only a valid timer.
func txeTimer(t *Timer) nx.Status { return txeValid(validTimer(t), nx.TX_TIMER_ERROR) }

// txeTimerDelete is tx_timer_delete's check: a valid timer, from a thread.
func txeTimerDelete(t *Timer) nx.Status { return txeDelete(validTimer(t), nx.TX_TIMER_ERROR) }

// timerService is the front of a timer service: the txe_ check (when the
// error-checking layer is built in), then the calling device, which must
// own the timer. It returns the kernel, or nil and the status to return.
func timerService(t *Timer, check func(*Timer) nx.Status) (*Kernel, nx.Status) {
	if errorChecking {
		if st := check(t); st != nx.TX_SUCCESS {
			return nil, st
		}
	}
	if k := owningKernel(t.k); k != nil {
		return k, nx.TX_SUCCESS
	}
	return nil, nx.TX_CALLER_ERROR
}

// TimerActivate is tx_timer_activate: it arms the timer with the ticks it has
// left (initial ticks, or what deactivate kept). TX_ACTIVATE_ERROR when it is
// already active or has no ticks left (an expired one-shot needs
// TimerChange first). Allowed everywhere.
func TimerActivate(timerPtr *Timer) nx.Status {
	defer Leave(Enter(opTimerActivate))
	k, st := timerService(timerPtr, txeTimer)
	if k == nil {
		return st
	}
	in := &timerPtr.internal
	if in.list != nil || in.remaining == 0 {
		return nx.TX_ACTIVATE_ERROR
	}
	k.wheel.activate(in)
	return nx.TX_SUCCESS
}

// TimerDeactivate is tx_timer_deactivate: the timer stops and keeps the
// ticks it had left for the next TimerActivate. Deactivating from inside its
// own expiration function stops a periodic timer. Allowed everywhere.
func TimerDeactivate(timerPtr *Timer) nx.Status {
	defer Leave(Enter(opTimerDeactivate))
	k, st := timerService(timerPtr, txeTimer)
	if k == nil {
		return st
	}
	k.wheel.deactivate(&timerPtr.internal)
	return nx.TX_SUCCESS
}

// TimerChange is tx_timer_change: new initial and reschedule ticks for an
// inactive timer; it does not activate it. On an active timer (a periodic
// timer inside its own expiration function included) the change is silently
// ignored and TX_SUCCESS returned. Allowed from threads, timers and ISRs.
func TimerChange(timerPtr *Timer, initialTicks, rescheduleTicks nx.ULONG) nx.Status {
	defer Leave(Enter(opTimerChange))
	if errorChecking {
		switch c, _ := CurrentContext(); {
		case !validTimer(timerPtr):
			return nx.TX_TIMER_ERROR
		case initialTicks == 0:
			return nx.TX_TICK_ERROR
		case c == ContextInit:
			return nx.TX_CALLER_ERROR
		}
	}
	if owningKernel(timerPtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	if in := &timerPtr.internal; in.list == nil {
		in.remaining, in.reinit = initialTicks, rescheduleTicks
	}
	return nx.TX_SUCCESS
}

// TimerDelete is tx_timer_delete: the timer is deactivated and no longer
// created. Allowed from threads.
func TimerDelete(timerPtr *Timer) nx.Status {
	defer Leave(Enter(opTimerDelete))
	k, st := timerService(timerPtr, txeTimerDelete)
	if k == nil {
		return st
	}
	k.wheel.deactivate(&timerPtr.internal)
	k.timers = removeItem(k.timers, timerPtr)
	timerPtr.id = 0
	return nx.TX_SUCCESS
}

// TimerInfoGet is tx_timer_info_get: whether the timer is active, the ticks
// it has left, its reschedule ticks and the next created timer. Any
// out-pointer may be nil.
func TimerInfoGet(timerPtr *Timer, name *string, active *nx.UINT, remainingTicks *nx.ULONG,
	rescheduleTicks *nx.ULONG, nextTimer **Timer) nx.Status {
	defer Leave(Enter(opTimerInfoGet))
	if errorChecking {
		if st := txeTimer(timerPtr); st != nx.TX_SUCCESS {
			return st
		}
	}
	isActive, left := timerPtr.k.wheel.remaining(&timerPtr.internal)
	set(name, timerPtr.name)
	set(active, boolUINT(isActive))
	set(remainingTicks, left)
	set(rescheduleTicks, timerPtr.internal.reinit)
	set(nextTimer, nextCreated(timerPtr.k.timers, timerPtr))
	return nx.TX_SUCCESS
}

func boolUINT(b bool) nx.UINT {
	if b {
		return nx.TX_TRUE
	}
	return nx.TX_FALSE
}

// removeItem returns l without x, keeping the order.
func removeItem[T comparable](l []T, x T) []T {
	for i, y := range l {
		if y == x {
			return append(l[:i], l[i+1:]...)
		}
	}
	return l
}
