package packetpool

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestRegressPacketNXEAPI is netx_packet_nxe_api_test.c: the status codes
// of the packet services' parameter checks (nxe_packet_*.c). The C test
// makes packets invalid by writing their pointers (prepend before the data
// start: NX_UNDERFLOW; append past the data end: NX_OVERFLOW) and pools
// invalid by clearing their ID; here the packet's offsets are set the same
// way and the invalid pool is one never created. Left out: the pools
// created on misaligned memory (Go memory has no address to misalign),
// _nxe_packet_pool_create's control-block size and the low watermark (out
// of nxsim).
func TestRegressPacketNXEAPI(t *testing.T) {
	if !errorChecking {
		t.Skip("the nxe_ layer is built out")
	}
	const testSize = (udpPacket + 28 + 3) &^ 3
	var pool0, invalidPool Pool
	memory := poolBytes(testSize, 3)
	done := false
	cThreads(t, time.Second, func() {}, func() {
		var p1, p2 *Packet
		var n nx.ULONG
		buffer := make([]byte, 200)
		check := func(got, want nx.Status, what string) {
			t.Helper()
			assert.Equal(t, want, got, what)
		}
		// broken returns p with its offsets set as the C test sets the
		// pointers of its invalid packet, and a function to restore them.
		broken := func(p *Packet, underflow bool) func() {
			prepend, appendPtr := p.NxPacketPrependPtr, p.NxPacketAppendPtr
			if underflow {
				p.NxPacketPrependPtr = -0x10
			} else {
				p.NxPacketAppendPtr = len(p.NxPacketDataStart) + 0x20
			}
			return func() { p.NxPacketPrependPtr, p.NxPacketAppendPtr = prepend, appendPtr }
		}
		check(PoolCreate(&pool0, "NetX Main Packet Pool", testSize, memory), nx.NX_SUCCESS, "pool create")
		check(PoolCreate(&pool0, "NetX Main Packet Pool", testSize, memory), nx.NX_PTR_ERROR, "pool create twice")
		check(PoolCreate(nil, "NetX Main Packet Pool", testSize, memory), nx.NX_PTR_ERROR, "pool create, NULL pool")
		check(PoolCreate(&invalidPool, "NetX Main Packet Pool", testSize, nil), nx.NX_PTR_ERROR, "pool create, NULL memory")
		check(PoolCreate(&invalidPool, "NetX Main Packet Pool", 0, poolBytes(testSize, 3)), nx.NX_SIZE_ERROR, "pool create, payload 0")
		check(PoolCreate(&invalidPool, "NetX Main Packet Pool", testSize, make([]byte, 0)), nx.NX_SIZE_ERROR, "pool create, no memory")
		check(PoolDelete(nil), nx.NX_PTR_ERROR, "pool delete, NULL")
		check(PoolDelete(&invalidPool), nx.NX_PTR_ERROR, "pool delete, never created")
		check(PoolInfoGet(nil, &n, &n, &n, &n, &n), nx.NX_PTR_ERROR, "pool info get, NULL")
		check(PoolInfoGet(&invalidPool, &n, &n, &n, &n, &n), nx.NX_PTR_ERROR, "pool info get, never created")
		check(Allocate(nil, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "allocate, NULL pool")
		check(Allocate(&invalidPool, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "allocate, pool never created")
		check(Allocate(&pool0, nil, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "allocate, NULL packet")
		check(Allocate(&pool0, &p1, 5, nx.NX_IP_PERIODIC_RATE), nx.NX_OPTION_ERROR, "allocate, unaligned type")
		check(Allocate(&pool0, &p1, testSize+4, nx.NX_IP_PERIODIC_RATE), nx.NX_INVALID_PARAMETERS, "allocate, type past the payload")
		check(Allocate(&pool0, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "allocate")
		data := []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ \x00")
		check(DataAppend(nil, data, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "append, NULL packet")
		check(DataAppend(p1, nil, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "append, NULL data")
		check(DataAppend(p1, data[:0], &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SIZE_ERROR, "append, 0 bytes")
		check(DataAppend(p1, data, nil, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "append, NULL pool")
		check(DataAppend(p1, data, &invalidPool, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "append, pool never created")
		restore := broken(p1, true)
		check(DataAppend(p1, data, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_UNDERFLOW, "append, underflow")
		check(Copy(p1, &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_UNDERFLOW, "copy, underflow")
		restore()
		restore = broken(p1, false)
		check(DataAppend(p1, data, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_OVERFLOW, "append, overflow")
		check(Copy(p1, &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_OVERFLOW, "copy, overflow")
		restore()
		check(DataAppend(p1, data, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
		check(Copy(nil, &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "copy, NULL packet")
		check(Copy(p1, nil, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "copy, NULL result")
		check(Copy(p1, &p2, nil, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "copy, NULL pool")
		check(Copy(p1, &p2, &invalidPool, nx.NX_IP_PERIODIC_RATE), nx.NX_PTR_ERROR, "copy, pool never created")
		check(Copy(p1, &p2, &pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "copy")
		check(LengthGet(nil, &n), nx.NX_PTR_ERROR, "length get, NULL packet")
		check(LengthGet(p1, nil), nx.NX_PTR_ERROR, "length get, NULL length")
		check(LengthGet(&Packet{}, &n), nx.NX_PTR_ERROR, "length get, a packet of no pool")
		check(LengthGet(p1, &n), nx.NX_SUCCESS, "length get")
		check(DataExtractOffset(nil, 0, buffer, &n), nx.NX_PTR_ERROR, "extract, NULL packet")
		check(DataExtractOffset(p1, 0, nil, &n), nx.NX_PTR_ERROR, "extract, NULL buffer")
		check(DataExtractOffset(p1, 0, buffer, nil), nx.NX_PTR_ERROR, "extract, NULL count")
		check(DataExtractOffset(p1, 0, buffer, &n), nx.NX_SUCCESS, "extract")
		check(DataRetrieve(nil, buffer, &n), nx.NX_PTR_ERROR, "retrieve, NULL packet")
		check(DataRetrieve(p1, nil, &n), nx.NX_PTR_ERROR, "retrieve, NULL buffer")
		check(DataRetrieve(p1, buffer, nil), nx.NX_PTR_ERROR, "retrieve, NULL count")
		check(DataRetrieve(p1, buffer, &n), nx.NX_SUCCESS, "retrieve")
		check(Release(&Packet{}), nx.NX_PTR_ERROR, "release, a packet of no pool")
		check(TransmitRelease(&Packet{}), nx.NX_PTR_ERROR, "transmit release, a packet of no pool")
		for _, underflow := range []bool{true, false} {
			want := nx.NX_OVERFLOW
			if underflow {
				want = nx.NX_UNDERFLOW
			}
			restore = broken(p2, underflow)
			check(Release(p2), want, "release, broken packet")
			check(TransmitRelease(p2), want, "transmit release, broken packet")
			restore()
		}
		check(Release(p1), nx.NX_SUCCESS, "release")
		check(TransmitRelease(p1), nx.NX_PTR_ERROR, "transmit release of a free packet")
		check(TransmitRelease(p2), nx.NX_SUCCESS, "transmit release")
		check(PoolDelete(&pool0), nx.NX_SUCCESS, "pool delete")
		done = true
	})
	assert.True(t, done, "the thread did not finish")
}
