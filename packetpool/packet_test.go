package packetpool

import (
	"bytes"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// newPool creates a pool of n packets of payload bytes.
func newPool(t *testing.T, p *Pool, n int, payload nx.ULONG) {
	stride := (int(PacketHeaderSize) + int(payload) + 3) / 4 * 4
	*p = Pool{}
	require.Equal(t, nx.NX_SUCCESS, PoolCreate(p, "pool", payload, make([]byte, n*stride)))
	require.Equal(t, n, p.Total())
}

func TestAllocateStatus(t *testing.T) {
	var p Pool
	var pkt *Packet
	one := func() { newPool(t, &p, 1, 128) }
	drained := func() { one(); Allocate(&p, &pkt, 0, 0) }
	runStatusTable(t, []statusCase{
		{"allocate in an ISR", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextISR, one, func() nx.Status { st := Allocate(&p, &pkt, nx.NX_UDP_PACKET, 0); Release(pkt); return st })
		}, nx.NX_SUCCESS},
		{"packet type larger than the payload", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, one, func() nx.Status { return Allocate(&p, &pkt, 132, 0) })
		}, nx.NX_INVALID_PARAMETERS},
		{"empty pool, no wait", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, drained, func() nx.Status { return Allocate(&p, new(*Packet), 0, 0) })
		}, nx.NX_NO_PACKET},
		{"empty pool, wait times out", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, drained, func() nx.Status { return Allocate(&p, new(*Packet), 0, 5) })
		}, nx.NX_NO_PACKET},
		{"nil pool", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, one, func() nx.Status { return Allocate(nil, &pkt, 0, 0) })
		}, nx.NX_PTR_ERROR},
		{"nil packet pointer", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, one, func() nx.Status { return Allocate(&p, nil, 0, 0) })
		}, nx.NX_PTR_ERROR},
		{"packet type not a multiple of 4", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, one, func() nx.Status { return Allocate(&p, &pkt, 6, 0) })
		}, nx.NX_OPTION_ERROR},
		{"wait from a timer", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextTimer, one, func() nx.Status { return Allocate(&p, &pkt, 0, 1) })
		}, nx.NX_CALLER_ERROR},
		{"wait in initialization", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, one, func() nx.Status { return Allocate(&p, &pkt, 0, 1) })
		}, nx.NX_CALLER_ERROR},
		{"from outside every device", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextNone, one, func() nx.Status { return Allocate(&p, &pkt, 0, 0) })
		}, nx.NX_CALLER_ERROR},
	})
}

// waitForPacket: a thread at priority 10 waits for a packet of the drained
// one-packet pool; a thread at 20 then does disturb. It returns the waiter's
// status and packet.
func waitForPacket(t *testing.T, disturb func(p *Pool, held *Packet, waiter *rtos.Thread)) (nx.Status, *Packet) {
	var p Pool
	var held, got *Packet
	var waiter, other rtos.Thread
	st := nx.Status(0xDEAD)
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) {
		newPool(t, &p, 1, 128)
		Allocate(&p, &held, 0, 0)
		rtos.ThreadCreate(&waiter, "waiter", func(nx.ULONG) {
			st = Allocate(&p, &got, nx.NX_IPv4_UDP_PACKET, nx.NX_WAIT_FOREVER)
		}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
		rtos.ThreadCreate(&other, "other", func(nx.ULONG) { disturb(&p, held, &waiter) }, 0, make([]byte, 512), 20, 20, 0, nx.TX_AUTO_START)
	})
	require.NoError(t, e.RunFor(time.Second))
	return st, got
}

