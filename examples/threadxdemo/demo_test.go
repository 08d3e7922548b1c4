package threadxdemo_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nxsim/nxsim/examples/threadxdemo"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// demo_threadx.c, ported line by line with no rtos.Busy, runs for a virtual
// minute on the default CPU profile (a Cortex-M4 at 100 MHz): every service
// costs what it costs there, so threads 1 and 2 stream messages as fast as
// that CPU allows while the clock moves. Its counters keep the relations
// the C demo implies. (Race-detector builds run ten virtual seconds.)
func TestDemoCountersOnTheDefaultProfile(t *testing.T) {
	seconds := 60
	if raceBuild || testing.Short() {
		seconds = 10
	}
	e := rtos.NewEngine(1)
	defer e.Close()
	var d threadxdemo.Demo
	e.AddKernel("board", d.ApplicationDefine)
	// A millisecond past the last tick, so that what that tick woke has run.
	require.NoError(t, e.RunFor(time.Duration(seconds)*time.Second+time.Millisecond))
	require.Equal(t, nx.TX_SUCCESS, d.ApplicationDefineFailure)
	ticks := nx.ULONG(seconds * 100)
	assert.Equal(t, ticks/10+1, d.Thread0Counter, "thread 0 counts every 10th tick")
	assert.Equal(t, d.Thread0Counter, d.Thread5Counter, "thread 5 sees each of thread 0's flags")
	assert.LessOrEqual(t, absDiff(d.Thread3Counter, d.Thread4Counter), nx.ULONG(1), "threads 3 and 4 take turns")
	assert.LessOrEqual(t, absDiff(d.Thread6Counter, d.Thread7Counter), nx.ULONG(1), "threads 6 and 7 take turns")
	assert.LessOrEqual(t, d.Thread2MessagesReceived, d.Thread1MessagesSent)
	assert.LessOrEqual(t, d.Thread1MessagesSent, d.Thread2MessagesReceived+100, "the queue holds 100 messages")
	assert.Greater(t, d.Thread1MessagesSent, nx.ULONG(1000*seconds), "the message threads spin while time passes")
}

func absDiff(a, b nx.ULONG) nx.ULONG {
	if a > b {
		return a - b
	}
	return b - a
}

// The trace says which service a thread called and what it waits on, and
// the timeline export is Trace Event JSON with one process per device and
// one track per thread.
func TestDemoTraceAndTimeline(t *testing.T) {
	var trace bytes.Buffer
	tl := rtos.NewTimeline()
	e := rtos.NewEngine(1, rtos.WithTrace(&trace), rtos.WithTimeline(tl))
	defer e.Close()
	var d threadxdemo.Demo
	e.AddKernel("board", d.ApplicationDefine)
	require.NoError(t, e.RunFor(100*time.Millisecond))
	assert.Contains(t, trace.String(), " board suspend thread 1 tx_queue_send queue 0\n")
	assert.Contains(t, trace.String(), " board suspend thread 4 tx_semaphore_get semaphore 0\n")

	var out bytes.Buffer
	_, err := tl.WriteTo(&out)
	require.NoError(t, err)
	var doc struct {
		TraceEvents []struct {
			Name string         `json:"name"`
			Ph   string         `json:"ph"`
			Pid  int            `json:"pid"`
			Args map[string]any `json:"args"`
		} `json:"traceEvents"`
	}
	require.NoError(t, json.Unmarshal(out.Bytes(), &doc))
	tracks := map[string]bool{}
	phases := map[string]bool{}
	slices := map[string]bool{}
	for _, ev := range doc.TraceEvents {
		phases[ev.Ph] = true
		if ev.Ph == "M" {
			tracks[ev.Args["name"].(string)] = true
		}
		if ev.Ph == "X" {
			slices[ev.Name] = true
		}
	}
	for _, want := range []string{"device board", "interrupts", "thread 0", "thread 1", "thread 2", "thread 7"} {
		assert.True(t, tracks[want], "track %q", want)
	}
	assert.True(t, phases["i"], "timer expirations as instants")
	for _, want := range []string{"running", "ready", "suspended: tx_thread_sleep", "suspended: tx_queue_send queue 0"} {
		assert.True(t, slices[want], "slice %q", want)
	}
}

// BenchmarkDemoVirtualSecond runs the demonstration on the default profile
// and reports how many virtual seconds pass per wall second.
func BenchmarkDemoVirtualSecond(b *testing.B) {
	e := rtos.NewEngine(1)
	defer e.Close()
	var d threadxdemo.Demo
	e.AddKernel("board", d.ApplicationDefine)
	b.ResetTimer()
	for range b.N {
		if err := e.RunFor(time.Second); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "virtual-s/s")
}
