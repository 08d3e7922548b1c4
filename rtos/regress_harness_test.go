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
// testcontrol.c runs a test, on the host CPU profile (what the ThreadX
// Linux port costs, so that loops of services let ticks come as in the C
// build), and fails t with the test's ERROR numbers if the test returned a
// non-zero status or printed an error, or if it never returned.
func runRegress(t *testing.T, define func(r *regress), opts ...rtos.EngineOption) {
	t.Helper()
	if msg := regressRun(define, regressLimit, opts...).verdict(); msg != "" {
		t.Fatal(msg)
	}
}

// regressResult is how a ported test ended.
type regressResult struct {
	done   bool          // test_control_return was called
	status nx.UINT       // its status
	errs   []string      // what the test printed as errors
	err    error         // the run could not go on (a panic, a deadlock, the watchdog)
	at     time.Duration // the virtual instant the run stopped
}

// verdict is "" for a test that returned 0 and printed no error, else what
// went wrong.
func (res regressResult) verdict() string {
	switch {
	case res.err != nil:
		return fmt.Sprintf("run ended at %v before test_control_return: %v\nprinted: %v", res.at, res.err, res.errs)
	case !res.done:
		return fmt.Sprintf("no test_control_return by %v; printed: %v", res.at, res.errs)
	case res.status != 0 || len(res.errs) > 0:
		return fmt.Sprintf("test_control_return(%d) at %v; printed: %v", res.status, res.at, res.errs)
	}
	return ""
}

// regressRun runs define on a fresh one-device engine, at most limit of
// virtual time, and says how it ended.
func regressRun(define func(r *regress), limit time.Duration, opts ...rtos.EngineOption) regressResult {
	r := &regress{memory: make([]byte, regressMemorySize)}
	e := rtos.NewEngine(1, append([]rtos.EngineOption{rtos.WithProfile(rtos.ProfileHost)}, opts...)...)
	defer e.Close()
	r.k = e.AddKernel("dev", func([]byte) {
		cleanupInit := r.initialize()
		st := rtos.ThreadCreate(&r.control, "test control thread", func(nx.ULONG) {
			cleanupInit()
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
	var err error
	for !r.done && e.Now() < limit && err == nil {
		err = e.RunFor(100 * time.Millisecond)
	}
	return regressResult{done: r.done, status: r.status, errs: r.errs, err: err, at: e.Now()}
}

// initialize does what testcontrol.c's tx_application_define does with
// the services of this group before the control thread starts: a mutex
// taken and given twice, and, with the txe_ layer, a semaphore and an
// auto-activated timer created from initialization and a relinquish that
// the txe_ layer throws out. It returns what test_control_cleanup deletes
// after the first C test; a fresh engine per test deletes it before the
// test runs, so that no test sees it.
func (r *regress) initialize() (cleanup func()) {
	var m1, m2 rtos.Mutex
	var sem rtos.Semaphore
	var tm rtos.Timer
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
	if txeOn {
		r.init.semaphore = rtos.SemaphoreCreate(&sem, "init semaphore", 0)
		r.init.timer = rtos.TimerCreate(&tm, "init timer", func(nx.ULONG) {}, 0x5678, 100, 200, nx.TX_AUTO_ACTIVATE)
		rtos.ThreadRelinquish()
	}
	return func() {
		st := rtos.MutexDelete(&m1)
		st += rtos.MutexDelete(&m2)
		if txeOn {
			st += rtos.SemaphoreDelete(&sem)
			st += rtos.TimerDeactivate(&tm)
			st += rtos.TimerDelete(&tm)
		}
		if st != nx.TX_SUCCESS {
			r.errorf("test_control_cleanup of the init objects: %v", st)
		}
	}
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
	// test_control_return enables interrupts and counts a system error if
	// they were disabled: a test thread must never return so.
	if rtos.InterruptControl(nx.TX_INT_ENABLE) == nx.TX_INT_DISABLE {
		r.errorf("SYSTEM ERROR: test returned with interrupts disabled")
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
// interrupt context at every tick of the device (nil stops it). The
// dispatcher is test_interrupt_dispatch, attached with Kernel.OnTick the
// first time a test sets an ISR. Adapted: the C port calls it just before
// _tx_timer_interrupt, OnTick just after the tick's own work; no ported
// test depends on that order.
func (r *regress) setISR(isr func()) {
	r.isr = isr
	if isr != nil && !r.tickISR {
		r.tickISR = true
		r.k.OnTick(r.dispatch)
	}
}

// dispatch is test_interrupt_dispatch (testcontrol.c).
func (r *regress) dispatch() {
	if txeOn {
		// It first checks that the txe_ layer throws tx_thread_relinquish
		// out of an ISR.
		rtos.ThreadRelinquish()
	}
	if r.isr != nil {
		r.isr()
	}
}

// stack carves n bytes from the test's free memory, as the C tests advance
// their `pointer` past each stack and storage area.
func (r *regress) stack(n int) []byte {
	if n > len(r.memory) {
		r.errorf("test memory exhausted: %d bytes wanted, %d left", n, len(r.memory))
		return nil
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

// spinProfile is the host profile with a clock 100 times slower, for the
// ports whose threads spin on services until a tick preempts them
// (relinquish, time-slice, priority-change and wait-abort loops): the same schedule
// with 100 times fewer calls per tick, so that they stay fast under -race.
// What those tests check — counts relative to one another, and the ticks at
// which things happen — does not depend on the number of calls per tick.
func spinProfile() rtos.EngineOption {
	p := *rtos.ProfileHost
	p.Name = "host/100"
	p.ClockHz /= 100
	return rtos.WithProfile(&p)
}
