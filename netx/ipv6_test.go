package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var (
	v6A = [4]nx.ULONG{0x20010DB8, 0, 0, 0x10}
	v6B = [4]nx.ULONG{0x20010DB8, 0, 0, 0x20}
)

func v6(a [4]nx.ULONG) *nx.NXDAddress {
	d := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	d.NxdIPAddress.V6 = a
	return d
}

// withIPv6 enables IPv6 with an address and a static neighbour entry for
// the peer (whose MAC is the segment's port number).
func withIPv6(t *testing.T, own, peer [4]nx.ULONG, peerPort byte) func(n *node) {
	return func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(own), 64, nil))
		require.Equal(t, nx.NX_SUCCESS, netx.NDCacheEntrySet(&n.ip, peer[:], 0, []byte{2, 0, 0, 0, 0, peerPort}))
	}
}

func TestTwoDevicesExchangeUDPOverIPv6(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	var gotByB, gotByA string
	var from nx.NXDAddress
	var fromPort nx.UINT
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v6(v6B), 6000, "ping6"))
		var st nx.Status
		gotByA, st = receiveText(t, &sa, 100)
		require.Equal(t, nx.NX_SUCCESS, st)
		closeSocket(t, &sa)
	}, withIPv6(t, v6A, v6B, 2))
	w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &sb, 6000, 4)
		pkt := receiveRaw(t, &sb, 100)
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSourceExtract(pkt, &from, &fromPort))
		gotByB = text(t, pkt)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sb, &from, fromPort, "pong6"))
		closeSocket(t, &sb)
	}, withIPv6(t, v6B, v6A, 1))
	w.run(time.Second)
	assert.Equal(t, "ping6", gotByB)
	assert.Equal(t, "pong6", gotByA)
	assert.Equal(t, nx.UINT(nx.NX_IP_VERSION_V6), from.NxdIPVersion)
	assert.Equal(t, v6A, from.NxdIPAddress.V6)
	assert.Equal(t, nx.UINT(5000), fromPort)
}

func TestIPv6WithoutANeighbourEntryIsDroppedAndCounted(t *testing.T) {
	w := newWorld(t)
	var s netx.UDPSocket
	a := w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &s, 5000, 4)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v6([4]nx.ULONG{0x20010DB8, 0, 0, 0x99}), 6000, "lost"))
		closeSocket(t, &s)
	}, withIPv6(t, v6A, v6B, 2))
	w.run(time.Second)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.NoNeighbor)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.SendPacketsDropped)
}

// A third device on the segment sees the broadcasts (ARP requests, a
// broadcast datagram) and none of the unicast traffic between the other
// two.
func TestAThirdDeviceSeesBroadcastsOnly(t *testing.T) {
	w := newWorld(t)
	var sa, sb, sc netx.UDPSocket
	var cGot []string
	w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &sa, 5000, 4)
		for i := 0; i < 3; i++ {
			require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, "unicast"))
		}
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(nx.IP_ADDRESS(192, 168, 1, 255)), 6000, "to all"))
		closeSocket(t, &sa)
	})
	w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &sb, 6000, 8)
		for i := 0; i < 4; i++ {
			_, st := receiveText(t, &sb, 100)
			require.Equal(t, nx.NX_SUCCESS, st)
		}
		closeSocket(t, &sb)
	})
	w.addNode("c", addrC, func(n *node) {
		openSocket(t, n, &sc, 6000, 8)
		for {
			m, st := receiveText(t, &sc, 50)
			if st != nx.NX_SUCCESS {
				break
			}
			cGot = append(cGot, m)
		}
		closeSocket(t, &sc)
	})
	w.run(2 * time.Second)
	assert.Equal(t, []string{"to all"}, cGot)
	c := w.lan.Ports()[2]
	assert.Equal(t, uint64(2), c.Stats.FramesReceived, "a's ARP request and the broadcast datagram")
}
