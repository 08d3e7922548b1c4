package packetpool

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The capacity rule of nx_packet_pool_create.c: floor(usable /
// roundup4(header + payload)).
func TestPoolCapacity(t *testing.T) {
	tests := []struct {
		header      nx.ULONG
		payload     nx.ULONG
		memory      int
		offset      int // the memory starts this many bytes past an aligned address
		wantPackets int
	}{
		{60, 1536, 16000, 0, 10},  // stride 1596
		{60, 1536, 15959, 0, 9},   // one byte short of 10
		{104, 1536, 16400, 0, 10}, // the x86-64 example of the reference
		{104, 1536, 24576, 0, 14},
		{60, 1537, 1600, 0, 1}, // payload padded to 1540: stride 1600
		{60, 1537, 1599, 0, 0}, // not even one
		{60, 100, 162, 0, 1},   // stride 160; 162 bytes round down to 160
		{60, 100, 162, 1, 0},   // a start 1 past alignment loses 3 bytes: 159 → 156
	}
	for _, tt := range tests {
		old := PacketHeaderSize
		PacketHeaderSize = tt.header
		var p Pool
		mem := make([]byte, tt.memory+tt.offset)[tt.offset:]
		st := inContext(t, rtos.ContextInit, func() {}, func() nx.Status { return PoolCreate(&p, "p", tt.payload, mem) })
		PacketHeaderSize = old
		if tt.wantPackets == 0 && errorChecking {
			assert.Equal(t, nx.NX_SIZE_ERROR, st, "%+v", tt)
			continue
		}
		require.Equal(t, nx.NX_SUCCESS, st, "%+v", tt)
		assert.Equal(t, tt.wantPackets, p.Total(), "%+v", tt) // without the nxe_ layer an empty pool is made
		if tt.wantPackets > 0 {
			assert.Equal(t, int(tt.payload), len(p.packets[0].NxPacketDataStart))
		}
	}
}

func TestPoolStatus(t *testing.T) {
	var p Pool
	mem := make([]byte, 4096)
	created := func() { p = Pool{}; PoolCreate(&p, "p", 256, mem) }
	none := func() {}
	runStatusTable(t, []statusCase{
		{"create in initialization", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, make([]byte, 1024)) })
		}, nx.NX_SUCCESS},
		{"create from a thread", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, make([]byte, 1024)) })
		}, nx.NX_SUCCESS},
		{"create nil pool", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, none, func() nx.Status { return PoolCreate(nil, "p", 256, make([]byte, 1024)) })
		}, nx.NX_PTR_ERROR},
		{"create nil memory", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, nil) })
		}, nx.NX_PTR_ERROR},
		{"create twice", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, created, func() nx.Status { return PoolCreate(&p, "p", 256, make([]byte, 1024)) })
		}, nx.NX_PTR_ERROR},
		{"create on memory of another pool", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, created, func() nx.Status { return PoolCreate(&Pool{}, "q", 256, mem[100:]) })
		}, nx.NX_PTR_ERROR},
		{"create with payload 0", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 0, make([]byte, 1024)) })
		}, nx.NX_SIZE_ERROR},
		{"create with 4 bytes", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 1, make([]byte, 4)) })
		}, nx.NX_SIZE_ERROR},
		{"create too small for one packet", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, make([]byte, 300)) })
		}, nx.NX_SIZE_ERROR},
		{"create from a timer", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextTimer, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, make([]byte, 1024)) })
		}, nx.NX_CALLER_ERROR},
		{"create from an ISR", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextISR, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, make([]byte, 1024)) })
		}, nx.NX_CALLER_ERROR},
		{"create from outside every device", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextNone, none, func() nx.Status { return PoolCreate(&Pool{}, "p", 256, make([]byte, 1024)) })
		}, nx.NX_CALLER_ERROR},
		{"delete", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, created, func() nx.Status { return PoolDelete(&p) })
		}, nx.NX_SUCCESS},
		{"delete nil", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, created, func() nx.Status { return PoolDelete(nil) })
		}, nx.NX_PTR_ERROR},
		{"delete in initialization", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextInit, created, func() nx.Status { return PoolDelete(&p) })
		}, nx.NX_CALLER_ERROR},
		{"delete from a timer", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextTimer, created, func() nx.Status { return PoolDelete(&p) })
		}, nx.NX_CALLER_ERROR},
		{"info get from a timer", false, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextTimer, created, func() nx.Status { return PoolInfoGet(&p, nil, nil, nil, nil, nil) })
		}, nx.NX_SUCCESS},
		{"info get nil", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextThread, created, func() nx.Status { return PoolInfoGet(nil, nil, nil, nil, nil, nil) })
		}, nx.NX_PTR_ERROR},
		{"info get from an ISR", true, func(t *testing.T) nx.Status {
			return inContext(t, rtos.ContextISR, created, func() nx.Status { return PoolInfoGet(&p, nil, nil, nil, nil, nil) })
		}, nx.NX_CALLER_ERROR},
	})
}
