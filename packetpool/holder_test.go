package packetpool

import (
	"runtime"
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A packet is held by the thread that allocated it, by whoever it was
// handed over to, by the thread a release handed it to while that thread
// waited, and by its pool once free.
func TestHolders(t *testing.T) {
	var p Pool
	var waiter rtos.Thread
	var got *Packet
	onDevice(t, func() { newPool(t, &p, 1, 64) }, func() {
		var pkt *Packet
		require.Equal(t, nx.NX_SUCCESS, Allocate(&p, &pkt, 0, 0))
		assert.Equal(t, "thread app", pkt.Holder())
		HandOver(pkt, "a queue")
		leaks := p.Leaks()
		require.Len(t, leaks, 1)
		assert.Equal(t, "a queue", leaks[0].Holder)
		assert.Contains(t, leaks[0].HandedAt, "TestHolders")
		require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&waiter, "waiter", func(nx.ULONG) {
			Allocate(&p, &got, 0, nx.NX_WAIT_FOREVER)
		}, 0, make([]byte, 1024), 5, 5, 0, nx.TX_AUTO_START))
		require.Equal(t, nx.NX_SUCCESS, Release(pkt))
		require.Same(t, pkt, got)
		assert.Equal(t, "thread waiter", got.Holder())
		require.Equal(t, nx.NX_SUCCESS, Release(got))
		assert.Equal(t, "pool", got.Holder())
	})
}

// Recording a hand-over allocates nothing once its stack has been seen,
// however deep the stack, so that the leak report's bookkeeping stays off
// the emulated stack's hot path.
func TestHandOverAllocatesNothing(t *testing.T) {
	for _, depth := range []int{0, siteDepth} {
		var p Packet
		atDepth(depth, func() {
			allocs := testing.AllocsPerRun(100, func() { HandOver(&p, "a queue") })
			assert.Zero(t, allocs, "depth %d", depth)
		})
	}
}

// The frame-pointer walk and runtime.Callers (what other architectures
// use) describe a stack alike: the site resolved from either is the same
// function, file and line, on either side of the depth where the first
// frame outside the stack packages (here testing's) is out of reach.
func TestFrameCallersAgreesWithRuntimeCallers(t *testing.T) {
	for _, depth := range []int{0, 5, siteDepth - 3, siteDepth - 2, siteDepth + 5} {
		var walked, unwound siteStack
		atDepth(depth, func() { captureStack(&walked, &unwound) })
		assert.Equal(t, siteString(resolveSite(unwound)), siteString(resolveSite(walked)), "depth %d", depth)
	}
}

// captureStack fills walked by frameCallers and unwound by runtime.Callers,
// both starting in captureStack's caller.
//
//go:noinline
func captureStack(walked, unwound *siteStack) {
	frameCallers(walked[:])
	runtime.Callers(2, unwound[:])
}
