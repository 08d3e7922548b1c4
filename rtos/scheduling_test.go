package rtos

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// recorder collects "what happened at which tick" lines from emulated code.
type recorder struct{ lines []string }

func (r *recorder) add(format string, args ...any) {
	r.lines = append(r.lines, fmt.Sprintf("%d ", TimeGet())+fmt.Sprintf(format, args...))
}

func TestPriorityOrderAndFIFO(t *testing.T) {
	var r recorder
	var th [5]Thread
	device(t, time.Second, func() {
		spawn(t, &th[0], "low", 20, func() { r.add("low") })
		spawn(t, &th[1], "high", 5, func() { r.add("high") })
		spawn(t, &th[2], "mid-a", 10, func() { r.add("mid-a"); ThreadSleep(1); r.add("mid-a") })
		spawn(t, &th[3], "mid-b", 10, func() { r.add("mid-b"); ThreadSleep(1); r.add("mid-b") })
		spawn(t, &th[4], "mid-c", 10, func() { r.add("mid-c") })
	})
	assert.Equal(t, []string{"0 high", "0 mid-a", "0 mid-b", "0 mid-c", "0 low", "1 mid-a", "1 mid-b"}, r.lines)
}

// A service that readies a more urgent thread switches to it before it
// returns; an equally urgent one waits its turn.
func TestPreemptionInsideServices(t *testing.T) {
	var r recorder
	var s Semaphore
	var low, high, peer Thread
	device(t, time.Second, func() {
		SemaphoreCreate(&s, "s", 0)
		spawn(t, &high, "high", 5, func() { SemaphoreGet(&s, nx.TX_WAIT_FOREVER); r.add("high got it") })
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&peer, "peer", func(nx.ULONG) { r.add("peer") }, 0, stack(), 20, 20, 0, nx.TX_DONT_START))
		spawn(t, &low, "low", 20, func() {
			r.add("low puts")
			SemaphorePut(&s)
			r.add("low resumes peer")
			ThreadResume(&peer)
			r.add("low goes on")
		})
	})
	assert.Equal(t, []string{"0 low puts", "0 high got it", "0 low resumes peer", "0 low goes on", "0 peer"}, r.lines)
}

// Two threads of one priority with a 2-tick slice share the CPU in turns;
// without a slice the first runs to its end.
func TestTimeSlicing(t *testing.T) {
	tests := []struct {
		slice        nx.ULONG
		doneA, doneB time.Duration
	}{
		{slice: 2, doneA: 90 * time.Millisecond, doneB: 100 * time.Millisecond},
		{slice: nx.TX_NO_TIME_SLICE, doneA: 50 * time.Millisecond, doneB: 100 * time.Millisecond},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("slice %d", tt.slice), func(t *testing.T) {
			var a, b Thread
			var doneA, doneB time.Duration
			e := NewEngine(1)
			t.Cleanup(e.Close)
			e.AddKernel("dev", func([]byte) {
				spawnSliced(t, &a, "a", 10, tt.slice, func() { Busy(50 * time.Millisecond); doneA = e.Now() })
				spawnSliced(t, &b, "b", 10, tt.slice, func() { Busy(50 * time.Millisecond); doneB = e.Now() })
			})
			require.NoError(t, e.RunFor(time.Second))
			assert.Equal(t, tt.doneA, doneA)
			assert.Equal(t, tt.doneB, doneB)
		})
	}
}

func TestSleepZeroDoesNotYieldButRelinquishDoes(t *testing.T) {
	var r recorder
	var a, b Thread
	device(t, time.Second, func() {
		spawn(t, &a, "a", 10, func() {
			r.add("a1")
			ThreadSleep(0)
			r.add("a2")
			ThreadRelinquish()
			r.add("a3")
		})
		spawn(t, &b, "b", 10, func() { r.add("b") })
	})
	assert.Equal(t, []string{"0 a1", "0 a2", "0 b", "0 a3"}, r.lines)
}

func TestPreemptionThreshold(t *testing.T) {
	var r recorder
	var low, mid, high Thread
	device(t, time.Second, func() {
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&mid, "mid", func(nx.ULONG) { r.add("mid") }, 0, stack(), 17, 17, 0, nx.TX_DONT_START))
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&high, "high", func(nx.ULONG) { r.add("high") }, 0, stack(), 10, 10, 0, nx.TX_DONT_START))
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&low, "low", func(nx.ULONG) {
			ThreadResume(&mid) // 17 is not more urgent than the threshold 15
			r.add("low after mid")
			ThreadResume(&high) // 10 is
			r.add("low after high")
		}, 0, stack(), 20, 15, 0, nx.TX_AUTO_START))
	})
	assert.Equal(t, []string{"0 low after mid", "0 high", "0 low after high", "0 mid"}, r.lines)
}

