package packetpool

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Ports of NetX Duo's packet regression tests
// (test/regression/netxduo_test/netx_packet_*_test.c).

// udpPacket is NX_UDP_PACKET of the IPv6-enabled build the C tests use.
const udpPacket = nx.NX_UDP_PACKET

// cThreads runs the C test's threads (all at priority 4, created in this
// order) on one device whose application define runs define first, for
// virtual time d, and checks at the end that every pool is full again.
func cThreads(t *testing.T, d time.Duration, define func(), entries ...func()) {
	t.Helper()
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	t.Cleanup(func() { require.NoError(t, CheckFull(e)) })
	threads := make([]rtos.Thread, len(entries))
	e.AddKernel("test", func([]byte) {
		define()
		for i, entry := range entries {
			entry := entry
			require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&threads[i], "thread", func(nx.ULONG) { entry() },
				0, make([]byte, 2048), 4, 4, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
		}
	}, rtos.KernelProfile(rtos.ProfileHost)) // the C suites' ports run on the host profile
	require.NoError(t, e.RunFor(d))
}

// poolBytes is the memory for n packets of payload bytes, as the C tests
// compute it: (roundup(payload) + roundup(sizeof(NX_PACKET))) * n.
func poolBytes(payload nx.ULONG, n int) []byte {
	round := func(x nx.ULONG) nx.ULONG { return (x + 3) &^ 3 }
	return make([]byte, int(round(payload)+round(PacketHeaderSize))*n)
}

// TestRegressPacketDataAppend is netx_packet_data_append_test.c: appending
// four payloads' worth to a packet of type 0 chains packets from the pool,
// and the chain goes back whole.
func TestRegressPacketDataAppend(t *testing.T) {
	const testSize = udpPacket + 28
	var pool0 Pool
	done := false
	cThreads(t, time.Second, func() {
		require.Equal(t, nx.NX_SUCCESS, PoolCreate(&pool0, "NetX Main Packet Pool", testSize, poolBytes(testSize, 10)))
	}, func() {
		var pkt *Packet
		require.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, &pkt, 0, nx.NX_NO_WAIT))
		assert.Equal(t, nx.NX_SUCCESS, DataAppend(pkt, make([]byte, testSize*4), &pool0, nx.NX_NO_WAIT))
		assert.Equal(t, nx.NX_SUCCESS, Release(pkt))
		done = true
	})
	assert.True(t, done)
}

// TestRegressPacketSuspension is netx_packet_suspension_test.c: with the
// pool's three packets out, two threads time out once and then wait; each
// release hands a packet to the first waiter; the pool counts four empty
// requests and four suspensions.
func TestRegressPacketSuspension(t *testing.T) {
	var pool0 Pool
	var p1, p2, p3, got1, got2 *Packet
	var counter1, counter2 int
	done := false
	waiter := func(got **Packet, counter *int) func() {
		return func() {
			assert.Equal(t, nx.NX_NO_PACKET, Allocate(&pool0, got, udpPacket, nx.NX_IP_PERIODIC_RATE/10))
			*counter++
			assert.Equal(t, nx.NX_SUCCESS, Allocate(&pool0, got, udpPacket, nx.NX_WAIT_FOREVER))
			*counter++
		}
	}
	cThreads(t, 5*time.Second, func() {
		require.Equal(t, nx.NX_SUCCESS, PoolCreate(&pool0, "NetX Main Packet Pool", udpPacket, poolBytes(udpPacket, 3)))
	}, func() {
		st := Allocate(&pool0, &p1, udpPacket, nx.NX_IP_PERIODIC_RATE/10)
		st |= Allocate(&pool0, &p2, udpPacket, nx.NX_IP_PERIODIC_RATE/10)
		st |= Allocate(&pool0, &p3, udpPacket, nx.NX_IP_PERIODIC_RATE/10)
		require.Equal(t, nx.NX_SUCCESS, st)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, 1, counter1)
		assert.Equal(t, nx.NX_SUCCESS, Release(p1))
		assert.Equal(t, nx.NX_SUCCESS, Release(p3))
		rtos.ThreadRelinquish()
		var total, free, emptyRequests, emptySuspensions, invalid nx.ULONG
		assert.Equal(t, nx.NX_SUCCESS, PoolInfoGet(&pool0, &total, &free, &emptyRequests, &emptySuspensions, &invalid))
		assert.Equal(t, [5]nx.ULONG{3, 0, 4, 4, 0}, [5]nx.ULONG{total, free, emptyRequests, emptySuspensions, invalid},
			"total, free, empty requests, empty suspensions, invalid releases")
		assert.Equal(t, 2, counter1)
		assert.Equal(t, 2, counter2)
		for _, p := range []*Packet{p2, got1, got2} { // the C test ends holding them
			Release(p)
		}
		done = true
	}, waiter(&got1, &counter1), waiter(&got2, &counter2))
	assert.True(t, done)
}
