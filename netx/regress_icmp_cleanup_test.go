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

// TestRegressICMPCleanup is netx_icmp_cleanup_test.c: five threads ping
// addresses nobody answers (four over IPv4, one over IPv6) with waits of 1
// to 5 seconds; the suspended count grows as each one waits and shrinks as
// each times out (NX_NO_RESPONSE), and the last one is aborted
// (NX_WAIT_ABORTED) by another thread.
func TestRegressICMPCleanup(t *testing.T) {
	var threads [5]rtos.Thread
	var statuses [5]nx.Status
	var seen [6]nx.ULONG
	var ip *netx.IP
	suspended := func() nx.ULONG {
		var n nx.ULONG
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPInfoGet(ip, nil, nil, &n, nil, nil, nil))
		return n
	}
	ping := func(i int, to *nx.NXDAddress, wait nx.ULONG, after func()) func(nx.ULONG) {
		return func(nx.ULONG) {
			seen[i] = suspended()
			var resp *packetpool.Packet
			statuses[i] = netx.ICMPPing(ip, to, []byte(abc), &resp, wait*nx.NX_IP_PERIODIC_RATE)
			assert.Nil(t, resp)
			if after != nil {
				after()
			}
		}
	}
	unanswered := v4(nx.IP_ADDRESS(1, 2, 3, 7))
	w := newWorld(t)
	var after [5]nx.ULONG
	w.addNode("ip_0", nx.IP_ADDRESS(1, 2, 3, 4), func(n *node) {
		waitDAD()
		for i := range threads {
			require.Equal(t, nx.NX_SUCCESS, rtos.ThreadResume(&threads[i]))
		}
		seen[0] = suspended()
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(ip, nx.IP_ADDRESS(1, 2, 3, 7), []byte(abc), &resp, nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_NO_RESPONSE, st)
		after[0] = suspended()
		rtos.ThreadSleep(6 * nx.NX_IP_PERIODIC_RATE)
	}, withICMP(t, v6A), func(n *node) {
		ip = &n.ip
		entries := []func(nx.ULONG){
			ping(1, unanswered, 5, func() { after[1] = suspended() }),
			ping(2, unanswered, 4, func() { after[2] = suspended(); rtos.ThreadWaitAbort(&threads[0]) }),
			ping(3, unanswered, 3, func() { after[3] = suspended() }),
			ping(4, v6([4]nx.ULONG{0x20010DB8, 0, 0, 0x99}), 2, func() { after[4] = suspended() }),
			func(nx.ULONG) { seen[5] = suspended() },
		}
		for i, e := range entries {
			require.Equal(t, nx.TX_SUCCESS, rtos.ThreadCreate(&threads[i], "ntest", e, 0, make([]byte, 2048), 10, 10, 0, nx.TX_DONT_START))
		}
	})
	w.run(300 * time.Second)
	assert.Equal(t, [6]nx.ULONG{0, 1, 2, 3, 4, 5}, seen, "suspended count as each thread starts")
	assert.Equal(t, [5]nx.Status{0, nx.NX_WAIT_ABORTED, nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE}, statuses)
	assert.Equal(t, [5]nx.ULONG{4, 0, 1, 2, 3}, after, "suspended count after each one returns")
}
