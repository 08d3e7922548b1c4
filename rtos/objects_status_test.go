package rtos

import (
	"time"

	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/require"
)

func TestTimerStatus(t *testing.T) {
	var tm Timer
	var tick = func(nx.ULONG) {}
	created := func() {
		tm = Timer{}
		require.Equal(t, nx.TX_SUCCESS, TimerCreate(&tm, "t", tick, 0, 5, 0, nx.TX_NO_ACTIVATE))
	}
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, created, call) }
	}
	create := func(auto nx.UINT, initial nx.ULONG) func() nx.Status {
		return func() nx.Status { return TimerCreate(&Timer{}, "n", tick, 0, initial, 0, auto) }
	}
	runStatusTable(t, []statusCase{
		{"create in initialization", false, in(ContextInit, create(nx.TX_AUTO_ACTIVATE, 1)), nx.TX_SUCCESS},
		{"create from a thread", false, in(ContextThread, create(nx.TX_NO_ACTIVATE, 1)), nx.TX_SUCCESS},
		{"create twice", true, in(ContextThread, func() nx.Status { return TimerCreate(&tm, "t", tick, 0, 5, 0, 0) }), nx.TX_TIMER_ERROR},
		{"create nil", true, in(ContextThread, func() nx.Status { return TimerCreate(nil, "t", tick, 0, 5, 0, 0) }), nx.TX_TIMER_ERROR},
		{"create with 0 initial ticks", true, in(ContextThread, create(0, 0)), nx.TX_TICK_ERROR},
		{"create with auto_activate 2", true, in(ContextThread, create(2, 1)), nx.TX_ACTIVATE_ERROR},
		{"create from a timer", true, in(ContextTimer, create(0, 1)), nx.TX_CALLER_ERROR},
		{"create from an ISR", true, in(ContextISR, create(0, 1)), nx.TX_CALLER_ERROR},
		{"activate", false, in(ContextISR, func() nx.Status { return TimerActivate(&tm) }), nx.TX_SUCCESS},
		{"activate an active timer", false, in(ContextThread, func() nx.Status {
			TimerActivate(&tm)
			return TimerActivate(&tm)
		}), nx.TX_ACTIVATE_ERROR},
		{"activate an expired one-shot", false, in(ContextThread, func() nx.Status {
			TimerActivate(&tm)
			ThreadSleep(10)
			return TimerActivate(&tm)
		}), nx.TX_ACTIVATE_ERROR},
		{"activate nil", true, in(ContextThread, func() nx.Status { return TimerActivate(nil) }), nx.TX_TIMER_ERROR},
		{"deactivate an inactive timer", false, in(ContextTimer, func() nx.Status { return TimerDeactivate(&tm) }), nx.TX_SUCCESS},
		{"deactivate nil", true, in(ContextThread, func() nx.Status { return TimerDeactivate(nil) }), nx.TX_TIMER_ERROR},
		{"change", false, in(ContextISR, func() nx.Status { return TimerChange(&tm, 3, 3) }), nx.TX_SUCCESS},
		{"change with 0 initial ticks", true, in(ContextThread, func() nx.Status { return TimerChange(&tm, 0, 3) }), nx.TX_TICK_ERROR},
		{"change in initialization", true, in(ContextInit, func() nx.Status { return TimerChange(&tm, 3, 3) }), nx.TX_CALLER_ERROR},
		{"change nil", true, in(ContextThread, func() nx.Status { return TimerChange(nil, 3, 3) }), nx.TX_TIMER_ERROR},
		{"delete", false, in(ContextThread, func() nx.Status { return TimerDelete(&tm) }), nx.TX_SUCCESS},
		{"delete from a timer", true, in(ContextTimer, func() nx.Status { return TimerDelete(&tm) }), nx.TX_CALLER_ERROR},
		{"delete in initialization", true, in(ContextInit, func() nx.Status { return TimerDelete(&tm) }), nx.TX_CALLER_ERROR},
		{"delete nil", true, in(ContextThread, func() nx.Status { return TimerDelete(nil) }), nx.TX_TIMER_ERROR},
		{"info get", false, in(ContextISR, func() nx.Status { return TimerInfoGet(&tm, nil, nil, nil, nil, nil) }), nx.TX_SUCCESS},
		{"info get nil", true, in(ContextISR, func() nx.Status { return TimerInfoGet(nil, nil, nil, nil, nil, nil) }), nx.TX_TIMER_ERROR},
	})
}

