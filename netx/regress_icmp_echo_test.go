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

// TestRegressICMPInvalidEchoReply is netx_icmp_invalid_echo_reply_test.c:
// an echo reply that no ping waits for is counted as a response received
// and as an invalid packet, and released.
func TestRegressICMPInvalidEchoReply(t *testing.T) {
	w := newWorld(t)
	a := w.addNode("ip_0", addrA, nil, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnableV4(&n.ip))
	})
	inject(a, 20*time.Millisecond, icmp4(t, 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
	w.run(time.Second)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.ICMP.PingResponsesReceived)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.ICMP.InvalidPackets)
}

// TestRegressICMPMultiplePing is netx_icmp_multiple_ping_test1.c: two
// threads ping at once, one a peer that answers and one an address nobody
// has; each gets its own outcome (replies are matched by sequence number),
// the answered one its data back. Not ported: the RAM driver's one-second
// delay of the reply (nxsim's segment has no per-packet delay hook).
func TestRegressICMPMultiplePing(t *testing.T) {
	var second rtos.Thread
	var st0, st1 nx.Status
	var data string
	w, _, _ := regressPair(t, 1500, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, rtos.ThreadResume(&second))
		var resp *packetpool.Packet
		st0 = netx.ICMPPingV4(&n.ip, nx.IP_ADDRESS(1, 2, 3, 5), []byte(abc), &resp, 3*nx.NX_IP_PERIODIC_RATE)
		if resp != nil {
			data = text(t, resp)
		}
	}, func(n *node) {
		require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&second, "ntest_1", func(nx.ULONG) {
			var resp *packetpool.Packet
			st1 = netx.ICMPPingV4(&n.ip, nx.IP_ADDRESS(1, 2, 3, 7), []byte("PjCZEZGZIZKZMZOZQZSZUZWZYZ\x00\x00"), &resp, 2*nx.NX_IP_PERIODIC_RATE)
			assert.Nil(t, resp)
		}, 0, make([]byte, 2048), 10, 10, 0, nx.TX_DONT_START))
	})
	// The request to 1.2.3.7 waits in the ARP queue until ARP gives up.
	w.run(200 * time.Second)
	assert.Equal(t, nx.NX_SUCCESS, st0)
	assert.Equal(t, abc, data)
	assert.NotEqual(t, nx.NX_SUCCESS, st1)
}
