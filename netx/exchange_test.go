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
	addrA = nx.IP_ADDRESS(192, 168, 1, 10)
	addrB = nx.IP_ADDRESS(192, 168, 1, 20)
	addrC = nx.IP_ADDRESS(192, 168, 1, 30)
)

func TestTwoDevicesExchangeUDPOverIPv4(t *testing.T) {
	w := newWorld(t)
	var sa, sb netx.UDPSocket
	var gotByB, gotByA string
	var from nx.NXDAddress
	var fromPort nx.UINT
	w.addNode("a", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&n.ip, &sa, "a", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5))
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&sa, 5000, nx.NX_NO_WAIT))
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sa, v4(addrB), 6000, "ping"))
		var st nx.Status
		gotByA, st = receiveText(t, &sa, 100)
		require.Equal(t, nx.NX_SUCCESS, st)
	})
	w.addNode("b", addrB, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&n.ip, &sb, "b", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5))
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&sb, 6000, nx.NX_NO_WAIT))
		var pkt = receiveRaw(t, &sb, 100)
		require.Equal(t, nx.NX_SUCCESS, netx.UDPSourceExtract(pkt, &from, &fromPort))
		gotByB = text(t, pkt)
		require.Equal(t, nx.NX_SUCCESS, n.sendText(t, &sb, &from, fromPort, "pong"))
	})
	w.run(time.Second)
	assert.Equal(t, "ping", gotByB)
	assert.Equal(t, "pong", gotByA)
	assert.Equal(t, addrA, from.NxdIPAddress.V4)
	assert.Equal(t, nx.UINT(5000), fromPort)
}
