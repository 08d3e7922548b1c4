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
// device that ping-pong through two semaphores (two switches per round).
func BenchmarkThreadSwitch(b *testing.B) {
	e := NewEngine(1, WithZeroTimeLimit(0))
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
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(2*n), "ns/switch")
}