func TestWaitingForAPacket(t *testing.T) {
	t.Run("a release hands the packet to the waiter, prepared with its type", func(t *testing.T) {
		st, got := waitForPacket(t, func(p *Pool, held *Packet, _ *rtos.Thread) {
			held.NxPacketAppendPtr += 10
			held.NxPacketLength = 10
			require.Equal(t, nx.NX_SUCCESS, Release(held))
			assert.Equal(t, 0, p.Available(), "straight to the waiter")
			var requests, suspensions nx.ULONG
			PoolInfoGet(p, nil, nil, &requests, &suspensions, nil)
			assert.Equal(t, nx.ULONG(1), requests)
			assert.Equal(t, nx.ULONG(1), suspensions)
		})
		require.Equal(t, nx.NX_SUCCESS, st)
		assert.Equal(t, nx.NX_IPv4_UDP_PACKET, got.NxPacketPrependPtr)
		assert.Equal(t, nx.ULONG(0), got.NxPacketLength)
	})
	t.Run("aborted", func(t *testing.T) {
		st, _ := waitForPacket(t, func(_ *Pool, held *Packet, w *rtos.Thread) {
			rtos.ThreadWaitAbort(w)
			Release(held)
		})
		assert.Equal(t, nx.NX_WAIT_ABORTED, st)
	})
	t.Run("pool deleted", func(t *testing.T) {
		st, _ := waitForPacket(t, func(p *Pool, held *Packet, _ *rtos.Thread) {
			Release(held)
			require.Equal(t, nx.NX_SUCCESS, PoolDelete(p))
		})
		assert.Equal(t, nx.NX_SUCCESS, st, "the release came first")
		st, _ = waitForPacket(t, func(p *Pool, held *Packet, _ *rtos.Thread) {
			require.Equal(t, nx.NX_SUCCESS, PoolDelete(p))
		})
		assert.Equal(t, nx.NX_POOL_DELETED, st)
	})
}

// Waiters are served first come, first served, whatever their priority.
func TestAllocateWaitersAreFIFO(t *testing.T) {
	var p Pool
	var held *Packet
	var order []string
	var ths [3]rtos.Thread
	var releaser rtos.Thread
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) {
		newPool(t, &p, 1, 64)
		Allocate(&p, &held, 0, 0)
		for i, prio := range []nx.UINT{20, 5, 12} {
			name := fmt.Sprintf("p%d", prio)
			rtos.ThreadCreate(&ths[i], name, func(nx.ULONG) {
				rtos.ThreadSleep(nx.ULONG(i + 1))
				var pkt *Packet
				Allocate(&p, &pkt, 0, nx.NX_WAIT_FOREVER)
				order = append(order, name)
				Release(pkt)
			}, 0, make([]byte, 512), prio, prio, 0, nx.TX_AUTO_START)
		}
		rtos.ThreadCreate(&releaser, "releaser", func(nx.ULONG) {
			rtos.ThreadSleep(10)
			Release(held)
		}, 0, make([]byte, 512), 30, 30, 0, nx.TX_AUTO_START)
	})
	require.NoError(t, e.RunFor(time.Second))
	assert.Equal(t, []string{"p20", "p5", "p12"}, order)
	require.NoError(t, CheckFull(e))
}

func TestAllocatePreparesThePacket(t *testing.T) {
	var p Pool
	onDevice(t, func() { newPool(t, &p, 4, 256) }, func() {
		for _, typ := range []nx.ULONG{nx.NX_RECEIVE_PACKET, nx.NX_IPv4_PACKET, nx.NX_IPv4_UDP_PACKET, nx.NX_UDP_PACKET, nx.NX_TCP_PACKET} {
			var pkt *Packet
			require.Equal(t, nx.NX_SUCCESS, Allocate(&p, &pkt, typ, 0))
			assert.Equal(t, int(typ), pkt.NxPacketPrependPtr)
			assert.Equal(t, int(typ), pkt.NxPacketAppendPtr)
			assert.Equal(t, nx.UCHAR(4), pkt.NxPacketIPVersion)
			assert.Empty(t, pkt.Data())
			require.Equal(t, nx.NX_SUCCESS, Release(pkt))
		}
	})
}

