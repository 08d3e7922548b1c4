package rtos

import "github.com/nxsim/nxsim/nx"

// BlockPool is TX_BLOCK_POOL, a pool of fixed-size blocks inside the memory
// given to BlockPoolCreate. Its zero value is "not created".
//
// Each block is a 4-byte link followed by its data (the block size rounded
// up to a multiple of 4): the link chains free blocks, and holds the owning
// pool while the block is allocated (tx_block_pool_create.c). Free blocks are
// handed out last released, first allocated, as ThreadX's available list does.
type BlockPool struct {
	_         noCopy
	id        uint32
	k         *Kernel
	name      string
	mem       []byte
	blockSize uint32   // rounded up to ALIGN_TYPE
	total     int      // blocks in the pool
	free      []uint32 // offsets of free blocks; the last one is allocated next
	allocated []bool   // per block
	waiters   WaitList // threads waiting for a block
}

func validBlockPool(p *BlockPool) bool { return p != nil && p.id == blockPoolID }

// stride is the pool memory one block takes, link included.
func (p *BlockPool) stride() uint32 { return p.blockSize + ptrSize }

// BlockPoolCreate is tx_block_pool_create: the pool holds
// len(poolStart) / (blockSize rounded up to 4, plus 4) blocks.
// TX_SIZE_ERROR when not one fits. Allowed from initialization and threads.
func BlockPoolCreate(poolPtr *BlockPool, name string, blockSize nx.ULONG, poolStart []byte) nx.Status {
	defer Leave(Enter(opBlockPoolCreate))
	if errorChecking {
		if st := txeBlockPoolCreate(poolPtr, blockSize, poolStart); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	size := usableSize(poolStart)
	stride := roundUp(blockSize) + ptrSize
	if blockSize > ^nx.ULONG(0)-2*ptrSize || size/stride == 0 {
		return nx.TX_SIZE_ERROR // tx_block_pool_create.c: no block fits
	}
	*poolPtr = BlockPool{id: blockPoolID, k: k, name: name, mem: poolStart[:size:size], blockSize: roundUp(blockSize),
		total: int(size / stride), allocated: make([]bool, size/stride)}
	poolPtr.waiters.SetName(name)
	for i := poolPtr.total - 1; i >= 0; i-- {
		poolPtr.pushFree(uint32(i) * stride)
	}
	r := poolsOf(k)
	r.blockPools = append(r.blockPools, poolPtr)
	return nx.TX_SUCCESS
}

// pushFree puts the block at off at the head of the free list and writes its
// link: the offset of the next free block, or noNextBlock.
func (p *BlockPool) pushFree(off uint32) {
	next := uint32(noNextBlock)
	if n := len(p.free); n > 0 {
		next = p.free[n-1]
	}
	putWord(p.mem, off, next)
	p.free = append(p.free, off)
}

// BlockPoolDelete is tx_block_pool_delete: waiters return TX_DELETED.
// Allowed from threads.
func BlockPoolDelete(poolPtr *BlockPool) nx.Status {
	defer Leave(Enter(opBlockPoolDelete))
	if errorChecking {
		if st := txeDelete(validBlockPool(poolPtr), nx.TX_POOL_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	return poolDelete(poolPtr.k, &poolPtr.id, &poolPtr.waiters, func(r *poolRegistry) *[]*BlockPool { return &r.blockPools }, poolPtr)
}

// BlockAllocate is tx_block_allocate: *blockPtr gets a free block (a slice
// of the pool memory, of the rounded block size). With none free, the caller
// waits up to waitOption ticks for a release (TX_NO_MEMORY after that or
// with TX_NO_WAIT; *blockPtr is nil then). Allowed everywhere (waiting:
// threads only).
func BlockAllocate(poolPtr *BlockPool, blockPtr *[]byte, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opBlockAllocate))
	if errorChecking {
		if st := txeBlockAllocate(poolPtr, blockPtr, waitOption); st != nx.TX_SUCCESS {
			return st
		}
	}
	if owningKernel(poolPtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	p := poolPtr
	*blockPtr = nil
	var off uint32
	if n := len(p.free); n > 0 {
		off = p.free[n-1]
		p.free = p.free[:n-1]
		p.take(off)
	} else {
		if waitOption == nx.TX_NO_WAIT || currentThread() == nil {
			return nx.TX_NO_MEMORY
		}
		st, res := p.waiters.Suspend(nx.TX_BLOCK_MEMORY, waitOption, nx.TX_NO_MEMORY, nil)
		if st != nx.TX_SUCCESS {
			return st
		}
		off = res.(uint32)
	}
	data := off + ptrSize
	*blockPtr = p.mem[data : data+p.blockSize : data+p.blockSize]
	return nx.TX_SUCCESS
}

// take marks the block at off allocated: its link holds the owner.
func (p *BlockPool) take(off uint32) {
	p.allocated[off/p.stride()] = true
	putWord(p.mem, off, blockPoolID)
}

// BlockRelease is tx_block_release: the block whose first byte blockPtr's
// first byte is goes to the first thread waiting on its pool, or back to the
// pool. A slice that does not start a block allocated from a pool of this
// device (nil, a copy, a re-slice, a block already released or from a
// deleted pool) is TX_PTR_ERROR (txe_block_release.c checks the owner in
// the link). Allowed everywhere.
func BlockRelease(blockPtr []byte) nx.Status {
	defer Leave(Enter(opBlockRelease))
	if errorChecking && blockPtr == nil {
		return nx.TX_PTR_ERROR
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	for _, p := range poolsOf(k).blockPools {
		data, ok := offsetIn(p.mem, blockPtr)
		if !ok {
			continue
		}
		off := data - ptrSize
		if data < ptrSize || off%p.stride() != 0 || int(off/p.stride()) >= p.total || !p.allocated[off/p.stride()] ||
			word(p.mem, off) != blockPoolID {
			return nx.TX_PTR_ERROR
		}
		if t := p.waiters.First(); t != nil {
			p.waiters.Wake(t, nx.TX_SUCCESS, off)
			PreemptionPoint()
			return nx.TX_SUCCESS
		}
		p.allocated[off/p.stride()] = false
		p.pushFree(off)
		return nx.TX_SUCCESS
	}
	return nx.TX_PTR_ERROR
}

// BlockPoolInfoGet is tx_block_pool_info_get. Any out-pointer may be nil.
func BlockPoolInfoGet(poolPtr *BlockPool, name *string, availableBlocks *nx.ULONG, totalBlocks *nx.ULONG,
	firstSuspended **Thread, suspendedCount *nx.ULONG, nextPool **BlockPool) nx.Status {
	defer Leave(Enter(opBlockPoolInfoGet))
	if errorChecking {
		if st := txeValid(validBlockPool(poolPtr), nx.TX_POOL_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	p := poolPtr
	set(name, p.name)
	set(availableBlocks, nx.ULONG(len(p.free)))
	set(totalBlocks, nx.ULONG(p.total))
	set(firstSuspended, p.waiters.First())
	set(suspendedCount, nx.ULONG(p.waiters.Len()))
	set(nextPool, nextCreated(poolsOf(p.k).blockPools, p))
	return nx.TX_SUCCESS
}

// BlockPoolPrioritize is tx_block_pool_prioritize.
func BlockPoolPrioritize(poolPtr *BlockPool) nx.Status {
	defer Leave(Enter(opBlockPoolPrioritize))
	if errorChecking {
		if st := txeValid(validBlockPool(poolPtr), nx.TX_POOL_ERROR); st != nx.TX_SUCCESS {
			return st
		}
	}
	poolPtr.waiters.Prioritize()
	return nx.TX_SUCCESS
}

// BlockPoolPerformanceInfoGet is tx_block_pool_performance_info_get:
// TX_FEATURE_NOT_ENABLED, as in the default C build (no
// TX_BLOCK_POOL_ENABLE_PERFORMANCE_INFO).
func BlockPoolPerformanceInfoGet(poolPtr *BlockPool, allocates, releases, suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opBlockPoolPerformanceInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}

// BlockPoolPerformanceSystemInfoGet is
// tx_block_pool_performance_system_info_get: TX_FEATURE_NOT_ENABLED, as in
// the default C build.
func BlockPoolPerformanceSystemInfoGet(allocates, releases, suspensions, timeouts *nx.ULONG) nx.Status {
	defer Leave(Enter(opBlockPoolPerformanceSystemInfoGet))
	return nx.TX_FEATURE_NOT_ENABLED
}
