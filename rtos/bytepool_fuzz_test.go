package rtos

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// FuzzBytePool drives a byte pool with allocations and releases in any order
// and checks what ThreadX's allocator guarantees: blocks lie inside the pool
// and never overlap, the available count is the free blocks' bytes, every
// request is granted or TX_NO_MEMORY (never a panic), and after every block
// is released the pool has all its bytes back.
func FuzzBytePool(f *testing.F) {
	f.Add(uint16(300), []byte{80, 80, 80, 1, 3, 120, 40})
	f.Add(uint16(108), []byte{24, 24, 24, 24, 1, 3, 5, 88})
	f.Add(uint16(100), []byte{255, 1, 0, 2})
	f.Fuzz(func(t *testing.T, size uint16, ops []byte) {
		if size < bytePoolMin || len(ops) > 200 {
			return
		}
		e := NewEngine(1)
		defer e.Close()
		e.AddKernel("dev", func([]byte) {
			mem := make([]byte, size)
			var p BytePool
			if BytePoolCreate(&p, "p", mem) != nx.TX_SUCCESS {
				t.Fatal("create failed")
			}
			initial := p.available
			var live [][]byte
			for _, op := range ops {
				if op&1 == 1 && len(live) > 0 {
					i := int(op>>1) % len(live)
					if st := ByteRelease(live[i]); st != nx.TX_SUCCESS {
						t.Fatalf("release: %v", st)
					}
					live = append(live[:i], live[i+1:]...)
				} else {
					var m []byte
					switch st := ByteAllocate(&p, &m, nx.ULONG(op)+1, nx.TX_NO_WAIT); st {
					case nx.TX_SUCCESS:
						live = append(live, m)
					case nx.TX_NO_MEMORY, nx.TX_SIZE_ERROR:
					default:
						t.Fatalf("allocate: %v", st)
					}
				}
				checkBytePool(t, &p, mem, live)
			}
			for _, m := range live {
				ByteRelease(m)
			}
			if p.available != initial {
				t.Fatalf("available %d after releasing everything, want %d", p.available, initial)
			}
		})
		if err := e.RunFor(time.Millisecond); err != nil {
			t.Fatal(err)
		}
	})
}

// checkBytePool checks the block list against the live allocations.
func checkBytePool(t *testing.T, p *BytePool, mem []byte, live [][]byte) {
	t.Helper()
	var free nx.ULONG
	used := 0
	for i := 0; i+1 < len(p.blocks); i++ {
		if p.blocks[i+1].off <= p.blocks[i].off {
			t.Fatalf("blocks out of order at %d", i)
		}
		if p.blocks[i].free {
			free += p.size(i)
		} else {
			used++
		}
	}
	if free != p.available {
		t.Fatalf("available %d, free blocks hold %d", p.available, free)
	}
	if used != len(live) {
		t.Fatalf("%d blocks allocated, %d live", used, len(live))
	}
	for _, m := range live {
		off, ok := offsetIn(mem, m)
		if !ok || int(off)+cap(m) > len(mem) {
			t.Fatal("a block outside the pool")
		}
		if i := p.index(off - byteHeader); i < 0 || p.blocks[i].free || off+uint32(cap(m)) > p.blocks[i+1].off {
			t.Fatal("a live block overlaps another")
		}
	}
}
