package rtos_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressThreadBasicTimeSlice ports
// threadx_thread_basic_time_slice_test.c: a thread with a time slice of 1
// spinning on tx_time_get sees tick 19 come.
func TestRegressThreadBasicTimeSlice(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0 rtos.Thread
		counter := 0
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			for {
				counter++
				if rtos.TimeGet() > 18 {
					r.ret(0)
				}
			}
		}, 1, 16, 16, 1, nx.TX_AUTO_START)
		r.check(1, st, nx.TX_SUCCESS)
	}, spinProfile())
}

// TestRegressThreadMultipleTimeSlice ports
// threadx_thread_multiple_time_slice_test.c: of two spinning peers with
// slices 2 and 4, the second counts more than 1.25 times the first over 48
// ticks (#6); with those suspended, a thread at 18 with threshold 17 keeps
// its peer (slice 4) out when its slice ends (#8).
func TestRegressThreadMultipleTimeSlice(t *testing.T) {
	runRegress(t, func(r *regress) {
		var th [5]rtos.Thread
		var c [5]int
		spin := func(i int) func(nx.ULONG) {
			return func(nx.ULONG) {
				for {
					c[i]++
					rtos.ThreadIdentify()
				}
			}
		}
		if !r.check(1, r.create(&th[0], "thread 0", spin(0), 1, 16, 16, 2, nx.TX_AUTO_START), nx.TX_SUCCESS) ||
			!r.check(2, r.create(&th[1], "thread 1", spin(1), 1, 16, 16, 4, nx.TX_AUTO_START), nx.TX_SUCCESS) {
			return
		}
		st := r.create(&th[2], "thread 2", func(nx.ULONG) {
			rtos.ThreadSleep(48)
			c[2]++
			if c[1] <= c[0]+c[0]/4 {
				r.failf(6, "counters %d %d", c[0], c[1])
				return
			}
			st := rtos.ThreadSuspend(&th[0])
			st += rtos.ThreadSuspend(&th[1])
			if !r.check(7, st, nx.TX_SUCCESS) {
				return
			}
			rtos.ThreadSleep(4)
			if c[3] == 0 || c[4] != 0 {
				r.failf(8, "counters %d %d", c[3], c[4])
				return
			}
			r.ret(0)
		}, 1, 15, 15, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		if !r.check(3, st, nx.TX_SUCCESS) ||
			!r.check(4, r.create(&th[3], "thread 3", spin(3), 3, 18, 17, 2, nx.TX_AUTO_START), nx.TX_SUCCESS) {
			return
		}
		r.check(5, r.create(&th[4], "thread 4", spin(4), 4, 18, 18, 4, nx.TX_AUTO_START), nx.TX_SUCCESS)
	}, spinProfile())
}

// TestRegressThreadTimeSliceChange ports
// threadx_thread_time_slice_change_test.c: tx_thread_time_slice_change
// reports the old slice of a ready thread (#3) and of the running thread
// (#4), and succeeds on a thread that is spinning (#5). Adapted: the checks
// of tx_thread_new_time_slice and _tx_timer_time_slice (kernel internals)
// are left out. Thread 1 spins on tx_thread_identify: spinProfile.
func TestRegressThreadTimeSliceChange(t *testing.T) {
	runRegress(t, func(r *regress) {
		var thread0, thread1 rtos.Thread
		st := r.create(&thread0, "thread 0", func(nx.ULONG) {
			var old nx.ULONG
			if st := rtos.ThreadTimeSliceChange(&thread1, 33, &old); st != nx.TX_SUCCESS || old != 200 {
				r.failf(3, "status %v old %d", st, old)
				return
			}
			rtos.ThreadSleep(1)
			if st := rtos.ThreadTimeSliceChange(&thread0, 66, &old); st != nx.TX_SUCCESS || old != 100 {
				r.failf(4, "status %v old %d", st, old)
				return
			}
			st := rtos.ThreadTimeSliceChange(&thread1, 2, &old)
			rtos.ThreadSleep(8)
			if !r.check(5, st, nx.TX_SUCCESS) {
				return
			}
			r.ret(0)
		}, 1, 16, 16, 100, nx.TX_AUTO_START)
		if !r.check(1, st, nx.TX_SUCCESS) {
			return
		}
		st = r.create(&thread1, "thread 1", func(nx.ULONG) {
			for {
				rtos.ThreadIdentify()
			}
		}, 1, 22, 22, 200, nx.TX_AUTO_START)
		r.check(2, st, nx.TX_SUCCESS)
	}, spinProfile())
}
