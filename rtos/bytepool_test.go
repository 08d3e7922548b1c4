package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// inInit runs f in the tx_application_define of a fresh device.
func inInit(t *testing.T, f func()) {
	t.Helper()
	e := NewEngine(1)
	t.Cleanup(e.Close)
	e.AddKernel("dev", func([]byte) { f() })
	require.NoError(t, e.RunFor(time.Millisecond))
}

// The pool keeps a 32-bit port's headers inside the caller's memory: 8 bytes
// per byte-pool block (next offset, owner), 4 per block-pool block.
func TestPoolLayoutIsThe32BitOne(t *testing.T) {
	inInit(t, func() {
		mem := make([]byte, 110) // used down to 108
		var p BytePool
		require.Equal(t, nx.TX_SUCCESS, BytePoolCreate(&p, "p", mem))
		var avail, frags nx.ULONG
		BytePoolInfoGet(&p, nil, &avail, &frags, nil, nil, nil)
		assert.Equal(t, nx.ULONG(100), avail, "108 less the closing block")
		assert.Equal(t, nx.ULONG(2), frags)

		var a []byte
		require.Equal(t, nx.TX_SUCCESS, ByteAllocate(&p, &a, 22, nx.TX_NO_WAIT))
		assert.Len(t, a, 22)
		assert.Equal(t, 24, cap(a), "the request rounded up to 4")
		assert.Same(t, &mem[8], &a[0], "the data follows an 8-byte header")
		assert.Equal(t, uint32(32), word(mem, 0), "next block")
		assert.Equal(t, uint32(bytePoolID), word(mem, 4), "owner")
		assert.Equal(t, uint32(byteBlockFree), word(mem, 36), "the split-off rest is free")
		BytePoolInfoGet(&p, nil, &avail, &frags, nil, nil, nil)
		assert.Equal(t, nx.ULONG(68), avail)
		assert.Equal(t, nx.ULONG(3), frags)

		blocks := make([]byte, 320)
		var bp BlockPool
		require.Equal(t, nx.TX_SUCCESS, BlockPoolCreate(&bp, "b", 99, blocks))
		var free, total nx.ULONG
		BlockPoolInfoGet(&bp, nil, &free, &total, nil, nil, nil)
		assert.Equal(t, nx.ULONG(3), total, "320 / (100 + 4)")
		var b []byte
		require.Equal(t, nx.TX_SUCCESS, BlockAllocate(&bp, &b, nx.TX_NO_WAIT))
		assert.Len(t, b, 100)
		assert.Same(t, &blocks[4], &b[0])
		assert.Equal(t, uint32(blockPoolID), word(blocks, 0))
	})
}

// A block is known by its first byte: a re-slice that starts elsewhere, a
// copy, or the same block twice is TX_PTR_ERROR; a shortened slice of the
// block is the block.
func TestReleaseIdentifiesTheBlockByItsFirstByte(t *testing.T) {
	inInit(t, func() {
		var p BytePool
		var bp BlockPool
		BytePoolCreate(&p, "p", make([]byte, 200))
		BlockPoolCreate(&bp, "b", 16, make([]byte, 100))
		var a, b []byte
		ByteAllocate(&p, &a, 40, nx.TX_NO_WAIT)
		BlockAllocate(&bp, &b, nx.TX_NO_WAIT)
		for _, tc := range []struct {
			name    string
			release func() nx.Status
			want    nx.Status
		}{
			{"byte: re-sliced", func() nx.Status { return ByteRelease(a[4:]) }, nx.TX_PTR_ERROR},
			{"byte: a copy", func() nx.Status { return ByteRelease(append([]byte(nil), a...)) }, nx.TX_PTR_ERROR},
			{"byte: a block-pool block", func() nx.Status { return ByteRelease(b) }, nx.TX_PTR_ERROR},
			{"byte: shortened", func() nx.Status { return ByteRelease(a[:1]) }, nx.TX_SUCCESS},
			{"byte: twice", func() nx.Status { return ByteRelease(a) }, nx.TX_PTR_ERROR},
			{"block: re-sliced", func() nx.Status { return BlockRelease(b[4:]) }, nx.TX_PTR_ERROR},
			{"block: a copy", func() nx.Status { return BlockRelease(append([]byte(nil), b...)) }, nx.TX_PTR_ERROR},
			{"block: shortened", func() nx.Status { return BlockRelease(b[:0]) }, nx.TX_SUCCESS},
			{"block: twice", func() nx.Status { return BlockRelease(b) }, nx.TX_PTR_ERROR},
		} {
			assert.Equal(t, tc.want, tc.release(), tc.name)
		}
	})
}

