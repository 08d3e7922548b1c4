package rtos

import "github.com/nxsim/nxsim/nx"

// Mutex is TX_MUTEX: recursive ownership by one thread, optional priority
// inheritance. Its zero value is "not created".
type Mutex struct {
	_       noCopy
	id      uint32
	k       *Kernel
	name    string
	inherit bool
	count   nx.ULONG
	owner   *Thread
	waiters WaitList
}

func validMutex(m *Mutex) bool { return m != nil && m.id == mutexID }

// MutexCreate is tx_mutex_create; inherit is TX_INHERIT or TX_NO_INHERIT.
// Allowed from initialization and threads.
func MutexCreate(mutexPtr *Mutex, name string, inherit nx.UINT) nx.Status {
	defer Leave(Enter(opMutexCreate))
	if errorChecking {
		if st := txeCreate(mutexPtr == nil || mutexPtr.id == mutexID, nx.TX_MUTEX_ERROR); st != nx.TX_SUCCESS {
			return st
		}
		if inherit > nx.TX_INHERIT {
			return nx.TX_INHERIT_ERROR
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*mutexPtr = Mutex{id: mutexID, k: k, name: name, inherit: inherit == nx.TX_INHERIT}
	mutexPtr.waiters.SetName(name)
	k.mutexes = append(k.mutexes, mutexPtr)
	m := mutexPtr
	// A waiter that leaves by timeout or abort no longer lends its priority.
	m.waiters.onCancel = func(*Thread) {
		if m.owner != nil && m.inherit {
			m.k.setPriority(m.owner, min(m.owner.userPriority, inheritedPriority(m.owner)))
		}
	}
	return nx.TX_SUCCESS
}

// MutexDelete is tx_mutex_delete: the owner loses the mutex (and any
// priority it inherited through it); waiters return TX_DELETED. Allowed from
// threads.
func MutexDelete(mutexPtr *Mutex) nx.Status {
	defer Leave(Enter(opMutexDelete))
	if errorChecking {
		if st := txeDelete(validMutex(mutexPtr), nx.TX_MUTEX_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := owningKernel(mutexPtr.k)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	m := mutexPtr
	m.id = 0
	k.mutexes = removeItem(k.mutexes, m)
	if o := m.owner; o != nil {
		o.owned = removeItem(o.owned, m)
		m.owner, m.count = nil, 0
		k.setPriority(o, min(o.userPriority, inheritedPriority(o)))
	}
	m.waiters.WakeAll(nx.TX_DELETED)
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// MutexGet is tx_mutex_get: a free mutex is owned with count 1; the owner
// gets it again with count+1; otherwise the caller waits up to waitOption
// ticks (TX_NOT_AVAILABLE after that or with TX_NO_WAIT). With inheritance a
// waiter more urgent than the owner lends it its priority. Allowed from
// initialization, threads and timers (waiting: threads only).
func MutexGet(mutexPtr *Mutex, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opMutexGet))
	if errorChecking {
		if st := txeWait(validMutex(mutexPtr), nx.TX_MUTEX_ERROR, waitOption); st != nx.TX_SUCCESS {
			return st
		}
		if c, _ := CurrentContext(); c == ContextISR {
			return nx.TX_CALLER_ERROR
		}
	}
	k := owningKernel(mutexPtr.k)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	m, caller := mutexPtr, k.current
	switch {
	case m.count == 0:
		m.take(caller)
		return nx.TX_SUCCESS
	case m.owner == caller:
		m.count++
		return nx.TX_SUCCESS
	case waitOption == nx.TX_NO_WAIT:
		return nx.TX_NOT_AVAILABLE
	}
	if m.inherit && m.owner != nil && caller.priority < m.owner.priority {
		k.setPriority(m.owner, caller.priority)
	}
	st, _ := m.waiters.Suspend(nx.TX_MUTEX_SUSP, waitOption, nx.TX_NOT_AVAILABLE, nil)
	return st
}

// take makes t the owner with count 1.
func (m *Mutex) take(t *Thread) {
	m.owner, m.count = t, 1
	if t != nil {
		t.owned = append(t.owned, m)
	}
}

// MutexPut is tx_mutex_put: the count drops by one; at zero the owner's
// inherited priority is given back and ownership passes straight to the
// first waiter (for inheritance mutexes, the most urgent one), which may
// preempt the caller. TX_NOT_OWNED if the caller does not own it. Allowed
// from initialization, threads and timers.
func MutexPut(mutexPtr *Mutex) nx.Status {
	defer Leave(Enter(opMutexPut))
	if errorChecking {
		if st := txeValid(validMutex(mutexPtr), nx.TX_MUTEX_ERROR); st != nx.TX_SUCCESS {
			return st
		}
		if c, _ := CurrentContext(); c == ContextISR {
			return nx.TX_CALLER_ERROR
		}
	}
	k := owningKernel(mutexPtr.k)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	m := mutexPtr
	if m.count == 0 || m.owner != k.current {
		return nx.TX_NOT_OWNED
	}
	m.count--
	if m.count == 0 {
		m.release()
		PreemptionPoint()
	}
	return nx.TX_SUCCESS
}

// release gives the mutex up: the owner's priority drops back to the most
// urgent of its own and what its other inheritance mutexes lend it, and the
// first waiter becomes the owner.
func (m *Mutex) release() {
	o := m.owner
	m.owner, m.count = nil, 0
	if o != nil {
		o.owned = removeItem(o.owned, m)
		if o.priority != min(o.userPriority, inheritedPriority(o)) {
			m.k.setPriority(o, min(o.userPriority, inheritedPriority(o)))
		}
	}
	if m.waiters.Len() == 0 {
		return
	}
	if m.inherit {
		m.waiters.Prioritize()
	}
	next := m.waiters.First()
	m.take(next)
	m.waiters.Wake(next, nx.TX_SUCCESS, nil)
	if m.inherit {
		if p := inheritedPriority(next); p < next.priority {
			m.k.setPriority(next, p)
		}
	}
}

// inheritedPriority is the most urgent priority among the waiters of the
// inheritance mutexes t owns, or TX_MAX_PRIORITIES.
func inheritedPriority(t *Thread) nx.UINT {
	p := nx.UINT(nx.TX_MAX_PRIORITIES)
	for _, m := range t.owned {
		if !m.inherit {
			continue
		}
		for _, w := range m.waiters.threads.items {
			p = min(p, w.priority)
		}
	}
	return p
}

// releaseOwnedMutexes gives up every mutex a completing or terminated thread
// owns (_tx_mutex_thread_release).
func releaseOwnedMutexes(t *Thread) {
	for len(t.owned) > 0 {
		t.owned[0].release()
	}
}

// MutexPrioritize is tx_mutex_prioritize: the most urgent waiter moves to the
// front once.
func MutexPrioritize(mutexPtr *Mutex) nx.Status {
	defer Leave(Enter(opMutexPrioritize))
	if errorChecking {
		if st := txeValid(validMutex(mutexPtr), nx.TX_MUTEX_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	mutexPtr.waiters.Prioritize()
	return nx.TX_SUCCESS
}

// MutexInfoGet is tx_mutex_info_get. Any out-pointer may be nil.
func MutexInfoGet(mutexPtr *Mutex, name *string, count *nx.ULONG, owner **Thread, firstSuspended **Thread,
	suspendedCount *nx.ULONG, nextMutex **Mutex) nx.Status {
	defer Leave(Enter(opMutexInfoGet))
	if errorChecking {
		if st := txeValid(validMutex(mutexPtr), nx.TX_MUTEX_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	m := mutexPtr
	set(name, m.name)
	set(count, m.count)
	set(owner, m.owner)
	set(firstSuspended, m.waiters.First())
	set(suspendedCount, nx.ULONG(m.waiters.Len()))
	set(nextMutex, nextCreated(m.k.mutexes, m))
	return nx.TX_SUCCESS
}
