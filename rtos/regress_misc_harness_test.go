package rtos_test

import (
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressHarness checks the harness of the ports against small tests of
// its own: what ends a run, and what a failing port reports.
func TestRegressHarness(t *testing.T) {
	// thread creates one test thread at priority 16 running body.
	thread := func(body func(r *regress)) func(r *regress) {
		return func(r *regress) {
			var th rtos.Thread
			r.create(&th, "thread 0", func(nx.ULONG) { body(r) }, 0, 16, 16, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		}
	}
	ticks := 0
	for _, tc := range []struct {
		name       string
		define     func(r *regress)
		done       bool
		status     nx.UINT
		errs       string // a substring of the printed errors ("" for none)
		atLeast    time.Duration
		wantTicks  int
		wantRunErr bool
	}{
		{name: "success", define: thread(func(r *regress) { r.ret(0) }), done: true},
		{name: "a failed check prints its ERROR number and returns 1", define: thread(func(r *regress) {
			if r.check(7, rtos.ThreadSleep(0), nx.TX_NOT_DONE) {
				r.ret(0)
			}
			panic("test_control_return(1) did not stop the thread")
		}), done: true, status: 1, errs: "ERROR #7"},
		{name: "the control thread's define fails", define: func(r *regress) { r.failf(1, "in define") }, done: true, status: 1, errs: "ERROR #1: in define"},
		{name: "return with interrupts disabled is a system error", define: thread(func(r *regress) {
			rtos.InterruptControl(nx.TX_INT_DISABLE)
			r.ret(0)
		}), done: true, errs: "SYSTEM ERROR"},
		{name: "a test that never returns", define: thread(func(r *regress) { rtos.ThreadSuspend(rtos.ThreadIdentify()) }), atLeast: time.Minute},
		{name: "the ISR runs at every tick, in interrupt context", define: thread(func(r *regress) {
			r.setISR(func() {
				if c, _ := rtos.CurrentContext(); c == rtos.ContextISR {
					ticks++
				}
				if ticks == 10 {
					r.ret(0)
				}
			})
			rtos.ThreadSuspend(rtos.ThreadIdentify())
		}), done: true, wantTicks: 10},
		{name: "a panic ends the run", define: thread(func(*regress) { panic("boom") }), wantRunErr: true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ticks = 0
			res := regressRun(tc.define, time.Minute)
			if res.done != tc.done || res.status != tc.status || (res.err != nil) != tc.wantRunErr {
				t.Fatalf("done %v status %d err %v, want done %v status %d run error %v", res.done, res.status, res.err, tc.done, tc.status, tc.wantRunErr)
			}
			printed := strings.Join(res.errs, "; ")
			if (tc.errs == "") != (printed == "") || !strings.Contains(printed, tc.errs) {
				t.Fatalf("printed %q, want %q", printed, tc.errs)
			}
			if res.at < tc.atLeast || ticks != tc.wantTicks {
				t.Fatalf("stopped at %v after %d ISR ticks, want at least %v and %d ticks", res.at, ticks, tc.atLeast, tc.wantTicks)
			}
			if (tc.errs != "" || !tc.done || tc.wantRunErr) == (res.verdict() == "") {
				t.Fatalf("verdict %q", res.verdict())
			}
		})
	}
}
