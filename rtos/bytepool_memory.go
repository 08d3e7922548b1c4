package rtos

import "github.com/nxsim/nxsim/nx"

// ByteAllocate is tx_byte_allocate: *memoryPtr gets memorySize bytes of the
// pool (a slice of its memory, of length memorySize; the request is rounded
// up to a multiple of 4 inside the pool). When nothing fits, the caller waits
// up to waitOption ticks for a release (TX_NO_MEMORY after that or with
// TX_NO_WAIT; *memoryPtr is nil then). Allowed from initialization and
// threads (waiting: threads only).
func ByteAllocate(poolPtr *BytePool, memoryPtr *[]byte, memorySize nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer Leave(Enter(opByteAllocate))
	if errorChecking {
		if st := txeByteAllocate(poolPtr, memoryPtr, memorySize, waitOption); st != nx.TX_SUCCESS {
			return st
		}
	}
	if owningKernel(poolPtr.k) == nil {
		return nx.TX_CALLER_ERROR
	}
	p := poolPtr
	*memoryPtr = nil
	if uint64(memorySize) > uint64(len(p.mem)) {
		// Only without the txe_ layer: no block can be this large.
		return nx.TX_NO_MEMORY
	}
	size := roundUp(memorySize)
	data, ok := p.allocate(size)
	if !ok {
		if waitOption == nx.TX_NO_WAIT || currentThread() == nil {
			return nx.TX_NO_MEMORY
		}
		st, res := p.waiters.Suspend(nx.TX_BYTE_MEMORY, waitOption, nx.TX_NO_MEMORY, size)
		if st != nx.TX_SUCCESS {
			return st
		}
		data = res.(uint32)
	}
	*memoryPtr = p.mem[data : data+memorySize : data+size]
	return nx.TX_SUCCESS
}

// ByteRelease is tx_byte_release: the block whose first byte memoryPtr's
// first byte is goes back to its pool, and threads waiting on the pool get
// memory in order while their requests fit. A slice that does not start a
// block allocated from a pool of this device (nil, a copy, a re-slice, a
// block already released or from a deleted pool) is TX_PTR_ERROR; so is a
// block whose header (the 8 bytes before it) the application overwrote, as
// when the block before it overflows: ThreadX finds no pool in the owner
// word then. Allowed from initialization and threads.
func ByteRelease(memoryPtr []byte) nx.Status {
	defer Leave(Enter(opByteRelease))
	if errorChecking {
		if st := txeByteRelease(memoryPtr); st != nx.TX_SUCCESS {
			return st
		}
	}
	k := currentKernel()
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	for _, p := range poolsOf(k).bytePools {
		data, ok := offsetIn(p.mem, memoryPtr)
		if !ok {
			continue
		}
		if !p.release(data) {
			return nx.TX_PTR_ERROR
		}
		p.serveWaiters()
		PreemptionPoint()
		return nx.TX_SUCCESS
	}
	return nx.TX_PTR_ERROR
}
