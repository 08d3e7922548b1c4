package rtos

import "github.com/nxsim/nxsim/nx"

// TimerTicksPerSecond is TX_TIMER_TICKS_PER_SECOND of the calling device:
// the tick rate its kernel was created with (TicksPerSecond option,
// default nx.TX_TIMER_TICKS_PER_SECOND = 100). In C it is a build-time
// macro; here devices of one simulation may run at different rates, so
// code that converts seconds to ticks asks its own device. Outside every
// device it is the default.
func TimerTicksPerSecond() nx.ULONG {
	if k := currentKernel(); k != nil {
		return nx.ULONG(k.ticksPerSecond)
	}
	return nx.TX_TIMER_TICKS_PER_SECOND
}
