package packetpool

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/require"
)

// onDevice runs body in a thread (priority 10) of a device whose
// tx_application_define first runs setup, and checks at the end of the test
// that every pool is full again.
func onDevice(t *testing.T, setup func(), body func()) *rtos.Engine {
	t.Helper()
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	t.Cleanup(func() { require.NoError(t, CheckFull(e)) }) // what pooltest.Verify does
	var th rtos.Thread
	ran := false
	e.AddKernel("dev", func([]byte) {
		setup()
		require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&th, "app", func(nx.ULONG) { body(); ran = true },
			0, make([]byte, 1024), 10, 10, 0, nx.TX_AUTO_START))
	})
	require.NoError(t, e.RunFor(10*time.Second))
	require.True(t, ran, "the body did not finish")
	return e
}

// inContext runs call in the given context of a device after setup, as
// rtos's tests do: init, a thread, a timer, an ISR, or outside every device.
func inContext(t *testing.T, c rtos.Context, setup func(), call func() nx.Status) nx.Status {
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
			rtos.ThreadCreate(&th, "caller", func(nx.ULONG) { do() }, 0, make([]byte, 1024), 10, 10, 0, nx.TX_AUTO_START)
		case rtos.ContextTimer:
			rtos.TimerCreate(&tm, "caller", func(nx.ULONG) { do() }, 0, 1, 0, nx.TX_AUTO_ACTIVATE)
		}
	})
	if c == rtos.ContextISR {
		k.Interrupt(time.Millisecond, do)
	}
	require.NoError(t, e.RunFor(time.Second))
	if c == rtos.ContextNone {
		do()
	}
	require.True(t, ran)
	return got
}

type statusCase struct {
	name    string
	checked bool // a code of the nxe_ layer, removed by nx_disable_error_checking
	call    func(t *testing.T) nx.Status
	want    nx.Status
}

func runStatusTable(t *testing.T, cases []statusCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if tc.checked && !errorChecking {
				t.Skip("an nxe_ code: removed by nx_disable_error_checking")
			}
			require.Equal(t, tc.want, tc.call(t))
		})
	}
}
