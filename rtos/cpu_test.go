package rtos

import (
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nxsim/nxsim/nx"
)

// testProfile charges 1 µs per call of every service and 10 ns per byte.
var testProfile = &Profile{Name: "test", ClockHz: 1_000_000_000, Family: "test",
	Fallback: Cost{Cycles: 1000, CyclesPerByte: 10}}

var opTestBytes = NewOp("test_bytes", nil)

func TestServicesChargeTheProfileOnEntryAndActAtTheEnd(t *testing.T) {
	var th Thread
	var sem Semaphore
	var times []time.Duration
	e := NewEngine(1, WithProfile(testProfile))
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) {
		SemaphoreCreate(&sem, "s", 5) // initialization is free
		spawn(t, &th, "worker", 10, func() {
			times = append(times, e.Now())
			SemaphoreGet(&sem, nx.TX_NO_WAIT) // 1 µs
			times = append(times, e.Now())
			Leave(EnterBytes(opTestBytes, 100)) // 1 µs + 100 × 10 ns
			times = append(times, e.Now())
			func() { // only the outermost service charges
				defer Leave(Enter(opSemaphoreGet))
				SemaphoreGet(&sem, nx.TX_NO_WAIT)
			}()
			times = append(times, e.Now())
			Busy(5 * time.Microsecond)
			times = append(times, e.Now())
		})
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, []time.Duration{0, time.Microsecond, 3 * time.Microsecond, 4 * time.Microsecond, 9 * time.Microsecond}, times)
}

func TestProfilesAreFoundByNameAndOverridden(t *testing.T) {
	for _, name := range []string{"zero", "host", "cortex-m4-100mhz"} {
		p, err := ProfileByName(name)
		require.NoError(t, err)
		assert.Equal(t, name, p.Name)
	}
	_, err := ProfileByName("pentium")
	assert.ErrorContains(t, err, `unknown CPU profile "pentium"`)

	assert.Equal(t, Cost{Cycles: 72}, ProfileDefault.CostOf(opSemaphoreGet))
	assert.Equal(t, Cost{}, ProfileZero.CostOf(opSemaphoreGet))
	slow := ProfileDefault.With(map[string]Cost{"tx_semaphore_get": {Cycles: 7200}})
	assert.Equal(t, Cost{Cycles: 7200}, slow.CostOf(opSemaphoreGet))
	assert.Equal(t, Cost{Cycles: 72}, ProfileDefault.CostOf(opSemaphoreGet), "With copies")
	assert.Equal(t, ProfileDefault.Fallback, ProfileDefault.CostOf(opTestBytes))
	assert.Equal(t, 720*time.Nanosecond, ProfileDefault.duration(72))
}

// A charge that an event interrupts: the thread is parked as in Busy, the
// interrupt runs at its instant and readies a more urgent thread, which
// preempts; the charged service acts only once its charge is complete.
func TestAChargeIsInterruptedAndActsAtItsEnd(t *testing.T) {
	var low, high Thread
	var sem Semaphore
	var r recorder
	slow := testProfile.With(map[string]Cost{"tx_semaphore_ceiling_put": {Cycles: 10_000_000}}) // 10 ms
	e := NewEngine(1, WithProfile(slow))
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		SemaphoreCreate(&sem, "s", 0)
		spawn(t, &high, "high", 5, func() {
			for range 2 {
				SemaphoreGet(&sem, nx.TX_WAIT_FOREVER)
				r.add("high got at %v", e.Now())
			}
		})
		spawn(t, &low, "low", 10, func() {
			SemaphoreCeilingPut(&sem, 10)
			r.add("low put done at %v", e.Now())
		})
	})
	k.Interrupt(4*time.Millisecond, func() {
		r.add("isr at %v", e.Now())
		SemaphorePut(&sem)
	})
	require.NoError(t, e.RunFor(time.Second), r.lines)
	// high's get costs 1 µs at 0; low's 10 ms put starts at 1 µs. The
	// interrupt at 4 ms costs 2 µs (its TimeGet and put), high then runs
	// 2 µs (a TimeGet and its next get): low's put acts 4 µs late, and
	// high, readied by it, preempts low before low's next line.
	assert.Equal(t, []string{
		"0 isr at 4ms",
		"0 high got at 4.002ms",
		"1 high got at 10.005ms",
		"1 low put done at 10.006ms",
	}, r.lines)
}

