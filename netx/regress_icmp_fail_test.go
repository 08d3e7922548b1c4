package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRegressICMPLoopbackFail is netx_icmp_loopback_fail_test.c: with a
// pool of two packets, a ping of 127.0.0.2 succeeds; while the reply is
// held, the next one finds no packet for the loopback copy, fails, and is
// counted as a send drop.
func TestRegressICMPLoopbackFail(t *testing.T) {
	w := newWorld(t)
	w.poolPayload, w.poolMemory = 1536, 4096
	done := false
	w.addNode("ip_0", addrA, func(n *node) {
		require.Equal(t, 2, n.pool.Available())
		var first, second *packetpool.Packet
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPPingV4(&n.ip, nx.IP_ADDRESS(127, 0, 0, 2), []byte(abc), &first, nx.NX_IP_PERIODIC_RATE))
		assert.Equal(t, nx.ULONG(28), first.NxPacketLength)
		assert.NotEqual(t, nx.NX_SUCCESS, netx.ICMPPingV4(&n.ip, nx.IP_ADDRESS(127, 0, 0, 2), []byte(abc), &second, nx.NX_IP_PERIODIC_RATE))
		assert.Equal(t, nx.ULONG(1), n.ip.Stats.SendPacketsDropped)
		packetpool.Release(first)
		done = true
	}, func(n *node) { require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnableV4(&n.ip)) })
	w.run(5 * time.Second)
	assert.True(t, done)
}

// TestRegressIPv6FragmentFail is netx_ipv6_fragment_fail_test.c: a ping of
// link-local fe80::2 succeeds, and one of 2000 bytes from a pool of two
// packets cannot be fragmented (no packet for the fragments) and gets no
// answer.
func TestRegressIPv6FragmentFail(t *testing.T) {
	w := newWorld(t)
	w.poolPayload, w.poolMemory = 1536, 4000
	var st [2]nx.Status
	setup := func(last nx.ULONG) func(n *node) {
		return func(n *node) {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
			require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
			require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(&n.ip))
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6([4]nx.ULONG{0xFE800000, 0, 0, last}), 10, nil))
		}
	}
	w.addNode("ip_0", addrA, func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		st[0], _ = ping(t, n, v6([4]nx.ULONG{0xFE800000, 0, 0, 2}), abc, nx.NX_IP_PERIODIC_RATE)
		st[1], _ = ping(t, n, v6([4]nx.ULONG{0xFE800000, 0, 0, 2}), string(make([]byte, 2000)), nx.NX_IP_PERIODIC_RATE)
	}, setup(1))
	w.poolMemory = 15360
	w.addNode("ip_1", addrB, nil, setup(2))
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_SUCCESS, st[0])
	assert.NotEqual(t, nx.NX_SUCCESS, st[1])
}

// TestRegressIPv6SendFail is netx_ipv6_send_fail_test.c: a ping of ::1
// succeeds, and fails when the pool has one packet left (no loopback
// copy); a ping of the peer's link-local address succeeds; one larger than
// the 256-byte MTU without fragmentation fails; and more pings of an
// unknown neighbour than NX_ND_MAX_QUEUE_DEPTH with NX_NO_WAIT get no
// answer, the oldest dropped from the queue. Not ported: the step that
// unhooks ICMPv6 processing by writing nx_ip_icmpv6_packet_process.
func TestRegressIPv6SendFail(t *testing.T) {
	w := newWorld(t)
	w.poolPayload, w.poolMemory = 512, 4096
	w.lan.MTU = 256
	var got []nx.Status
	linkLocal := func(n *node) { require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil)) }
	var b *node
	a := w.addNode("ip_0", addrA, func(n *node) {
		linkLocal(n)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var peer [4]nx.ULONG // ip_1's link-local address (nxd_ipv6_address_get in C)
		for _, x := range b.ip.Interface(0).IPv6Addresses() {
			if x[0] == 0xFE800000 {
				peer = x
			}
		}
		lo := v6([4]nx.ULONG{0, 0, 0, 1})
		st, _ := ping(t, n, lo, abc, nx.NX_IP_PERIODIC_RATE)
		got = append(got, st)
		var held []*packetpool.Packet
		for n.pool.Available() > 1 {
			var p *packetpool.Packet
			packetpool.Allocate(&n.pool, &p, 0, nx.NX_NO_WAIT)
			held = append(held, p)
		}
		st, _ = ping(t, n, lo, abc, nx.NX_IP_PERIODIC_RATE)
		got = append(got, st)
		for _, p := range held {
			packetpool.Release(p)
		}
		st, _ = ping(t, n, v6(peer), abc, nx.NX_IP_PERIODIC_RATE)
		got = append(got, st)
		st, _ = ping(t, n, v6(peer), string(make([]byte, 256)), nx.NX_IP_PERIODIC_RATE)
		got = append(got, st)
		for range 5 {
			st, _ = ping(t, n, v6([4]nx.ULONG{0xFE800000, 0, 0, 1}), abc, nx.NX_NO_WAIT)
			got = append(got, st)
		}
	}, withICMP(t, v6A))
	b = w.addNode("ip_1", addrB, linkLocal, withICMP(t, v6B))
	// Long enough for the unknown neighbour's solicitations to run out and
	// its queue to be released.
	w.run(15 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_NO_RESPONSE, nx.NX_SUCCESS, nx.NX_NO_RESPONSE,
		nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE}, got)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.NDQueueOverflow)
}
