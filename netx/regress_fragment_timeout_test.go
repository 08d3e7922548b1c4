package netx_test

import (
	"bytes"
	"encoding/binary"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// fragmentTimeoutWorld is the world of the fragmentation timeout tests:
// ip_0 and ip_1 with ARP, UDP and fragmentation, 1536-byte packets, the
// 256-byte RAM driver.
func fragmentTimeoutWorld(hook ramHook) cConfig {
	return cConfig{payload: 1536, poolBytes: 1536 * 16, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, fragment: true,
		mtu: 256, hook: hook}
}

// fragmentOps is the hook of netx_ip_fragmentation_timeout_check_test.c
// and _test2.c: the n-th IPv4 fragment sent (ARP messages, 28 bytes, and
// whole datagrams pass) gets operation ops[n] with delay delays[n].
func fragmentOps(ops []ramOp, delays []nx.ULONG) ramHook {
	next := 0
	return func(_ *cTest, _ *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		b := p.Data()
		if p.NxPacketLength <= 28 || binary.BigEndian.Uint16(b[6:])&0x3FFF == 0 || next >= len(ops) {
			return ramBypass, 0
		}
		next++
		return ops[next-1], delays[next-1]
	}
}

// fragmentTimeoutCheck is the body both timeout tests share: two 600-byte
// datagrams ('0's, then '1's) with TTL 1 go to ip_1, fragmented over the
// 256-byte MTU, while the hook delays and drops fragments; after
// NX_IPV4_MAX_REASSEMBLY_TIME + 1 seconds at most one datagram (test) or
// none (test2) waits on ip_1's reassembly list, and whatever socket_1
// receives is the whole first datagram.
func fragmentTimeoutCheck(t *testing.T, ops []ramOp, delays []nx.ULONG, maxPending int) {
	msg0, msg1 := bytes.Repeat([]byte("0"), 600), bytes.Repeat([]byte("1"), 600)
	runC(t, fragmentTimeoutWorld(fragmentOps(ops, delays)), 60*time.Second, func(c *cTest) {
		var socket0, socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 1, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind 1")
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 1, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind 0")
		for _, m := range [][]byte{msg0, msg1} {
			c.status(c.sendText(&socket0, ip1Address, 0x89, string(m)), nx.NX_SUCCESS, "send")
		}
		rtos.ThreadSleep((nx.NX_IPV4_MAX_REASSEMBLY_TIME + 1) * nx.NX_IP_PERIODIC_RATE)
		c.check(netx.ReassemblyPending(&c.ip1) <= maxPending, "%d datagrams wait for reassembly, want at most %d",
			netx.ReassemblyPending(&c.ip1), maxPending)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
		var rcv *packetpool.Packet
		if netx.UDPSocketReceive(&socket1, &rcv, 10*nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
			buf := make([]byte, 700)
			var n nx.ULONG
			packetpool.DataRetrieve(rcv, buf, &n)
			c.check(bytes.Equal(buf[:n], msg0), "received %d bytes, not the first datagram", n)
			packetpool.Release(rcv)
		}
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
	}, nil)
}

// TestRegressIPFragmentationTimeoutCheck is
// netx_ip_fragmentation_timeout_check_test.c: the first datagram's first
// fragment arrives after 10 s and its last after NX_IPV4_MAX_REASSEMBLY_TIME
// + 5 s; the second's last fragment is dropped. After the reassembly time
// at most one datagram still waits.
func TestRegressIPFragmentationTimeoutCheck(t *testing.T) {
	fragmentTimeoutCheck(t, []ramOp{ramDelay, ramBypass, ramDelay, ramBypass, ramBypass, ramDrop},
		[]nx.ULONG{1000, 0, (nx.NX_IPV4_MAX_REASSEMBLY_TIME + 5) * nx.NX_IP_PERIODIC_RATE, 0, 0, 0}, 1)
}

// TestRegressIPFragmentationTimeoutCheck2 is
// netx_ip_fragmentation_timeout_check_test2.c: the first datagram's
// fragments arrive out of order within ticks and it is delivered; the
// second's last fragment is dropped and its reassembly times out, so the
// list is empty after the reassembly time and every packet is back in the
// pool (runC checks the pool at the end).
func TestRegressIPFragmentationTimeoutCheck2(t *testing.T) {
	fragmentTimeoutCheck(t, []ramOp{ramDelay, ramDelay, ramBypass, ramDelay, ramDelay, ramDrop},
		[]nx.ULONG{1, 10, 0, 2, 2, 0}, 0)
}

// TestRegressIPFragmentationTimeExceededMessage is
// netx_ip_fragmentation_time_exceeded_message_test.c: with TTL
// NX_IP_TIME_TO_LIVE (128) the reassembly time is 128 s, not
// NX_IPV4_MAX_REASSEMBLY_TIME, and each fragment's TTL renews it. ip_1's
// 600-byte ping to ip_2 loses its last fragment: after the time ip_2 sends
// ICMP time exceeded (fragment reassembly) and the ping ends with
// NX_NO_RESPONSE. ip_0's ping has its second fragment 5 s late and its last
// 132 s late, and is still answered.
func TestRegressIPFragmentationTimeExceededMessage(t *testing.T) {
	var ip2 netx.IP
	ip0Packets, ip1Packets := 0, 0
	timeExceeded, pingTimeout := false, false
	cfg := cConfig{payload: 1536, poolBytes: 1536 * 20, mask: 0xFFFFF000, twoIPs: true, arp: true, fragment: true, mtu: 256}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if p.NxPacketLength <= 28 {
			return ramBypass, 0
		}
		switch ip {
		case &c.ip0:
			switch ip0Packets++; ip0Packets {
			case 2:
				return ramDelay, 5 * nx.NX_IP_PERIODIC_RATE
			case 3:
				return ramDelay, (nx.NX_IP_TIME_TO_LIVE + 4) * nx.NX_IP_PERIODIC_RATE
			}
		case &c.ip1:
			if ip1Packets++; ip1Packets == 3 {
				return ramDrop, 0
			}
		default:
			if b := p.Data(); b[20] == 11 && b[21] == 1 {
				timeExceeded = true
			}
		}
		return ramBypass, 0
	}
	cfg.define = func(c *cTest) {
		c.status(netx.IPCreate(&ip2, "NetX IP Instance 2", nx.IP_ADDRESS(1, 2, 3, 6), 0xFFFFF000, &c.pool0, c.driver, make([]byte, 2048), 1),
			nx.NX_SUCCESS, "ip_2 create")
		c.status(netx.ARPEnable(&ip2, make([]byte, 1024)), nx.NX_SUCCESS, "ip_2 arp enable")
		c.status(netx.IPFragmentEnable(&ip2), nx.NX_SUCCESS, "ip_2 fragment enable")
		for _, ip := range []*netx.IP{&c.ip0, &c.ip1, &ip2} {
			c.status(netx.ICMPEnableV4(ip), nx.NX_SUCCESS, "icmp enable")
		}
	}
	msg := bytes.Repeat([]byte("1"), 600)
	runC(t, cfg, 140*time.Second, func(c *cTest) {
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 6), msg, &resp, (nx.NX_IP_TIME_TO_LIVE+1+5)*nx.NX_IP_PERIODIC_RATE)
		c.status(st, nx.NX_SUCCESS, "ip_0's ping")
		if st == nx.NX_SUCCESS {
			packetpool.Release(resp)
		}
		c.check(timeExceeded, "ip_2 sent no time exceeded message")
		c.check(pingTimeout, "ip_1's ping did not time out")
		c.check(ip2.Stats.ReassemblyFailures == 1, "ip_2 reassembly failures %d, want 1", ip2.Stats.ReassemblyFailures)
	}, func(c *cTest) {
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip1, nx.IP_ADDRESS(1, 2, 3, 6), msg, &resp, (nx.NX_IP_TIME_TO_LIVE+1)*nx.NX_IP_PERIODIC_RATE)
		pingTimeout = st == nx.NX_NO_RESPONSE
	})
}

