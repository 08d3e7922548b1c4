package rtos

import (
	"slices"

	"github.com/nxsim/nxsim/nx"
)

// The byte pool's block list, searched and merged as tx_byte_pool_search.c
// does it. Services are atomic in nxsim, so the C function's restart when
// another thread changes the pool during the search never happens.

// size returns the bytes from block i's header to the next block.
func (p *BytePool) size(i int) uint32 { return p.blocks[i+1].off - p.blocks[i].off }

// index returns the position of the block at off, or -1.
func (p *BytePool) index(off uint32) int {
	i, found := slices.BinarySearchFunc(p.blocks, off, func(b byteBlock, off uint32) int {
		return int(int64(b.off) - int64(off))
	})
	if !found {
		return -1
	}
	return i
}

// writeHeader writes block i's header into the pool memory: the offset of the
// next block (the closing block points back to the start), then the owner.
func (p *BytePool) writeHeader(i int) {
	b := p.blocks[i]
	next := uint32(0)
	if i+1 < len(p.blocks) {
		next = p.blocks[i+1].off
	}
	owner := uint32(bytePoolID)
	if b.free {
		owner = byteBlockFree
	}
	putWord(p.mem, b.off, next)
	putWord(p.mem, b.off+ptrSize, owner)
}

// allocate finds room for size bytes (already rounded to ALIGN_TYPE) first
// fit from the search pointer, merging free neighbours of too-small free
// blocks on the way, and splits the block found when TX_BYTE_BLOCK_MIN bytes
// or more would be left. It returns the offset of the block's data, or false
// (_tx_byte_pool_search).
func (p *BytePool) allocate(size uint32) (uint32, bool) {
	if size >= p.available {
		return 0, false
	}
	i := p.index(p.search)
	examine := len(p.blocks) + 1
	firstFree := false
	var room uint32
	for {
		if p.blocks[i].free {
			if !firstFree {
				p.search, firstFree = p.blocks[i].off, true
			}
			// A free block is never the closing block, so i+1 exists.
			if room = p.size(i) - byteHeader; room >= size {
				break
			}
			room = 0
			if p.blocks[i+1].free {
				// Merge the free neighbour and look at this block again.
				if p.search == p.blocks[i+1].off {
					p.search = p.blocks[i].off
				}
				p.blocks = slices.Delete(p.blocks, i+1, i+2)
				p.writeHeader(i)
			} else {
				// Skip the allocated neighbour too.
				i = (i + 2) % len(p.blocks)
				if examine > 0 {
					examine--
				}
			}
		} else {
			i = (i + 1) % len(p.blocks)
		}
		if examine > 0 {
			examine--
		}
		if examine == 0 {
			return 0, false
		}
	}
	if room-size >= byteBlockMin {
		rest := byteBlock{off: p.blocks[i].off + byteHeader + size, free: true}
		p.blocks = slices.Insert(p.blocks, i+1, rest)
		p.writeHeader(i + 1)
		room = size
	}
	p.blocks[i].free = false
	p.writeHeader(i)
	p.available -= room + byteHeader
	if p.blocks[i].off == p.search {
		p.search = p.blocks[i+1].off
	}
	return p.blocks[i].off + byteHeader, true
}

// release frees the allocated block whose data starts at data, or reports
// that no such block exists (TX_PTR_ERROR in tx_byte_release.c, whose check
// is the owner word in the header). Free neighbours are merged later, by a
// search that needs them.
func (p *BytePool) release(data uint32) bool {
	if data < byteHeader {
		return false
	}
	off := data - byteHeader
	i := p.index(off)
	if i < 0 || i == len(p.blocks)-1 || p.blocks[i].free || word(p.mem, off+ptrSize) != bytePoolID {
		return false
	}
	p.blocks[i].free = true
	p.writeHeader(i)
	p.available += p.size(i)
	if off < p.search {
		p.search = off
	}
	return true
}

// serveWaiters gives memory to the threads waiting for it, in list order,
// until the first one whose request does not fit (tx_byte_release.c).
func (p *BytePool) serveWaiters() {
	for t := p.waiters.First(); t != nil; t = p.waiters.First() {
		data, ok := p.allocate(t.WaitInfo().(uint32))
		if !ok {
			return
		}
		p.waiters.Wake(t, nx.TX_SUCCESS, data)
	}
}
