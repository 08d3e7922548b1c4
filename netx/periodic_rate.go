package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// IPPeriodicRate is NX_IP_PERIODIC_RATE of the calling device: the ticks
// in one second, which NetX defines as TX_TIMER_TICKS_PER_SECOND
// (nx_api.h). The constant nx.NX_IP_PERIODIC_RATE is 100, right only on a
// device at the default tick rate; a port whose device runs at another
// rate writes netx.IPPeriodicRate() where C writes NX_IP_PERIODIC_RATE.
// NetX's own timing — the IP thread's one-second periodic work (ARP
// retries and aging, reassembly timeouts) — follows the device's rate.
func IPPeriodicRate() nx.ULONG { return rtos.TimerTicksPerSecond() }