func TestReleaseStatus(t *testing.T) {
	var p Pool
	var pkt *Packet
	allocated := func() { newPool(t, &p, 2, 64); Allocate(&p, &pkt, 0, 0) }
	var invalid nx.ULONG
	runStatusTable(t, []statusCase{
		{"release from a timer", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextTimer, allocated, func() nx.Status { return Release(pkt) })
		}, nx.NX_SUCCESS},
		{"transmit release from an ISR", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextISR, allocated, func() nx.Status { return TransmitRelease(pkt) })
		}, nx.NX_SUCCESS},
		{"double release", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, allocated, func() nx.Status {
				Release(pkt)
				st := Release(pkt)
				PoolInfoGet(&p, nil, nil, nil, nil, &invalid)
				assert.Equal(t, nx.ULONG(1), invalid)
				return st
			})
		}, nx.NX_PTR_ERROR},
		{"nil", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, allocated, func() nx.Status { defer Release(pkt); return Release(nil) })
		}, nx.NX_PTR_ERROR},
		{"prepend before the data start", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, allocated, func() nx.Status {
				pkt.NxPacketPrependPtr = -1
				st := Release(pkt)
				pkt.NxPacketPrependPtr = 0
				Release(pkt)
				return st
			})
		}, nx.NX_UNDERFLOW},
		{"append past the data end", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, allocated, func() nx.Status {
				pkt.NxPacketAppendPtr = 65
				st := Release(pkt)
				pkt.NxPacketAppendPtr = 0
				Release(pkt)
				return st
			})
		}, nx.NX_OVERFLOW},
	})
}

// A chain releases packet by packet; a freed packet in it stops the walk
// after the packets before it went back.
func TestReleaseAChainWithAFreePacketInIt(t *testing.T) {
	var p Pool
	onDevice(t, func() { newPool(t, &p, 4, 16) }, func() {
		var a, b, c *Packet
		Allocate(&p, &a, 0, 0)
		Allocate(&p, &b, 0, 0)
		Allocate(&p, &c, 0, 0)
		a.NxPacketNext, b.NxPacketNext = b, c
		require.Equal(t, nx.NX_SUCCESS, Release(b)) // b and c go back; a still points at b
		assert.Equal(t, nx.NX_PTR_ERROR, Release(a))
		assert.Equal(t, 4, p.Available())
		var invalid nx.ULONG
		PoolInfoGet(&p, nil, nil, nil, nil, &invalid)
		assert.Equal(t, nx.ULONG(1), invalid)
	})
}

func TestDataAppendRetrieveExtract(t *testing.T) {
	var small, big Pool
	onDevice(t, func() { newPool(t, &small, 4, 32); newPool(t, &big, 2, 64) }, func() {
		var pkt *Packet
		require.Equal(t, nx.NX_SUCCESS, Allocate(&small, &pkt, 8, 0))
		data := bytes.Repeat([]byte("0123456789"), 10) // 100 bytes: 24 + 32 + 32 + 12
		require.Equal(t, nx.NX_SUCCESS, DataAppend(pkt, data[:24], &small, 0))
		assert.Nil(t, pkt.NxPacketLast, "fits the first packet")
		require.Equal(t, nx.NX_SUCCESS, DataAppend(pkt, data[24:], &small, 0))
		assert.Equal(t, nx.ULONG(100), pkt.NxPacketLength)
		assert.Equal(t, 0, small.Available())
		assert.Same(t, pkt.NxPacketNext.NxPacketNext.NxPacketNext, pkt.NxPacketLast)
		assert.Equal(t, 12, len(pkt.NxPacketLast.Data()))

		// All or nothing: 60 more bytes need two more small packets (20
		// fit the last one); none is left.
		assert.Equal(t, nx.NX_NO_PACKET, DataAppend(pkt, make([]byte, 60), &small, 0))
		assert.Equal(t, nx.ULONG(100), pkt.NxPacketLength)
		// Chaining from another pool works.
		tail := []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ01") // 20 fill the last small packet, 8 go to a big one
		require.Equal(t, nx.NX_SUCCESS, DataAppend(pkt, tail, &big, 0))
		assert.Same(t, &big, pkt.NxPacketLast.Pool())

		var length, n nx.ULONG
		require.Equal(t, nx.NX_SUCCESS, LengthGet(pkt, &length))
		assert.Equal(t, nx.ULONG(128), length)
		buf := make([]byte, 128)
		require.Equal(t, nx.NX_SUCCESS, DataRetrieve(pkt, buf, &n))
		assert.Equal(t, nx.ULONG(128), n)
		assert.Equal(t, append(append([]byte{}, data...), tail...), buf)

		part := make([]byte, 10)
		require.Equal(t, nx.NX_SUCCESS, DataExtractOffset(pkt, 50, part, &n))
		assert.Equal(t, "0123456789", string(part[:n]))
		require.Equal(t, nx.NX_SUCCESS, DataExtractOffset(pkt, 124, part, &n))
		assert.Equal(t, "YZ01", string(part[:n]))
		assert.Equal(t, nx.NX_PACKET_OFFSET_ERROR, DataExtractOffset(pkt, 128, part, &n))

		require.Equal(t, nx.NX_SUCCESS, Release(pkt))
		assert.Equal(t, 4, small.Available())
		assert.Equal(t, 2, big.Available())

		var empty *Packet
		Allocate(&small, &empty, 0, 0)
		assert.Equal(t, nx.NX_SUCCESS, DataExtractOffset(empty, 0, part, &n))
		assert.Equal(t, nx.ULONG(0), n)
		assert.Equal(t, nx.NX_SUCCESS, Release(empty))
	})
}