// A thread preempted above its threshold is protected by it again when the
// preemptor blocks: the held-off thread still waits (_tx_thread_preempted_maps).
func TestPreemptedThresholdThreadResumesFirst(t *testing.T) {
	var r recorder
	var low, mid, high Thread
	device(t, time.Second, func() {
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&low, "low", func(nx.ULONG) {
			ThreadResume(&mid)
			Busy(30 * time.Millisecond)
			r.add("low done")
		}, 0, stack(), 20, 10, 0, nx.TX_AUTO_START))
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&mid, "mid", func(nx.ULONG) { r.add("mid") }, 0, stack(), 15, 15, 0, nx.TX_DONT_START))
		spawn(t, &high, "high", 5, func() { ThreadSleep(1); r.add("high") })
	})
	assert.Equal(t, []string{"1 high", "3 low done", "3 mid"}, r.lines)
}

func TestMutexPriorityInheritance(t *testing.T) {
	for _, inherit := range []nx.UINT{nx.TX_INHERIT, nx.TX_NO_INHERIT} {
		t.Run(fmt.Sprintf("inherit %d", inherit), func(t *testing.T) {
			var r recorder
			var m Mutex
			var low, mid, high Thread
			var boosted nx.UINT
			device(t, time.Second, func() {
				MutexCreate(&m, "m", inherit)
				spawn(t, &low, "low", 20, func() {
					MutexGet(&m, nx.TX_NO_WAIT)
					r.add("low got")
					Busy(30 * time.Millisecond)
					boosted = low.priority
					MutexPut(&m)
					r.add("low after put")
				})
				spawn(t, &mid, "mid", 15, func() { ThreadSleep(1); Busy(100 * time.Millisecond); r.add("mid done") })
				spawn(t, &high, "high", 5, func() {
					ThreadSleep(1)
					MutexGet(&m, nx.TX_WAIT_FOREVER)
					r.add("high got")
					MutexPut(&m)
				})
			})
			if inherit == nx.TX_INHERIT {
				assert.Equal(t, nx.UINT(5), boosted)
				assert.Equal(t, []string{"0 low got", "3 high got", "13 mid done", "13 low after put"}, r.lines)
			} else {
				assert.Equal(t, nx.UINT(20), boosted)
				assert.Equal(t, []string{"0 low got", "11 mid done", "13 high got", "13 low after put"}, r.lines)
			}
			assert.Equal(t, nx.UINT(20), low.priority, "priority restored after the put")
		})
	}
}

// Mutex hand-over: FIFO without inheritance, most urgent first with it; a
// terminated owner's mutex passes on.
func TestMutexHandOver(t *testing.T) {
	for _, tt := range []struct {
		inherit nx.UINT
		want    []string
	}{
		{nx.TX_NO_INHERIT, []string{"w20", "w10", "w15"}},
		{nx.TX_INHERIT, []string{"w10", "w15", "w20"}},
	} {
		var r []string
		var m Mutex
		var owner Thread
		var w [3]Thread
		device(t, time.Second, func() {
			MutexCreate(&m, "m", tt.inherit)
			spawn(t, &owner, "owner", 1, func() {
				MutexGet(&m, 0)
				MutexGet(&m, 0) // recursive: count 2
				ThreadSleep(5)
				ThreadTerminate(ThreadIdentify()) // releases both counts
			})
			for i, p := range []nx.UINT{20, 10, 15} {
				name := fmt.Sprintf("w%d", p)
				spawn(t, &w[i], name, p, func() {
					ThreadSleep(nx.ULONG(i + 1)) // queue up in the order 20, 10, 15
					require.Equal(t, nx.TX_SUCCESS, MutexGet(&m, nx.TX_WAIT_FOREVER))
					r = append(r, name)
					MutexPut(&m)
				})
			}
		})
		assert.Equal(t, tt.want, r, "inherit %d", tt.inherit)
	}
}

func TestPrioritizeMovesOnlyTheMostUrgentWaiter(t *testing.T) {
	var r []string
	var s Semaphore
	var w [3]Thread
	var boss Thread
	device(t, time.Second, func() {
		SemaphoreCreate(&s, "s", 0)
		for i, p := range []nx.UINT{20, 10, 15} {
			name := fmt.Sprintf("w%d", p)
			spawn(t, &w[i], name, p, func() {
				ThreadSleep(nx.ULONG(i + 1))
				SemaphoreGet(&s, nx.TX_WAIT_FOREVER)
				r = append(r, name)
			})
		}
		spawn(t, &boss, "boss", 30, func() { // each put switches to the woken waiter
			ThreadSleep(10)
			SemaphorePrioritize(&s)
			for i := 0; i < 3; i++ {
				SemaphorePut(&s)
			}
		})
	})
	assert.Equal(t, []string{"w10", "w20", "w15"}, r)
}

