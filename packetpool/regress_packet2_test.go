package packetpool

import (
	"testing"
	"time"
	"unsafe"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRegressPacketNXEAPI is netx_packet_nxe_api_test.c: every status the
// nxe_ layer of the packet services returns, in the C test's order, on a
// pool of three packets. Where the C test forges a packet (data start
// after the prepend pointer: NX_UNDERFLOW; append pointer past the data
// end: NX_OVERFLOW; marked free), the Go packet has the same offsets. The
// rows of nx_packet_pool_low_watermark_set (not emulated) and of the pool
// control block size argument (no Go form) are left out.
func TestRegressPacketNXEAPI(t *testing.T) {
	if !errorChecking {
		t.Skip("the nxe_ layer is built out")
	}
	const testSize = (udpPacket + 28 + 3) / 4 * 4
	var pool0, pool1, invalidPool Pool
	header := int(PacketHeaderSize+3) / 4 * 4
	size := (int(testSize) + header) * 3
	memory := make([]byte, size+2)
	abc := []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ  ")
	// forged is the C test's invalid_packet: a packet of pool_0 whose
	// pointers are out of order.
	forged := func(prepend, appendAt, end int, state uint32) *Packet {
		return &Packet{pool: &pool0, NxPacketDataStart: make([]byte, end), NxPacketPrependPtr: prepend, NxPacketAppendPtr: appendAt, state: state}
	}
	underflow := func() *Packet { return forged(-0x10, 0x10, 0x20, stateAllocated) }
	overflow := func() *Packet { return forged(0x10, 0x30, 0x10, stateAllocated) }
	done := false
	cThreads(t, time.Second, func() {
		mem0 := memory[1 : 1+size]
		require.Equal(t, nx.NX_SUCCESS, PoolCreate(&pool0, "NetX Main Packet Pool", testSize, mem0))
		assert.Equal(t, nx.NX_PTR_ERROR, PoolCreate(&pool1, "NetX Main Packet Pool", testSize, memory[0:size]), "overlapping below")
		assert.Equal(t, nx.NX_PTR_ERROR, PoolCreate(&pool1, "NetX Main Packet Pool", testSize, memory[2:2+size]), "overlapping above")
		assert.Equal(t, nx.NX_PTR_ERROR, PoolCreate(&pool0, "NetX Main Packet Pool", testSize, mem0), "created twice")
	}, func() {
		mem0 := memory[1 : 1+size]
		var total, free, requests, suspensions, invalid, length, copied nx.ULONG
		var p1, p2 *Packet
		buffer := make([]byte, 800)
		for _, row := range []struct {
			call string
			got  nx.Status
			want nx.Status
		}{
			{"pool create, no pool", PoolCreate(nil, "p", testSize, mem0), nx.NX_PTR_ERROR},
			{"pool create, no memory", PoolCreate(&pool0, "p", testSize, nil), nx.NX_PTR_ERROR},
			{"pool create, payload 0", PoolCreate(&pool0, "p", 0, mem0), nx.NX_SIZE_ERROR},
			{"pool create, size 0", PoolCreate(&pool0, "p", testSize, mem0[:0]), nx.NX_SIZE_ERROR},
			{"pool create, created", PoolCreate(&pool0, "p", testSize, mem0), nx.NX_PTR_ERROR},
			{"pool delete, no pool", PoolDelete(nil), nx.NX_PTR_ERROR},
			{"pool delete, invalid pool", PoolDelete(&invalidPool), nx.NX_PTR_ERROR},
			{"pool info, no pool", PoolInfoGet(nil, &total, &free, &requests, &suspensions, &invalid), nx.NX_PTR_ERROR},
			{"pool info, invalid pool", PoolInfoGet(&invalidPool, &total, &free, &requests, &suspensions, &invalid), nx.NX_PTR_ERROR},
			{"allocate, no pool", Allocate(nil, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"allocate, invalid pool", Allocate(&invalidPool, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"allocate, no packet pointer", Allocate(&pool0, nil, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"allocate, type 5", Allocate(&pool0, &p1, 5, nx.NX_IP_PERIODIC_RATE), nx.NX_OPTION_ERROR},
			{"allocate, type past the payload", Allocate(&pool0, &p1, testSize+4, nx.NX_IP_PERIODIC_RATE), nx.NX_INVALID_PARAMETERS},
			{"allocate", Allocate(&pool0, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS},
			{"append, no packet", DataAppend(nil, abc, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"append, no data", DataAppend(p1, nil, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"append, 0 bytes", DataAppend(p1, abc[:0], &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SIZE_ERROR},
			{"append, no pool", DataAppend(p1, abc, nil, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"append, invalid pool", DataAppend(p1, abc, &invalidPool, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"append, underflow", DataAppend(underflow(), abc, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_UNDERFLOW},
			{"append, overflow", DataAppend(overflow(), abc, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_OVERFLOW},
			{"append", DataAppend(p1, abc, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS},
			{"copy, no packet", Copy(nil, &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"copy, no new packet pointer", Copy(p1, nil, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"copy, no pool", Copy(p1, &p2, nil, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"copy, invalid pool", Copy(p1, &p2, &invalidPool, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR},
			{"copy, underflow", Copy(underflow(), &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_UNDERFLOW},
			{"copy, overflow", Copy(overflow(), &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_OVERFLOW},
			{"copy", Copy(p1, &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS},
			{"length get, no packet", LengthGet(nil, &length), nx.NX_PTR_ERROR},
			{"length get, no length", LengthGet(p1, nil), nx.NX_PTR_ERROR},
			{"length get, no pool", LengthGet(&Packet{}, &length), nx.NX_PTR_ERROR},
			{"length get, invalid pool", LengthGet(&Packet{pool: &invalidPool}, &length), nx.NX_PTR_ERROR},
			{"length get", LengthGet(p1, &length), nx.NX_SUCCESS},
			{"extract offset, no packet", DataExtractOffset(nil, 0, buffer, &copied), nx.NX_PTR_ERROR},
			{"extract offset, no buffer", DataExtractOffset(p1, 0, nil, &copied), nx.NX_PTR_ERROR},
			{"extract offset, no count", DataExtractOffset(p1, 0, buffer, nil), nx.NX_PTR_ERROR},
			{"extract offset", DataExtractOffset(p1, 0, buffer, &copied), nx.NX_SUCCESS},
			{"retrieve, no packet", DataRetrieve(nil, buffer, &copied), nx.NX_PTR_ERROR},
			{"retrieve, no buffer", DataRetrieve(p1, nil, &copied), nx.NX_PTR_ERROR},
			{"retrieve, no count", DataRetrieve(p1, buffer, nil), nx.NX_PTR_ERROR},
			{"retrieve", DataRetrieve(p1, buffer, &copied), nx.NX_SUCCESS},
			{"release, no packet", Release(nil), nx.NX_PTR_ERROR},
			{"release, underflow", Release(underflow()), nx.NX_UNDERFLOW},
			{"release, overflow", Release(overflow()), nx.NX_OVERFLOW},
			{"release", Release(p1), nx.NX_SUCCESS},
			{"transmit release, no packet", TransmitRelease(nil), nx.NX_PTR_ERROR},
			{"transmit release, no pool", TransmitRelease(&Packet{}), nx.NX_PTR_ERROR},
			{"transmit release, invalid pool", TransmitRelease(&Packet{pool: &invalidPool}), nx.NX_PTR_ERROR},
			{"transmit release, a free packet", TransmitRelease(forged(0, 0x10, 0x10, stateFree)), nx.NX_PTR_ERROR},
			{"transmit release, underflow", TransmitRelease(underflow()), nx.NX_UNDERFLOW},
			{"transmit release, overflow", TransmitRelease(overflow()), nx.NX_OVERFLOW},
			{"transmit release", TransmitRelease(p2), nx.NX_SUCCESS},
			{"pool delete", PoolDelete(&pool0), nx.NX_SUCCESS},
		} {
			assert.Equal(t, row.want, row.got, row.call)
		}
		done = true
	})
	assert.True(t, done)
}

// TestRegressPacketBasic is netx_packet_basic_test.c: five pools are
// created, deleted and created again on the same memory (pool_3, 256-byte
// packets in 200 bytes, only when the nxe_ layer is built out: an empty
// pool); packets of the 252-byte pool start 4-byte aligned; the three
// packets of pool_0 run out (NX_NO_PACKET, one empty-pool request); copies
// across pools keep length and bytes, also of a chain whose head was told
// (nx_packet_last) it is the last packet; an append the pool
// cannot hold, copies of an empty packet and into an exhausted pool fail;
// a packet whose length exceeds its bytes cannot be copied or retrieved;
// offsets at or past the length are NX_PACKET_OFFSET_ERROR; and a packet
// whose pool pointer or pool ID is damaged is refused by nx_packet_release.
// The C test leaves a copy in pool_1; the port releases it.
func TestRegressPacketBasic(t *testing.T) {
	const testSize = udpPacket + 28
	var pool0, pool1, pool2, pool3, pool4 Pool
	mem0 := poolBytes(testSize, 3)
	mem1, mem2, mem3, mem4 := make([]byte, 1000), make([]byte, 8192), make([]byte, 200), make([]byte, 8192)
	create := func(payload1 nx.ULONG) nx.Status {
		st := PoolCreate(&pool0, "NetX Main Packet Pool", testSize, mem0)
		st |= PoolCreate(&pool1, "NetX Second Packet Pool", payload1, mem1)
		st |= PoolCreate(&pool2, "NetX Third Packet Pool", 256, mem2)
		if !errorChecking {
			st |= PoolCreate(&pool3, "NetX Fourth Packet Pool", 256, mem3)
		}
		return st
	}
	deleteAll := func() nx.Status {
		st := PoolDelete(&pool0) | PoolDelete(&pool1) | PoolDelete(&pool2)
		if !errorChecking {
			st |= PoolDelete(&pool3)
		}
		return st
	}
	buffer := make([]byte, 2048)
	done := false
	cThreads(t, time.Second, func() {
		require.Equal(t, nx.NX_SUCCESS, create(200))
		require.Equal(t, nx.NX_SUCCESS, PoolCreate(&pool4, "NetX Fifth Packet Pool", 252, mem4))
	}, func() {
		require.Equal(t, nx.NX_SUCCESS, deleteAll()|PoolDelete(&pool4))
		require.Equal(t, nx.NX_SUCCESS, create(testSize)|PoolCreate(&pool4, "NetX Fifth Packet Pool", 252, mem4))

		var p1, p2, p3, p4 *Packet
		require.Equal(t, nx.NX_SUCCESS, Allocate(&pool4, &p1, udpPacket, 10)|Allocate(&pool4, &p2, udpPacket, 10))
		for _, p := range []*Packet{p1, p2} {
			assert.Zero(t, uintptr(unsafe.Pointer(unsafe.SliceData(p.NxPacketDataStart)))%packetAlignment, "data start aligned")
		}
		require.Equal(t, nx.NX_SUCCESS, Release(p1)|Release(p2))

		require.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, &p1, udpPacket, 10)|Allocate(&pool0, &p2, udpPacket, 10)|Allocate(&pool0, &p3, udpPacket, 10))
		assert.Equal(t, nx.NX_NO_PACKET, Allocate(&pool0, &p4, udpPacket, nx.NX_NO_WAIT))
		require.Equal(t, nx.NX_SUCCESS, Release(p2)|Release(p3))
		require.Equal(t, nx.NX_SUCCESS, DataAppend(p1, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ  "), &pool0, nx.NX_NO_WAIT))
		var size nx.ULONG
		local := make([]byte, 300)
		require.Equal(t, nx.NX_SUCCESS, Copy(p1, &p2, &pool1, nx.NX_NO_WAIT))
		assert.Equal(t, nx.NX_SUCCESS, DataRetrieve(p2, local, &size))
		assert.Equal(t, []any{nx.ULONG(28), nx.ULONG(28), byte('A')}, []any{p2.NxPacketLength, size, local[0]})
		require.Equal(t, nx.NX_SUCCESS, Release(p2))

		// A chain whose head says it is the last packet: an append still
		// fills the packet behind it.
		st := nx.NX_SUCCESS
		for p1.NxPacketNext == nil {
			st |= DataAppend(p1, []byte("0102030405060708091011121314151617181920"), &pool0, nx.NX_NO_WAIT)
		}
		p1.NxPacketLast = p1 // the C test's trim of the length subtracts 0
		behind := p1.NxPacketNext
		st |= DataAppend(p1, []byte("abc"), &pool0, nx.NX_NO_WAIT)
		assert.Equal(t, nx.NX_SUCCESS, st)
		assert.Same(t, behind, p1.NxPacketNext)
		require.Equal(t, nx.NX_SUCCESS, Copy(p1, &p2, &pool1, nx.NX_NO_WAIT)|Copy(p2, &p3, &pool2, nx.NX_NO_WAIT))
		for _, p := range []*Packet{p2, p3} {
			local[0] = 0
			assert.Equal(t, nx.NX_SUCCESS, DataRetrieve(p, local, &size))
			assert.Equal(t, []any{p1.NxPacketLength, p1.NxPacketLength, byte('A'), byte('0')}, []any{p.NxPacketLength, size, local[0], local[28]})
		}
		require.Equal(t, nx.NX_SUCCESS, TransmitRelease(p1)|TransmitRelease(p2)|TransmitRelease(p3))
		var total, free, requests, suspensions, invalid nx.ULONG
		assert.Equal(t, nx.NX_SUCCESS, PoolInfoGet(&pool0, nil, nil, nil, nil, nil))
		assert.Equal(t, nx.NX_SUCCESS, PoolInfoGet(&pool0, &total, &free, &requests, &suspensions, &invalid))
		assert.Equal(t, [5]nx.ULONG{3, 3, 1, 0, 0}, [5]nx.ULONG{total, free, requests, suspensions, invalid},
			"total, free, empty requests, empty suspensions, invalid releases")

		require.Equal(t, nx.NX_SUCCESS, deleteAll())
		require.Equal(t, nx.NX_SUCCESS, PoolCreate(&pool0, "NetX Main Packet Pool", testSize, mem0)|
			PoolCreate(&pool1, "NetX Main Packet Pool", testSize, mem1))
		require.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT))
		assert.NotEqual(t, nx.NX_SUCCESS, DataAppend(p1, buffer, &pool0, nx.NX_NO_WAIT), "append past the pool")
		assert.Zero(t, pool0.invalidReleases)
		assert.NotEqual(t, nx.NX_SUCCESS, Copy(p1, &p2, &pool0, nx.NX_NO_WAIT), "copy of an empty packet")
		require.Equal(t, nx.NX_SUCCESS, DataAppend(p1, buffer[:testSize*2], &pool0, nx.NX_NO_WAIT))
		assert.NotEqual(t, nx.NX_SUCCESS, Copy(p1, &p2, &pool0, nx.NX_NO_WAIT), "copy into an exhausted pool")
		p1.NxPacketPrependPtr = p1.NxPacketAppendPtr
		p1.NxPacketLength = testSize
		if assert.Equal(t, nx.NX_SUCCESS, Copy(p1, &p2, &pool1, nx.NX_NO_WAIT), "copy of the chain's second packet") {
			Release(p2)
		}
		Release(p1)

		require.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT))
		p1.NxPacketAppendPtr = p1.NxPacketPrependPtr + copy(p1.NxPacketDataStart[p1.NxPacketPrependPtr:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ  ")
		p1.NxPacketLength = 30
		assert.NotEqual(t, nx.NX_SUCCESS, Copy(p1, &p2, &pool0, nx.NX_NO_WAIT), "copy of 30 bytes from 28")
		assert.NotEqual(t, nx.NX_SUCCESS, DataRetrieve(p1, buffer, &size), "retrieve of 30 bytes from 28")
		assert.NotEqual(t, nx.NX_SUCCESS, DataExtractOffset(p1, 30, buffer, &size), "extract at the length")
		p1.NxPacketLength = 0
		assert.Equal(t, nx.NX_SUCCESS, DataExtractOffset(p1, 0, buffer, &size), "extract from an empty packet")
		p1.NxPacketLength = 28
		assert.Equal(t, nx.NX_SUCCESS, DataExtractOffset(p1, 0, buffer[:26], &size), "extract of 26 bytes")
		Release(p1)

		require.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT))
		require.Equal(t, nx.NX_SUCCESS, DataAppend(p1, buffer[:testSize*2], &pool0, nx.NX_NO_WAIT))
		assert.Equal(t, nx.NX_SUCCESS, DataExtractOffset(p1, testSize, buffer, &size), "extract of the second packet")
		assert.Equal(t, nx.NX_SUCCESS, DataExtractOffset(p1, 0, buffer[:testSize], &size), "extract of the first packet")
		p1.NxPacketLength = testSize * 3
		assert.NotEqual(t, nx.NX_SUCCESS, DataExtractOffset(p1, testSize*2, buffer, &size), "extract past the chain's bytes")
		p1.NxPacketLength = testSize * 2
		require.Equal(t, nx.NX_SUCCESS, Release(p1))

		if errorChecking {
			assert.Equal(t, nx.NX_INVALID_PARAMETERS, Allocate(&pool0, &p1, pool0.payloadSize+4, nx.NX_NO_WAIT))
			require.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT))
			p1.pool = nil
			assert.Equal(t, nx.NX_PTR_ERROR, Release(p1), "no pool")
			p1.pool, pool0.id = &pool0, 0
			assert.Equal(t, nx.NX_PTR_ERROR, Release(p1), "pool ID 0")
			pool0.id = poolID
			assert.Equal(t, nx.NX_SUCCESS, Release(p1))
		}
		done = true
	})
	assert.True(t, done)
}