func TestMutexStatus(t *testing.T) {
	var m Mutex
	created := func() { m = Mutex{}; require.Equal(t, nx.TX_SUCCESS, MutexCreate(&m, "m", nx.TX_INHERIT)) }
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, created, call) }
	}
	// ownedElsewhere: a thread more urgent than the waiter owns the mutex.
	var owner Thread
	ownedElsewhere := func() {
		created()
		owner = Thread{}
		spawn(t, &owner, "owner", 1, func() { MutexGet(&m, nx.TX_NO_WAIT); ThreadSleep(nx.TX_WAIT_FOREVER) })
	}
	waitFor := func(disturb func(*Thread)) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status {
			return waitOutcome(t, ownedElsewhere, func() nx.Status { return MutexGet(&m, nx.TX_WAIT_FOREVER) }, func(w *Thread) {
				disturb(w)
				ThreadTerminate(&owner)
			})
		}
	}
	runStatusTable(t, []statusCase{
		{"create", false, in(ContextThread, func() nx.Status { return MutexCreate(&Mutex{}, "n", nx.TX_NO_INHERIT) }), nx.TX_SUCCESS},
		{"create twice", true, in(ContextThread, func() nx.Status { return MutexCreate(&m, "n", 0) }), nx.TX_MUTEX_ERROR},
		{"create with inherit 2", true, in(ContextThread, func() nx.Status { return MutexCreate(&Mutex{}, "n", 2) }), nx.TX_INHERIT_ERROR},
		{"create from a timer", true, in(ContextTimer, func() nx.Status { return MutexCreate(&Mutex{}, "n", 0) }), nx.TX_CALLER_ERROR},
		{"get a free mutex in initialization", false, in(ContextInit, func() nx.Status { return MutexGet(&m, nx.TX_NO_WAIT) }), nx.TX_SUCCESS},
		{"get recursively", false, in(ContextThread, func() nx.Status {
			MutexGet(&m, nx.TX_NO_WAIT)
			return MutexGet(&m, nx.TX_NO_WAIT)
		}), nx.TX_SUCCESS},
		{"get an owned mutex without waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, ownedElsewhere, func() nx.Status { return MutexGet(&m, nx.TX_NO_WAIT) }, func(*Thread) { ThreadTerminate(&owner) })
		}, nx.TX_NOT_AVAILABLE},
		{"get times out", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, ownedElsewhere, func() nx.Status { return MutexGet(&m, 5) }, func(*Thread) {
				ThreadSleep(10)
				ThreadTerminate(&owner)
			})
		}, nx.TX_NOT_AVAILABLE},
		{"get: mutex deleted while waiting", false, waitFor(func(*Thread) { MutexDelete(&m) }), nx.TX_DELETED},
		{"get: wait aborted", false, waitFor(func(w *Thread) { ThreadWaitAbort(w) }), nx.TX_WAIT_ABORTED},
		{"get: owner terminated hands it over", false, waitFor(func(*Thread) {}), nx.TX_SUCCESS},
		{"get with a wait from a timer", true, in(ContextTimer, func() nx.Status { return MutexGet(&m, 5) }), nx.TX_WAIT_ERROR},
		{"get from an ISR", true, in(ContextISR, func() nx.Status { return MutexGet(&m, nx.TX_NO_WAIT) }), nx.TX_CALLER_ERROR},
		{"get nil", true, in(ContextThread, func() nx.Status { return MutexGet(nil, 0) }), nx.TX_MUTEX_ERROR},
		{"put", false, in(ContextThread, func() nx.Status { MutexGet(&m, 0); return MutexPut(&m) }), nx.TX_SUCCESS},
		{"put a mutex not owned", false, in(ContextThread, func() nx.Status { return MutexPut(&m) }), nx.TX_NOT_OWNED},
		{"put from an ISR", true, in(ContextISR, func() nx.Status { return MutexPut(&m) }), nx.TX_CALLER_ERROR},
		{"put nil", true, in(ContextThread, func() nx.Status { return MutexPut(nil) }), nx.TX_MUTEX_ERROR},
		{"delete", false, in(ContextThread, func() nx.Status { return MutexDelete(&m) }), nx.TX_SUCCESS},
		{"delete from initialization", true, in(ContextInit, func() nx.Status { return MutexDelete(&m) }), nx.TX_CALLER_ERROR},
		{"delete nil", true, in(ContextThread, func() nx.Status { return MutexDelete(nil) }), nx.TX_MUTEX_ERROR},
		{"prioritize", false, in(ContextISR, func() nx.Status { return MutexPrioritize(&m) }), nx.TX_SUCCESS},
		{"prioritize nil", true, in(ContextISR, func() nx.Status { return MutexPrioritize(nil) }), nx.TX_MUTEX_ERROR},
		{"info get", false, in(ContextISR, func() nx.Status { return MutexInfoGet(&m, nil, nil, nil, nil, nil, nil) }), nx.TX_SUCCESS},
		{"info get nil", true, in(ContextISR, func() nx.Status { return MutexInfoGet(nil, nil, nil, nil, nil, nil, nil) }), nx.TX_MUTEX_ERROR},
	})
}

