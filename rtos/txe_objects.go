package rtos

import "github.com/nxsim/nxsim/nx"

// Checks shared by the txe_ layers of timers, mutexes, semaphores, queues and
// event flags: each object family has its own "invalid pointer" code.

// txeCreate: a nil or already created control block, then the caller check
// of create services (no ISR, no timer).
func txeCreate(alreadyCreated bool, invalid nx.Status) nx.Status {
	if alreadyCreated {
		return invalid
	}
	if inISROrTimer() {
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

// txeDelete: an invalid control block, then the caller check of delete
// services (threads only).
func txeDelete(valid bool, invalid nx.Status) nx.Status {
	if !valid {
		return invalid
	}
	if notFromThread() {
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

// txeValid: only the control block is checked.
func txeValid(valid bool, invalid nx.Status) nx.Status {
	if !valid {
		return invalid
	}
	return nx.TX_SUCCESS
}

// txeWait: an invalid control block, then a wait option that would suspend
// where nothing may (TX_WAIT_ERROR).
func txeWait(valid bool, invalid nx.Status, wait nx.ULONG) nx.Status {
	if !valid {
		return invalid
	}
	if !waitAllowed(wait) {
		return nx.TX_WAIT_ERROR
	}
	return nx.TX_SUCCESS
}
