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

// regressPair6 is the IPv6 fixture of the C ICMPv6 tests: regressPair's
// instances with IPv6, ICMP (nxd_icmp_enable) and the global addresses
// 2001::1000000x/64.
func regressPair6(t *testing.T, mtu nx.ULONG, app func(n *node)) (*world, *node, *node) {
	w := regressWorld(t, mtu)
	a, b := w.regressNodes(app, true)
	return w, a, b
}

// TestRegressICMPPing6 is netx_icmp_ping6_test.c: after DAD, a ping with
// the pool exhausted, a fragmented ping, one with no source address for
// the destination, unanswered pings with and without waiting, a ping of
// our own address, one after nxd_nd_cache_invalidate, each with the
// counters of nx_icmp_info_get. Not ported: nxd_ipv6_disable (not in
// nxsim).
func TestRegressICMPPing6(t *testing.T) {
	var want icmpInfo
	done := false
	ping6 := func(n *node, to [4]nx.ULONG, data string, wait nx.ULONG) (nx.Status, *packetpool.Packet) {
		var resp *packetpool.Packet
		st := netx.ICMPPing(&n.ip, v6(to), []byte(data), &resp, wait)
		return st, resp
	}
	w, _, _ := regressPair6(t, 256, func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)

		giveBack := takeAll(t, n, nx.NX_ICMP_PACKET)
		st, resp := ping6(n, global(0x10000002), abc, nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_NO_PACKET, st)
		assert.Nil(t, resp)
		assert.Equal(t, want, getICMPInfo(t, &n.ip))
		giveBack()

		st, resp = ping6(n, global(0x10000002), string(make([]byte, 257)), nx.NX_IP_PERIODIC_RATE)
		require.Equal(t, nx.NX_SUCCESS, st)
		assert.Equal(t, nx.ULONG(257), resp.NxPacketLength)
		packetpool.Release(resp)
		want.sent++
		want.responses++
		assert.Equal(t, want, getICMPInfo(t, &n.ip))

		st, resp = ping6(n, [4]nx.ULONG{0x30010000, 0, 0, 0x10000003}, abc, nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_NO_INTERFACE_ADDRESS, st)
		assert.Nil(t, resp)
		assert.Equal(t, want, getICMPInfo(t, &n.ip))

		st, resp = ping6(n, global(0x10000003), abc, nx.NX_NO_WAIT)
		assert.Equal(t, nx.NX_NO_RESPONSE, st)
		assert.Nil(t, resp)
		want.sent++
		assert.Equal(t, want, getICMPInfo(t, &n.ip))

		st, resp = ping6(n, global(0x10000003), abc, nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_NO_RESPONSE, st)
		assert.Nil(t, resp)
		want.sent++
		want.timeouts++
		assert.Equal(t, want, getICMPInfo(t, &n.ip))

		st, resp = ping6(n, global(0x10000001), abc, nx.NX_IP_PERIODIC_RATE)
		require.Equal(t, nx.NX_SUCCESS, st)
		packetpool.Release(resp)
		want.sent++
		want.responses++
		assert.Equal(t, want, getICMPInfo(t, &n.ip))

		st, resp = ping6(n, global(0x10000002), "PjCZEZGZIZKZMZOZQZSZUZWZYZ\x00\x00", nx.NX_IP_PERIODIC_RATE)
		require.Equal(t, nx.NX_SUCCESS, st)
		assert.Equal(t, nx.ULONG(28), resp.NxPacketLength)
		packetpool.Release(resp)
		want.sent++
		want.responses++
		assert.Equal(t, want, getICMPInfo(t, &n.ip))

		require.Equal(t, nx.NX_SUCCESS, netx.NDCacheInvalidate(&n.ip))
		st, resp = ping6(n, global(0x10000002), abc, nx.NX_IP_PERIODIC_RATE)
		require.Equal(t, nx.NX_SUCCESS, st)
		packetpool.Release(resp)
		require.Equal(t, nx.NX_SUCCESS, netx.NDCacheInvalidate(&n.ip))
		done = true
	})
	w.run(20 * time.Second)
	assert.True(t, done)
}

// TestRegressICMPPing6Fragment is netx_icmp_ping6_fragment_test.c: 259
// bytes of arbitrary data over a 256-byte MTU go out in fragments and come
// back whole; the counters show one ping sent and answered and nothing
// waiting, and no datagram is left in the neighbour cache's queue (the
// pool check at the end of the test).
func TestRegressICMPPing6Fragment(t *testing.T) {
	data := make([]byte, 259)
	for i := range data {
		data[i] = byte(i*7 + 3) // the C test fills it from rand()
	}
	var got []byte
	var info icmpInfo
	w := regressWorld(t, 256)
	w.poolPayload, w.poolMemory = 512, 10240
	w.regressNodes(func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var resp *packetpool.Packet
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPPing(&n.ip, v6(global(0x10000002)), data, &resp, 2*nx.NX_IP_PERIODIC_RATE))
		got = []byte(text(t, resp))
		info = getICMPInfo(t, &n.ip)
	}, true)
	w.run(10 * time.Second)
	assert.Equal(t, data, got)
	assert.Equal(t, icmpInfo{sent: 1, responses: 1}, info)
}
