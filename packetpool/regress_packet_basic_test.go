package packetpool

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestRegressPacketBasic is netx_packet_basic_test.c: pools deleted and
// created again on their memory; a pool of three packets runs dry
// (NX_NO_PACKET without waiting, one empty-pool request); copies into a
// pool of another payload size keep the bytes; an append to a packet whose
// nx_packet_last is not the chain's end fills the chain from there; copies
// of the chain, across pools, keep its length and bytes; the pool is full
// again with no suspension and no invalid release. Then the failures: an
// append larger than the pool, copies of a chain the pool cannot hold or
// whose length its bytes do not make up, retrieves and extracts past the
// bytes, and the NX_INVALID_PARAMETERS of a packet type past the payload.
// Left out: the address-alignment checks (Go memory has no address to
// check), pool_3 (built only without error checking) and the releases of
// packets whose pool pointer the C test corrupts.
func TestRegressPacketBasic(t *testing.T) {
	const testSize = udpPacket + 28
	var pool0, pool1, pool2, pool4 Pool
	mem0, mem1, mem2, mem4 := poolBytes(testSize, 3), make([]byte, 1000), make([]byte, 8192), make([]byte, 8192)
	create := func() nx.Status {
		return PoolCreate(&pool0, "NetX Main Packet Pool", testSize, mem0) | PoolCreate(&pool1, "NetX Second Packet Pool", 200, mem1) |
			PoolCreate(&pool2, "NetX Third Packet Pool", 256, mem2) | PoolCreate(&pool4, "NetX Fifth Packet Pool", 252, mem4)
	}
	done := false
	cThreads(t, time.Second, func() { assert.Equal(t, nx.NX_SUCCESS, create()) }, func() {
		var p1, p2, p3, p4 *Packet
		var size nx.ULONG
		local := make([]byte, 300)
		check := func(ok bool, what string, args ...any) {
			t.Helper()
			assert.True(t, ok, append([]any{what}, args...)...)
		}
		check(PoolDelete(&pool0)|PoolDelete(&pool1)|PoolDelete(&pool2)|PoolDelete(&pool4) == nx.NX_SUCCESS, "delete the pools")
		check(create() == nx.NX_SUCCESS, "create them again")
		check(Allocate(&pool4, &p1, udpPacket, 10)|Allocate(&pool4, &p2, udpPacket, 10) == nx.NX_SUCCESS, "allocate from the 252-byte pool")
		check(Release(p1)|Release(p2) == nx.NX_SUCCESS, "release them")

		check(Allocate(&pool0, &p1, udpPacket, 10)|Allocate(&pool0, &p2, udpPacket, 10)|Allocate(&pool0, &p3, udpPacket, 10) == nx.NX_SUCCESS,
			"take the three packets")
		check(Allocate(&pool0, &p4, udpPacket, nx.NX_NO_WAIT) == nx.NX_NO_PACKET, "a fourth")
		check(Release(p2)|Release(p3) == nx.NX_SUCCESS, "release two")
		check(DataAppend(p1, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ  "), &pool0, nx.NX_NO_WAIT) == nx.NX_SUCCESS, "append")
		st := Copy(p1, &p2, &pool1, nx.NX_NO_WAIT)
		check(st == nx.NX_SUCCESS && p2.NxPacketLength == 28, "copy into pool_1: %v", st)
		st = DataRetrieve(p2, local, &size)
		check(st == nx.NX_SUCCESS && size == 28 && local[0] == 'A', "retrieve the copy: %v %d", st, size)
		check(Release(p2) == nx.NX_SUCCESS, "release the copy")

		// Chain, then make the head its own last packet again: the next
		// append fills the chained packet instead of taking a new one.
		// (The C test's "trim" subtracts append_ptr - append_ptr, nothing.)
		for p1.NxPacketNext == nil {
			DataAppend(p1, []byte("0102030405060708091011121314151617181920"), &pool0, nx.NX_NO_WAIT)
		}
		tail := p1.NxPacketNext
		p1.NxPacketLast = p1
		st = DataAppend(p1, []byte("abc"), &pool0, nx.NX_NO_WAIT)
		check(st == nx.NX_SUCCESS && p1.NxPacketNext == tail, "append with nx_packet_last short of the end: %v", st)
		st = Copy(p1, &p2, &pool1, nx.NX_NO_WAIT)
		st3 := Copy(p2, &p3, &pool2, nx.NX_NO_WAIT)
		check(st == nx.NX_SUCCESS && st3 == nx.NX_SUCCESS && p2.NxPacketLength == p1.NxPacketLength && p3.NxPacketLength == p2.NxPacketLength,
			"copies of the chain: %v %v", st, st3)
		for _, p := range []*Packet{p2, p3} {
			local[0] = 0
			st = DataRetrieve(p, local, &size)
			check(st == nx.NX_SUCCESS && size == p1.NxPacketLength && local[0] == 'A' && local[28] == '0', "retrieve a copy: %v %d", st, size)
		}
		check(TransmitRelease(p1)|TransmitRelease(p2)|TransmitRelease(p3) == nx.NX_SUCCESS, "transmit release")
		var total, free, requests, suspensions, invalid nx.ULONG
		check(PoolInfoGet(&pool0, nil, nil, nil, nil, nil) == nx.NX_SUCCESS, "info get, nothing asked")
		st = PoolInfoGet(&pool0, &total, &free, &requests, &suspensions, &invalid)
		check(st == nx.NX_SUCCESS && total == 3 && free == 3 && requests == 1 && suspensions == 0 && invalid == 0,
			"pool_0: total %d free %d empty requests %d suspensions %d invalid releases %d", total, free, requests, suspensions, invalid)

		check(PoolDelete(&pool0)|PoolDelete(&pool1)|PoolDelete(&pool2) == nx.NX_SUCCESS, "delete")
		check(PoolCreate(&pool0, "NetX Main Packet Pool", testSize, mem0)|PoolCreate(&pool1, "NetX Second Packet Pool", testSize, mem1) == nx.NX_SUCCESS,
			"create pool_0 and pool_1 again")
		buffer := make([]byte, 2048)
		check(Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT) == nx.NX_SUCCESS, "allocate")
		check(DataAppend(p1, buffer, &pool0, nx.NX_NO_WAIT) != nx.NX_SUCCESS, "an append larger than the pool")
		PoolInfoGet(&pool0, nil, nil, nil, nil, &invalid)
		check(invalid == 0, "the failed append released %d packets wrongly", invalid)
		check(Copy(p1, &p2, &pool0, nx.NX_NO_WAIT) != nx.NX_SUCCESS, "a copy of an empty packet")
		DataAppend(p1, buffer[:testSize*2], &pool0, nx.NX_NO_WAIT)
		check(Copy(p1, &p2, &pool0, nx.NX_NO_WAIT) != nx.NX_SUCCESS, "a copy the pool cannot hold")
		Release(p1)

		check(Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT) == nx.NX_SUCCESS, "allocate")
		copy(p1.NxPacketDataStart[p1.NxPacketPrependPtr:], "ABCDEFGHIJKLMNOPQRSTUVWXYZ  ")
		p1.NxPacketAppendPtr = p1.NxPacketPrependPtr + 28
		p1.NxPacketLength = 30
		check(Copy(p1, &p2, &pool0, nx.NX_NO_WAIT) != nx.NX_SUCCESS, "a copy of a packet 2 bytes short of its length")
		check(DataExtractOffset(p1, 30, buffer, &size) != nx.NX_SUCCESS, "an extract at the length")
		p1.NxPacketLength = 28
		st = DataExtractOffset(p1, 0, buffer[:26], &size)
		check(st == nx.NX_SUCCESS && size == 26 && bytes.Equal(buffer[:26], []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ")), "an extract of 26: %v %d", st, size)
		Release(p1)

		check(Allocate(&pool0, &p1, 0, nx.NX_NO_WAIT) == nx.NX_SUCCESS, "allocate")
		DataAppend(p1, buffer[:testSize*2], &pool0, nx.NX_NO_WAIT)
		st = DataExtractOffset(p1, testSize, buffer, &size)
		check(st == nx.NX_SUCCESS && size == testSize, "an extract from the second packet: %v %d", st, size)
		p1.NxPacketLength = testSize * 3
		check(DataExtractOffset(p1, testSize*2, buffer, &size) != nx.NX_SUCCESS, "an extract past the chain's bytes")
		p1.NxPacketLength = testSize * 2
		check(Release(p1) == nx.NX_SUCCESS, "release")
		if errorChecking {
			check(Allocate(&pool0, &p1, pool0.PayloadSize()+4, nx.NX_NO_WAIT) == nx.NX_INVALID_PARAMETERS, "a packet type past the payload")
		}
		done = true
	})
	assert.True(t, done, "the thread did not finish")
}
