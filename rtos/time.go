package rtos

import (
	"fmt"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// TimeGet is tx_time_get: the calling device's tick counter, a ULONG that
// wraps from 0xFFFFFFFF to 0. Outside every device it returns 0.
func TimeGet() nx.ULONG {
	defer Leave(Enter(opTimeGet))
	k := currentKernel()
	if k == nil {
		return 0
	}
	return k.clock()
}

// TimeSet is tx_time_set: the tick counter continues from newTime. Timers and
// timeouts are relative and do not move.
func TimeSet(newTime nx.ULONG) {
	defer Leave(Enter(opTimeSet))
	if k := currentKernel(); k != nil {
		k.clockOffset = newTime - nx.ULONG(k.ticksElapsed(k.engine.now))
	}
}

// Busy models CPU work that calls no service: the calling thread computes
// for d of virtual time. Meanwhile ticks, timer expirations and interrupts
// happen, more urgent threads preempt it (the work then takes longer), and
// its time slice runs out. Services charge their own cost (the device's CPU
// profile); Busy is for the application's own loops — the one edit beyond
// renaming that a port may need, in a loop that calls no service at all.
// TX_CALLER_ERROR from anything but a thread; a negative d fails the run.
func Busy(d time.Duration) nx.Status {
	t := currentThread()
	if t == nil {
		return nx.TX_CALLER_ERROR
	}
	k := t.k
	if d < 0 {
		k.engine.fail(fmt.Errorf("rtos: device %q: thread %q called rtos.Busy(%v): a negative duration", k.name, t.name, d))
		t.park()
		return nx.TX_CALLER_ERROR
	}
	k.engine.countWork(k)
	k.spendThread(t, d)
	return nx.TX_SUCCESS
}