// TestRegressIPFragmentationDuplicate is
// netx_ip_fragmentation_duplicate_test.c: a 3000-byte datagram over IPv4
// and then over IPv6 (link-local addresses) has its third fragment sent
// twice (over IPv6 also its second one a second late); the receiver keeps
// the newer copy and delivers the datagram whole, once. (The C test's
// IPv4 operation for the second fragment is 2*NX_RAMDRIVER_OP_DELAY, which
// the RAM driver treats as a bypass; so does this port.) Over IPv4 the
// second copy comes after the datagram is complete and starts a
// reassembly of its own, which NetX gives up after the TTL-derived 128 s;
// the port runs until then, so that the pool is full at the end.
func TestRegressIPFragmentationDuplicate(t *testing.T) {
	const sendSize = 3000
	fragments := 0
	address0 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address0.NxdIPAddress.V6 = [4]nx.ULONG{0xFE800000, 0, 0, 1}
	address1 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	address1.NxdIPAddress.V6 = [4]nx.ULONG{0xFE800000, 0, 0, 2}
	cfg := cConfig{payload: 1000, poolBytes: 102400, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, fragment: true, priority1: 3}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		b := p.Data()
		isFragment := false
		if b[0]>>4 == 4 {
			isFragment = p.NxPacketLength > 28 && b[9] == 17
		} else {
			isFragment = p.NxPacketLength > 48 && b[6] == 44
		}
		if ip == &c.ip1 || !isFragment {
			return ramBypass, 0
		}
		fragments++
		switch {
		case fragments == 2 && b[0]>>4 == 6:
			return ramDelay, nx.NX_IP_PERIODIC_RATE
		case fragments == 3:
			return ramDuplicate, 0
		}
		return ramBypass, 0
	}
	cfg.define = func(c *cTest) {
		c.ipv6On(10, &address0, &address1)
	}
	runC(t, cfg, 140*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 0")
		for i := range 2 {
			fragments = 0
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(pkt, bytes.Repeat([]byte{byte(i)}, sendSize), &c.pool0, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "append")
			var st nx.Status
			if i == 0 {
				st = netx.UDPSocketSendV4(&socket0, pkt, ip1Address, 0x89)
			} else {
				st = netx.UDPSocketSend(&socket0, pkt, &address1, 0x89)
			}
			c.status(st, nx.NX_SUCCESS, "send")
		}
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
	}, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.TX_WAIT_FOREVER), nx.NX_SUCCESS, "bind 1")
		for range 2 {
			var pkt *packetpool.Packet
			st := netx.UDPSocketReceive(&socket1, &pkt, 5*nx.NX_IP_PERIODIC_RATE)
			c.status(st, nx.NX_SUCCESS, "receive")
			if st == nx.NX_SUCCESS {
				c.check(pkt.NxPacketLength == sendSize, "received %d bytes", pkt.NxPacketLength)
				c.status(packetpool.Release(pkt), nx.NX_SUCCESS, "release")
			}
		}
		var pkt *packetpool.Packet
		c.status(netx.UDPSocketReceive(&socket1, &pkt, nx.NX_NO_WAIT), nx.NX_NO_PACKET, "no third datagram")
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
	})
}