func TestSemaphoreStatus(t *testing.T) {
	var s Semaphore
	created := func() { s = Semaphore{}; require.Equal(t, nx.TX_SUCCESS, SemaphoreCreate(&s, "s", 0)) }
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, created, call) }
	}
	wait := func() nx.Status { return SemaphoreGet(&s, nx.TX_WAIT_FOREVER) }
	runStatusTable(t, []statusCase{
		{"create", false, in(ContextInit, func() nx.Status { return SemaphoreCreate(&Semaphore{}, "n", 1) }), nx.TX_SUCCESS},
		{"create twice", true, in(ContextThread, func() nx.Status { return SemaphoreCreate(&s, "n", 1) }), nx.TX_SEMAPHORE_ERROR},
		{"create from an ISR", true, in(ContextISR, func() nx.Status { return SemaphoreCreate(&Semaphore{}, "n", 1) }), nx.TX_CALLER_ERROR},
		{"get an instance from an ISR", false, in(ContextISR, func() nx.Status { SemaphorePut(&s); return SemaphoreGet(&s, 0) }), nx.TX_SUCCESS},
		{"get without waiting", false, in(ContextThread, func() nx.Status { return SemaphoreGet(&s, 0) }), nx.TX_NO_INSTANCE},
		{"get times out", false, in(ContextThread, func() nx.Status { return SemaphoreGet(&s, 3) }), nx.TX_NO_INSTANCE},
		{"get: put while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, wait, func(*Thread) { SemaphorePut(&s) })
		}, nx.TX_SUCCESS},
		{"get: deleted while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, wait, func(*Thread) { SemaphoreDelete(&s) })
		}, nx.TX_DELETED},
		{"get: wait aborted", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, wait, func(w *Thread) { ThreadWaitAbort(w) })
		}, nx.TX_WAIT_ABORTED},
		{"get with a wait from an ISR", true, in(ContextISR, func() nx.Status { return SemaphoreGet(&s, 3) }), nx.TX_WAIT_ERROR},
		{"get with a wait in initialization", true, in(ContextInit, func() nx.Status { return SemaphoreGet(&s, 3) }), nx.TX_WAIT_ERROR},
		{"get nil", true, in(ContextThread, func() nx.Status { return SemaphoreGet(nil, 0) }), nx.TX_SEMAPHORE_ERROR},
		{"put from a timer", false, in(ContextTimer, func() nx.Status { return SemaphorePut(&s) }), nx.TX_SUCCESS},
		{"put nil", true, in(ContextThread, func() nx.Status { return SemaphorePut(nil) }), nx.TX_SEMAPHORE_ERROR},
		{"ceiling put", false, in(ContextThread, func() nx.Status { return SemaphoreCeilingPut(&s, 1) }), nx.TX_SUCCESS},
		{"ceiling put at the ceiling", false, in(ContextThread, func() nx.Status {
			SemaphoreCeilingPut(&s, 1)
			return SemaphoreCeilingPut(&s, 1)
		}), nx.TX_CEILING_EXCEEDED},
		{"ceiling 0", true, in(ContextThread, func() nx.Status { return SemaphoreCeilingPut(&s, 0) }), nx.TX_INVALID_CEILING},
		{"delete", false, in(ContextThread, func() nx.Status { return SemaphoreDelete(&s) }), nx.TX_SUCCESS},
		{"delete from a timer", true, in(ContextTimer, func() nx.Status { return SemaphoreDelete(&s) }), nx.TX_CALLER_ERROR},
		{"delete nil", true, in(ContextThread, func() nx.Status { return SemaphoreDelete(nil) }), nx.TX_SEMAPHORE_ERROR},
		{"prioritize", false, in(ContextThread, func() nx.Status { return SemaphorePrioritize(&s) }), nx.TX_SUCCESS},
		{"put notify", false, in(ContextThread, func() nx.Status { return SemaphorePutNotify(&s, nil) }), nx.TX_SUCCESS},
		{"put notify nil", true, in(ContextThread, func() nx.Status { return SemaphorePutNotify(nil, nil) }), nx.TX_SEMAPHORE_ERROR},
		{"prioritize nil", true, in(ContextThread, func() nx.Status { return SemaphorePrioritize(nil) }), nx.TX_SEMAPHORE_ERROR},
		{"info get", false, in(ContextThread, func() nx.Status { return SemaphoreInfoGet(&s, nil, nil, nil, nil, nil) }), nx.TX_SUCCESS},
		{"info get nil", true, in(ContextThread, func() nx.Status { return SemaphoreInfoGet(nil, nil, nil, nil, nil, nil) }), nx.TX_SEMAPHORE_ERROR},
	})
}