func TestDataServicesStatus(t *testing.T) {
	var p Pool
	var pkt *Packet
	var n nx.ULONG
	allocated := func() { newPool(t, &p, 2, 64); Allocate(&p, &pkt, 0, 0) }
	in := func(c rtos.Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status {
			return inContext(t, c, allocated, func() nx.Status { defer Release(pkt); return call() })
		}
	}
	runStatusTable(t, []statusCase{
		{"append", false, in(rtos.ContextISR, func() nx.Status { return DataAppend(pkt, []byte("x"), &p, 0) }), nx.NX_SUCCESS},
		{"append nil data", true, in(rtos.ContextThread, func() nx.Status { return DataAppend(pkt, nil, &p, 0) }), nx.NX_PTR_ERROR},
		{"append to nil", true, in(rtos.ContextThread, func() nx.Status { return DataAppend(nil, []byte("x"), &p, 0) }), nx.NX_PTR_ERROR},
		{"append with nil pool", true, in(rtos.ContextThread, func() nx.Status { return DataAppend(pkt, []byte("x"), nil, 0) }), nx.NX_PTR_ERROR},
		{"append nothing", true, in(rtos.ContextThread, func() nx.Status { return DataAppend(pkt, []byte{}, &p, 0) }), nx.NX_SIZE_ERROR},
		{"append with a wait from an ISR", true, in(rtos.ContextISR, func() nx.Status { return DataAppend(pkt, []byte("x"), &p, 1) }), nx.NX_CALLER_ERROR},
		{"append, no packet to chain", false, in(rtos.ContextThread, func() nx.Status { return DataAppend(pkt, make([]byte, 200), &p, 3) }), nx.NX_NO_PACKET},
		{"retrieve", false, in(rtos.ContextThread, func() nx.Status { return DataRetrieve(pkt, make([]byte, 0), &n) }), nx.NX_SUCCESS},
		{"retrieve from a short chain", false, in(rtos.ContextThread, func() nx.Status {
			pkt.NxPacketLength = 10
			return DataRetrieve(pkt, make([]byte, 10), &n)
		}), nx.NX_INVALID_PACKET},
		{"retrieve into nil", true, in(rtos.ContextThread, func() nx.Status { return DataRetrieve(pkt, nil, &n) }), nx.NX_PTR_ERROR},
		{"extract into nil count", true, in(rtos.ContextThread, func() nx.Status { return DataExtractOffset(pkt, 0, []byte{}, nil) }), nx.NX_PTR_ERROR},
		{"length of nil", true, in(rtos.ContextThread, func() nx.Status { return LengthGet(nil, &n) }), nx.NX_PTR_ERROR},
		{"length into nil", true, in(rtos.ContextThread, func() nx.Status { return LengthGet(pkt, nil) }), nx.NX_PTR_ERROR},
		{"copy an empty packet", false, in(rtos.ContextThread, func() nx.Status { return Copy(pkt, new(*Packet), &p, 0) }), nx.NX_INVALID_PACKET},
		{"copy into nil", true, in(rtos.ContextThread, func() nx.Status { return Copy(pkt, nil, &p, 0) }), nx.NX_PTR_ERROR},
		{"copy with a wait from a timer", true, in(rtos.ContextTimer, func() nx.Status { return Copy(pkt, new(*Packet), &p, 1) }), nx.NX_CALLER_ERROR},
		{"copy, pool empty", false, in(rtos.ContextThread, func() nx.Status {
			var other *Packet
			Allocate(&p, &other, 0, 0)
			defer Release(other)
			DataAppend(pkt, []byte("x"), &p, 0)
			return Copy(pkt, new(*Packet), &p, 0)
		}), nx.NX_NO_PACKET},
	})
}

