package rtos

import "github.com/nxsim/nxsim/nx"

// The txe_ checks of the byte and block pool services, in the order the C
// functions make them.

// inInitOrISR reports ThreadX's "system state != 0": initialization or an
// interrupt.
func inInitOrISR() bool {
	c, _ := CurrentContext()
	return c == ContextInit || c == ContextISR
}

// txePoolCreate: a nil or already created pool, nil memory, then the caller
// check of create services (txe_byte_pool_create.c, txe_block_pool_create.c).
// tooSmall is the size check of the pool kind.
func txePoolCreate(alreadyCreated bool, start []byte, tooSmall bool) nx.Status {
	switch {
	case alreadyCreated:
		return nx.TX_POOL_ERROR
	case start == nil:
		return nx.TX_PTR_ERROR
	case tooSmall:
		return nx.TX_SIZE_ERROR
	case inISROrTimer():
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

// txeBytePoolCreate is txe_byte_pool_create.c: TX_BYTE_POOL_MIN bytes at
// least.
func txeBytePoolCreate(p *BytePool, start []byte) nx.Status {
	return txePoolCreate(p == nil || p.id == bytePoolID, start, len(start) < bytePoolMin)
}

// txeBlockPoolCreate is txe_block_pool_create.c: one block (its size rounded
// down, plus its pointer) must fit in the pool.
func txeBlockPoolCreate(p *BlockPool, blockSize nx.ULONG, start []byte) nx.Status {
	tooSmall := uint64(blockSize/ptrSize*ptrSize)+ptrSize > uint64(len(start)/ptrSize*ptrSize)
	return txePoolCreate(p == nil || p.id == blockPoolID, start, tooSmall)
}

// txeByteAllocate is txe_byte_allocate.c: a wait is refused in
// initialization and ISRs (TX_WAIT_ERROR), and the service in timers and ISRs
// whatever the wait (TX_CALLER_ERROR).
func txeByteAllocate(p *BytePool, memoryPtr *[]byte, size, wait nx.ULONG) nx.Status {
	switch {
	case !validBytePool(p):
		return nx.TX_POOL_ERROR
	case memoryPtr == nil:
		return nx.TX_PTR_ERROR
	case size == 0 || size > nx.ULONG(len(p.mem)):
		return nx.TX_SIZE_ERROR
	case wait != nx.TX_NO_WAIT && inInitOrISR():
		return nx.TX_WAIT_ERROR
	case inISROrTimer():
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

// txeByteRelease is txe_byte_release.c: not from timers or ISRs.
func txeByteRelease(memoryPtr []byte) nx.Status {
	switch {
	case memoryPtr == nil:
		return nx.TX_PTR_ERROR
	case inISROrTimer():
		return nx.TX_CALLER_ERROR
	}
	return nx.TX_SUCCESS
}

// txeBlockAllocate is txe_block_allocate.c: a wait outside threads is
// TX_WAIT_ERROR (the system timer thread included).
func txeBlockAllocate(p *BlockPool, blockPtr *[]byte, wait nx.ULONG) nx.Status {
	switch {
	case !validBlockPool(p):
		return nx.TX_POOL_ERROR
	case blockPtr == nil:
		return nx.TX_PTR_ERROR
	case !waitAllowed(wait):
		return nx.TX_WAIT_ERROR
	}
	return nx.TX_SUCCESS
}
