package rtos_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// The Go harness of the ports of ThreadX's regression suite
// (eclipse-threadx/threadx, test/tx/regression/testcontrol.c). Each C test
// is a function named threadx_*_application_define that testcontrol.c calls
// from its test control thread (priority 0, raised from 17 by
// test_control_thread_entry), with the start of free memory as argument; the
// control thread then suspends itself. The test's threads report through
// test_control_return(status), which resumes the control thread: at
// priority 0 it preempts the reporter at once, deletes every object and
// thread of the test (test_control_cleanup), and moves on. A failing check
// prints "ERROR #N" and returns 1. test_isr_dispatch, when a test sets it,
// is called on every tick by the port's timer interrupt, just before
// _tx_timer_interrupt (test/tx/cmake/regression/generate_test_file.sh).
//
// The Go harness does the same on a fresh one-device engine per test: a
// control thread at priority 0 runs the ported define, suspends itself, and
// is resumed by ret; it then terminates the test's threads so that the
// reporter never runs again, and the run ends.

// regressStackSize is TEST_STACK_SIZE_PRINTF of the C build
// (test/tx/cmake/CMakeLists.txt).
const regressStackSize = 4096

// regressMemorySize is the size of testcontrol.c's tests_memory, the free
// memory handed to each test.
const regressMemorySize = 0x60000

// regressLimit bounds a test's virtual run: a test that has not called
// test_control_return by then has hung.
const regressLimit = 30 * time.Minute

// regress is one ported test while it runs: test_control_return's status,
// the ERROR numbers printed, the ISR dispatch hook and the free memory.
type regress struct {
	t       *testing.T
	k       *rtos.Kernel
	control rtos.Thread
	done    bool
	status  nx.UINT
	errs    []string
	isr     func()
	tickISR bool
	memory  []byte
	init    initStatuses
}

// initStatuses are the statuses testcontrol.c's tx_application_define
// gathers before any test runs (test_mutex_from_init,
// test_semaphore_from_init, test_timer_create_init), for the tests that
// check them.
type initStatuses struct {
	mutex, semaphore, timer nx.Status
}