func TestCopyKeepsHeadroomAndBytes(t *testing.T) {
	var p Pool
	onDevice(t, func() { newPool(t, &p, 6, 48) }, func() {
		var pkt, cp *Packet
		Allocate(&p, &pkt, nx.NX_IPv4_UDP_PACKET, 0)
		msg := bytes.Repeat([]byte("abc"), 20) // 4 bytes in the first packet, 48, 8
		require.Equal(t, nx.NX_SUCCESS, DataAppend(pkt, msg, &p, 0))
		pkt.NxPacketIPHeader = 16
		pkt.NxPacketIPVersion = 6
		require.Equal(t, nx.NX_SUCCESS, Copy(pkt, &cp, &p, 0))
		assert.Equal(t, nx.NX_IPv4_UDP_PACKET, cp.NxPacketPrependPtr)
		assert.Equal(t, pkt.NxPacketLength, cp.NxPacketLength)
		assert.Equal(t, 16, cp.NxPacketIPHeader)
		assert.Equal(t, nx.UCHAR(6), cp.NxPacketIPVersion)
		buf := make([]byte, 60)
		var n nx.ULONG
		DataRetrieve(cp, buf, &n)
		assert.Equal(t, msg, buf)
		Release(pkt)
		Release(cp)
	})
}

func TestShortRetrieveBufferFailsTheRunLoudly(t *testing.T) {
	var p Pool
	var th rtos.Thread
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) {
		newPool(t, &p, 1, 64)
		rtos.ThreadCreate(&th, "reader", func(nx.ULONG) {
			var pkt *Packet
			Allocate(&p, &pkt, 0, 0)
			DataAppend(pkt, make([]byte, 20), &p, 0)
			var n nx.ULONG
			defer Release(pkt)
			DataRetrieve(pkt, make([]byte, 10), &n)
		}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
	})
	err := e.RunFor(time.Second)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `thread "reader" panicked`)
	assert.Contains(t, err.Error(), "a 10-byte buffer for a 20-byte packet")
}

func TestLeakReportNamesTheAllocationSite(t *testing.T) {
	var p Pool
	var line int
	var th rtos.Thread
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("node", func([]byte) {
		newPool(t, &p, 3, 64)
		rtos.ThreadCreate(&th, "leaker", func(nx.ULONG) {
			var a, b *Packet
			Allocate(&p, &a, 0, 0)
			_, _, line, _ = runtime.Caller(0)
			Allocate(&p, &b, 0, 0) // this one leaks
			Release(a)
		}, 0, make([]byte, 512), 10, 10, 0, nx.TX_AUTO_START)
	})
	require.NoError(t, e.RunFor(time.Second))
	err := CheckFull(e)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `1 packet(s) not back`)
	assert.Contains(t, err.Error(), `device "node" pool "pool" packet 1 allocated at`)
	assert.Contains(t, err.Error(), fmt.Sprintf("TestLeakReportNamesTheAllocationSite.func1.1 %s:%d", thisFile(), line+1))
	leaks := p.Leaks()
	require.Len(t, leaks, 1)
}

func thisFile() string {
	_, file, _, _ := runtime.Caller(0)
	return file
}
