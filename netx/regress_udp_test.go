package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
)

// TestRegressUDPFreePortFind is netx_udp_free_port_find_test.c: the search
// moves past a bound port, wraps from NX_MAX_PORT to NX_SEARCH_PORT_START,
// and answers NX_NO_FREE_PORTS when every port from its start is bound —
// also when it starts below NX_SEARCH_PORT_START.
func TestRegressUDPFreePortFind(t *testing.T) {
	const clientPort1, clientPort2 = 0x88, 0x89
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, udp: true, priority: 3, mtu: 256}
	runC(t, cfg, time.Second, func(c *cTest) {
		var socket0, socket1 netx.UDPSocket
		var free nx.UINT
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket0, clientPort1, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind")
		st := netx.UDPFreePortFind(&c.ip0, clientPort1, &free)
		c.check(st == nx.NX_SUCCESS && free == clientPort1+1, "free port after a bound one: %v %#x", st, free)
		st = netx.UDPFreePortFind(&c.ip0, clientPort2, &free)
		c.check(st == nx.NX_SUCCESS && free == clientPort2, "free port: %v %#x", st, free)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketBind(&socket0, nx.NX_MAX_PORT, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind NX_MAX_PORT")
		st = netx.UDPFreePortFind(&c.ip0, nx.NX_MAX_PORT, &free)
		c.check(st == nx.NX_SUCCESS && free == nx.NX_SEARCH_PORT_START, "wrap: %v %#x", st, free)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")

		sockets := make([]netx.UDPSocket, nx.NX_MAX_PORT-nx.NX_SEARCH_PORT_START+1)
		for i := range sockets {
			if netx.UDPSocketCreate(&c.ip0, &sockets[i], "Socket Array", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5) != nx.NX_SUCCESS ||
				netx.UDPSocketBind(&sockets[i], nx.UINT(i+nx.NX_SEARCH_PORT_START), nx.NX_IP_PERIODIC_RATE) != nx.NX_SUCCESS {
				t.Fatalf("socket %d", i)
			}
		}
		c.status(netx.UDPFreePortFind(&c.ip0, nx.NX_SEARCH_PORT_START, &free), nx.NX_NO_FREE_PORTS, "every port bound")
		c.status(netx.UDPSocketCreate(&c.ip0, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket1, nx.NX_SEARCH_PORT_START-1, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind below the search start")
		c.status(netx.UDPFreePortFind(&c.ip0, nx.NX_SEARCH_PORT_START-1, &free), nx.NX_NO_FREE_PORTS, "from below the search start")
		for i := range sockets {
			netx.UDPSocketUnbind(&sockets[i])
			netx.UDPSocketDelete(&sockets[i])
		}
		netx.UDPSocketUnbind(&socket1)
		netx.UDPSocketDelete(&socket1)
	}, nil)
}