func TestQueueStatus(t *testing.T) {
	var q Queue
	msg := []nx.ULONG{1, 2}
	created := func() {
		q = Queue{}
		require.Equal(t, nx.TX_SUCCESS, QueueCreate(&q, "q", nx.TX_2_ULONG, make([]byte, 16)))
	}
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, created, call) }
	}
	full := func() { created(); QueueSend(&q, msg, 0); QueueSend(&q, msg, 0) }
	receive := func() nx.Status { return QueueReceive(&q, make([]nx.ULONG, 2), nx.TX_WAIT_FOREVER) }
	send := func() nx.Status { return QueueSend(&q, msg, nx.TX_WAIT_FOREVER) }
	runStatusTable(t, []statusCase{
		{"create", false, in(ContextThread, func() nx.Status { return QueueCreate(&Queue{}, "n", 1, make([]byte, 4)) }), nx.TX_SUCCESS},
		{"create twice", true, in(ContextThread, func() nx.Status { return QueueCreate(&q, "n", 1, make([]byte, 4)) }), nx.TX_QUEUE_ERROR},
		{"create without storage", true, in(ContextThread, func() nx.Status { return QueueCreate(&Queue{}, "n", 1, nil) }), nx.TX_PTR_ERROR},
		{"create with 17-word messages", true, in(ContextThread, func() nx.Status { return QueueCreate(&Queue{}, "n", 17, make([]byte, 128)) }), nx.TX_SIZE_ERROR},
		{"create smaller than one message", true, in(ContextThread, func() nx.Status { return QueueCreate(&Queue{}, "n", 2, make([]byte, 7)) }), nx.TX_SIZE_ERROR},
		{"create from a timer", true, in(ContextTimer, func() nx.Status { return QueueCreate(&Queue{}, "n", 1, make([]byte, 4)) }), nx.TX_CALLER_ERROR},
		{"send from an ISR", false, in(ContextISR, func() nx.Status { return QueueSend(&q, msg, 0) }), nx.TX_SUCCESS},
		{"front send", false, in(ContextThread, func() nx.Status { return QueueFrontSend(&q, msg, 0) }), nx.TX_SUCCESS},
		{"send to a full queue", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, full, func() nx.Status { return QueueSend(&q, msg, 2) })
		}, nx.TX_QUEUE_FULL},
		{"send: receive makes room", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, full, send, func(*Thread) { QueueReceive(&q, make([]nx.ULONG, 2), 0) })
		}, nx.TX_SUCCESS},
		{"send: flush releases the sender", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, full, send, func(*Thread) { QueueFlush(&q) })
		}, nx.TX_SUCCESS},
		{"send: deleted while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, full, send, func(*Thread) { QueueDelete(&q) })
		}, nx.TX_DELETED},
		{"send: wait aborted", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, full, send, func(w *Thread) { ThreadWaitAbort(w) })
		}, nx.TX_WAIT_ABORTED},
		{"send a short message", true, in(ContextThread, func() nx.Status { return QueueSend(&q, []nx.ULONG{1}, 0) }), nx.TX_PTR_ERROR},
		{"send with a wait from a timer", true, in(ContextTimer, func() nx.Status { return QueueSend(&q, msg, 1) }), nx.TX_WAIT_ERROR},
		{"send nil queue", true, in(ContextThread, func() nx.Status { return QueueSend(nil, msg, 0) }), nx.TX_QUEUE_ERROR},
		{"receive from an empty queue", false, in(ContextThread, func() nx.Status { return QueueReceive(&q, make([]nx.ULONG, 2), 0) }), nx.TX_QUEUE_EMPTY},
		{"receive times out", false, in(ContextThread, func() nx.Status { return QueueReceive(&q, make([]nx.ULONG, 2), 4) }), nx.TX_QUEUE_EMPTY},
		{"receive: send while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, receive, func(*Thread) { QueueSend(&q, msg, 0) })
		}, nx.TX_SUCCESS},
		{"receive: deleted while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, receive, func(*Thread) { QueueDelete(&q) })
		}, nx.TX_DELETED},
		{"receive: wait aborted", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, receive, func(w *Thread) { ThreadWaitAbort(w) })
		}, nx.TX_WAIT_ABORTED},
		{"receive into nil", true, in(ContextThread, func() nx.Status { return QueueReceive(&q, nil, 0) }), nx.TX_PTR_ERROR},
		{"receive with a wait from an ISR", true, in(ContextISR, func() nx.Status { return QueueReceive(&q, make([]nx.ULONG, 2), 1) }), nx.TX_WAIT_ERROR},
		{"flush", false, in(ContextISR, func() nx.Status { return QueueFlush(&q) }), nx.TX_SUCCESS},
		{"flush nil", true, in(ContextISR, func() nx.Status { return QueueFlush(nil) }), nx.TX_QUEUE_ERROR},
		{"delete", false, in(ContextThread, func() nx.Status { return QueueDelete(&q) }), nx.TX_SUCCESS},
		{"delete from an ISR", true, in(ContextISR, func() nx.Status { return QueueDelete(&q) }), nx.TX_CALLER_ERROR},
		{"prioritize", false, in(ContextThread, func() nx.Status { return QueuePrioritize(&q) }), nx.TX_SUCCESS},
		{"send notify", false, in(ContextThread, func() nx.Status { return QueueSendNotify(&q, nil) }), nx.TX_SUCCESS},
		{"send notify nil", true, in(ContextThread, func() nx.Status { return QueueSendNotify(nil, nil) }), nx.TX_QUEUE_ERROR},
		{"prioritize nil", true, in(ContextThread, func() nx.Status { return QueuePrioritize(nil) }), nx.TX_QUEUE_ERROR},
		{"delete nil", true, in(ContextThread, func() nx.Status { return QueueDelete(nil) }), nx.TX_QUEUE_ERROR},
		{"receive nil queue", true, in(ContextThread, func() nx.Status { return QueueReceive(nil, make([]nx.ULONG, 2), 0) }), nx.TX_QUEUE_ERROR},
		{"info get", false, in(ContextThread, func() nx.Status { return QueueInfoGet(&q, nil, nil, nil, nil, nil, nil) }), nx.TX_SUCCESS},
		{"info get nil", true, in(ContextThread, func() nx.Status { return QueueInfoGet(nil, nil, nil, nil, nil, nil, nil) }), nx.TX_QUEUE_ERROR},
	})
}

