package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// BenchmarkEngineEvents measures engine events per second: a periodic timer
// on each of 4 devices fires every tick, and each expiration is one event.
func BenchmarkEngineEvents(b *testing.B) {
	e := NewEngine(1)
	defer e.Close()
	timers := make([]Timer, 4)
	fired := 0
	for i := range timers {
		e.AddKernel("d", func([]byte) {
			TimerCreate(&timers[i], "t", func(nx.ULONG) { fired++ }, 0, 1, 1, nx.TX_AUTO_ACTIVATE)
		}, TicksPerSecond(1000))
	}
	b.ResetTimer()
	for fired < b.N {
		if err := e.RunFor(time.Second); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(fired)/b.Elapsed().Seconds(), "events/s")
}

// BenchmarkThreadSwitch measures one hand-over between two threads of a
// device that ping-pong through two semaphores (two switches per round), on
// the zero profile, and reports it against a bare goroutine hand-off (two
// goroutines ping-ponging on channels) measured in the same run: the ratio
// is what the baton costs over Go's own scheduler (goal: at most 2).
func BenchmarkThreadSwitch(b *testing.B) {
	bare := goroutineHandoff(b.N)
	e := NewEngine(1, WithZeroTimeLimit(0), WithProfile(ProfileZero))
	defer e.Close()
	var ping, pong Semaphore
	var a, c Thread
	n := b.N
	e.AddKernel("d", func([]byte) {
		SemaphoreCreate(&ping, "ping", 0)
		SemaphoreCreate(&pong, "pong", 0)
		ThreadCreate(&a, "a", func(nx.ULONG) {
			for i := 0; i < n; i++ {
				SemaphorePut(&ping)
				SemaphoreGet(&pong, nx.TX_WAIT_FOREVER)
			}
		}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
		ThreadCreate(&c, "b", func(nx.ULONG) {
			for i := 0; i < n; i++ {
				SemaphoreGet(&ping, nx.TX_WAIT_FOREVER)
				SemaphorePut(&pong)
			}
		}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
	})
	b.ResetTimer()
	if err := e.RunFor(0); err != nil {
		b.Fatal(err)
	}
	perSwitch := float64(b.Elapsed().Nanoseconds()) / float64(2*n)
	b.ReportMetric(perSwitch, "ns/switch")
	b.ReportMetric(float64(bare.Nanoseconds())/float64(2*n), "ns/bare-handoff")
	b.ReportMetric(perSwitch*float64(2*n)/float64(bare.Nanoseconds()), "ratio")
}

// goroutineHandoff times n rounds of two goroutines handing a token back
// and forth over unbuffered channels.
func goroutineHandoff(n int) time.Duration {
	ping, pong := make(chan struct{}), make(chan struct{})
	go func() {
		for range n {
			<-ping
			pong <- struct{}{}
		}
	}()
	start := time.Now()
	for range n {
		ping <- struct{}{}
		<-pong
	}
	return time.Since(start)
}

// BenchmarkChargedServiceCall measures tx_time_get called in a loop by one
// thread: on the zero profile (the service alone) and on the default
// profile, where each call charges and moves the clock. The difference is
// the cost of charging (goal: under 50 ns).
func BenchmarkChargedServiceCall(b *testing.B) {
	for _, p := range []*Profile{ProfileZero, ProfileDefault} {
		b.Run(p.Name, func(b *testing.B) {
			e := NewEngine(1, WithZeroTimeLimit(0), WithProfile(p))
			defer e.Close()
			var th Thread
			n := b.N
			e.AddKernel("d", func([]byte) {
				ThreadCreate(&th, "t", func(nx.ULONG) {
					for range n {
						TimeGet()
					}
					ThreadSuspend(&th)
				}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
			})
			b.ResetTimer()
			if err := e.RunFor(time.Hour); err != nil {
				b.Fatal(err)
			}
		})
	}
}
