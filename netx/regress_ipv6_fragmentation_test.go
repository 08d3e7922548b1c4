package netx_test

import (
	"encoding/binary"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestRegressIPv6Fragmentation is netx_ipv6_fragmentation_test.c: a 4500
// byte ping6 is fragmented; it gets no answer while the peer has
// fragmentation disabled, none when one fragment arrives with a wrong
// payload length, and its whole data back once everything is right.
// The C test rewrites the third fragment in the receiver's hook; here the
// sender's driver does it on the wire. Each device enables and disables
// its own fragmentation, so the peer's changes are timed against the
// pinging thread.
func TestRegressIPv6Fragmentation(t *testing.T) {
	var fragments int
	corrupt := false
	w := newWorld(t)
	w.poolPayload, w.poolMemory = 4800, 50000
	w.wrap = func(d netx.Driver) netx.Driver {
		return func(req *netx.IPDriver) {
			if p := req.NxIPDriverPacket; req.NxIPDriverCommand == nx.NX_LINK_PACKET_SEND && p != nil {
				if b := p.Data(); len(b) > 40 && b[0]>>4 == 6 && b[6] == 44 {
					if fragments++; corrupt && fragments == 3 {
						binary.BigEndian.PutUint16(b[4:], 65000-40)
					}
				}
			}
			d(req)
		}
	}
	data := "ABCDEFGHIJKLMNOPQRSTUVWXYZ" + strings.Repeat("\x00", 4500-26)
	var got []nx.Status
	var length nx.ULONG
	fragmentsOn := func(n *node) { require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(&n.ip)) }
	w.addNode("ip_0", addrA, func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		for i := range 3 {
			corrupt, fragments = i == 1, 0
			var resp *packetpool.Packet
			got = append(got, netx.ICMPPing(&n.ip, v6(v6B), []byte(data), &resp, nx.NX_IP_PERIODIC_RATE))
			if resp != nil {
				length = resp.NxPacketLength
				packetpool.Release(resp)
			}
		}
	}, withICMP(t, v6A), fragmentsOn)
	w.addNode("ip_1", addrB, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentDisable(&n.ip))
		rtos.ThreadSleep(5*nx.NX_IP_PERIODIC_RATE + nx.NX_IP_PERIODIC_RATE/2)
		require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(&n.ip))
	}, withICMP(t, v6B), fragmentsOn)
	// Past NX_IPV6_MAX_REASSEMBLY_TIME: the damaged datagram's other
	// fragments time out.
	w.run(75 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE, nx.NX_SUCCESS}, got)
	assert.Equal(t, nx.ULONG(4500), length)
}
