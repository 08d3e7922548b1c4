package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/stretchr/testify/assert"
)

// On the default profile (a Cortex-M4 at 100 MHz) the ICMP and IPv6
// services charge their figures: 150 cycles for a read, 300 for a change,
// 1500 plus a cycle per byte of data for a ping.
func TestICMPAndIPv6ServicesChargeTheDefaultProfile(t *testing.T) {
	w := newWorld(t)
	var took []time.Duration
	w.addNode("a", addrA, func(n *node) {
		measure := func(call func()) {
			start := w.e.Now()
			call()
			took = append(took, w.e.Now()-start)
		}
		measure(func() { netx.ICMPInfoGet(&n.ip, nil, nil, nil, nil, nil, nil) })
		measure(func() { netx.NDCacheInvalidate(&n.ip) })
		measure(func() { // charged on entry; no source address yet (DAD), so nothing is sent
			var resp *packetpool.Packet
			assert.Equal(t, nx.NX_NO_INTERFACE_ADDRESS, netx.ICMPPing(&n.ip, v6(v6B), make([]byte, 100), &resp, nx.NX_NO_WAIT))
		})
	}, withICMP(t, v6A))
	w.run(2 * time.Second)
	assert.Equal(t, []time.Duration{1500 * time.Nanosecond, 3000 * time.Nanosecond, 16000 * time.Nanosecond}, took)
}
