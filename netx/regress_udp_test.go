package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
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
		c.udpStreamSend(&socket0, total, ip1Address, nil)
		c.udpStreamCounters(&socket0, total, 28, received, notifyCalls)
	}, func(c *cTest) {
		c.udpStreamReceiver(&socket1, total, 10*nx.NX_IP_PERIODIC_RATE, &received, &notifyCalls, nil)
	})
}

// socket0 is the start of thread_0 in most UDP tests: ip_0's "Socket 0"
// (TTL 0x80, queue 5), nx_udp_free_port_find from 0x88 finds 0x88, bound
// there, and nx_udp_socket_port_get says so.
func (c *cTest) socket0(s *netx.UDPSocket) {
	c.t.Helper()
	var free nx.UINT
	c.status(netx.UDPSocketCreate(&c.ip0, s, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
	st := netx.UDPFreePortFind(&c.ip0, 0x88, &free)
	c.check(st == nx.NX_SUCCESS && free == 0x88, "free port find: %v %#x", st, free)
	c.status(netx.UDPSocketBind(s, 0x88, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
	st = netx.UDPSocketPortGet(s, &free)
	c.check(st == nx.NX_SUCCESS && free == 0x88, "port get: %v %#x", st, free)
}

// udpStreamSender is the start of thread_0 in the UDP and fragmentation
// stream tests: ip_0's "Socket 0" on port 0x88 (free port find, bind, port
// get) with checksums disabled, and ip_1 resolved with a dynamic entry.
func (c *cTest) udpStreamSender(s *netx.UDPSocket) {
	c.t.Helper()
	c.socket0(s)
	c.status(netx.UDPSocketChecksumDisable(s), nx.NX_SUCCESS, "checksum disable")
	netx.ARPDynamicEntrySet(&c.ip0, ip1Address, 0, 0)
	// C's RAM driver delivers the ARP request and its answer inside this
	// call; the segment delivers them as interrupts, taken once the thread
	// lets a tick pass.
	rtos.ThreadSleep(1)
}

// udpStreamSend is thread_0's loop in those tests: total datagrams to
// to:0x89, checksums enabled from the second half on, thread_1 given the
// CPU after each; fill writes the data of each (nil: the 28 bytes).
func (c *cTest) udpStreamSend(s *netx.UDPSocket, total int, to nx.ULONG, fill func(pkt *packetpool.Packet)) {
	c.t.Helper()
	for sent := 0; sent < total; sent++ {
		if sent == total/2 {
			c.status(netx.UDPSocketChecksumEnable(s), nx.NX_SUCCESS, "checksum enable")
		}
		var pkt *packetpool.Packet
		if packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
			break
		}
		if fill == nil {
			packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_NO_WAIT)
		} else {
			fill(pkt)
		}
		c.status(netx.UDPSocketSendV4(s, pkt, to, 0x89), nx.NX_SUCCESS, "send")
		rtos.ThreadRelinquish()
	}
	rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE) // the last datagrams arrive
}

// udpStreamCounters is the end of thread_0 in those tests: socket 0 and
// ip_0 counted total sends of size bytes and no receive, thread_1 received
// them all and the notify ran once per datagram; socket 0 goes.
func (c *cTest) udpStreamCounters(s *netx.UDPSocket, total int, size nx.ULONG, received, notifyCalls int) {
	c.t.Helper()
	var sent, bytesSent, rcvd, bytesRcvd, queued, dropped, checksumErrors nx.ULONG
	c.status(netx.UDPSocketInfoGet(s, nil, nil, nil, nil, nil, nil, nil), nx.NX_SUCCESS, "socket info get, nothing asked")
	c.status(netx.UDPSocketInfoGet(s, &sent, &bytesSent, &rcvd, &bytesRcvd, &queued, &dropped, &checksumErrors), nx.NX_SUCCESS, "socket info get")
	c.check(sent == nx.ULONG(total) && bytesSent == nx.ULONG(total)*size, "socket sent %d packets, %d bytes", sent, bytesSent)
	c.check(received == total && rcvd+bytesRcvd+queued+dropped+checksumErrors == 0, "thread 1 received %d; socket 0 received something", received)
	c.status(netx.UDPSocketUnbind(s), nx.NX_SUCCESS, "unbind")
	c.status(netx.UDPSocketDelete(s), nx.NX_SUCCESS, "delete")
	c.status(netx.UDPInfoGet(&c.ip0, nil, nil, nil, nil, nil, nil, nil), nx.NX_SUCCESS, "udp info get, nothing asked")
	var uSent, uBytes, uRcvd, uBytesRcvd, uInvalid, uDropped, uChecksum nx.ULONG
	c.status(netx.UDPInfoGet(&c.ip0, &uSent, &uBytes, &uRcvd, &uBytesRcvd, &uInvalid, &uDropped, &uChecksum), nx.NX_SUCCESS, "udp info get")
	c.check(uSent == nx.ULONG(total) && uBytes == nx.ULONG(total)*size, "ip_0 UDP sent %d packets, %d bytes", uSent, uBytes)
	c.check(uRcvd+uBytesRcvd+uInvalid+uDropped+uChecksum == 0 && notifyCalls == total, "ip_0 UDP received something; notify ran %d times", notifyCalls)
}

// sourceIs checks, for thread_1, that the first half of the datagrams come
// from address, port 0x88 (nx_udp_source_extract).
func (c *cTest) sourceIs(total int, address nx.ULONG) func(i int, pkt *packetpool.Packet) bool {
	return func(i int, pkt *packetpool.Packet) bool {
		if i >= total/2 {
			return true
		}
		var from nx.ULONG
		var port nx.UINT
		st := netx.UDPSourceExtractV4(pkt, &from, &port)
		c.check(st == nx.NX_SUCCESS && from == address && port == 0x88, "source extract: %v %#x %#x", st, from, port)
		return st == nx.NX_SUCCESS && from == address && port == 0x88
	}
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

// TestRegressUDPChecksumZero is netx_udp_checksum_zero_test.c: a datagram
// whose checksum computes to 0 is sent with 0xFFFF (RFC 768), verifies at
// the receiver and arrives intact.
func TestRegressUDPChecksumZero(t *testing.T) {
	msg := []byte{0xF6, 0xBC}
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, priority: 3, mtu: 256}
	runC(t, cfg, 15*time.Second, func(c *cTest) {
		rtos.ThreadRelinquish()
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		var pkt *packetpool.Packet
		st := packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER)
		st |= packetpool.DataAppend(pkt, msg, &c.pool0, nx.NX_WAIT_FOREVER)
		c.status(st, nx.NX_SUCCESS, "allocate and append")
		c.status(netx.UDPSocketSendV4(&socket0, pkt, ip1Address, 0x89), nx.NX_SUCCESS, "send")
		c.status(netx.UDPSocketUnbind(&socket0)|netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "unbind and delete")
	}, func(c *cTest) {
		var socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		var pkt *packetpool.Packet
		if c.status(netx.UDPSocketReceive(&socket1, &pkt, 10*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "receive"); pkt != nil {
			c.check(pkt.NxPacketLength == 2 && string(pkt.Data()) == string(msg), "datagram %x", pkt.Data())
			h := pkt.NxPacketDataStart[pkt.NxPacketPrependPtr-8:]
			c.check(h[6] == 0xFF && h[7] == 0xFF, "UDP checksum on the wire %02x%02x, want ffff", h[6], h[7])
			c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
		}
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete")
	})
}

// TestRegressUDPBindCleanup is netx_udp_bind_cleanup_test.c: binds that
// wait for a taken port fail when it is not given up in time, and leave
// the waiting sockets unbound (NX_NOT_BOUND to unbind) and deletable.
func TestRegressUDPBindCleanup(t *testing.T) {
	cfg := udpOneIP
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var socket0, socket1 netx.UDPSocket
		var free nx.UINT
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketCreate(&c.ip0, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		st := netx.UDPFreePortFind(&c.ip0, 0x88, &free)
		c.check(st == nx.NX_SUCCESS && free == 0x88, "free port find: %v %#x", st, free)
		c.status(netx.UDPSocketBind(&socket0, 0x88, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind 0")
		c.check(netx.UDPSocketBind(&socket1, 0x88, 250) != nx.NX_SUCCESS, "socket 1 bound a taken port")
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_NOT_BOUND, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
	}, func(c *cTest) {
		var socket2 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket2, "Socket 2", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 2")
		c.check(netx.UDPSocketBind(&socket2, 0x88, 2*nx.NX_IP_PERIODIC_RATE) != nx.NX_SUCCESS, "socket 2 bound a taken port")
		c.status(netx.UDPSocketUnbind(&socket2), nx.NX_NOT_BOUND, "unbind 2")
		c.status(netx.UDPSocketDelete(&socket2), nx.NX_SUCCESS, "delete 2")
	})
}

// TestRegressUDPMultiplePorts is netx_udp_multiple_ports_test.c: rounds of
// four datagrams to four ports of ip_1 arrive on their sockets with the
// sender's address and port; the counters show 4000 sends, no receive on
// the sender, one notification per datagram on the socket that has one.
func TestRegressUDPMultiplePorts(t *testing.T) {
	const rounds = 1000
	ports := []nx.UINT{0xE9, 0xC9, 0xA9, 0x89}
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, priority: 3, mtu: 256}
	received, notifyCalls := 0, 0
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		rtos.ThreadRelinquish()
		var socket0 netx.UDPSocket
		c.udpStreamSender(&socket0)
		c.status(netx.UDPSocketChecksumEnable(&socket0), nx.NX_SUCCESS, "checksum enable") // the C test never disables it
		for i := 0; i < rounds; i++ {
			for _, port := range ports {
				var pkt *packetpool.Packet
				if packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
					break
				}
				packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_NO_WAIT)
				c.status(netx.UDPSocketSendV4(&socket0, pkt, ip1Address, port), nx.NX_SUCCESS, "send")
			}
			rtos.ThreadRelinquish()
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		var sent, bytesSent, rcvd, bytesRcvd, queued, dropped, checksumErrors nx.ULONG
		c.status(netx.UDPSocketInfoGet(&socket0, &sent, &bytesSent, &rcvd, &bytesRcvd, &queued, &dropped, &checksumErrors), nx.NX_SUCCESS, "socket info get")
		c.check(sent == 4*rounds && bytesSent == 4*rounds*28, "sent %d packets, %d bytes", sent, bytesSent)
		c.check(received == rounds && rcvd+bytesRcvd+queued+dropped+checksumErrors == 0, "thread 1 rounds %d", received)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
		var uSent, uBytes, uRcvd, uBytesRcvd, uInvalid, uDropped, uChecksum nx.ULONG
		c.status(netx.UDPInfoGet(&c.ip0, &uSent, &uBytes, &uRcvd, &uBytesRcvd, &uInvalid, &uDropped, &uChecksum), nx.NX_SUCCESS, "udp info get")
		c.check(uSent == 4*rounds && uBytes == 4*rounds*28, "ip_0 sent %d packets, %d bytes", uSent, uBytes)
		c.check(uRcvd+uBytesRcvd+uInvalid+uDropped+uChecksum == 0 && notifyCalls == rounds, "ip_0 received; notify ran %d times", notifyCalls)
	}, func(c *cTest) {
		sockets := make([]netx.UDPSocket, len(ports))
		for i := len(ports) - 1; i >= 0; i-- { // socket_1 on 0x89 ... socket_4 on 0xE9
			s := &sockets[i]
			c.status(netx.UDPSocketCreate(&c.ip1, s, "Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
			if ports[i] == 0x89 {
				netx.UDPSocketReceiveNotify(s, func(*netx.UDPSocket) { notifyCalls++ })
			}
			c.status(netx.UDPSocketBind(s, ports[i], nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		}
	rounds:
		for received < rounds {
			for i := range sockets {
				var pkt *packetpool.Packet
				if netx.UDPSocketReceive(&sockets[i], &pkt, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
					break rounds
				}
				var address nx.ULONG
				var port nx.UINT
				st := netx.UDPSourceExtractV4(pkt, &address, &port)
				packetpool.Release(pkt)
				if st != nx.NX_SUCCESS || address != ip0Address || port != 0x88 {
					c.check(false, "source extract: %v %#x %#x", st, address, port)
					break rounds
				}
			}
			received++
		}
		for i := range sockets {
			c.status(netx.UDPSocketUnbind(&sockets[i]), nx.NX_SUCCESS, "unbind")
			c.status(netx.UDPSocketDelete(&sockets[i]), nx.NX_SUCCESS, "delete")
		}
	})
}

// TestRegressUDPIPv4Interface2 is netx_udp_ipv4_interface2_test_1_test.c:
// 2000 datagrams between the second interfaces of ip_0 and ip_1 (2.2.3.4
// and 2.2.3.5, on their own 512-byte RAM driver), the first 1000 without a
// checksum, arrive from 2.2.3.4; the counters show the sends and no
// receive on the sender.
func TestRegressUDPIPv4Interface2(t *testing.T) {
	const total = 2000
	second := nx.IP_ADDRESS(2, 2, 3, 5)
	cfg := cConfig{payload: 256, poolBytes: 2048, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, priority: 3, mtu: 256, interfaces: 2,
		define: func(c *cTest) {
			wan := sim.NewNetwork(c.e).Segment("ram 512")
			wan.MTU = 512
			c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 4), 0xFFFFFF00, wan.Driver), nx.NX_SUCCESS, "attach ip_0")
			c.status(netx.IPInterfaceAttach(&c.ip1, "Second Interface", second, 0xFFFFFF00, wan.Driver), nx.NX_SUCCESS, "attach ip_1")
		}}
	received, notifyCalls := 0, 0
	var socket1 netx.UDPSocket
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		rtos.ThreadRelinquish()
		var socket0 netx.UDPSocket
		c.udpStreamSender(&socket0)
		netx.ARPDynamicEntrySet(&c.ip0, second, 0, 0)
		rtos.ThreadSleep(1)
		c.udpStreamSend(&socket0, total, second, nil)
		c.udpStreamCounters(&socket0, total, 28, received, notifyCalls)
	}, func(c *cTest) {
		c.udpStreamReceiver(&socket1, total, nx.NX_WAIT_FOREVER, &received, &notifyCalls, c.sourceIs(total, nx.IP_ADDRESS(2, 2, 3, 4)))
	})
}

