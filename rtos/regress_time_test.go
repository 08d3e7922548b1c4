package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressTimeGetSet ports threadx_time_get_set_test.c: after
// tx_time_set(0) a sleep of 35 ticks reads 35 (#2), and tx_time_set(7) reads
// back 7 (#3).
func TestRegressTimeGetSet(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			rtos.ThreadSleep(1)
			rtos.TimeSet(0)
			rtos.ThreadSleep(35)
			if now := rtos.TimeGet(); now != 35 {
				r.failf(2, "now %d", now)
				return
			}
			rtos.TimeSet(7)
			if now := rtos.TimeGet(); now != 7 {
				r.failf(3, "now %d", now)
				return
			}
			r.ret(0)
		}, 1, 16, 16, 3, nx.TX_AUTO_START)
		r.check(1, st, nx.TX_SUCCESS)
	})
}
