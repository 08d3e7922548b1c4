package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
)

// nxd_udp_socket_send over IPv6 to a global address outside every prefix
// of the instance, with no default router, has no source address:
// NX_NO_INTERFACE_ADDRESS (_nxd_ipv6_interface_find), and the packet stays
// the caller's. Inside the prefix the send succeeds.
func TestUDPSendIPv6OffEveryPrefixWithoutARouter(t *testing.T) {
	w := newWorld(t)
	var s netx.UDPSocket
	var off, on nx.Status
	w.addNode("a", addrA, func(n *node) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE) // duplicate address detection
		openSocket(t, n, &s, 5000, 4)
		var pkt *packetpool.Packet
		packetpool.Allocate(&n.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT)
		packetpool.DataAppend(pkt, []byte("far"), &n.pool, nx.NX_NO_WAIT)
		off = netx.UDPSocketSend(&s, pkt, v6([4]nx.ULONG{0x20010DB9, 0, 0, 5}), 6000)
		on = netx.UDPSocketSend(&s, pkt, v6(v6B), 6000) // the same packet, still the caller's
		if on != nx.NX_SUCCESS {
			packetpool.Release(pkt)
		}
		closeSocket(t, &s)
	}, withIPv6(t, v6A, v6B, 2))
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_NO_INTERFACE_ADDRESS, off)
	assert.Equal(t, nx.NX_SUCCESS, on)
}
