package rtos

import "github.com/nxsim/nxsim/nx"

// Byte pool limits (tx_byte_pool.h).
const (
	bytePoolMin  = 100 // TX_BYTE_POOL_MIN: the smallest pool
	byteBlockMin = 20  // TX_BYTE_BLOCK_MIN: the smallest remainder worth splitting off
	byteHeader   = ptrSize + alignSize
)

// BytePool is TX_BYTE_POOL, a first-fit allocator of variable-sized blocks
// inside the memory given to BytePoolCreate. Its zero value is "not created".
//
// The memory is a list of blocks, each with an 8-byte header (next-block
// pointer, then owner: TX_BYTE_BLOCK_FREE or the pool) in front of its data;
// the last block is an 8-byte allocated block that only closes the list
// (tx_byte_pool_create.c). Allocation searches from the first free block,
// merging free neighbours as it goes, and splits off the rest of a block when
// at least TX_BYTE_BLOCK_MIN bytes remain (tx_byte_pool_search.c); release
// only marks the block free. Fragmentation is therefore the one ThreadX has.
type BytePool struct {
	_         noCopy
	id        uint32
	k         *Kernel
	name      string
	mem       []byte      // the pool memory, its size rounded down to ALIGN_TYPE
	blocks    []byteBlock // every block in address order, the closing block last
	search    uint32      // offset of the block where searches start (tx_byte_pool_search)
	available nx.ULONG    // free bytes, headers of free blocks included
	waiters   WaitList    // threads waiting for memory; WaitInfo is the rounded size
}

// byteBlock is one block of a byte pool: its offset and whether it is free.
// Its size runs to the next block's offset.
type byteBlock struct {
	off  uint32
	free bool
}

func validBytePool(p *BytePool) bool { return p != nil && p.id == bytePoolID }

// BytePoolCreate is tx_byte_pool_create: poolStart (at least TX_BYTE_POOL_MIN
// bytes, used down to a multiple of 4) becomes one free block and the closing
// block, so len-8 bytes are available (the free block's header counts as
// available, as in C). Allowed from initialization and threads.
func BytePoolCreate(poolPtr *BytePool, name string, poolStart []byte) nx.Status {
	defer Leave(Enter(opBytePoolCreate))
	if errorChecking {
		if st := txeBytePoolCreate(poolPtr, poolStart); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	size := usableSize(poolStart)
	if size < 2*byteHeader {
		return nx.TX_SIZE_ERROR // no room for the two blocks; C would write outside the memory
	}
	*poolPtr = BytePool{id: bytePoolID, k: k, name: name, mem: poolStart[:size:size], available: size - byteHeader,
		blocks: []byteBlock{{off: 0, free: true}, {off: size - byteHeader}}}
	poolPtr.waiters.SetName(name)
	poolPtr.writeHeader(0)
	poolPtr.writeHeader(1)
	r := poolsOf(k)
	r.bytePools = append(r.bytePools, poolPtr)
	return nx.TX_SUCCESS
}

// BytePoolDelete is tx_byte_pool_delete: waiters return TX_DELETED; blocks
// still allocated can no longer be released (TX_PTR_ERROR). Allowed from
// threads.
func BytePoolDelete(poolPtr *BytePool) nx.Status {
	defer Leave(Enter(opBytePoolDelete))
	if errorChecking {
		if st := txeDelete(validBytePool(poolPtr), nx.TX_POOL_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	return poolDelete(poolPtr.k, &poolPtr.id, &poolPtr.waiters, func(r *poolRegistry) *[]*BytePool { return &r.bytePools }, poolPtr)
}

// BytePoolInfoGet is tx_byte_pool_info_get. Any out-pointer may be nil.
func BytePoolInfoGet(poolPtr *BytePool, name *string, availableBytes *nx.ULONG, fragments *nx.ULONG,
	firstSuspended **Thread, suspendedCount *nx.ULONG, nextPool **BytePool) nx.Status {
	defer Leave(Enter(opBytePoolInfoGet))
	if errorChecking {
		if st := txeValid(validBytePool(poolPtr), nx.TX_POOL_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	p := poolPtr
	set(name, p.name)
	set(availableBytes, p.available)
	set(fragments, nx.ULONG(len(p.blocks)))
	set(firstSuspended, p.waiters.First())
	set(suspendedCount, nx.ULONG(p.waiters.Len()))
	set(nextPool, nextCreated(poolsOf(p.k).bytePools, p))
	return nx.TX_SUCCESS
}

// BytePoolPrioritize is tx_byte_pool_prioritize.
func BytePoolPrioritize(poolPtr *BytePool) nx.Status {
	defer Leave(Enter(opBytePoolPrioritize))
	if errorChecking {
		if st := txeValid(validBytePool(poolPtr), nx.TX_POOL_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	poolPtr.waiters.Prioritize()
	return nx.TX_SUCCESS
}

// BytePoolPerformanceInfoGet is tx_byte_pool_performance_info_get. Like the
// default C build (no TX_BYTE_POOL_ENABLE_PERFORMANCE_INFO), it returns
// TX_FEATURE_NOT_ENABLED whatever its arguments.
func BytePoolPerformanceInfoGet(poolPtr *BytePool, allocates, releases, fragmentsSearched, merges, splits,
	suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opBytePoolPerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// BytePoolPerformanceSystemInfoGet is tx_byte_pool_performance_system_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build.
func BytePoolPerformanceSystemInfoGet(allocates, releases, fragmentsSearched, merges, splits,
	suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opBytePoolPerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}
