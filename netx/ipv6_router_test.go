package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A global destination outside every prefix has no source address without
// a default router: UDP sends and pings return NX_NO_INTERFACE_ADDRESS
// (_nxd_ipv6_interface_find) and keep the packet with the caller. With
// nxd_ipv6_default_router_add the datagram goes to the router's MAC,
// resolved by neighbour discovery, still addressed to the far destination;
// deleting the router restores the error.
func TestOffLinkIPv6GoesThroughTheDefaultRouter(t *testing.T) {
	far := v6([4]nx.ULONG{0x20010DB9, 0, 0, 1})
	var routerLinkLocal [4]nx.ULONG
	var sends []nx.Status
	var toRouter [][4]nx.ULONG // destination addresses of frames sent to the router's MAC
	var routerMSW, routerLSW nx.ULONG
	w := newWorld(t)
	w.wrap = func(d netx.Driver) netx.Driver {
		return func(req *netx.IPDriver) {
			if p := req.NxIPDriverPacket; req.NxIPDriverCommand == nx.NX_LINK_PACKET_SEND && p != nil && routerLSW != 0 &&
				req.NxIPDriverPhysicalAddressMsw == routerMSW && req.NxIPDriverPhysicalAddressLsw == routerLSW {
				if b := p.Data(); len(b) >= 40 && b[0]>>4 == 6 && b[6] == 58 && b[40] == 128 {
					var dst [4]nx.ULONG
					for i := range dst {
						dst[i] = nx.ULONG(b[24+4*i])<<24 | nx.ULONG(b[25+4*i])<<16 | nx.ULONG(b[26+4*i])<<8 | nx.ULONG(b[27+4*i])
					}
					toRouter = append(toRouter, dst)
				}
			}
			d(req)
		}
	}
	var router *node
	w.addNode("host", addrA, func(n *node) {
		waitDAD()
		var s netx.UDPSocket
		openSocket(t, n, &s, 5000, 4)
		send := func() {
			sends = append(sends, n.sendText(t, &s, far, 7, "far"))
			st, _ := ping(t, n, far, "far", nx.NX_NO_WAIT)
			sends = append(sends, st)
		}
		send()
		routerMSW, routerLSW = router.ip.Interface(0).PhysicalAddress()
		for _, a := range router.ip.Interface(0).IPv6Addresses() {
			if a[0] == 0xFE800000 {
				routerLinkLocal = a
			}
		}
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6DefaultRouterAdd(&n.ip, v6(routerLinkLocal), 0xFFFF, 0))
		send()
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6DefaultRouterDelete(&n.ip, v6(routerLinkLocal)))
		send()
		closeSocket(t, &s)
	}, withICMP(t, v6A))
	router = w.addNode("router", addrB, func(n *node) { setLinkLocal(t, n) }, withICMP(t, v6B))
	w.run(10 * time.Second)
	assert.Equal(t, []nx.Status{nx.NX_NO_INTERFACE_ADDRESS, nx.NX_NO_INTERFACE_ADDRESS,
		nx.NX_SUCCESS, nx.NX_NO_RESPONSE, nx.NX_NO_INTERFACE_ADDRESS, nx.NX_NO_INTERFACE_ADDRESS}, sends)
	assert.Equal(t, [][4]nx.ULONG{far.NxdIPAddress.V6}, toRouter, "the echo request went to the router's MAC")
}
