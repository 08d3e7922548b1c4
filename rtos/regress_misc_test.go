package rtos_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressInitializeKernelSetup ports
// threadx_initialize_kernel_setup_test.c: after the kernel is set up and
// before the scheduler starts, the system is in its initialization state
// (_tx_thread_system_state == TX_INITIALIZE_ALMOST_DONE). The C test calls
// _tx_initialize_kernel_setup from its own main and reads the internal
// state; the port reads the same state the way services see it: the code of
// tx_application_define runs in the initialization context.
func TestRegressInitializeKernelSetup(t *testing.T) {
	e := rtos.NewEngine(1)
	defer e.Close()
	got := rtos.ContextNone
	e.AddKernel("dev", func([]byte) { got, _ = rtos.CurrentContext() })
	if err := e.RunFor(time.Millisecond); err != nil {
		t.Fatal(err)
	}
	if got != rtos.ContextInit {
		t.Fatalf("tx_application_define ran in %v, want %v", got, rtos.ContextInit)
	}
}

// TestRegressInterruptControl ports threadx_interrupt_control_test.c:
// tx_interrupt_control(TX_INT_DISABLE) returns the old posture, and
// restoring it returns TX_INT_DISABLE, the posture it replaces (#2); the
// thread then sleeps, which needs the tick interrupts back.
func TestRegressInterruptControl(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		counter := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			saved := rtos.InterruptControl(nx.TX_INT_DISABLE)
			counter++
			saved = rtos.InterruptControl(saved)
			rtos.ThreadSleep(2)
			if saved != nx.TX_INT_DISABLE {
				r.failf(2, "posture %d", saved)
				return
			}
			r.ret(0)
		}, 1, 17, 17, 100, nx.TX_AUTO_START)
		r.check(1, st, nx.TX_SUCCESS)
	})
}
