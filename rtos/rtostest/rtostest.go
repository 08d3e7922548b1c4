// Package rtostest has the helpers that tests of packages built on rtos
// (packetpool, netx, securedtls) share: running a call in a chosen ThreadX
// context, and status-code tables.
package rtostest

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/require"
)

// InContext runs setup in the tx_application_define of a fresh one-device
// engine, then call in the context c: rtos.ContextInit (right after setup),
// ContextThread (a thread at priority 10), ContextTimer (a timer expiration
// function at tick 1), ContextISR (an interrupt at 1 ms) or ContextNone
// (from the test, after the engine ran). It returns what call returned.
func InContext(t *testing.T, c rtos.Context, setup func(), call func() nx.Status) nx.Status {
	t.Helper()
	var got nx.Status
	ran := false
	do := func() { got, ran = call(), true }
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	var th rtos.Thread
	var tm rtos.Timer
	k := e.AddKernel("dev", func([]byte) {
		setup()
		switch c {
		case rtos.ContextInit:
			do()
		case rtos.ContextThread:
			require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&th, "caller", func(nx.ULONG) { do() }, 0, make([]byte, 1024), 10, 10, 0, nx.TX_AUTO_START))
		case rtos.ContextTimer:
			require.Equal(t, nx.TX_SUCCESS, rtos.TimerCreate(&tm, "caller", func(nx.ULONG) { do() }, 0, 1, 0, nx.TX_AUTO_ACTIVATE))
		}
	})
	if c == rtos.ContextISR {
		k.Interrupt(time.Millisecond, do)
	}
	require.NoError(t, e.RunFor(time.Second))
	if c == rtos.ContextNone {
		do()
	}
	require.True(t, ran, "the call did not run in the %v context", c)
	return got
}

// StatusCase is one row of a service's status table: what the call returns
// in a given situation. Checked rows expect a code of the parameter-checking
// layer (txe_, nxe_, nxe_secure_), which the error-checking-off build tags
// remove.
type StatusCase struct {
	Name    string
	Checked bool
	Call    func(t *testing.T) nx.Status
	Want    nx.Status
}

// RunStatusTable runs each row as a subtest. errorChecking says whether the
// package under test was built with its checking layer; checked rows are
// skipped when it was not.
func RunStatusTable(t *testing.T, errorChecking bool, cases []StatusCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.Name, func(t *testing.T) {
			if tc.Checked && !errorChecking {
				t.Skip("a code of the error-checking layer, removed by the build tag")
			}
			require.Equal(t, tc.Want, tc.Call(t))
		})
	}
}
