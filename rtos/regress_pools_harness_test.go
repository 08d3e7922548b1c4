package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/require"
)

// cTest is a port of one ThreadX regression test (test/tx/regression/ in
// eclipse-threadx/threadx): check(ok, n) is the C test's
// "if (!ok) test_control_return(n)" — a failed check reports the C error
// number — and pass() is its final test_control_return(0), which the test
// must reach. The C program ends there; here pass terminates the test's
// threads still running (others), so that their endless loops end too.
type cTest struct {
	t      *testing.T
	passed bool
	isr    func() // test_isr_dispatch: called from every tick while set
}

func (c *cTest) check(ok bool, n int) {
	c.t.Helper()
	if !ok {
		c.t.Errorf("ThreadX regression test failed at error point %d", n)
	}
}

func (c *cTest) pass(others ...*Thread) {
	c.passed = true
	for _, t := range others {
		ThreadTerminate(t)
	}
}

// runCTest runs define as the test's application_define on one device for
// virtual duration d, on the host CPU profile (the one the C suite's
// numbers come from, reference/netx-observed.md). As ThreadX's harness calls
// test_isr_dispatch from the timer interrupt, c.isr runs at every tick while
// a test sets it.
func runCTest(t *testing.T, d time.Duration, define func(c *cTest)) {
	t.Helper()
	c := &cTest{t: t}
	e := NewEngine(1, WithProfile(ProfileHost))
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) { define(c) })
	k.OnTick(func() {
		if c.isr != nil {
			c.isr()
		}
	})
	require.NoError(t, e.RunFor(d))
	require.True(t, c.passed, "the test did not reach its final test_control_return(0)")
}

// cThread creates a test thread as the C tests do: priority == threshold,
// the given time slice, auto-started or not.
func cThread(c *cTest, th *Thread, name string, priority nx.UINT, slice nx.ULONG, autoStart nx.UINT, entry func()) {
	c.t.Helper()
	st := ThreadCreate(th, name, func(nx.ULONG) { entry() }, 0, make([]byte, 1024), priority, priority, slice, autoStart)
	c.check(st == nx.TX_SUCCESS, 1)
}

// ticks is n ticks of the default 100 Hz kernel.
func ticks(n int) time.Duration { return time.Duration(n) * 10 * time.Millisecond }

// sleepThroughTimerAndISR is the end of thread 0 in the C basic tests: a
// timer whose expiration function checks the caller errors of a timer is
// created, and thread 0 sleeps while it and the test ISR (dispatched from the
// ticks meanwhile) run; thread 1 (if any) is resumed half-way.
func (c *cTest) sleepThroughTimerAndISR(timer *Timer, timerEntry func(nx.ULONG), isr func(), thread1 *Thread) {
	TimerCreate(timer, "timer 0", timerEntry, 0, 1, 1, nx.TX_AUTO_ACTIVATE)
	c.isr = isr
	ThreadSleep(3)
	if thread1 != nil {
		ThreadResume(thread1)
		ThreadSleep(3)
	}
	c.isr = nil
}

// relinquishForever is thread 1 of the C basic tests; the CPU time of its
// service calls lets the ticks come.
func relinquishForever() {
	for {
		ThreadRelinquish()
	}
}
