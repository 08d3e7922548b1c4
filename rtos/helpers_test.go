package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/require"
)

// device runs define as the tx_application_define of a one-device engine,
// runs it for d and returns the engine (closed when the test ends).
func device(t *testing.T, d time.Duration, define func(), opts ...KernelOption) *Engine {
	t.Helper()
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) { define() }, opts...)
	require.NoError(t, e.RunFor(d))
	return e
}

// spawn creates an auto-started thread with priority == threshold and no
// time slice.
func spawn(t *testing.T, th *Thread, name string, priority nx.UINT, entry func()) {
	t.Helper()
	spawnSliced(t, th, name, priority, 0, entry)
}

func spawnSliced(t *testing.T, th *Thread, name string, priority nx.UINT, slice nx.ULONG, entry func()) {
	t.Helper()
	st := ThreadCreate(th, name, func(nx.ULONG) { entry() }, 0, make([]byte, 1024), priority, priority, slice, nx.TX_AUTO_START)
	require.Equal(t, nx.TX_SUCCESS, st)
}

// inContext runs call in the given context of a fresh device and returns
// what it returned: ContextInit (tx_application_define), ContextThread (a
// thread at priority 10), ContextTimer (a timer expiration function),
// ContextISR (an interrupt) or ContextNone (the test itself).
func inContext(t *testing.T, c Context, call func() nx.Status) nx.Status {
	t.Helper()
	return inContextAfter(t, c, func() {}, call)
}

// inContextAfter is inContext with setup run first in tx_application_define.
func inContextAfter(t *testing.T, c Context, setup func(), call func() nx.Status) nx.Status {
	t.Helper()
	var got nx.Status
	ran := false
	do := func() { got, ran = call(), true }
	if c == ContextNone {
		e := NewEngine(1)
		t.Cleanup(e.Close)
		e.AddKernel("dev", func([]byte) { setup() })
		do()
		return got
	}
	var th Thread
	var tm Timer
	e := NewEngine(1)
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) {
		setup()
		switch c {
		case ContextInit:
			do()
		case ContextThread:
			spawn(t, &th, "caller", 10, do)
		case ContextTimer:
			require.Equal(t, nx.TX_SUCCESS, TimerCreate(&tm, "caller", func(nx.ULONG) { do() }, 0, 1, 0, nx.TX_AUTO_ACTIVATE))
		}
	})
	if c == ContextISR {
		k.Interrupt(time.Millisecond, do)
	}
	require.NoError(t, e.RunFor(time.Second))
	require.True(t, ran, "the call did not run in %v", c)
	return got
}

// waitOutcome returns the status of a wait that a thread at priority 10
// starts (wait), after a thread at priority 20 disturbs it (disturb runs
// once the waiter is suspended; nil: nothing disturbs it). setup runs first
// in tx_application_define.
func waitOutcome(t *testing.T, setup func(), wait func() nx.Status, disturb func(waiter *Thread)) nx.Status {
	t.Helper()
	var waiter, disturber Thread
	got := nx.Status(0xDEAD)
	device(t, 10*time.Second, func() {
		setup()
		spawn(t, &waiter, "waiter", 10, func() { got = wait() })
		spawn(t, &disturber, "disturber", 20, func() {
			if disturb != nil {
				disturb(&waiter)
			}
		})
	})
	return got
}

// statusCase is one row of a service's status table: what the call returns
// in a given situation. checked rows return codes of the txe_ layer, which
// the tx_disable_error_checking build removes.
type statusCase struct {
	name    string
	checked bool
	call    func(t *testing.T) nx.Status
	want    nx.Status
}

func runStatusTable(t *testing.T, cases []statusCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.checked && !errorChecking {
				t.Skip("a txe_ code: removed by tx_disable_error_checking")
			}
			require.Equal(t, tc.want, tc.call(t))
		})
	}
}
