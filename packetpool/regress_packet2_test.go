package packetpool

import (
	"testing"
	"time"

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