func TestEventFlagsStatus(t *testing.T) {
	var g EventFlagsGroup
	var actual nx.ULONG
	created := func() { g = EventFlagsGroup{}; require.Equal(t, nx.TX_SUCCESS, EventFlagsCreate(&g, "g")) }
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, created, call) }
	}
	wait := func() nx.Status { return EventFlagsGet(&g, 0x3, nx.TX_AND, &actual, nx.TX_WAIT_FOREVER) }
	runStatusTable(t, []statusCase{
		{"create", false, in(ContextThread, func() nx.Status { return EventFlagsCreate(&EventFlagsGroup{}, "n") }), nx.TX_SUCCESS},
		{"create twice", true, in(ContextThread, func() nx.Status { return EventFlagsCreate(&g, "n") }), nx.TX_GROUP_ERROR},
		{"create from an ISR", true, in(ContextISR, func() nx.Status { return EventFlagsCreate(&EventFlagsGroup{}, "n") }), nx.TX_CALLER_ERROR},
		{"set from an ISR", false, in(ContextISR, func() nx.Status { return EventFlagsSet(&g, 1, nx.TX_OR) }), nx.TX_SUCCESS},
		{"set with option TX_OR_CLEAR", true, in(ContextThread, func() nx.Status { return EventFlagsSet(&g, 1, nx.TX_OR_CLEAR) }), nx.TX_OPTION_ERROR},
		{"set nil", true, in(ContextThread, func() nx.Status { return EventFlagsSet(nil, 1, nx.TX_OR) }), nx.TX_GROUP_ERROR},
		{"get satisfied", false, in(ContextTimer, func() nx.Status {
			EventFlagsSet(&g, 1, nx.TX_OR)
			return EventFlagsGet(&g, 1, nx.TX_OR_CLEAR, &actual, 0)
		}), nx.TX_SUCCESS},
		{"get unsatisfied without waiting", false, in(ContextThread, func() nx.Status { return EventFlagsGet(&g, 1, nx.TX_OR, &actual, 0) }), nx.TX_NO_EVENTS},
		{"get nothing with a wait", false, in(ContextThread, func() nx.Status { return EventFlagsGet(&g, 0, nx.TX_OR, &actual, 5) }), nx.TX_NO_EVENTS},
		{"get times out", false, in(ContextThread, func() nx.Status { return EventFlagsGet(&g, 1, nx.TX_OR, &actual, 5) }), nx.TX_NO_EVENTS},
		{"get: set while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, wait, func(*Thread) { EventFlagsSet(&g, 0x7, nx.TX_OR) })
		}, nx.TX_SUCCESS},
		{"get: deleted while waiting", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, wait, func(*Thread) { EventFlagsDelete(&g) })
		}, nx.TX_DELETED},
		{"get: wait aborted", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, created, wait, func(w *Thread) { ThreadWaitAbort(w) })
		}, nx.TX_WAIT_ABORTED},
		{"get into nil", true, in(ContextThread, func() nx.Status { return EventFlagsGet(&g, 1, nx.TX_OR, nil, 0) }), nx.TX_PTR_ERROR},
		{"get with a wait from a timer", true, in(ContextTimer, func() nx.Status { return EventFlagsGet(&g, 1, nx.TX_OR, &actual, 1) }), nx.TX_WAIT_ERROR},
		{"get with option 4", true, in(ContextThread, func() nx.Status { return EventFlagsGet(&g, 1, 4, &actual, 0) }), nx.TX_OPTION_ERROR},
		{"get nil", true, in(ContextThread, func() nx.Status { return EventFlagsGet(nil, 1, nx.TX_OR, &actual, 0) }), nx.TX_GROUP_ERROR},
		{"delete", false, in(ContextThread, func() nx.Status { return EventFlagsDelete(&g) }), nx.TX_SUCCESS},
		{"delete from a timer", true, in(ContextTimer, func() nx.Status { return EventFlagsDelete(&g) }), nx.TX_CALLER_ERROR},
		{"set notify", false, in(ContextThread, func() nx.Status { return EventFlagsSetNotify(&g, nil) }), nx.TX_SUCCESS},
		{"set notify nil", true, in(ContextThread, func() nx.Status { return EventFlagsSetNotify(nil, nil) }), nx.TX_GROUP_ERROR},
		{"delete nil", true, in(ContextThread, func() nx.Status { return EventFlagsDelete(nil) }), nx.TX_GROUP_ERROR},
		{"info get", false, in(ContextThread, func() nx.Status { return EventFlagsInfoGet(&g, nil, nil, nil, nil, nil) }), nx.TX_SUCCESS},
		{"info get nil", true, in(ContextThread, func() nx.Status { return EventFlagsInfoGet(nil, nil, nil, nil, nil, nil) }), nx.TX_GROUP_ERROR},
	})
}

// Objects belong to the device that created them; code of another device
// (or of no device) cannot use them.
func TestObjectsOfAnotherDevice(t *testing.T) {
	var s Semaphore
	var th Thread
	got := nx.Status(0xDEAD)
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("a", func([]byte) { SemaphoreCreate(&s, "s", 1) })
	e.AddKernel("b", func([]byte) {
		spawn(t, &th, "b", 1, func() { got = SemaphoreGet(&s, 0) })
	})
	require.NoError(t, e.RunFor(time.Millisecond))
	require.Equal(t, nx.TX_CALLER_ERROR, got)
	require.Equal(t, nx.TX_CALLER_ERROR, SemaphorePut(&s))
}
