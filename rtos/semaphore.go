package rtos

import "github.com/nxsim/nxsim/nx"

// Semaphore is TX_SEMAPHORE, a counting semaphore. Its zero value is "not
// created".
type Semaphore struct {
	_       noCopy
	id      uint32
	k       *Kernel
	name    string
	count   nx.ULONG
	waiters WaitList
	notify  func(*Semaphore)
}

func validSemaphore(s *Semaphore) bool { return s != nil && s.id == semaphoreID }

// SemaphoreCreate is tx_semaphore_create. Allowed from initialization and
// threads.
func SemaphoreCreate(semaphorePtr *Semaphore, name string, initialCount nx.ULONG) nx.Status {
	defer Leave(Enter(opSemaphoreCreate))
	if errorChecking {
		if st := txeCreate(semaphorePtr == nil || semaphorePtr.id == semaphoreID, nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*semaphorePtr = Semaphore{id: semaphoreID, k: k, name: name, count: initialCount}
	semaphorePtr.waiters.SetName(name)
	k.semaphores = append(k.semaphores, semaphorePtr)
	return nx.TX_SUCCESS
}

// SemaphoreDelete is tx_semaphore_delete: waiters return TX_DELETED. Allowed
// from threads.
func SemaphoreDelete(semaphorePtr *Semaphore) nx.Status {
	defer Leave(Enter(opSemaphoreDelete))
	if errorChecking {
		if st := txeDelete(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := owningKernel(semaphorePtr.k)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	semaphorePtr.id = 0
	k.semaphores = removeItem(k.semaphores, semaphorePtr)
	semaphorePtr.waiters.WakeAll(nx.TX_DELETED)
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// SemaphoreGet is tx_semaphore_get: takes one instance, waiting up to
// waitOption ticks for one (TX_NO_INSTANCE after that or with TX_NO_WAIT).
// Allowed everywhere (waiting: threads only).
func SemaphoreGet(semaphorePtr *Semaphore, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opSemaphoreGet))
	if errorChecking {
		if st := txeWait(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR, waitOption); st != nx.TX_SUCCESS {
			return st
		}
	}
	if owningKernel(semaphorePtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	s := semaphorePtr
	if s.count > 0 {
		s.count--
		return nx.TX_SUCCESS
	}
	if waitOption == nx.TX_NO_WAIT {
		return nx.TX_NO_INSTANCE
	}
	st, _ := s.waiters.Suspend(nx.TX_SEMAPHORE_SUSP, waitOption, nx.TX_NO_INSTANCE, nil)
	return st
}

// SemaphorePut is tx_semaphore_put: the first waiter gets the instance
// directly, otherwise the count grows (wrapping, with no check). The
// put-notify function then runs in the caller's context. Allowed everywhere.
func SemaphorePut(semaphorePtr *Semaphore) nx.Status {
	defer Leave(Enter(opSemaphorePut))
	if errorChecking {
		if st := txeValid(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	return semaphorePut(semaphorePtr, 0)
}

// SemaphoreCeilingPut is tx_semaphore_ceiling_put: as SemaphorePut, but
// TX_CEILING_EXCEEDED when no thread waits and the count is already at
// ceiling. TX_INVALID_CEILING for a ceiling of 0.
func SemaphoreCeilingPut(semaphorePtr *Semaphore, ceiling nx.ULONG) nx.Status {
	defer Leave(Enter(opSemaphoreCeilingPut))
	if errorChecking {
		if st := txeValid(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
		if ceiling == 0 {
			return nx.TX_INVALID_CEILING
		}
	}
	return semaphorePut(semaphorePtr, ceiling)
}

// semaphorePut is the core of both puts; ceiling 0 means none.
func semaphorePut(s *Semaphore, ceiling nx.ULONG) nx.Status {
	if owningKernel(s.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	if s.waiters.Len() > 0 {
		s.waiters.WakeFirst(nx.TX_SUCCESS, nil)
	} else {
		if ceiling != 0 && s.count >= ceiling {
			return nx.TX_CEILING_EXCEEDED
		}
		s.count++
	}
	if s.notify != nil {
		s.notify(s)
	}
	PreemptionPoint()
	return nx.TX_SUCCESS
}

// SemaphorePrioritize is tx_semaphore_prioritize.
func SemaphorePrioritize(semaphorePtr *Semaphore) nx.Status {
	defer Leave(Enter(opSemaphorePrioritize))
	if errorChecking {
		if st := txeValid(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	semaphorePtr.waiters.Prioritize()
	return nx.TX_SUCCESS
}

// SemaphorePutNotify is tx_semaphore_put_notify: notify (nil to remove) runs
// after every put.
func SemaphorePutNotify(semaphorePtr *Semaphore, notify func(semaphorePtr *Semaphore)) nx.Status {
	defer Leave(Enter(opSemaphorePutNotify))
	if errorChecking {
		if st := txeValid(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	semaphorePtr.notify = notify
	return nx.TX_SUCCESS
}

// SemaphoreInfoGet is tx_semaphore_info_get. Any out-pointer may be nil.
func SemaphoreInfoGet(semaphorePtr *Semaphore, name *string, currentValue *nx.ULONG, firstSuspended **Thread,
	suspendedCount *nx.ULONG, nextSemaphore **Semaphore) nx.Status {
	defer Leave(Enter(opSemaphoreInfoGet))
	if errorChecking {
		if st := txeValid(validSemaphore(semaphorePtr), nx.TX_SEMAPHORE_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	s := semaphorePtr
	set(name, s.name)
	set(currentValue, s.count)
	set(firstSuspended, s.waiters.First())
	set(suspendedCount, nx.ULONG(s.waiters.Len()))
	set(nextSemaphore, nextCreated(s.k.semaphores, s))
	return nx.TX_SUCCESS
}