// runRegress runs define (a ported threadx_*_application_define) as
// testcontrol.c runs a test, and fails t with the test's ERROR numbers if
// the test returned a non-zero status, or if it never returned.
func runRegress(t *testing.T, define func(r *regress), opts ...rtos.EngineOption) {
	t.Helper()
	r := &regress{t: t, memory: make([]byte, regressMemorySize)}
	e := rtos.NewEngine(1, opts...)
	defer e.Close()
	r.k = e.AddKernel("dev", func([]byte) {
		r.initialize()
		st := rtos.ThreadCreate(&r.control, "test control thread", func(nx.ULONG) {
			define(r)
			if !r.done { // a define that failed returned already
				rtos.ThreadSuspend(&r.control)
			}
			r.cleanup()
		}, 0, make([]byte, 6144), 0, 0, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if st != nx.TX_SUCCESS {
			r.errorf("test control thread create: %v", st)
		}
	})
	for !r.done && e.Now() < regressLimit {
		if err := e.RunFor(100 * time.Millisecond); err != nil {
			t.Fatalf("run ended at %v before test_control_return: %v\nprinted: %v", e.Now(), err, r.errs)
		}
	}
	switch {
	case !r.done:
		t.Fatalf("no test_control_return within %v; printed: %v", regressLimit, r.errs)
	case r.status != 0 || len(r.errs) > 0:
		t.Fatalf("test_control_return(%d) at %v; printed: %v", r.status, e.Now(), r.errs)
	}
}

// initialize does what testcontrol.c's tx_application_define does with
// the services of this group before the control thread starts: a mutex
// taken and given twice, and, with the txe_ layer, a semaphore and an
// auto-activated timer created from initialization and a relinquish that
// the txe_ layer throws out. The C suite's test_control_cleanup deletes
// the init objects after the first test; a fresh engine per test deletes
// them at once so that no test sees them.
func (r *regress) initialize() {
	var m1, m2 rtos.Mutex
	// As in C, the second create overwrites the first sum.
	r.init.mutex = rtos.MutexCreate(&m1, "init mutex", nx.TX_INHERIT)
	r.init.mutex += rtos.MutexGet(&m1, nx.TX_NO_WAIT)
	r.init.mutex += rtos.MutexGet(&m1, nx.TX_NO_WAIT)
	r.init.mutex += rtos.MutexPut(&m1)
	r.init.mutex += rtos.MutexPut(&m1)
	r.init.mutex = rtos.MutexCreate(&m2, "init mutex", nx.TX_INHERIT)
	r.init.mutex += rtos.MutexGet(&m2, nx.TX_NO_WAIT)
	r.init.mutex += rtos.MutexGet(&m2, nx.TX_NO_WAIT)
	r.init.mutex += rtos.MutexPut(&m2)
	r.init.mutex += rtos.MutexPut(&m2)
	rtos.MutexDelete(&m1)
	rtos.MutexDelete(&m2)
	if !txeOn {
		return
	}
	var sem rtos.Semaphore
	var tm rtos.Timer
	r.init.semaphore = rtos.SemaphoreCreate(&sem, "init semaphore", 0)
	r.init.timer = rtos.TimerCreate(&tm, "init timer", func(nx.ULONG) {}, 0x5678, 100, 200, nx.TX_AUTO_ACTIVATE)
	rtos.ThreadRelinquish()
	rtos.SemaphoreDelete(&sem)
	rtos.TimerDeactivate(&tm)
	rtos.TimerDelete(&tm)
}

// failf is the C tests' failure path: printf("... ERROR #n\n") then
// test_control_return(1); the Go message adds the values that failed.
func (r *regress) failf(n int, format string, args ...any) {
	r.errorf("ERROR #%d: %s", n, fmt.Sprintf(format, args...))
	r.ret(1)
}

// check is the C idiom `if (status != want) { ERROR #n }` for a service
// status; it reports whether the check passed.
func (r *regress) check(n int, got, want nx.Status) bool {
	if got == want {
		return true
	}
	r.failf(n, "status %v, want %v", got, want)
	return false
}

func (r *regress) errorf(format string, args ...any) {
	if !r.done {
		r.errs = append(r.errs, fmt.Sprintf(format, args...))
	}
}

// ret is test_control_return: the first call records the status and resumes
// the control thread, which preempts the caller (a thread) or runs when the
// caller (a timer or an ISR) returns.
func (r *regress) ret(status nx.UINT) {
	if r.done {
		return
	}
	r.done, r.status = true, status
	r.isr = nil
	rtos.ThreadResume(&r.control)
}

// cleanup is test_control_cleanup, reduced to what matters on a fresh
// engine per test: the test's threads are terminated so that none runs on.
func (r *regress) cleanup() {
	for _, th := range r.k.Threads() {
		if th != &r.control {
			rtos.ThreadTerminate(th)
		}
	}
}

// setISR sets test_isr_dispatch: from the next tick on, isr runs in
// interrupt context at every tick of the device (nil stops it).
func (r *regress) setISR(isr func()) {
	r.isr = isr
	if isr == nil || r.tickISR {
		return
	}
	r.tickISR = true
	tick := time.Second / time.Duration(r.k.TicksPerSecond())
	var at time.Duration
	var fire func()
	fire = func() {
		if r.isr == nil {
			r.tickISR = false
			return
		}
		if txeOn {
			// test_interrupt_dispatch first checks that the txe_
			// layer throws tx_thread_relinquish out of an ISR.
			rtos.ThreadRelinquish()
		}
		r.isr()
		at += tick
		r.k.Interrupt(at, fire)
	}
	at = (r.k.Engine().Now()/tick + 1) * tick
	r.k.Interrupt(at, fire)
}

// stack carves n bytes from the test's free memory, as the C tests advance
// their `pointer` past each stack and storage area.
func (r *regress) stack(n int) []byte {
	if n > len(r.memory) {
		r.t.Fatalf("test memory exhausted: %d bytes wanted, %d left", n, len(r.memory))
	}
	s := r.memory[:n:n]
	r.memory = r.memory[n:]
	return s
}

// create is tx_thread_create with a stack of TEST_STACK_SIZE_PRINTF bytes
// carved from the test's memory.
func (r *regress) create(th *rtos.Thread, name string, entry func(nx.ULONG), input nx.ULONG,
	priority, threshold nx.UINT, slice nx.ULONG, start nx.UINT) nx.Status {
	return rtos.ThreadCreate(th, name, entry, input, r.stack(regressStackSize), priority, threshold, slice, start)
}
