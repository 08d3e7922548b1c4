package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/require"
)

func noop(nx.ULONG) {}

func stack() []byte { return make([]byte, 1024) }

// completedThread returns a thread of the calling device that has run to its
// end (the caller must be a thread more urgent than 31... it runs at 31 and
// the caller sleeps until it is done).
func completedThread(t *testing.T, th *Thread) {
	*th = Thread{}
	require.Equal(t, nx.TX_SUCCESS, ThreadCreate(th, "done", noop, 0, stack(), 5, 5, 0, nx.TX_AUTO_START))
	require.Equal(t, nx.UINT(nx.TX_COMPLETED), th.State())
}

func TestThreadCreateStatus(t *testing.T) {
	create := func(th *Thread, entry func(nx.ULONG), stk []byte, prio, thresh nx.UINT, auto nx.UINT) func() nx.Status {
		return func() nx.Status { return ThreadCreate(th, "t", entry, 0, stk, prio, thresh, 0, auto) }
	}
	var th Thread
	runStatusTable(t, []statusCase{
		{"success from a thread", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, create(&Thread{}, noop, stack(), 20, 20, nx.TX_DONT_START))
		}, nx.TX_SUCCESS},
		{"success in initialization", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, noop, stack(), 20, 20, nx.TX_AUTO_START))
		}, nx.TX_SUCCESS},
		{"nil control block", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(nil, noop, stack(), 20, 20, 1))
		}, nx.TX_THREAD_ERROR},
		{"already created", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, func() nx.Status {
				create(&th, noop, stack(), 20, 20, 0)()
				return create(&th, noop, stack(), 20, 20, 0)()
			})
		}, nx.TX_THREAD_ERROR},
		{"nil stack", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, noop, nil, 20, 20, 1))
		}, nx.TX_PTR_ERROR},
		{"nil entry", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, nil, stack(), 20, 20, 1))
		}, nx.TX_PTR_ERROR},
		{"stack overlaps another thread's", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, func() nx.Status {
				mem := make([]byte, 3000)
				create(&Thread{}, noop, mem[:2000], 20, 20, 0)()
				return create(&Thread{}, noop, mem[1000:], 20, 20, 0)()
			})
		}, nx.TX_PTR_ERROR},
		{"stack below TX_MINIMUM_STACK", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, noop, make([]byte, 199), 20, 20, 1))
		}, nx.TX_SIZE_ERROR},
		{"priority 32", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, noop, stack(), 32, 20, 1))
		}, nx.TX_PRIORITY_ERROR},
		{"threshold above priority", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, noop, stack(), 20, 21, 1))
		}, nx.TX_THRESH_ERROR},
		{"auto_start 2", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextInit, create(&Thread{}, noop, stack(), 20, 20, 2))
		}, nx.TX_START_ERROR},
		{"from a timer", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextTimer, create(&Thread{}, noop, stack(), 20, 20, 1))
		}, nx.TX_CALLER_ERROR},
		{"from an ISR", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextISR, create(&Thread{}, noop, stack(), 20, 20, 1))
		}, nx.TX_CALLER_ERROR},
		{"from outside every device", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextNone, create(&Thread{}, noop, stack(), 20, 20, 1))
		}, nx.TX_CALLER_ERROR},
	})
}

func TestThreadDeleteStatus(t *testing.T) {
	var victim Thread
	readyVictim := func() {
		victim = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&victim, "v", noop, 0, stack(), 30, 30, 0, nx.TX_DONT_START))
	}
	runStatusTable(t, []statusCase{
		{"completed thread", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status {
				var done Thread
				completedThread(t, &done)
				st := ThreadDelete(&done)
				require.False(t, validThread(&done))
				return st
			})
		}, nx.TX_SUCCESS},
		{"terminated thread, from a timer", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextTimer, func() {
				readyVictim()
			}, func() nx.Status {
				require.Equal(t, nx.TX_SUCCESS, ThreadTerminate(&victim))
				return ThreadDelete(&victim)
			})
		}, nx.TX_SUCCESS},
		{"suspended thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, readyVictim, func() nx.Status { return ThreadDelete(&victim) })
		}, nx.TX_DELETE_ERROR},
		{"itself", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadDelete(ThreadIdentify()) })
		}, nx.TX_DELETE_ERROR},
		{"nil", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadDelete(nil) })
		}, nx.TX_THREAD_ERROR},
		{"from initialization", true, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextInit, readyVictim, func() nx.Status { return ThreadDelete(&victim) })
		}, nx.TX_CALLER_ERROR},
		{"from an ISR", true, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextISR, readyVictim, func() nx.Status { return ThreadDelete(&victim) })
		}, nx.TX_CALLER_ERROR},
	})
}

