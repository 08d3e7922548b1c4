package rtos_test

import (
	"testing"
	"time"

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