// tx_thread_suspend on a waiting thread takes effect when the wait ends.
func TestDelayedSuspension(t *testing.T) {
	var r recorder
	var sleeper, boss Thread
	device(t, time.Second, func() {
		spawn(t, &sleeper, "sleeper", 10, func() { ThreadSleep(5); r.add("sleeper woke") })
		spawn(t, &boss, "boss", 20, func() {
			require.Equal(t, nx.TX_SUCCESS, ThreadSuspend(&sleeper))
			ThreadSleep(20)
			r.add("boss sees state %d", sleeper.State())
			require.Equal(t, nx.TX_SUCCESS, ThreadResume(&sleeper))
		})
	})
	assert.Equal(t, []string{"20 boss sees state 3", "20 sleeper woke"}, r.lines)
}

func TestWaitOptionsAreExactToTheTick(t *testing.T) {
	var r recorder
	var s Semaphore
	var th Thread
	device(t, time.Second, func() {
		SemaphoreCreate(&s, "s", 0)
		spawn(t, &th, "t", 10, func() {
			ThreadSleep(3)
			r.add("get %#x", uint32(SemaphoreGet(&s, 5)))
			r.add("sleep %#x", uint32(ThreadSleep(1)))
		})
	})
	assert.Equal(t, []string{"8 get 0xd", "9 sleep 0x0"}, r.lines)
}

// A wait that starts between two ticks ends at the N-th tick interrupt after
// the call: up to one tick early in real time, as the user guide warns.
func TestWaitStartedBetweenTicksEndsAtTheNthTick(t *testing.T) {
	var th Thread
	var woke time.Duration
	e := NewEngine(1)
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&th, "t", func(nx.ULONG) {
			ThreadSleep(1)
			woke = e.Now()
		}, 0, stack(), 10, 10, 0, nx.TX_DONT_START))
	})
	k.Interrupt(15*time.Millisecond, func() { ThreadResume(&th) })
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, 20*time.Millisecond, woke)
}

func TestTimeSetAndWrap(t *testing.T) {
	var got []nx.ULONG
	var th Thread
	device(t, time.Second, func() {
		spawn(t, &th, "t", 10, func() {
			TimeSet(0xFFFFFFFE)
			got = append(got, TimeGet())
			ThreadSleep(3)
			got = append(got, TimeGet())
		})
	})
	assert.Equal(t, []nx.ULONG{0xFFFFFFFE, 1}, got)
}

func TestTickRate(t *testing.T) {
	var th Thread
	var woke time.Duration
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) {
		spawn(t, &th, "t", 10, func() { ThreadSleep(5); woke = e.Now() })
	}, TicksPerSecond(1000))
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, 5*time.Millisecond, woke)
}

func TestTerminateAndResetRestartTheThread(t *testing.T) {
	var r recorder
	var worker, boss Thread
	device(t, time.Second, func() {
		spawn(t, &worker, "worker", 10, func() { r.add("worker starts"); ThreadSleep(nx.TX_WAIT_FOREVER) })
		ThreadEntryExitNotify(&worker, func(th *Thread, cond nx.UINT) { r.add("notify %s %d", th.Name(), cond) })
		spawn(t, &boss, "boss", 20, func() {
			require.Equal(t, nx.TX_SUCCESS, ThreadTerminate(&worker))
			require.Equal(t, nx.TX_SUCCESS, ThreadReset(&worker))
			require.Equal(t, nx.TX_SUCCESS, ThreadResume(&worker))
			require.Equal(t, nx.TX_SUCCESS, ThreadTerminate(&worker))
			require.Equal(t, nx.TX_SUCCESS, ThreadDelete(&worker))
		})
	})
	assert.Equal(t, []string{"0 notify worker 0", "0 worker starts", "0 notify worker 1",
		"0 notify worker 0", "0 worker starts", "0 notify worker 1"}, r.lines)
}

func TestInfoGetReportsUserValues(t *testing.T) {
	var th, other Thread
	var name string
	var state, prio, thresh nx.UINT
	var runs, slice nx.ULONG
	var next *Thread
	device(t, time.Second, func() {
		spawn(t, &other, "other", 30, func() {})
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&th, "subject", func(nx.ULONG) {
			ThreadSleep(2)
		}, 0, stack(), 12, 8, 0, nx.TX_AUTO_START))
		var tm Timer
		TimerCreate(&tm, "probe", func(nx.ULONG) {
			ThreadInfoGet(&th, &name, &state, &runs, &prio, &thresh, &slice, &next, nil)
		}, 0, 1, 0, nx.TX_AUTO_ACTIVATE)
	})
	assert.Equal(t, "subject", name)
	assert.Equal(t, nx.UINT(nx.TX_SLEEP), state)
	assert.Equal(t, nx.ULONG(1), runs)
	assert.Equal(t, nx.UINT(12), prio)
	assert.Equal(t, nx.UINT(8), thresh)
	assert.Same(t, &other, next, "circular list of created threads")
}