// tx_thread_sleep has no txe_ layer: its caller checks are in the core.
func TestThreadSleepStatus(t *testing.T) {
	sleep := func() nx.Status { return ThreadSleep(5) }
	runStatusTable(t, []statusCase{
		{"from a thread", false, func(t *testing.T) nx.Status { return inContext(t, ContextThread, sleep) }, nx.TX_SUCCESS},
		{"zero ticks", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadSleep(0) })
		}, nx.TX_SUCCESS},
		{"aborted", false, func(t *testing.T) nx.Status {
			return waitOutcome(t, func() {}, func() nx.Status { return ThreadSleep(nx.TX_WAIT_FOREVER) },
				func(w *Thread) { require.Equal(t, nx.TX_SUCCESS, ThreadWaitAbort(w)) })
		}, nx.TX_WAIT_ABORTED},
		{"from initialization", false, func(t *testing.T) nx.Status { return inContext(t, ContextInit, sleep) }, nx.TX_CALLER_ERROR},
		{"from a timer", false, func(t *testing.T) nx.Status { return inContext(t, ContextTimer, sleep) }, nx.TX_CALLER_ERROR},
		{"from an ISR", false, func(t *testing.T) nx.Status { return inContext(t, ContextISR, sleep) }, nx.TX_CALLER_ERROR},
		{"from outside", false, func(t *testing.T) nx.Status { return inContext(t, ContextNone, sleep) }, nx.TX_CALLER_ERROR},
	})
}

func TestThreadSuspendResumeStatus(t *testing.T) {
	var other Thread
	suspended := func() {
		other = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&other, "o", noop, 0, stack(), 30, 30, 0, nx.TX_DONT_START))
	}
	ready := func() {
		other = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&other, "o", noop, 0, stack(), 30, 30, 0, nx.TX_AUTO_START))
	}
	sleeping := func() {
		other = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&other, "o", func(nx.ULONG) { ThreadSleep(50) }, 0, stack(), 5, 5, 0, nx.TX_AUTO_START))
	}
	runStatusTable(t, []statusCase{
		{"suspend a ready thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, ready, func() nx.Status {
				st := ThreadSuspend(&other)
				require.Equal(t, nx.UINT(nx.TX_SUSPENDED), other.State())
				return st
			})
		}, nx.TX_SUCCESS},
		{"suspend a suspended thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextISR, suspended, func() nx.Status { return ThreadSuspend(&other) })
		}, nx.TX_SUCCESS},
		{"suspend a completed thread", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status {
				completedThread(t, &other)
				return ThreadSuspend(&other)
			})
		}, nx.TX_SUSPEND_ERROR},
		{"suspend nil", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadSuspend(nil) })
		}, nx.TX_THREAD_ERROR},
		{"resume a suspended thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextTimer, suspended, func() nx.Status { return ThreadResume(&other) })
		}, nx.TX_SUCCESS},
		{"resume a sleeping thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, sleeping, func() nx.Status { return ThreadResume(&other) })
		}, nx.TX_RESUME_ERROR},
		{"resume lifts a delayed suspension", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, sleeping, func() nx.Status {
				require.Equal(t, nx.TX_SUCCESS, ThreadSuspend(&other))
				return ThreadResume(&other)
			})
		}, nx.TX_SUSPEND_LIFTED},
		{"resume nil", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadResume(nil) })
		}, nx.TX_THREAD_ERROR},
	})
}

func TestThreadTerminateAbortStatus(t *testing.T) {
	var other Thread
	sleeping := func() {
		other = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&other, "o", func(nx.ULONG) { ThreadSleep(50) }, 0, stack(), 5, 5, 0, nx.TX_AUTO_START))
	}
	ready := func() {
		other = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&other, "o", noop, 0, stack(), 30, 30, 0, nx.TX_AUTO_START))
	}
	runStatusTable(t, []statusCase{
		{"terminate a sleeping thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, sleeping, func() nx.Status {
				st := ThreadTerminate(&other)
				require.Equal(t, nx.UINT(nx.TX_TERMINATED), other.State())
				return st
			})
		}, nx.TX_SUCCESS},
		{"terminate a completed thread", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status {
				completedThread(t, &other)
				return ThreadTerminate(&other)
			})
		}, nx.TX_SUCCESS},
		{"terminate nil", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadTerminate(nil) })
		}, nx.TX_THREAD_ERROR},
		{"terminate from an ISR", true, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextISR, ready, func() nx.Status { return ThreadTerminate(&other) })
		}, nx.TX_CALLER_ERROR},
		{"terminate from initialization", true, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextInit, ready, func() nx.Status { return ThreadTerminate(&other) })
		}, nx.TX_CALLER_ERROR},
		{"abort a sleeping thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextISR, sleeping, func() nx.Status { return ThreadWaitAbort(&other) })
		}, nx.TX_SUCCESS},
		{"abort a ready thread", false, func(t *testing.T) nx.Status {
			return inContextAfter(t, ContextThread, ready, func() nx.Status { return ThreadWaitAbort(&other) })
		}, nx.TX_WAIT_ABORT_ERROR},
		{"abort nil", true, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status { return ThreadWaitAbort(nil) })
		}, nx.TX_THREAD_ERROR},
	})
}

