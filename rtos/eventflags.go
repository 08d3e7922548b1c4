package rtos

import "github.com/nxsim/nxsim/nx"

// EventFlagsGroup is TX_EVENT_FLAGS_GROUP: 32 event flags. Its zero value is
// "not created".
type EventFlagsGroup struct {
	_       noCopy
	id      uint32
	k       *Kernel
	name    string
	current nx.ULONG
	waiters WaitList
	notify  func(*EventFlagsGroup)
}

// flagRequest is what a thread waiting on a group asks for.
type flagRequest struct {
	requested nx.ULONG
	option    nx.UINT
}

func validGroup(g *EventFlagsGroup) bool { return g != nil && g.id == eventFlagsID }

// EventFlagsCreate is tx_event_flags_create: all flags clear. Allowed from
// initialization and threads.
func EventFlagsCreate(groupPtr *EventFlagsGroup, name string) nx.Status {
	defer Leave(Enter(opEventFlagsCreate))
	if errorChecking {
		if st := txeCreate(groupPtr == nil || groupPtr.id == eventFlagsID, nx.TX_GROUP_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*groupPtr = EventFlagsGroup{id: eventFlagsID, k: k, name: name}
	groupPtr.waiters.SetName(name)
	k.groups = append(k.groups, groupPtr)
	return nx.TX_SUCCESS
}

// EventFlagsDelete is tx_event_flags_delete: waiters return TX_DELETED.
// Allowed from threads.
func EventFlagsDelete(groupPtr *EventFlagsGroup) nx.Status {
	defer Leave(Enter(opEventFlagsDelete))
	if errorChecking {
		if st := txeDelete(validGroup(groupPtr), nx.TX_GROUP_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := owningKernel(groupPtr.k)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	groupPtr.id = 0
	k.groups = removeItem(k.groups, groupPtr)
	groupPtr.waiters.WakeAll(nx.TX_DELETED)
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// satisfied reports whether flags meet a request: TX_AND* needs every
// requested flag, TX_OR* any of them.
func (r flagRequest) satisfied(flags nx.ULONG) bool {
	if r.option&nx.TX_AND != 0 {
		return flags&r.requested == r.requested
	}
	return flags&r.requested != 0
}

// EventFlagsSet is tx_event_flags_set: TX_OR sets the given flags, TX_AND
// keeps only them. After a TX_OR set, every waiter whose request is met is
// resumed, in suspension order, and the set-notify function runs. Allowed
// everywhere.
//
// As tx_event_flags_set.c does, every waiter is tested against the flags as
// they were when the set began and receives them as its actual flags: the
// clears of earlier waiters (TX_OR_CLEAR / TX_AND_CLEAR) are applied to the
// group, but a later waiter still sees the cleared flags. A TX_AND set only
// clears: it resumes no one and does not call the set-notify function (it
// cannot satisfy a waiter, and the C function notifies on TX_OR only).
func EventFlagsSet(groupPtr *EventFlagsGroup, flagsToSet nx.ULONG, setOption nx.UINT) nx.Status {
	defer Leave(Enter(opEventFlagsSet))
	if errorChecking {
		if st := txeValid(validGroup(groupPtr), nx.TX_GROUP_ERROR); st != nx.TX_SUCCESS {
			return st
		}
		if setOption != nx.TX_OR && setOption != nx.TX_AND {
			return nx.TX_OPTION_ERROR
		}
	}
	if owningKernel(groupPtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	g := groupPtr
	if setOption&nx.TX_AND != 0 {
		g.current &= flagsToSet
		return nx.TX_SUCCESS
	}
	g.current |= flagsToSet
	snapshot := g.current
	for _, t := range g.waiters.Threads() {
		r := t.WaitInfo().(flagRequest)
		if !r.satisfied(snapshot) {
			continue
		}
		if r.option&nx.TX_OR_CLEAR != 0 {
			g.current &^= r.requested
		}
		g.waiters.Wake(t, nx.TX_SUCCESS, snapshot)
	}
	if g.notify != nil {
		g.notify(g)
	}
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// EventFlagsGet is tx_event_flags_get: *actualFlags receives the flags as
// they were before any clear (on a timeout, as they were at the call); TX_OR_CLEAR / TX_AND_CLEAR clear the requested
// flags on success. Not satisfied, the caller waits up to waitOption ticks
// (TX_NO_EVENTS after that or with TX_NO_WAIT, and at once for an empty
// request with a wait). Allowed everywhere (waiting: threads only).
func EventFlagsGet(groupPtr *EventFlagsGroup, requestedFlags nx.ULONG, getOption nx.UINT, actualFlags *nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opEventFlagsGet))
	if errorChecking {
		switch {
		case !validGroup(groupPtr):
			return nx.TX_GROUP_ERROR
		case actualFlags == nil:
			return nx.TX_PTR_ERROR
		case !waitAllowed(waitOption):
			return nx.TX_WAIT_ERROR
		case getOption > nx.TX_AND_CLEAR:
			return nx.TX_OPTION_ERROR
		}
	}
	if owningKernel(groupPtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	g := groupPtr
	r := flagRequest{requestedFlags, getOption}
	// The flags as they are now, whatever happens next: a wait that times
	// out leaves them there (tx_event_flags_get.c).
	*actualFlags = g.current
	if r.satisfied(g.current) {
		if getOption&nx.TX_OR_CLEAR != 0 {
			g.current &^= requestedFlags
		}
		return nx.TX_SUCCESS
	}
	if waitOption == nx.TX_NO_WAIT || requestedFlags == 0 {
		return nx.TX_NO_EVENTS
	}
	st, actual := g.waiters.Suspend(nx.TX_EVENT_FLAG, waitOption, nx.TX_NO_EVENTS, r)
	if st == nx.TX_SUCCESS {
		*actualFlags = actual.(nx.ULONG)
	}
	return st
}

// EventFlagsSetNotify is tx_event_flags_set_notify: notify (nil to remove)
// runs after every TX_OR set.
func EventFlagsSetNotify(groupPtr *EventFlagsGroup, notify func(groupPtr *EventFlagsGroup)) nx.Status {
	defer Leave(Enter(opEventFlagsSetNotify))
	if errorChecking {
		if st := txeValid(validGroup(groupPtr), nx.TX_GROUP_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	groupPtr.notify = notify
	return nx.TX_SUCCESS
}

// EventFlagsInfoGet is tx_event_flags_info_get. Any out-pointer may be nil.
func EventFlagsInfoGet(groupPtr *EventFlagsGroup, name *string, currentFlags *nx.ULONG, firstSuspended **Thread,
	suspendedCount *nx.ULONG, nextGroup **EventFlagsGroup) nx.Status {
	defer Leave(Enter(opEventFlagsInfoGet))
	if errorChecking {
		if st := txeValid(validGroup(groupPtr), nx.TX_GROUP_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	g := groupPtr
	set(name, g.name)
	set(currentFlags, g.current)
	set(firstSuspended, g.waiters.First())
	set(suspendedCount, nx.ULONG(g.waiters.Len()))
	set(nextGroup, nextCreated(g.k.groups, g))
	return nx.TX_SUCCESS
}

// EventFlagsPerformanceInfoGet is tx_event_flags_performance_info_get: like
// the default C build (no TX_EVENT_FLAGS_ENABLE_PERFORMANCE_INFO), it
// returns TX_FEATURE_NOT_ENABLED whatever its arguments.
func EventFlagsPerformanceInfoGet(groupPtr *EventFlagsGroup, sets, gets, suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opEventFlagsPerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// EventFlagsPerformanceSystemInfoGet is
// tx_event_flags_performance_system_info_get: TX_FEATURE_NOT_ENABLED, as in
// the default C build.
func EventFlagsPerformanceSystemInfoGet(sets, gets, suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opEventFlagsPerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}