// ISR code charges the device: the thread it interrupted finishes later by
// the ISR's cost, and threads it readies start only when it is done.
func TestISRChargesDelayTheInterruptedThread(t *testing.T) {
	var worker, urgent Thread
	var sem Semaphore
	var done, woke time.Duration
	e := NewEngine(1, WithProfile(testProfile))
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		SemaphoreCreate(&sem, "s", 0)
		spawn(t, &urgent, "urgent", 5, func() {
			SemaphoreGet(&sem, nx.TX_WAIT_FOREVER) // 1 µs at t=0, then waits
			woke = e.Now()
		})
		spawn(t, &worker, "worker", 10, func() {
			Busy(10 * time.Millisecond)
			done = e.Now()
		})
	})
	k.Interrupt(5*time.Millisecond, func() {
		for range 3 {
			Leave(Enter(opTestBytes)) // 3 µs in all
		}
		SemaphorePut(&sem) // 1 µs
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, 5*time.Millisecond+4*time.Microsecond, woke, "the readied thread starts when the ISR's work ends")
	assert.Equal(t, time.Microsecond+10*time.Millisecond+4*time.Microsecond, done, "the interrupted thread is delayed by the ISR's work")
}

// With interrupts masked, a due interrupt waits: it is taken at once when
// the thread restores the posture, at that instant.
func TestInterruptControlHoldsInterrupts(t *testing.T) {
	var th Thread
	var r recorder
	e := NewEngine(1, WithProfile(testProfile))
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		spawn(t, &th, "t", 10, func() {
			old := InterruptControl(nx.TX_INT_DISABLE)
			at := e.Now()
			Busy(5 * time.Millisecond)
			unmasking := e.Now()
			InterruptControl(old)
			r.add("masked at %v (old %d), unmasking at %v, unmasked at %v", at, old, unmasking, e.Now())
		})
	})
	src := k.NewInterruptSource("uart", func() { r.add("isr at %v", e.Now()) })
	src.Raise(time.Millisecond)
	src.Raise(2 * time.Millisecond) // merged with the first: one pending per source
	k.Interrupt(3*time.Millisecond, func() { r.add("timer isr at %v", e.Now()) })
	require.NoError(t, e.RunFor(time.Second))
	// The interrupt control call costs 1 µs; unmasking is an interrupt point
	// after its charge, where both held interrupts are taken; each ISR's
	// TimeGet in r.add costs 1 µs of the device's CPU, which delays the
	// thread.
	assert.Equal(t, []string{
		"0 isr at 5.002ms",
		"0 timer isr at 5.002ms",
		"0 masked at 1µs (old 0), unmasking at 5.001ms, unmasked at 5.004ms",
	}, r.lines)
}

// OnTick runs an ISR at every tick, as ThreadX's test harness does.
func TestOnTickRunsAnISREveryTick(t *testing.T) {
	var th Thread
	var ticks []nx.ULONG
	e := NewEngine(1, WithProfile(ProfileZero))
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) { spawn(t, &th, "t", 10, func() { ThreadSleep(1000) }) })
	k.OnTick(func() {
		c, _ := CurrentContext()
		assert.Equal(t, ContextISR, c)
		ticks = append(ticks, TimeGet())
	})
	require.NoError(t, e.RunFor(50*time.Millisecond))
	assert.Equal(t, []nx.ULONG{1, 2, 3, 4, 5}, ticks)
}

// Loops that only end because time passes: with the zero profile each ends
// the run with the livelock report instead of hanging; with the default
// profile the same loops take virtual time.
func TestLoopsWithoutTimeAreReported(t *testing.T) {
	loops := map[string]func(){
		"relinquish alone": func() {
			for {
				ThreadRelinquish()
			}
		},
		"semaphore poll": func() {
			var s Semaphore
			SemaphoreCreate(&s, "never", 0)
			for SemaphoreGet(&s, nx.TX_NO_WAIT) != nx.TX_SUCCESS {
			}
		},
		"time poll": func() {
			for start := TimeGet(); TimeGet()-start < 10; {
			}
		},
	}
	for name, loop := range loops {
		t.Run(name+"/zero", func(t *testing.T) {
			var th Thread
			e := NewEngine(1, WithProfile(ProfileZero), WithZeroTimeLimit(10_000))
			t.Cleanup(e.Close)
			e.AddKernel("dev", func([]byte) { spawn(t, &th, "spinner", 10, loop) })
			err := e.RunFor(time.Second)
			require.Error(t, err)
			assert.Contains(t, err.Error(), `device "dev": livelock at 0s`)
			assert.Contains(t, err.Error(), `thread "spinner"`)
		})
		t.Run(name+"/default", func(t *testing.T) {
			var th Thread
			e := NewEngine(1, WithZeroTimeLimit(10_000))
			t.Cleanup(e.Close)
			e.AddKernel("dev", func([]byte) { spawn(t, &th, "spinner", 10, loop) })
			require.NoError(t, e.RunFor(10*time.Millisecond))
			assert.Equal(t, 10*time.Millisecond, e.Now())
		})
	}
}