func TestThreadChangeStatus(t *testing.T) {
	var other Thread
	var oldU nx.UINT
	var oldL nx.ULONG
	ready := func() {
		other = Thread{}
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&other, "o", noop, 0, stack(), 30, 30, 0, nx.TX_AUTO_START))
	}
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, ready, call) }
	}
	runStatusTable(t, []statusCase{
		{"priority change", false, in(ContextThread, func() nx.Status { return ThreadPriorityChange(&other, 25, &oldU) }), nx.TX_SUCCESS},
		{"priority change from a timer", false, in(ContextTimer, func() nx.Status { return ThreadPriorityChange(&other, 25, &oldU) }), nx.TX_SUCCESS},
		{"priority change nil thread", true, in(ContextThread, func() nx.Status { return ThreadPriorityChange(nil, 25, &oldU) }), nx.TX_THREAD_ERROR},
		{"priority change nil old", true, in(ContextThread, func() nx.Status { return ThreadPriorityChange(&other, 25, nil) }), nx.TX_PTR_ERROR},
		{"priority change to 32", true, in(ContextThread, func() nx.Status { return ThreadPriorityChange(&other, 32, &oldU) }), nx.TX_PRIORITY_ERROR},
		{"priority change from an ISR", true, in(ContextISR, func() nx.Status { return ThreadPriorityChange(&other, 25, &oldU) }), nx.TX_CALLER_ERROR},
		{"preemption change", false, in(ContextThread, func() nx.Status { return ThreadPreemptionChange(&other, 20, &oldU) }), nx.TX_SUCCESS},
		{"preemption change above priority", false, in(ContextThread, func() nx.Status { return ThreadPreemptionChange(&other, 31, &oldU) }), nx.TX_THRESH_ERROR},
		{"preemption change nil old", true, in(ContextThread, func() nx.Status { return ThreadPreemptionChange(&other, 20, nil) }), nx.TX_PTR_ERROR},
		{"preemption change nil thread", true, in(ContextThread, func() nx.Status { return ThreadPreemptionChange(nil, 20, &oldU) }), nx.TX_THREAD_ERROR},
		{"preemption change in initialization", true, in(ContextInit, func() nx.Status { return ThreadPreemptionChange(&other, 20, &oldU) }), nx.TX_CALLER_ERROR},
		{"time-slice change", false, in(ContextThread, func() nx.Status { return ThreadTimeSliceChange(&other, 4, &oldL) }), nx.TX_SUCCESS},
		{"time-slice change nil old", true, in(ContextThread, func() nx.Status { return ThreadTimeSliceChange(&other, 4, nil) }), nx.TX_PTR_ERROR},
		{"time-slice change nil thread", true, in(ContextThread, func() nx.Status { return ThreadTimeSliceChange(nil, 4, &oldL) }), nx.TX_THREAD_ERROR},
		{"time-slice change from an ISR", true, in(ContextISR, func() nx.Status { return ThreadTimeSliceChange(&other, 4, &oldL) }), nx.TX_CALLER_ERROR},
		{"info get", false, in(ContextISR, func() nx.Status { return ThreadInfoGet(&other, nil, nil, nil, nil, nil, nil, nil, nil) }), nx.TX_SUCCESS},
		{"info get nil", true, in(ContextISR, func() nx.Status { return ThreadInfoGet(nil, nil, nil, nil, nil, nil, nil, nil, nil) }), nx.TX_THREAD_ERROR},
		{"reset a ready thread", false, in(ContextThread, func() nx.Status { return ThreadReset(&other) }), nx.TX_NOT_DONE},
		{"reset itself", false, in(ContextThread, func() nx.Status { return ThreadReset(ThreadIdentify()) }), nx.TX_NOT_DONE},
		{"reset a completed thread", false, func(t *testing.T) nx.Status {
			return inContext(t, ContextThread, func() nx.Status {
				completedThread(t, &other)
				return ThreadReset(&other)
			})
		}, nx.TX_SUCCESS},
		{"reset from a timer", true, in(ContextTimer, func() nx.Status { return ThreadReset(&other) }), nx.TX_CALLER_ERROR},
		{"reset nil", true, in(ContextThread, func() nx.Status { return ThreadReset(nil) }), nx.TX_THREAD_ERROR},
		{"entry/exit notify", false, in(ContextThread, func() nx.Status { return ThreadEntryExitNotify(&other, nil) }), nx.TX_SUCCESS},
		{"entry/exit notify nil", true, in(ContextThread, func() nx.Status { return ThreadEntryExitNotify(nil, nil) }), nx.TX_THREAD_ERROR},
	})
}
