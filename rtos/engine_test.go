package rtos

import (
	"bytes"
	"errors"
	"fmt"
	"runtime"
	"testing"
	"testing/synctest"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPanickingThreadFailsTheRunNamingIt(t *testing.T) {
	var th, bystander Thread
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("sensor", func([]byte) {
		spawn(t, &th, "reader", 10, func() { ThreadSleep(3); panic("boom") })
		spawn(t, &bystander, "bystander", 20, func() { ThreadSleep(nx.TX_WAIT_FOREVER) })
	})
	err := e.RunFor(time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `device "sensor": thread "reader" panicked at 30ms: boom`)
	assert.Equal(t, nx.UINT(nx.TX_TERMINATED), th.State())
	assert.ErrorIs(t, e.RunFor(time.Second), err, "the failure is sticky")
}

func TestPanicInTimerAndISRAndInit(t *testing.T) {
	tests := []struct {
		name   string
		define func(k **Kernel) func([]byte)
		want   string
	}{
		{"timer", func(**Kernel) func([]byte) {
			return func([]byte) {
				var tm Timer
				TimerCreate(&tm, "t", func(nx.ULONG) { panic("tick") }, 0, 1, 0, nx.TX_AUTO_ACTIVATE)
			}
		}, `device "d": timer expiration function panicked at 10ms: tick`},
		{"init", func(**Kernel) func([]byte) {
			return func([]byte) { panic("init") }
		}, `device "d": tx_application_define panicked: init`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := NewEngine(1)
			t.Cleanup(e.Close)
			var k *Kernel
			e.AddKernel("d", tt.define(&k))
			err := e.RunFor(time.Second)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tt.want)
		})
	}
	t.Run("isr", func(t *testing.T) {
		e := NewEngine(1)
		t.Cleanup(e.Close)
		k := e.AddKernel("d", nil)
		k.Interrupt(5*time.Millisecond, func() { panic("irq") })
		err := e.RunFor(time.Second)
		require.Error(t, err)
		assert.Contains(t, err.Error(), `device "d": interrupt handler panicked at 5ms: irq`)
	})
}

func TestGoexitInAThreadFailsTheRun(t *testing.T) {
	var th Thread
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("d", func([]byte) { spawn(t, &th, "quitter", 10, func() { runtime.Goexit() }) })
	err := e.RunFor(time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `thread "quitter" exited through runtime.Goexit`)
}

func TestDeadlockIsReportedWithEveryThreadsState(t *testing.T) {
	var s Semaphore
	var a, b, idle Thread
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("gw", func([]byte) {
		SemaphoreCreate(&s, "s", 0)
		spawn(t, &a, "a", 10, func() { SemaphoreGet(&s, nx.TX_WAIT_FOREVER) })
		spawn(t, &b, "b", 12, func() { ThreadSleep(nx.TX_WAIT_FOREVER) })
		ThreadCreate(&idle, "idle", noop, 0, stack(), 20, 20, 0, nx.TX_DONT_START)
	})
	err := e.RunFor(time.Second)
	require.ErrorIs(t, err, ErrDeadlock)
	assert.Contains(t, err.Error(), `device "gw" thread "a" TX_SEMAPHORE_SUSP priority 10`)
	assert.Contains(t, err.Error(), `device "gw" thread "b" TX_SLEEP priority 12`)
	assert.Contains(t, err.Error(), `device "gw" thread "idle" TX_SUSPENDED priority 20`)
	assert.Equal(t, time.Second, e.Now())
}

func TestQuiescentDevicesAreNotDeadlocked(t *testing.T) {
	var th Thread
	e := device(t, time.Second, func() { spawn(t, &th, "once", 10, func() {}) })
	assert.Equal(t, time.Second, e.Now())
}

func TestServicesFromOutsideEveryDevice(t *testing.T) {
	var s Semaphore
	e := device(t, 0, func() { SemaphoreCreate(&s, "s", 0) })
	_ = e
	assert.Equal(t, nx.TX_CALLER_ERROR, SemaphorePut(&s))
	assert.Equal(t, nx.TX_CALLER_ERROR, ThreadSleep(1))
	assert.Equal(t, nx.ULONG(0), TimeGet())
	assert.Nil(t, ThreadIdentify())
	c, k := CurrentContext()
	assert.Equal(t, ContextNone, c)
	assert.Nil(t, k)
}