// An application that writes over a block's header (an overrun of the block
// before it) loses the block: its release is TX_PTR_ERROR, as ThreadX finds
// no pool in the owner word.
func TestByteReleaseOfAnOverwrittenHeader(t *testing.T) {
	inInit(t, func() {
		mem := make([]byte, 200)
		var p BytePool
		BytePoolCreate(&p, "p", mem)
		var a, b []byte
		ByteAllocate(&p, &a, 40, nx.TX_NO_WAIT)
		ByteAllocate(&p, &b, 40, nx.TX_NO_WAIT)
		copy(mem[48:56], "overflow") // the 8 bytes after a: b's header
		assert.Equal(t, nx.TX_PTR_ERROR, ByteRelease(b))
		assert.Equal(t, nx.TX_SUCCESS, ByteRelease(a))
	})
}

// Release serves waiters in order and stops at the first request that does
// not fit, even if a later one would (tx_byte_release.c); deleting the pool
// ends the other waits with TX_DELETED, and its blocks can no longer be
// released.
func TestByteReleaseServesWaitersInOrder(t *testing.T) {
	var p BytePool
	var big, small, owner Thread
	var bigStatus, smallStatus, lateRelease nx.Status
	device(t, time.Second, func() {
		BytePoolCreate(&p, "p", make([]byte, 108))
		spawn(t, &owner, "owner", 20, func() {
			var m []byte
			ByteAllocate(&p, &m, 92, nx.TX_NO_WAIT) // all of it
			ThreadSleep(2)                          // the others queue up: big, then small
			ByteRelease(m)
			BytePoolDelete(&p)
			lateRelease = ByteRelease(m)
		})
		spawn(t, &big, "big", 10, func() {
			ThreadSleep(1)
			var m []byte
			bigStatus = ByteAllocate(&p, &m, 100, nx.TX_WAIT_FOREVER) // never fits: 100 available at most
		})
		spawn(t, &small, "small", 11, func() {
			ThreadSleep(1)
			var m []byte
			smallStatus = ByteAllocate(&p, &m, 8, nx.TX_WAIT_FOREVER)
		})
	})
	assert.Equal(t, nx.TX_DELETED, bigStatus)
	assert.Equal(t, nx.TX_DELETED, smallStatus, "held up behind the first waiter")
	assert.Equal(t, nx.TX_PTR_ERROR, lateRelease)
}

// The status codes of the pool services by calling context (txe_byte_*.c,
// txe_block_*.c).
func TestPoolStatusByContext(t *testing.T) {
	var p BytePool
	var bp BlockPool
	created := func() {
		p, bp = BytePool{}, BlockPool{}
		require.Equal(t, nx.TX_SUCCESS, BytePoolCreate(&p, "p", make([]byte, 200)))
		require.Equal(t, nx.TX_SUCCESS, BlockPoolCreate(&bp, "b", 16, make([]byte, 100)))
	}
	in := func(c Context, call func() nx.Status) func(t *testing.T) nx.Status {
		return func(t *testing.T) nx.Status { return inContextAfter(t, c, created, call) }
	}
	byteAlloc := func(wait nx.ULONG) func() nx.Status {
		return func() nx.Status { var m []byte; return ByteAllocate(&p, &m, 10, wait) }
	}
	blockAlloc := func(wait nx.ULONG) func() nx.Status {
		return func() nx.Status { var m []byte; return BlockAllocate(&bp, &m, wait) }
	}
	allocRelease := func() nx.Status {
		var m []byte
		BlockAllocate(&bp, &m, nx.TX_NO_WAIT)
		return BlockRelease(m)
	}
	runStatusTable(t, []statusCase{
		{"byte allocate in initialization", false, in(ContextInit, byteAlloc(nx.TX_NO_WAIT)), nx.TX_SUCCESS},
		{"byte allocate waiting in initialization", true, in(ContextInit, byteAlloc(5)), nx.TX_WAIT_ERROR},
		{"byte allocate from a timer", true, in(ContextTimer, byteAlloc(nx.TX_NO_WAIT)), nx.TX_CALLER_ERROR},
		{"byte allocate waiting from a timer", true, in(ContextTimer, byteAlloc(5)), nx.TX_CALLER_ERROR},
		{"byte allocate waiting from an ISR", true, in(ContextISR, byteAlloc(5)), nx.TX_WAIT_ERROR},
		{"byte allocate from an ISR", true, in(ContextISR, byteAlloc(nx.TX_NO_WAIT)), nx.TX_CALLER_ERROR},
		{"byte allocate outside every device", false, in(ContextNone, byteAlloc(nx.TX_NO_WAIT)), nx.TX_CALLER_ERROR},
		{"byte pool create from a timer", true, in(ContextTimer, func() nx.Status {
			return BytePoolCreate(&BytePool{}, "n", make([]byte, 100))
		}), nx.TX_CALLER_ERROR},
		{"byte pool create too small", true, in(ContextThread, func() nx.Status {
			return BytePoolCreate(&BytePool{}, "n", make([]byte, 99))
		}), nx.TX_SIZE_ERROR},
		{"byte pool delete in initialization", true, in(ContextInit, func() nx.Status { return BytePoolDelete(&p) }), nx.TX_CALLER_ERROR},
		{"block allocate from a timer", false, in(ContextTimer, blockAlloc(nx.TX_NO_WAIT)), nx.TX_SUCCESS},
		{"block allocate waiting from a timer", true, in(ContextTimer, blockAlloc(5)), nx.TX_WAIT_ERROR},
		{"block allocate and release from an ISR", false, in(ContextISR, allocRelease), nx.TX_SUCCESS},
		{"block pool create with a block larger than the pool", true, in(ContextThread, func() nx.Status {
			return BlockPoolCreate(&BlockPool{}, "n", 97, make([]byte, 100))
		}), nx.TX_SIZE_ERROR},
		{"block pool delete from an ISR", true, in(ContextISR, func() nx.Status { return BlockPoolDelete(&bp) }), nx.TX_CALLER_ERROR},
		{"block pool info nil", true, in(ContextThread, func() nx.Status {
			return BlockPoolInfoGet(nil, nil, nil, nil, nil, nil, nil)
		}), nx.TX_POOL_ERROR},
	})
}

