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
// virtual duration d; isrs are interrupts (the C harness's test ISRs) at
// virtual instants, as ThreadX's test harness calls them from the tick.
func runCTest(t *testing.T, d time.Duration, define func(c *cTest), isrs ...timedISR) {
	t.Helper()
	c := &cTest{t: t}
	e := NewEngine(1)
	t.Cleanup(e.Close)
	k := e.AddKernel("dev", func([]byte) { define(c) })
	for _, i := range isrs {
		k.Interrupt(i.at, i.isr)
	}
	require.NoError(t, e.RunFor(d))
	require.True(t, c.passed, "the test did not reach its final test_control_return(0)")
}

// timedISR is a test ISR and the virtual instant it runs at.
type timedISR struct {
	at  time.Duration
	isr func()
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
// created, and thread 0 sleeps while it and the test ISR run; thread 1 (if
// any) is resumed half-way.
func sleepThroughTimerAndISR(timer *Timer, timerEntry func(nx.ULONG), thread1 *Thread) {
	TimerCreate(timer, "timer 0", timerEntry, 0, 1, 1, nx.TX_AUTO_ACTIVATE)
	ThreadSleep(3)
	if thread1 != nil {
		ThreadResume(thread1)
		ThreadSleep(3)
	}
}

// relinquishForever is thread 1 of the C basic tests. Alone, a relinquish
// loop lets no virtual time pass until service calls are charged CPU time
// (issue 7), so each round also calls Busy for a tick.
func relinquishForever() {
	for {
		ThreadRelinquish()
		Busy(ticks(1))
	}
}
