package rtos

import "github.com/nxsim/nxsim/nx"

// The performance-information services of threads, semaphores, mutexes and
// timers, and the stack-error notification: the default C build compiles
// none of their features (TX_*_ENABLE_PERFORMANCE_INFO,
// TX_ENABLE_STACK_CHECKING), so each answers TX_FEATURE_NOT_ENABLED, as
// tx_thread_performance_info_get.c and its siblings do then.

var (
	opThreadPerformanceInfoGet          = txOp("tx_thread_performance_info_get", 40, 100)
	opThreadPerformanceSystemInfoGet    = txOp("tx_thread_performance_system_info_get", 40, 100)
	opSemaphorePerformanceInfoGet       = txOp("tx_semaphore_performance_info_get", 40, 100)
	opSemaphorePerformanceSystemInfoGet = txOp("tx_semaphore_performance_system_info_get", 40, 100)
	opMutexPerformanceInfoGet           = txOp("tx_mutex_performance_info_get", 40, 100)
	opMutexPerformanceSystemInfoGet     = txOp("tx_mutex_performance_system_info_get", 40, 100)
	opTimerPerformanceInfoGet           = txOp("tx_timer_performance_info_get", 40, 100)
	opTimerPerformanceSystemInfoGet     = txOp("tx_timer_performance_system_info_get", 40, 100)
	opThreadStackErrorNotify            = txOp("tx_thread_stack_error_notify", 40, 100)
)

// ThreadPerformanceInfoGet is tx_thread_performance_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func ThreadPerformanceInfoGet(threadPtr *Thread, resumptions, suspensions, solicitedPreemptions, interruptPreemptions,
	priorityInversions, timeSlices, relinquishes, timeouts, waitAborts *nx.ULONG, lastPreemptedBy **Thread) nx.Status {
	defer Leave(Enter(opThreadPerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// ThreadPerformanceSystemInfoGet is tx_thread_performance_system_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func ThreadPerformanceSystemInfoGet(resumptions, suspensions, solicitedPreemptions, interruptPreemptions,
	priorityInversions, timeSlices, relinquishes, timeouts, waitAborts, nonIdleReturns, idleReturns *nx.ULONG) nx.Status {
	defer Leave(Enter(opThreadPerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// SemaphorePerformanceInfoGet is tx_semaphore_performance_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func SemaphorePerformanceInfoGet(semaphorePtr *Semaphore, puts, gets, suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opSemaphorePerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// SemaphorePerformanceSystemInfoGet is
// tx_semaphore_performance_system_info_get: TX_FEATURE_NOT_ENABLED, as in
// the default C build.
func SemaphorePerformanceSystemInfoGet(puts, gets, suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opSemaphorePerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// MutexPerformanceInfoGet is tx_mutex_performance_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func MutexPerformanceInfoGet(mutexPtr *Mutex, puts, gets, suspensions, timeouts, inversions, inheritances *nx.ULONG) nx.Status {
	defer Leave(Enter(opMutexPerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// MutexPerformanceSystemInfoGet is tx_mutex_performance_system_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func MutexPerformanceSystemInfoGet(puts, gets, suspensions, timeouts, inversions, inheritances *nx.ULONG) nx.Status {
	defer Leave(Enter(opMutexPerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// TimerPerformanceInfoGet is tx_timer_performance_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func TimerPerformanceInfoGet(timerPtr *Timer, activates, reactivates, deactivates, expirations, expirationAdjusts *nx.ULONG) nx.Status {
	defer Leave(Enter(opTimerPerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// TimerPerformanceSystemInfoGet is tx_timer_performance_system_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func TimerPerformanceSystemInfoGet(activates, reactivates, deactivates, expirations, expirationAdjusts *nx.ULONG) nx.Status {
	defer Leave(Enter(opTimerPerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// ThreadStackErrorNotify is tx_thread_stack_error_notify:
// TX_FEATURE_NOT_ENABLED, as in a C build without TX_ENABLE_STACK_CHECKING
// (nxsim has no thread stacks to check).
func ThreadStackErrorNotify(stackErrorHandler func(threadPtr *Thread)) nx.Status {
	defer Leave(Enter(opThreadStackErrorNotify))
	return nx.TX_FEATURE_NOT_ENABLED
}