func TestEachDeviceHasItsOwnClock(t *testing.T) {
	var a, b Thread
	var ticksA, ticksB nx.ULONG
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("slow", func([]byte) { spawn(t, &a, "a", 1, func() { ThreadSleep(10); ticksA = TimeGet() }) })
	require.NoError(t, e.RunFor(35*time.Millisecond))
	e.AddKernel("fast", func([]byte) { spawn(t, &b, "b", 1, func() { ThreadSleep(10); ticksB = TimeGet() }) }, TicksPerSecond(1000))
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, nx.ULONG(10), ticksA)
	assert.Equal(t, nx.ULONG(10), ticksB)
}

// workload runs three devices whose threads sleep, signal, queue and compute
// in patterns drawn from the engine's seeded streams, and returns the trace
// hash and a log of what the threads saw.
func workload(t *testing.T, seed uint64) (uint64, string) {
	t.Helper()
	var log bytes.Buffer
	e := NewEngine(seed)
	t.Cleanup(e.Close)
	for d := 0; d < 3; d++ {
		var s Semaphore
		var q Queue
		var m Mutex
		threads := make([]Thread, 5)
		name := fmt.Sprintf("dev%d", d)
		e.AddKernel(name, func([]byte) {
			SemaphoreCreate(&s, "s", 0)
			QueueCreate(&q, "q", 1, make([]byte, 16))
			MutexCreate(&m, "m", nx.TX_INHERIT)
			for i := range threads {
				rng := e.Stream(fmt.Sprintf("%s thread %d", name, i))
				prio := nx.UINT(rng.IntN(8) + 4)
				ThreadCreate(&threads[i], fmt.Sprintf("t%d", i), func(nx.ULONG) {
					for n := 0; n < 40; n++ {
						var st nx.Status
						switch rng.IntN(6) {
						case 0:
							st = ThreadSleep(nx.ULONG(rng.IntN(5)))
						case 1:
							st = SemaphorePut(&s)
						case 2:
							st = SemaphoreGet(&s, nx.ULONG(rng.IntN(4)))
						case 3:
							st = QueueSend(&q, []nx.ULONG{nx.ULONG(n)}, nx.ULONG(rng.IntN(3)))
						case 4:
							msg := make([]nx.ULONG, 1)
							st = QueueReceive(&q, msg, nx.ULONG(rng.IntN(3)))
						case 5:
							if MutexGet(&m, 2) == nx.TX_SUCCESS {
								Busy(time.Duration(rng.IntN(20)) * time.Millisecond)
								st = MutexPut(&m)
							}
						}
						fmt.Fprintf(&log, "%s %s %d %d %#x\n", name, ThreadIdentify().Name(), TimeGet(), n, uint32(st))
					}
				}, 0, make([]byte, 512), prio, prio, nx.ULONG(rng.IntN(3)), nx.TX_AUTO_START)
			}
		})
	}
	err := e.RunFor(10 * time.Second)
	if err != nil && !errors.Is(err, ErrDeadlock) {
		require.NoError(t, err)
	}
	return e.TraceHash(), log.String()
}

func TestSameSeedSameRun(t *testing.T) {
	h1, log1 := workload(t, 42)
	h2, log2 := workload(t, 42)
	h3, log3 := workload(t, 43)
	assert.Equal(t, h1, h2)
	assert.Equal(t, log1, log2)
	assert.Greater(t, len(log1), 1000)
	assert.NotEqual(t, h1, h3)
	assert.NotEqual(t, log1, log3)
}

func TestTraceWriterLines(t *testing.T) {
	var th Thread
	var buf bytes.Buffer
	e := NewEngine(7, WithTrace(&buf), WithProfile(ProfileZero))
	t.Cleanup(e.Close)
	e.AddKernel("d", func([]byte) { spawn(t, &th, "t", 3, func() { ThreadSleep(2) }) })
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, "0 d run t\n0 d suspend t tx_thread_sleep\n20000000 d timers \n20000000 d run t\n", buf.String())

	// Tracing does not change the hash.
	quiet := NewEngine(7, WithProfile(ProfileZero))
	t.Cleanup(quiet.Close)
	var th2 Thread
	quiet.AddKernel("d", func([]byte) { spawn(t, &th2, "t", 3, func() { ThreadSleep(2) }) })
	require.NoError(t, quiet.RunFor(time.Second))
	assert.Equal(t, quiet.TraceHash(), e.TraceHash())
}

