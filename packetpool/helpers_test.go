package packetpool

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/rtos/rtostest"
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

// inContext and runStatusTable are rtostest's, bound to this package.
func inContext(t *testing.T, c rtos.Context, setup func(), call func() nx.Status) nx.Status {
	t.Helper()
	return rtostest.InContext(t, c, setup, call)
}

// statusCase is a row of rtostest.StatusCase, written positionally.
type statusCase struct {
	name    string
	checked bool // a code of the nxe_ layer, removed by nx_disable_error_checking
	call    func(t *testing.T) nx.Status
	want    nx.Status
}

func runStatusTable(t *testing.T, cases []statusCase) {
	t.Helper()
	rows := make([]rtostest.StatusCase, len(cases))
	for i, c := range cases {
		rows[i] = rtostest.StatusCase{Name: c.name, Checked: c.checked, Call: c.call, Want: c.want}
	}
	rtostest.RunStatusTable(t, errorChecking, rows)
}
