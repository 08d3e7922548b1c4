package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
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

// udpOneIP is the world of the UDP socket tests: ip_0 alone, 256-byte
// packets in 2048 bytes, a /20 network, thread_0 at priority 3.
var udpOneIP = cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, udp: true, priority: 3, mtu: 256}

// TestRegressUDPSocketBind is netx_udp_socket_bind_test.c: a second bind is
// NX_ALREADY_BOUND; with every port from 1 to NX_MAX_PORT bound, NX_ANY_PORT
// finds none (NX_NO_FREE_PORTS) and a taken port without waiting is
// NX_PORT_UNAVAILABLE.
func TestRegressUDPSocketBind(t *testing.T) {
	runC(t, udpOneIP, time.Second, func(c *cTest) {
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket0, 1234, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind")
		c.status(netx.UDPSocketBind(&socket0, 1234, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_ALREADY_BOUND, "bind again")
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		sockets := make([]netx.UDPSocket, nx.NX_MAX_PORT)
		for i := range sockets {
			if netx.UDPSocketCreate(&c.ip0, &sockets[i], "Socket Array", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5) != nx.NX_SUCCESS ||
				netx.UDPSocketBind(&sockets[i], nx.UINT(i+1), nx.NX_IP_PERIODIC_RATE) != nx.NX_SUCCESS {
				t.Fatalf("socket %d", i)
			}
		}
		c.status(netx.UDPSocketBind(&socket0, nx.NX_ANY_PORT, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_NO_FREE_PORTS, "any port, none free")
		c.status(netx.UDPSocketBind(&socket0, 1234, nx.NX_NO_WAIT), nx.NX_PORT_UNAVAILABLE, "a taken port, no wait")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
		for i := range sockets {
			netx.UDPSocketUnbind(&sockets[i])
			netx.UDPSocketDelete(&sockets[i])
		}
	}, nil)
}

// TestRegressUDPSocketDelete is netx_udp_socket_delete_test.c: a bound
// socket is NX_STILL_BOUND.
func TestRegressUDPSocketDelete(t *testing.T) {
	runC(t, udpOneIP, time.Second, func(c *cTest) {
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create again")
		c.status(netx.UDPSocketBind(&socket0, 1234, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_STILL_BOUND, "delete while bound")
		netx.UDPSocketUnbind(&socket0)
		netx.UDPSocketDelete(&socket0)
	}, nil)
}

// TestRegressUDPSocketUnbindReceive is netx_udp_socket_unbind_receive_test.c:
// unbinding a socket on which another thread waits in receive succeeds, and
// so does deleting it; the waiter returns NX_SOCKET_UNBOUND.
func TestRegressUDPSocketUnbindReceive(t *testing.T) {
	var socket0 netx.UDPSocket
	var received nx.Status
	runC(t, udpOneIP, 5*time.Second, func(c *cTest) {
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket0, 0x80, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind")
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind with a receiver waiting")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
	}, func(c *cTest) {
		var pkt *packetpool.Packet
		received = netx.UDPSocketReceive(&socket0, &pkt, 2*nx.NX_IP_PERIODIC_RATE)
	})
	if received != nx.NX_SOCKET_UNBOUND {
		t.Errorf("the waiting receive returned %v, want NX_SOCKET_UNBOUND", received)
	}
}

// TestRegressUDPLoopback is netx_udp_loopback_test.c (its IPv4 part):
// source sends through the loopback interface, to 127.0.0.1 in both forms,
// reach a socket of the same instance intact.
func TestRegressUDPLoopback(t *testing.T) {
	cfg := udpOneIP
	cfg.priority, cfg.priority1, cfg.arp = 4, 3, true
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		loopback := nx.UINT(netx.MaxPhysicalInterfaces) // NX_LOOPBACK_INTERFACE
		for i := 0; i < 2; i++ {
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
			var st nx.Status
			if i == 0 {
				st = netx.UDPSocketSourceSendV4(&socket0, pkt, nx.IP_ADDRESS(127, 0, 0, 1), 0x89, loopback)
			} else {
				st = netx.UDPSocketSourceSend(&socket0, pkt, v4(nx.IP_ADDRESS(127, 0, 0, 1)), 0x89, loopback)
			}
			c.status(st, nx.NX_SUCCESS, "source send")
		}
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
	}, func(c *cTest) {
		var socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		for i := 0; i < 2; i++ {
			var pkt *packetpool.Packet
			c.status(netx.UDPSocketReceive(&socket1, &pkt, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "receive")
			buf := make([]byte, 28)
			var n nx.ULONG
			st := packetpool.DataExtractOffset(pkt, 0, buf, &n)
			c.check(st == nx.NX_SUCCESS && string(buf) == tcpStandInData && n == 28, "datagram %d: %v %q", i, st, buf)
			c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		}
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete")
	})
}

// TestRegressUDPBasicProcessing is netx_udp_basic_processing_test.c (its
// IPv4 half): 2000 datagrams from ip_0 to ip_1, the first 1000 without a
// checksum, all delivered; the socket counts what it sent and received
// nothing; the receive notify ran once per datagram.
func TestRegressUDPBasicProcessing(t *testing.T) {
	const total = 2000
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, priority: 3, mtu: 256}
	var received, notifyCalls int
	var socket1 netx.UDPSocket
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket0 netx.UDPSocket
		c.udpStreamSender(&socket0)
		for sent := 0; sent < total; sent++ {
			if sent == total/2 {
				c.status(netx.UDPSocketChecksumEnable(&socket0), nx.NX_SUCCESS, "checksum enable")
			}
			var pkt *packetpool.Packet
			if packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
				break
			}
			packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_NO_WAIT)
			c.status(netx.UDPSocketSendV4(&socket0, pkt, ip1Address, 0x89), nx.NX_SUCCESS, "send")
			rtos.ThreadRelinquish()
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE) // the last datagrams arrive
		var sent, bytesSent, rcvd, bytesRcvd, queued, dropped, checksumErrors nx.ULONG
		c.status(netx.UDPSocketInfoGet(&socket0, nil, nil, nil, nil, nil, nil, nil), nx.NX_SUCCESS, "info get, nothing asked")
		c.status(netx.UDPSocketInfoGet(&socket0, &sent, &bytesSent, &rcvd, &bytesRcvd, &queued, &dropped, &checksumErrors), nx.NX_SUCCESS, "info get")
		c.check(sent == total && bytesSent == total*28, "sent %d packets, %d bytes", sent, bytesSent)
		c.check(rcvd == 0 && bytesRcvd == 0 && queued == 0 && dropped == 0 && checksumErrors == 0, "socket 0 received something")
		c.check(received == total && notifyCalls == total, "thread 1 received %d, notify ran %d times", received, notifyCalls)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
	}, func(c *cTest) {
		c.udpStreamReceiver(&socket1, total, 10*nx.NX_IP_PERIODIC_RATE, &received, &notifyCalls, nil)
	})
}