// The byte pool's search, split and merge give the C pool's numbers step by
// step (tx_byte_pool_search.c on a 32-bit build): the sequence of
// threadx_byte_memory_basic_test.c's pool 4, with the available bytes,
// fragments and the offset of each block in the pool worked out by hand
// from the C function.
func TestBytePoolFollowsThreadXSearch(t *testing.T) {
	inInit(t, func() {
		mem := make([]byte, 300)
		var p BytePool
		require.Equal(t, nx.TX_SUCCESS, BytePoolCreate(&p, "pool 4", mem))
		blocks := map[string][]byte{}
		steps := []struct {
			op        string // "alloc NAME SIZE" or "free NAME"
			name      string
			size      nx.ULONG
			offset    int // of the data in the pool, for an allocation
			available nx.ULONG
			fragments nx.ULONG
		}{
			{"alloc", "b0", 80, 8, 204, 3},  // 292 split: 88 taken
			{"alloc", "b1", 80, 96, 116, 4}, // from the search pointer, after b0
			{"alloc", "b2", 80, 184, 28, 5}, // 108 left: split, 20 stays free
			{"free", "b0", 0, 0, 116, 5},    // search pointer back to 0
			{"free", "b1", 0, 0, 204, 5},    // not merged yet
			{"alloc", "b3", 120, 8, 76, 5},  // b0 and b1 merged (168), then split
			{"alloc", "b4", 40, 136, 28, 5}, // the 40-byte rest: no split
			{"free", "b2", 0, 0, 116, 5},    // 88 back
			{"alloc", "b5", 100, 184, 0, 4}, // b2's block merged with the 20-byte rest
		}
		for _, s := range steps {
			var st nx.Status
			if s.op == "alloc" {
				var m []byte
				st = ByteAllocate(&p, &m, s.size, nx.TX_NO_WAIT)
				blocks[s.name] = m
				if off, ok := offsetIn(mem, m); assert.True(t, ok, s.name) {
					assert.Equal(t, s.offset, int(off), "%s offset", s.name)
				}
			} else {
				st = ByteRelease(blocks[s.name])
			}
			require.Equal(t, nx.TX_SUCCESS, st, "%s %s", s.op, s.name)
			var avail, frags nx.ULONG
			BytePoolInfoGet(&p, nil, &avail, &frags, nil, nil, nil)
			assert.Equal(t, s.available, avail, "available after %s %s", s.op, s.name)
			assert.Equal(t, s.fragments, frags, "fragments after %s %s", s.op, s.name)
		}
	})
}
