package rtos

import (
	"math"
	"unsafe"

	"github.com/nxsim/nxsim/nx"
)

// The memory layout of block and byte pools is the one of a 32-bit ThreadX
// port (the C regression suite is built with -m32): a pointer and an
// ALIGN_TYPE are 4 bytes, and the headers that ThreadX keeps in front of each
// block live inside the caller's pool memory, whatever GOARCH. So the number
// of blocks a pool holds and the bytes it reports available are those of the
// C build.
const (
	ptrSize   = 4 // sizeof(UCHAR *)
	alignSize = 4 // sizeof(ALIGN_TYPE)
)

// The header words nxsim writes into pool memory. ThreadX writes addresses
// there; nxsim writes offsets from the pool start (next block) and these
// markers (owner), so that what an application sees around its blocks has the
// C sizes, while the pools' own bookkeeping stays in Go.
const (
	byteBlockFree  = 0xFFFFEEEE // TX_BYTE_BLOCK_FREE (tx_byte_pool.h)
	bytePoolID     = 0x42595445 // TX_BYTE_POOL_ID: owner word of an allocated byte block
	blockPoolID    = 0x424C4F43 // TX_BLOCK_POOL_ID: link word of an allocated block
	noNextBlock    = 0xFFFFFFFF // link word of the last free block (NULL in C)
	roundUpToAlign = alignSize - 1
)

// roundUp rounds n up to a multiple of ALIGN_TYPE, as the pool services do
// with block and request sizes.
func roundUp(n uint32) uint32 { return (n + roundUpToAlign) / alignSize * alignSize }

// usableSize is the part of mem a pool uses: its length rounded down to a
// multiple of ALIGN_TYPE, as the create services round the pool size, and
// no more than a ULONG counts.
func usableSize(mem []byte) uint32 {
	n := min(uint64(len(mem)), math.MaxUint32)
	return uint32(n) / alignSize * alignSize
}

// putWord writes a 32-bit header word, little-endian like the x86 build.
func putWord(mem []byte, off, v uint32) {
	mem[off], mem[off+1], mem[off+2], mem[off+3] = byte(v), byte(v>>8), byte(v>>16), byte(v>>24)
}

// word reads a header word back.
func word(mem []byte, off uint32) uint32 {
	return uint32(mem[off]) | uint32(mem[off+1])<<8 | uint32(mem[off+2])<<16 | uint32(mem[off+3])<<24
}

// offsetIn returns the offset of b's first byte inside mem, or false when b
// does not start inside mem. Releases find their block this way, as ThreadX
// finds it from the pointer: a slice from another pool, a copy or a nil slice
// is not a block. Pool memory is heap memory (the pool control block keeps
// it), which the Go runtime does not move.
func offsetIn(mem, b []byte) (uint32, bool) {
	if b == nil || mem == nil {
		return 0, false
	}
	addr := uintptr(unsafe.Pointer(unsafe.SliceData(b)))
	base := uintptr(unsafe.Pointer(unsafe.SliceData(mem)))
	if addr < base || addr >= base+uintptr(len(mem)) {
		return 0, false
	}
	return uint32(addr - base), true
}

// poolRegistry holds a device's created pools in creation order (ThreadX's
// created lists), for info_get's "next pool" and for finding the pool a
// released block belongs to.
type poolRegistry struct {
	bytePools  []*BytePool
	blockPools []*BlockPool
}

type poolRegistryKey struct{}

// poolsOf returns the pool registry of a device.
func poolsOf(k *Kernel) *poolRegistry {
	r, _ := k.Attachment(poolRegistryKey{}).(*poolRegistry)
	if r == nil {
		r = &poolRegistry{}
		k.SetAttachment(poolRegistryKey{}, r)
	}
	return r
}

// poolDelete is the core of tx_byte_pool_delete and tx_block_pool_delete,
// after their txe_ check: the pool leaves its device's created list (list
// picks it out of the registry), and its waiters return TX_DELETED.
func poolDelete[P comparable](owner *Kernel, id *uint32, waiters *WaitList, list func(*poolRegistry) *[]P, p P) nx.Status {
	k := owningKernel(owner)
	if k == nil {
		return nx.TX_CALLER_ERROR
	}
	*id = 0
	l := list(poolsOf(k))
	*l = removeItem(*l, p)
	waiters.WakeAll(nx.TX_DELETED)
	PreemptionPoint()
	return nx.TX_SUCCESS
}