// The time-poll loop ends after 10 ticks on the default profile.
func TestAPollingLoopEndsWhenTimePasses(t *testing.T) {
	var th Thread
	var end time.Duration
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) {
		spawn(t, &th, "poller", 10, func() {
			for start := TimeGet(); TimeGet()-start < 10; {
			}
			end = e.Now()
		})
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.GreaterOrEqual(t, end, 100*time.Millisecond)
	assert.Less(t, end, 101*time.Millisecond)
}

func TestWatchdogReportsGoCodeThatCallsNoService(t *testing.T) {
	var th Thread
	e := NewEngine(1, WithWatchdog(50*time.Millisecond))
	t.Cleanup(e.Close)
	var stop atomic.Bool
	t.Cleanup(func() { stop.Store(true) })
	spins := 0
	e.AddKernel("dev", func([]byte) {
		spawn(t, &th, "busy loop", 10, func() {
			ThreadSleep(3)
			for !stop.Load() {
				spins++
			}
		})
	})
	err := e.RunFor(time.Second)
	require.Error(t, err)
	for _, want := range []string{`device "dev": thread "busy loop" ran Go code`, "virtual instant 30ms",
		"rtos.Busy", "depends on the wall clock", "TestWatchdogReportsGoCodeThatCallsNoService"} {
		assert.Contains(t, err.Error(), want)
	}
	assert.ErrorIs(t, e.RunFor(time.Second), err, "the run stays failed")
}

func TestRunForAndBusyArgumentErrors(t *testing.T) {
	e := NewEngine(1)
	t.Cleanup(e.Close)
	assert.ErrorContains(t, e.RunFor(-time.Second), "negative duration")

	var th Thread
	var inner error
	e2 := NewEngine(1)
	t.Cleanup(e2.Close)
	e2.AddKernel("dev", func([]byte) { spawn(t, &th, "t", 10, func() { inner = e2.RunFor(time.Second) }) })
	require.NoError(t, e2.RunFor(time.Second))
	assert.ErrorContains(t, inner, "RunFor called while the engine runs")

	var th3 Thread
	e3 := NewEngine(1)
	t.Cleanup(e3.Close)
	e3.AddKernel("dev", func([]byte) { spawn(t, &th3, "t", 10, func() { Busy(-time.Millisecond) }) })
	assert.ErrorContains(t, e3.RunFor(time.Second), `thread "t" called rtos.Busy(-1ms): a negative duration`)
}

func TestPanicInApplicationDefineIsReportedWithItsStack(t *testing.T) {
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) { panic("no memory") })
	err := e.RunFor(time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `device "dev": tx_application_define panicked: no memory`)
	assert.True(t, strings.Contains(err.Error(), "TestPanicInApplicationDefineIsReportedWithItsStack"), "the stack names the caller")
}

// The same program, profile and seed give the same run.
func TestChargedRunsAreDeterministic(t *testing.T) {
	run := func() (uint64, time.Duration) {
		var a, b Thread
		var q Queue
		e := NewEngine(3)
		defer e.Close()
		e.AddKernel("dev", func([]byte) {
			QueueCreate(&q, "q", nx.TX_1_ULONG, make([]byte, 40))
			spawnSliced(t, &a, "a", 10, 2, func() {
				for i := nx.ULONG(0); ; i++ {
					QueueSend(&q, []nx.ULONG{i}, nx.TX_WAIT_FOREVER)
				}
			})
			spawnSliced(t, &b, "b", 10, 2, func() {
				m := make([]nx.ULONG, 1)
				for {
					QueueReceive(&q, m, nx.TX_WAIT_FOREVER)
				}
			})
		})
		require.NoError(t, e.RunFor(50*time.Millisecond))
		return e.TraceHash(), e.Now()
	}
	h1, n1 := run()
	h2, n2 := run()
	assert.Equal(t, h1, h2)
	assert.Equal(t, n1, n2)
}