// udpStreamSender is the start of thread_0 in the UDP and fragmentation
// stream tests: ip_0's "Socket 0" on port 0x88 (free port find, bind, port
// get) with checksums disabled, and ip_1 resolved with a dynamic entry.
func (c *cTest) udpStreamSender(s *netx.UDPSocket) {
	c.t.Helper()
	var free nx.UINT
	c.status(netx.UDPSocketCreate(&c.ip0, s, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
	st := netx.UDPFreePortFind(&c.ip0, 0x88, &free)
	c.check(st == nx.NX_SUCCESS && free == 0x88, "free port find: %v %#x", st, free)
	c.status(netx.UDPSocketBind(s, 0x88, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
	st = netx.UDPSocketPortGet(s, &free)
	c.check(st == nx.NX_SUCCESS && free == 0x88, "port get: %v %#x", st, free)
	c.status(netx.UDPSocketChecksumDisable(s), nx.NX_SUCCESS, "checksum disable")
	netx.ARPDynamicEntrySet(&c.ip0, ip1Address, 0, 0)
	// C's RAM driver delivers the ARP request and its answer inside this
	// call; the segment delivers them as interrupts, taken once the thread
	// lets a tick pass.
	rtos.ThreadSleep(1)
}

// udpStreamReceiver is thread_1 of those tests: ip_1's "Socket 1" on port
// 0x89, whose receive notify counts in *notifies, receives until total
// datagrams came or a wait of wait ticks ends; check (if not nil) looks at
// datagram i before it is released and may stop the loop.
func (c *cTest) udpStreamReceiver(s *netx.UDPSocket, total int, wait nx.ULONG, received, notifies *int, check func(i int, pkt *packetpool.Packet) bool) {
	c.t.Helper()
	c.status(netx.UDPSocketCreate(&c.ip1, s, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
	c.status(netx.UDPSocketReceiveNotify(s, func(from *netx.UDPSocket) {
		if from == s {
			*notifies++
		}
	}), nx.NX_SUCCESS, "receive notify")
	c.status(netx.UDPSocketBind(s, 0x89, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
	for *received < total {
		var pkt *packetpool.Packet
		if netx.UDPSocketReceive(s, &pkt, wait) != nx.NX_SUCCESS {
			break
		}
		ok := check == nil || check(*received, pkt)
		if packetpool.Release(pkt) != nx.NX_SUCCESS || !ok {
			break
		}
		*received++
	}
	c.status(netx.UDPSocketUnbind(s), nx.NX_SUCCESS, "unbind")
	c.status(netx.UDPSocketDelete(s), nx.NX_SUCCESS, "delete")
}
