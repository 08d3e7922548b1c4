package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// firings runs define (which arms timers whose functions call fire) for d
// and returns what the functions recorded.
func firings(t *testing.T, d time.Duration, define func(fire func(nx.ULONG))) []string {
	t.Helper()
	var r recorder
	device(t, d, func() {
		define(func(id nx.ULONG) {
			require.Equal(t, "System Timer Thread", ThreadIdentify().Name())
			r.add("%c", rune('A'+id))
		})
	})
	return r.lines
}

func TestTimerExpirations(t *testing.T) {
	tests := []struct {
		name    string
		initial nx.ULONG
		period  nx.ULONG
		want    []string
	}{
		{"one-shot", 7, 0, []string{"7 A"}},
		{"periodic without drift", 3, 5, []string{"3 A", "8 A", "13 A", "18 A", "23 A"}},
		{"longer than the wheel", 100, 40, []string{"100 A", "140 A", "180 A", "220 A"}},
		{"exactly the wheel", 32, 32, []string{"32 A", "64 A"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var tm Timer
			got := firings(t, 250*time.Millisecond*10, func(fire func(nx.ULONG)) {
				TimerCreate(&tm, "t", fire, 0, tt.initial, tt.period, nx.TX_AUTO_ACTIVATE)
			})
			if len(got) > len(tt.want) {
				got = got[:len(tt.want)]
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

// Timers due at one tick fire in the order they went on the wheel slot. A
// timer longer than the wheel goes on its final slot only on its last lap,
// so one armed later for the same tick can fire first, as in ThreadX.
func TestTimerOrderAtOneTick(t *testing.T) {
	var a, b, c, long, short Timer
	var th Thread
	got := firings(t, time.Second, func(fire func(nx.ULONG)) {
		TimerCreate(&a, "a", fire, 0, 5, 0, nx.TX_NO_ACTIVATE)
		TimerCreate(&b, "b", fire, 1, 5, 0, nx.TX_NO_ACTIVATE)
		TimerCreate(&c, "c", fire, 2, 5, 0, nx.TX_NO_ACTIVATE)
		TimerCreate(&long, "long", fire, 3, 40, 0, nx.TX_AUTO_ACTIVATE)
		TimerCreate(&short, "short", fire, 4, 30, 0, nx.TX_NO_ACTIVATE)
		spawn(t, &th, "arm", 10, func() {
			TimerActivate(&c)
			TimerActivate(&a)
			TimerActivate(&b)
			ThreadSleep(10)
			TimerActivate(&short)
		})
	})
	assert.Equal(t, []string{"5 C", "5 A", "5 B", "40 E", "40 D"}, got)
}

func TestTimerDeactivateKeepsTheRemainder(t *testing.T) {
	var short, long Timer
	var th Thread
	var left []nx.ULONG
	var active nx.UINT = 7
	got := firings(t, 3*time.Second, func(fire func(nx.ULONG)) {
		TimerCreate(&short, "short", fire, 0, 10, 0, nx.TX_AUTO_ACTIVATE)
		TimerCreate(&long, "long", fire, 1, 50, 0, nx.TX_AUTO_ACTIVATE)
		spawn(t, &th, "t", 10, func() {
			ThreadSleep(4)
			TimerDeactivate(&short)
			var l nx.ULONG
			TimerInfoGet(&short, nil, &active, &l, nil, nil)
			left = append(left, l)
			ThreadSleep(6)
			TimerDeactivate(&long)
			TimerInfoGet(&long, nil, nil, &l, nil, nil)
			left = append(left, l)
			ThreadSleep(10) // tick 20
			TimerActivate(&short)
			ThreadSleep(80) // tick 100
			TimerActivate(&long)
		})
	})
	assert.Equal(t, nx.UINT(nx.TX_FALSE), active)
	assert.Equal(t, []nx.ULONG{6, 40}, left)
	assert.Equal(t, []string{"26 A", "140 B"}, got)
}

func TestTimerChange(t *testing.T) {
	var tm, self Timer
	var th Thread
	got := firings(t, time.Second, func(fire func(nx.ULONG)) {
		TimerCreate(&tm, "t", fire, 0, 5, 0, nx.TX_AUTO_ACTIVATE)
		TimerCreate(&self, "self", func(nx.ULONG) {
			fire(1)
			TimerChange(&self, 50, 50) // active (periodic, in its own function): ignored
		}, 0, 12, 12, nx.TX_AUTO_ACTIVATE)
		spawn(t, &th, "t", 10, func() {
			require.Equal(t, nx.TX_SUCCESS, TimerChange(&tm, 20, 0)) // active: ignored
			ThreadSleep(10)                                          // tm expired at 5
			require.Equal(t, nx.TX_ACTIVATE_ERROR, TimerActivate(&tm))
			require.Equal(t, nx.TX_SUCCESS, TimerChange(&tm, 3, 0))
			require.Equal(t, nx.TX_SUCCESS, TimerActivate(&tm))
			ThreadSleep(30)
			TimerDeactivate(&self)
		})
	})
	assert.Equal(t, []string{"5 A", "12 B", "13 A", "24 B", "36 B"}, got)
}

func TestTimerDeactivatedInItsOwnFunctionStops(t *testing.T) {
	var tm Timer
	n := 0
	got := firings(t, time.Second, func(fire func(nx.ULONG)) {
		TimerCreate(&tm, "t", func(id nx.ULONG) {
			fire(id)
			if n++; n == 2 {
				TimerDeactivate(&tm)
			}
		}, 0, 4, 4, nx.TX_AUTO_ACTIVATE)
	})
	assert.Equal(t, []string{"4 A", "8 A"}, got)
}

// While a thread with preemption threshold 0 computes, the timer thread
// cannot run: the wheel stalls and expirations slip until it stops.
func TestTimersSlipWhileTheTimerThreadIsHeldOff(t *testing.T) {
	var tm Timer
	var hog Thread
	got := firings(t, time.Second, func(fire func(nx.ULONG)) {
		TimerCreate(&tm, "t", fire, 0, 2, 4, nx.TX_AUTO_ACTIVATE)
		require.Equal(t, nx.TX_SUCCESS, ThreadCreate(&hog, "hog", func(nx.ULONG) {
			Busy(50 * time.Millisecond)
		}, 0, stack(), 10, 0, 0, nx.TX_AUTO_START))
	})
	assert.Equal(t, []string{"5 A", "9 A", "13 A"}, got[:3], "re-armed from the tick it was processed at")
}
