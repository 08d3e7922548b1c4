package netx_test

import (
	"fmt"
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

// withICMP enables ICMP (v4 and v6) and IPv6 with the given global
// address (/64); no static neighbours.
func withICMP(t *testing.T, own [4]nx.ULONG) func(n *node) {
	return func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(own), 64, nil))
	}
}

// setLinkLocal gives the node its link-local address; it must run once the
// link is up, when the driver has set the MAC the address is made from.
func setLinkLocal(t *testing.T, n *node) {
	require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
}

// ping pings to and returns the status and the echoed data.
func ping(t *testing.T, n *node, to *nx.NXDAddress, data string, wait nx.ULONG) (nx.Status, string) {
	var resp *packetpool.Packet
	st := netx.ICMPPing(&n.ip, to, []byte(data), &resp, wait)
	if st != nx.NX_SUCCESS {
		require.Nil(t, resp)
		return st, ""
	}
	return st, text(t, resp)
}

// waitDAD sleeps until duplicate address detection has ended.
func waitDAD() { rtos.ThreadSleep(nx.ULONG(netx.IPv6DADTransmits+2) * nx.NX_IP_PERIODIC_RATE) }

func TestPingBetweenTwoDevicesOverIPv4AndIPv6(t *testing.T) {
	w := newWorld(t)
	type result struct {
		st   nx.Status
		data string
	}
	var got []result
	var bLinkLocal [4]nx.ULONG
	a := w.addNode("a", addrA, func(n *node) {
		setLinkLocal(t, n)
		waitDAD()
		for _, to := range []*nx.NXDAddress{v4(addrB), v6(v6B), v6(bLinkLocal)} {
			st, d := ping(t, n, to, "ABCDEFGHIJKLMNOPQRSTUVWXYZ", 100)
			got = append(got, result{st, d})
		}
	}, withICMP(t, v6A))
	b := w.addNode("b", addrB, func(n *node) { setLinkLocal(t, n) }, withICMP(t, v6B))
	bLinkLocal = [4]nx.ULONG{0xFE800000, 0, 0x000000FF, 0xFE000002}
	w.run(10 * time.Second)
	want := result{nx.NX_SUCCESS, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
	assert.Equal(t, []result{want, want, want}, got)
	assert.Equal(t, nx.ULONG(3), a.ip.Stats.ICMP.PingsSent)
	assert.Equal(t, nx.ULONG(3), a.ip.Stats.ICMP.PingResponsesReceived)
	assert.Equal(t, nx.ULONG(3), b.ip.Stats.ICMP.PingsReceived)
	assert.Equal(t, nx.ULONG(3), b.ip.Stats.ICMP.PingsRespondedTo)
	assert.Zero(t, a.ip.Stats.ICMP.InvalidPackets)
	assert.Zero(t, b.ip.Stats.ICMP.InvalidPackets)
	assert.Equal(t, [][4]nx.ULONG{v6B, bLinkLocal}, b.ip.Interface(0).IPv6Addresses())
}

// A ping larger than the MTU is fragmented and reassembled on both ways
// when fragmentation is enabled (netx_icmp_ping6_fragment_test.c,
// netx_icmp_ping_fragment_test.c), and is lost when it is not.
func TestLargePingIsFragmented(t *testing.T) {
	big := strings.Repeat("0123456789", 300)
	for _, fragment := range []bool{true, false} {
		t.Run(fmt.Sprint("fragmentation ", fragment), func(t *testing.T) {
			w := newWorld(t)
			var got []nx.Status
			enable := func(n *node) {
				if fragment {
					require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(&n.ip))
				}
			}
			a := w.addNode("a", addrA, func(n *node) {
				waitDAD()
				for _, to := range []*nx.NXDAddress{v4(addrB), v6(v6B)} {
					st, d := ping(t, n, to, big, 100)
					got = append(got, st)
					if st == nx.NX_SUCCESS {
						assert.Equal(t, big, d)
					}
				}
			}, withICMP(t, v6A), enable)
			b := w.addNode("b", addrB, nil, withICMP(t, v6B), enable)
			w.run(10 * time.Second)
			if fragment {
				assert.Equal(t, []nx.Status{nx.NX_SUCCESS, nx.NX_SUCCESS}, got)
				assert.Equal(t, nx.ULONG(6), a.ip.Stats.FragmentsSent, "3 per request")
				assert.Equal(t, nx.ULONG(6), b.ip.Stats.FragmentsSent, "3 per reply")
				assert.Equal(t, nx.ULONG(6), b.ip.Stats.FragmentsReceived)
			} else {
				assert.Equal(t, []nx.Status{nx.NX_NO_RESPONSE, nx.NX_NO_RESPONSE}, got)
				assert.Equal(t, nx.ULONG(2), a.ip.Stats.ICMP.PingTimeouts)
				assert.Zero(t, b.ip.Stats.ICMP.PingsReceived)
			}
		})
	}
}
