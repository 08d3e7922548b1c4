package ipthread_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/ipthread"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The IP thread runs start-up once, hands deferred packets over oldest
// first, runs the periodic work every NX_IP_PERIODIC_RATE ticks, and holds
// the protection mutex while it works: a thread that needs it waits.
func TestIPThreadDispatch(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	var th ipthread.IPThread
	var pool packetpool.Pool
	var app rtos.Thread
	var log []string
	var onIPThread []bool
	note := func(s string) {
		log = append(log, s)
		onIPThread = append(onIPThread, rtos.ThreadIdentify() == th.Thread())
	}
	k := e.AddKernel("dev", func([]byte) {
		require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&pool, "pool", 64, make([]byte, 4*128)))
		require.Equal(t, nx.TX_SUCCESS, th.Create("ip", make([]byte, 1024), 2, ipthread.Handlers{
			Startup: func() { note("startup") },
			Receive: func(p *packetpool.Packet) {
				note("packet " + string(p.Data()))
				packetpool.Release(p)
				if len(log) == 2 {
					rtos.ThreadSleep(30) // a handler that blocks holds the instance
				}
			},
			Periodic: func() { note("periodic") },
		}))
		rtos.ThreadCreate(&app, "app", func(nx.ULONG) {
			rtos.ThreadSleep(10)
			th.Protect() // the IP thread holds it until its handler returns
			note("app got the protection")
			th.Unprotect()
		}, 0, make([]byte, 1024), 10, 10, 0, nx.TX_AUTO_START)
	})
	k.Interrupt(5*time.Millisecond, func() {
		for _, s := range []string{"a", "b"} {
			var p *packetpool.Packet
			packetpool.Allocate(&pool, &p, 0, nx.NX_NO_WAIT)
			packetpool.DataAppend(p, []byte(s), &pool, nx.NX_NO_WAIT)
			th.DeferredReceive(p)
		}
	})
	require.NoError(t, e.RunFor(10500*time.Millisecond))
	assert.Equal(t, []string{"startup", "packet a", "packet b", "app got the protection", "periodic"}, log[:5])
	assert.Equal(t, []bool{true, true, true, false, true}, onIPThread[:5])
	assert.Equal(t, nx.ULONG(2), th.Stats.PacketsProcessed)
	assert.Equal(t, nx.ULONG(10), th.Stats.PeriodicRuns, "every 100 ticks for 10.5 s")
	assert.True(t, th.Started())
}

// The fast timer exists only once StartFastTimer was called (nxd_ipv6_enable
// creates it) and then fires every NX_IP_PERIODIC_RATE / NX_IP_FAST_TIMER_RATE
// ticks, on the IP thread; calling it again creates no second timer.
func TestIPThreadFastTimer(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	var th ipthread.IPThread
	var app rtos.Thread
	var ticks []nx.ULONG
	var onIPThread bool
	e.AddKernel("dev", func([]byte) {
		require.Equal(t, nx.TX_SUCCESS, th.Create("ip", make([]byte, 1024), 2, ipthread.Handlers{
			Fast: func() {
				ticks = append(ticks, rtos.TimeGet())
				onIPThread = rtos.ThreadIdentify() == th.Thread()
			},
		}))
		rtos.ThreadCreate(&app, "app", func(nx.ULONG) {
			rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
			assert.Empty(t, ticks, "no fast timer before StartFastTimer")
			th.StartFastTimer()
			th.StartFastTimer()
		}, 0, make([]byte, 1024), 10, 10, 0, nx.TX_AUTO_START)
	})
	require.NoError(t, e.RunFor(2*time.Second+time.Millisecond))
	assert.Len(t, ticks, 10)
	for i := 1; i < len(ticks); i++ {
		assert.Equal(t, nx.ULONG(10), ticks[i]-ticks[i-1])
	}
	assert.True(t, onIPThread)
}

// ICMP messages queued outside the IP thread are handled on it newest
// first: NetX pushes them at the head of its ICMP queue.
func TestIPThreadICMPQueueIsNewestFirst(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	var th ipthread.IPThread
	var pool packetpool.Pool
	var order []string
	k := e.AddKernel("dev", func([]byte) {
		require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&pool, "pool", 64, make([]byte, 4*128)))
		require.Equal(t, nx.TX_SUCCESS, th.Create("ip", make([]byte, 1024), 2, ipthread.Handlers{
			ICMP: func(p *packetpool.Packet) {
				order = append(order, string(p.Data()))
				packetpool.Release(p)
			},
		}))
	})
	k.Interrupt(5*time.Millisecond, func() {
		for _, s := range []string{"first", "second", "third"} {
			var p *packetpool.Packet
			packetpool.Allocate(&pool, &p, 0, nx.NX_NO_WAIT)
			packetpool.DataAppend(p, []byte(s), &pool, nx.NX_NO_WAIT)
			th.DeferredICMP(p)
		}
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, []string{"third", "second", "first"}, order)
	assert.Equal(t, nx.ULONG(3), th.Stats.ICMPProcessed)
}
