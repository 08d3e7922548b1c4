package netx

import (
	"unsafe"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// The caller checks of NetX's nxe_ layer (nx_port.h); each says whether the
// call must be refused with NX_CALLER_ERROR.

// notThreads is NX_THREADS_ONLY_CALLER_CHECKING: ISR, initialization and
// the system timer thread are refused. The IP thread is a thread.
func notThreads() bool {
	c, _ := rtos.CurrentContext()
	return c != rtos.ContextThread
}

// notInitOrThreads is NX_INIT_AND_THREADS_CALLER_CHECKING.
func notInitOrThreads() bool {
	c, _ := rtos.CurrentContext()
	return c != rtos.ContextThread && c != rtos.ContextInit
}

// inISR is NX_NOT_ISR_CALLER_CHECKING.
func inISR() bool {
	c, _ := rtos.CurrentContext()
	return c == rtos.ContextISR
}

// classABC reports whether a non-zero IPv4 address is class A, B or C, as
// nxe_ip_create and nxe_ip_address_set require.
func classABC(a nx.ULONG) bool { return a < 0xE0000000 }

// stacksOverlap reports whether two byte areas share memory.
func stacksOverlap(a, b []byte) bool {
	if len(a) == 0 || len(b) == 0 {
		return false
	}
	as := uintptr(unsafe.Pointer(unsafe.SliceData(a)))
	bs := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	return as < bs+uintptr(len(b)) && bs < as+uintptr(len(a))
}

// ownKernel returns the calling device if it owns the instance, else nil.
func (ip *IP) ownKernel() *rtos.Kernel {
	_, k := rtos.CurrentContext()
	if k == nil || k != ip.k {
		return nil
	}
	return k
}