// TestRegressUDPSocketUnbind is netx_udp_socket_unbind_test.c: unbinding a
// socket whose bind is waiting cancels that wait (NX_PORT_UNAVAILABLE for
// its thread) and succeeds; unbinding a port hands it to the first socket
// waiting for it, and on down the line of waiters, so that thread_0 can
// bind the port again once they let it go.
func TestRegressUDPSocketUnbind(t *testing.T) {
	const port1, port2 = 0x100, 0x8100
	var socket0, socket1, socket2, socket3 netx.UDPSocket
	var firstBind1 nx.Status
	cfg := udpOneIP
	cfg.thread2 = func(c *cTest) {
		rtos.ThreadResume(&c.thread0)
		rtos.ThreadSuspend(&c.thread2)
		c.status(netx.UDPSocketCreate(&c.ip0, &socket2, "Socket 2", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 2")
		netx.UDPSocketBind(&socket2, port1, 5*nx.NX_IP_PERIODIC_RATE)
		netx.UDPSocketUnbind(&socket2)
		rtos.ThreadSuspend(&c.thread2)
		netx.UDPSocketBind(&socket2, port1, 5*nx.NX_IP_PERIODIC_RATE)
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketCreate(&c.ip0, &socket3, "Socket 3", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 3")
		c.status(netx.UDPSocketBind(&socket0, port1, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind 0")
		c.status(netx.UDPSocketBind(&socket3, port2, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind 3")
		rtos.ThreadSuspend(&c.thread0)
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind socket 1, whose bind waits")
		rtos.ThreadResume(&c.thread2)
		rtos.ThreadSuspend(&c.thread0)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0, with binds waiting")
		netx.UDPSocketUnbind(&socket3)
		netx.UDPSocketDelete(&socket3)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.status(netx.UDPSocketBind(&socket0, port1, 2*nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "bind 0 again")
		rtos.ThreadResume(&c.thread2)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 2)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0 again")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
		c.check(firstBind1 == nx.NX_PORT_UNAVAILABLE, "thread 1's first bind: %v, want NX_PORT_UNAVAILABLE", firstBind1)
		netx.UDPSocketUnbind(&socket2) // the C test ends with socket 2 bound
		netx.UDPSocketDelete(&socket2)
	}, func(c *cTest) {
		c.status(netx.UDPSocketCreate(&c.ip0, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		firstBind1 = netx.UDPSocketBind(&socket1, port1, 5*nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadResume(&c.thread0)
		netx.UDPSocketBind(&socket1, port1, 5*nx.NX_IP_PERIODIC_RATE)
		netx.UDPSocketUnbind(&socket1)
		netx.UDPSocketDelete(&socket1)
	})
}
