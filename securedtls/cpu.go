package securedtls

import (
	"time"

	"github.com/nxsim/nxsim/rtos"
)

// serviceCost is what one call of a DTLS service that can be called in a
// loop costs the calling thread, so that a loop of calls lets time pass as
// on the board (DESIGN.md, "CPU time"). It stands in for the rtos
// CPU-profile API (rtos.Enter/Charge with per-device profiles) until that
// lands; each service then starts with defer rtos.Leave(rtos.Enter(op))
// instead. 20 µs is a few thousand cycles of a 100 MHz Cortex-M for the
// service's bookkeeping, a placeholder rather than a measured figure.
const serviceCost = 20 * time.Microsecond

// enter charges serviceCost to the calling thread; other contexts are free.
func enter() {
	if ctx, _ := rtos.CurrentContext(); ctx == rtos.ContextThread {
		rtos.Busy(serviceCost)
	}
}
