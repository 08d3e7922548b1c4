package rtos

import (
	"time"

	"github.com/nxsim/nxsim/nx"
)

// TimeGet is tx_time_get: the calling device's tick counter, a ULONG that
// wraps from 0xFFFFFFFF to 0. Outside every device it returns 0.
func TimeGet() nx.ULONG {
	k := currentKernel()
	if k == nil {
		return 0
	}
	return k.clock()
}

// TimeSet is tx_time_set: the tick counter continues from newTime. Timers and
// timeouts are relative and do not move.
func TimeSet(newTime nx.ULONG) {
	if k := currentKernel(); k != nil {
		k.clockOffset = newTime - nx.ULONG(k.ticksElapsed(k.engine.now))
	}
}

// Busy models CPU work: the calling thread computes for d of virtual time, as
// a loop that calls no service would. Meanwhile ticks, timer expirations and
// interrupts happen, more urgent threads preempt it (the work then takes
// longer), and its time slice runs out. This is not a ThreadX service; it is
// how a rehearsal charges the cost of, say, an RSA signature. TX_CALLER_ERROR
// from anything but a thread.
func Busy(d time.Duration) nx.Status {
	t := currentThread()
	if t == nil {
		return nx.TX_CALLER_ERROR
	}
	if d <= 0 {
		return nx.TX_SUCCESS
	}
	t.busyLeft = d
	t.park()
	return nx.TX_SUCCESS
}