func TestStreamsAreSeededAndIndependent(t *testing.T) {
	a := NewEngine(5).Stream("x").Uint64()
	b := NewEngine(5).Stream("x").Uint64()
	c := NewEngine(5).Stream("y").Uint64()
	d := NewEngine(6).Stream("x").Uint64()
	assert.Equal(t, a, b)
	assert.NotEqual(t, a, c)
	assert.NotEqual(t, a, d)
}

// In wall-clock mode the engine follows real time (here the fake time of a
// synctest bubble) and takes work posted by other goroutines.
func TestWallClockMode(t *testing.T) {
	synctest.Test(t, func(t *testing.T) {
		var s Semaphore
		var th Thread
		var got []time.Duration
		e := NewEngine(1, WithWallClock(), WithProfile(ProfileZero))
		defer e.Close()
		start := time.Now()
		e.AddKernel("d", func([]byte) {
			SemaphoreCreate(&s, "s", 0)
			spawn(t, &th, "t", 10, func() {
				for {
					if SemaphoreGet(&s, 100) == nx.TX_SUCCESS {
						got = append(got, e.Now())
					}
				}
			})
		})
		go func() {
			time.Sleep(250 * time.Millisecond)
			e.Post(func() {
				_, k := CurrentContext()
				assert.Nil(t, k, "posted work runs outside every device")
				e.kernels[0].Interrupt(e.Now(), func() { SemaphorePut(&s) })
			})
		}()
		require.NoError(t, e.RunFor(2*time.Second))
		assert.Equal(t, []time.Duration{250 * time.Millisecond}, got)
		assert.Equal(t, 2*time.Second, time.Since(start))
	})
}

func TestLivelockIsReported(t *testing.T) {
	var a, b Thread
	e := NewEngine(1, WithZeroTimeLimit(1000), WithProfile(ProfileZero))
	t.Cleanup(e.Close)
	e.AddKernel("spinner", func([]byte) {
		spawn(t, &a, "a", 10, func() {
			for {
				ThreadRelinquish()
			}
		})
		spawn(t, &b, "b", 10, func() {
			for {
				ThreadRelinquish()
			}
		})
	})
	err := e.RunFor(time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `device "spinner": livelock at 0s`)
}

func TestAtRunsEngineEventsAtTheirInstant(t *testing.T) {
	var s Semaphore
	var th Thread
	var got []time.Duration
	e := NewEngine(1, WithProfile(ProfileZero))
	t.Cleanup(e.Close)
	e.AddKernel("d", func([]byte) {
		SemaphoreCreate(&s, "s", 0)
		spawn(t, &th, "t", 10, func() {
			for SemaphoreGet(&s, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS {
				got = append(got, e.Now())
			}
		})
	})
	e.At(250*time.Millisecond, func() {
		c, k := CurrentContext()
		assert.Equal(t, ContextNone, c)
		assert.Nil(t, k)
		e.kernels[0].Interrupt(e.Now(), func() { SemaphorePut(&s) })
	})
	err := e.RunFor(time.Second)
	require.ErrorIs(t, err, ErrDeadlock)
	assert.Equal(t, []time.Duration{250 * time.Millisecond}, got)
}

func TestTheTimerThreadIsOutOfReach(t *testing.T) {
	var tm Timer
	var got []nx.Status
	device(t, time.Second, func() {
		TimerCreate(&tm, "t", func(nx.ULONG) {
			self := ThreadIdentify()
			var old nx.UINT
			got = append(got, ThreadSuspend(self), ThreadTerminate(self), ThreadPriorityChange(self, 5, &old))
		}, 0, 1, 0, nx.TX_AUTO_ACTIVATE)
	})
	assert.Equal(t, []nx.Status{nx.TX_CALLER_ERROR, nx.TX_CALLER_ERROR, nx.TX_CALLER_ERROR}, got)
}
