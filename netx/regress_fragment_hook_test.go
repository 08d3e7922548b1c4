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

// fragmentMsg is msg[1500] of the fragmentation tests: the alphabet, then
// zeros.
func fragmentMsg() []byte {
	m := make([]byte, 1500)
	copy(m, "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
	return m
}

// fragmentHookWorld is the world of the fragmentation hook tests: ip_0
// and ip_1 with ARP, UDP and fragmentation, 512-byte packets, the 256-byte
// RAM driver with the given hook on ip_0's frames.
func fragmentHookWorld(hook func(n int, p *packetpool.Packet) (ramOp, nx.ULONG)) (cConfig, *int) {
	counter := 0
	return cConfig{payload: 512, poolBytes: 1536 * 16, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, fragment: true, mtu: 256,
		hook: func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
			if ip != &c.ip0 || p.NxPacketLength <= 28 {
				return ramBypass, 0
			}
			counter++
			return hook(counter, p)
		}}, &counter
}

// setIPv4Header rewrites a sent IPv4 header's protocol or destination
// and its checksum, as the C hooks do with _nx_ip_checksum_compute.
func setIPv4Header(p *packetpool.Packet, protocol byte, dst nx.ULONG) {
	b := p.Data()
	if protocol != 0 {
		b[9] = protocol
	}
	if dst != 0 {
		binary.BigEndian.PutUint32(b[16:], dst)
	}
	setIPv4Checksum(b)
}

// fragmentHookRun is the body of those tests: thread_0 binds ip_1's port
// 0x89 (TTL ttl), sleeps wait ticks and adds up the lengths of what
// arrived, which must be want; thread_1 sends the 1500-byte message from
// ip_0 port 0x88 while the hook works on its fragments. The hook must have
// seen at least minFrames frames. The run lasts d, long enough for
// incomplete datagrams to time out.
func fragmentHookRun(t *testing.T, cfg cConfig, counter *int, ttl nx.ULONG, wait nx.ULONG, want nx.ULONG, minFrames int, d time.Duration) {
	t.Helper()
	runC(t, cfg, d, func(c *cTest) {
		var socket1 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, ttl, 5), nx.NX_SUCCESS, "create 1")
		c.status(netx.UDPSocketBind(&socket1, 0x89, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind 1")
		rtos.ThreadSleep(wait)
		var length nx.ULONG
		for {
			var pkt *packetpool.Packet
			if netx.UDPSocketReceive(&socket1, &pkt, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				break
			}
			length += pkt.NxPacketLength
			packetpool.Release(pkt)
		}
		c.check(length == want, "received %d bytes, want %d", length, want)
		c.status(netx.UDPSocketUnbind(&socket1), nx.NX_SUCCESS, "unbind 1")
		c.status(netx.UDPSocketDelete(&socket1), nx.NX_SUCCESS, "delete 1")
		c.check(*counter >= minFrames, "the hook saw %d frames, want at least %d", *counter, minFrames)
	}, func(c *cTest) {
		var socket0 netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, ttl, 5), nx.NX_SUCCESS, "create 0")
		c.status(netx.UDPSocketBind(&socket0, 0x88, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind 0")
		c.status(c.sendText(&socket0, ip1Address, 0x89, string(fragmentMsg())), nx.NX_SUCCESS, "send")
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind 0")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete 0")
	})
}

// TestRegressIPFragmentationHooks are the fragmentation tests whose RAM
// driver hook works on ip_0's fragments of one 1500-byte datagram over the
// 256-byte MTU:
//   - netx_ip_fragmentation_packet_drop_test.c: the first fragment is
//     dropped; nothing arrives, and the rest times out (the pool is full
//     after 70 s).
//   - netx_ip_fragmentation_packet_copy_test.c: the second fragment is
//     sent twice; the datagram arrives once, whole.
//   - netx_ip_fragmentation_packet_delay_test.c: the second fragment is a
//     second late; the datagram arrives whole.
//   - netx_ip_fragmentation_wrong_destination_address_test.c: the second
//     fragment goes to 255.255.255.255; it belongs to no reassembly of the
//     others, and nothing arrives.
//   - netx_ip_fragmentation_wrong_protocol_field_test.c: the second
//     fragment says ICMP; nothing arrives.
//   - netx_ip_fragmentation_wrong_protocol_field_test2.c: the first two
//     fragments say ICMP, the first a second late, so the late one joins
//     the second's reassembly; nothing arrives.
func TestRegressIPFragmentationHooks(t *testing.T) {
	tests := []struct {
		cFile     string
		ttl       nx.ULONG
		wait      nx.ULONG
		want      nx.ULONG
		minFrames int
		hook      func(n int, p *packetpool.Packet) (ramOp, nx.ULONG)
	}{
		{"netx_ip_fragmentation_packet_drop_test.c", 0x08, 70 * nx.NX_IP_PERIODIC_RATE, 0, 2,
			func(n int, _ *packetpool.Packet) (ramOp, nx.ULONG) {
				if n == 1 {
					return ramDrop, 0
				}
				return ramBypass, 0
			}},
		{"netx_ip_fragmentation_packet_copy_test.c", 0x80, nx.NX_IP_PERIODIC_RATE, 1500, 2,
			func(n int, _ *packetpool.Packet) (ramOp, nx.ULONG) {
				if n == 2 {
					return ramDuplicate, 0
				}
				return ramBypass, 0
			}},
		{"netx_ip_fragmentation_packet_delay_test.c", 0x80, 2 * nx.NX_IP_PERIODIC_RATE, 1500, 2,
			func(n int, _ *packetpool.Packet) (ramOp, nx.ULONG) {
				if n == 2 {
					return ramDelay, nx.NX_IP_PERIODIC_RATE
				}
				return ramBypass, 0
			}},
		{"netx_ip_fragmentation_wrong_destination_address_test.c", 0x08, 2 * nx.NX_IP_PERIODIC_RATE, 0, 2,
			func(n int, p *packetpool.Packet) (ramOp, nx.ULONG) {
				if n == 2 {
					setIPv4Header(p, 0, 0xFFFFFFFF)
				}
				return ramBypass, 0
			}},
		{"netx_ip_fragmentation_wrong_protocol_field_test.c", 0x08, 2 * nx.NX_IP_PERIODIC_RATE, 0, 2,
			func(n int, p *packetpool.Packet) (ramOp, nx.ULONG) {
				if n == 2 {
					setIPv4Header(p, 1, 0)
				}
				return ramBypass, 0
			}},
		{"netx_ip_fragmentation_wrong_protocol_field_test2.c", 0x08, 2 * nx.NX_IP_PERIODIC_RATE, 0, 3,
			func(n int, p *packetpool.Packet) (ramOp, nx.ULONG) {
				switch n {
				case 1:
					setIPv4Header(p, 1, 0)
					return ramDelay, nx.NX_IP_PERIODIC_RATE
				case 2:
					setIPv4Header(p, 1, 0)
				}
				return ramBypass, 0
			}},
	}
	for _, tt := range tests {
		t.Run(tt.cFile, func(t *testing.T) {
			cfg, counter := fragmentHookWorld(tt.hook)
			// Past the reassembly time of what never completes, so that
			// every packet is back in the pool at the end.
			fragmentHookRun(t, cfg, counter, tt.ttl, tt.wait, tt.want, tt.minFrames, 75*time.Second)
		})
	}
}

// TestRegressIPFragmentationOrder is
// netx_ip_fragmentation_order_test.c: two 1500-byte datagrams over the
// 1500-byte MTU, the first without a UDP checksum, each with its first
// fragment 200 ms late; both arrive whole, the notify runs twice, and the
// sender's socket and instance count 2 sends of 1500 bytes and nothing
// received.
func TestRegressIPFragmentationOrder(t *testing.T) {
	late := 0
	cfg := cConfig{payload: 512, poolBytes: 1536 * 16, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, fragment: true, priority1: 3}
	cfg.hook = func(_ *cTest, _ *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		var head [26]byte
		var n nx.ULONG
		if late < 2 && packetpool.DataExtractOffset(p, 28, head[:], &n) == nx.NX_SUCCESS && bytes.Equal(head[:n], []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ")) {
			late++
			return ramDelay, nx.NX_IP_PERIODIC_RATE / 5
		}
		return ramBypass, 0
	}
	var received, notifyCalls int
	var socket1 netx.UDPSocket
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var socket0 netx.UDPSocket
		c.udpStreamSender(&socket0)
		for i := range 2 {
			if i == 1 {
				c.status(netx.UDPSocketChecksumEnable(&socket0), nx.NX_SUCCESS, "checksum enable")
			}
			c.status(c.sendText(&socket0, ip1Address, 0x89, string(fragmentMsg())), nx.NX_SUCCESS, "send")
			rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 2)
		}
		c.udpStreamCounters(&socket0, 2, 1500, received, notifyCalls)
		c.check(late == 2, "%d first fragments delayed, want 2", late)
	}, func(c *cTest) {
		c.udpStreamReceiver(&socket1, 2, 5*nx.NX_IP_PERIODIC_RATE, &received, &notifyCalls, func(_ int, pkt *packetpool.Packet) bool {
			var head [26]byte
			var n nx.ULONG
			packetpool.DataExtractOffset(pkt, 0, head[:], &n)
			ok := pkt.NxPacketLength == 1500 && bytes.Equal(head[:], []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
			c.check(ok, "received %d bytes starting %q", pkt.NxPacketLength, head[:n])
			return ok
		})
	})
}

// TestRegressIPFragmentationDisable is
// netx_ip_fragmentation_disable_test.c: the two fragments of a 300-byte
// ping are taken off the wire (the C test replaces ip_1's IPv4 receive; here
// ip_0's driver hook copies and drops them) and the ping gets no answer.
// The first copy is handed to ip_1 and waits on its reassembly list; the
// second is handed over but not yet processed when nx_ip_fragment_disable
// empties the list, and is dropped when processed. (The C test holds the
// IP mutex so that the IP thread cannot run; here thread_1 runs above the
// IP thread's priority for that step.) A second ping, its fragments
// reaching ip_1 with fragmentation disabled, gets no answer either.
func TestRegressIPFragmentationDisable(t *testing.T) {
	var copies []*packetpool.Packet
	cfg := cConfig{payload: 500, poolBytes: 4096, mask: 0xFFFFF000, twoIPs: true, arp: true, fragment: true, priority: 3, mtu: 256,
		define: func(c *cTest) {
			c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0")
			c.status(netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable ip_1")
		}}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if ip != &c.ip0 || p.NxPacketLength <= 28 || len(copies) == 2 {
			return ramBypass, 0
		}
		var dup *packetpool.Packet
		c.status(packetpool.Copy(p, &dup, &c.pool0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "copy")
		copies = append(copies, dup)
		return ramDrop, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, ip1Address, make([]byte, 300), &resp, 2*nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS && resp == nil, "first ping: %v", st)
		c.check(len(copies) == 2, "%d fragments taken, want 2", len(copies))
		st = netx.ICMPPingV4(&c.ip0, ip1Address, make([]byte, 300), &resp, nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS && resp == nil, "second ping: %v", st)
	}, func(c *cTest) {
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		var old nx.UINT
		c.status(rtos.ThreadPriorityChange(&c.thread1, 0, &old), nx.NX_SUCCESS, "priority change")
		netx.IPPacketDeferredReceive(&c.ip1, copies[0])
		rtos.ThreadSleep(1)
		c.check(netx.ReassemblyPending(&c.ip1) == 1, "after the first fragment %d reassemblies, want 1", netx.ReassemblyPending(&c.ip1))
		netx.IPPacketDeferredReceive(&c.ip1, copies[1])
		c.check(netx.ReassemblyPending(&c.ip1) == 1, "the second fragment was processed at once")
		c.status(netx.IPFragmentDisable(&c.ip1), nx.NX_SUCCESS, "fragment disable")
		c.check(netx.ReassemblyPending(&c.ip1) == 0, "%d reassemblies after disable", netx.ReassemblyPending(&c.ip1))
		c.status(rtos.ThreadPriorityChange(&c.thread1, old, &old), nx.NX_SUCCESS, "priority back")
	})
}

// setIPv4Checksum computes a 20-byte IPv4 header's checksum.
func setIPv4Checksum(b []byte) {
	binary.BigEndian.PutUint16(b[10:], 0)
	var sum uint32
	for i := 0; i < 20; i += 2 {
		sum += uint32(binary.BigEndian.Uint16(b[i:]))
	}
	for sum > 0xFFFF {
		sum = sum&0xFFFF + sum>>16
	}
	binary.BigEndian.PutUint16(b[10:], ^uint16(sum))
}

// ipv4Datagram builds an IPv4 header (20 bytes, checksum set) followed by
// n zero bytes of payload.
func ipv4Datagram(flagsOffset uint16, ttl, protocol byte, src, dst nx.ULONG, n int) []byte {
	b := make([]byte, 20+n)
	b[0], b[8], b[9] = 0x45, ttl, protocol
	binary.BigEndian.PutUint16(b[2:], uint16(20+n))
	binary.BigEndian.PutUint16(b[4:], 0x1111)
	binary.BigEndian.PutUint16(b[6:], flagsOffset)
	binary.BigEndian.PutUint32(b[12:], src)
	binary.BigEndian.PutUint32(b[16:], dst)
	setIPv4Checksum(b)
	return b
}

// TestRegressIPFragmentationInvalid is netx_ip_fragmentation_invalid_test.c:
// a first fragment (more fragments set) with 9 bytes of payload, not a
// multiple of 8, and a last fragment at offset 8 with 1500 bytes. NetX
// counts the first one's share as 9/8 = 1 unit, so the two meet and the
// datagram is complete (1509 bytes, of a protocol nobody takes here); the
// packets must then be intact: every packet of the pool can be allocated
// and belongs to it. (The C test builds the frames as bytes; the port
// builds the same headers.)
func TestRegressIPFragmentationInvalid(t *testing.T) {
	src, dst := nx.IP_ADDRESS(192, 168, 2, 24), nx.IP_ADDRESS(192, 168, 2, 31)
	cfg := cConfig{payload: 1536, poolBytes: 1600 * 20, mask: 0xFFFFF000, twoIPs: true, arp: true, fragment: true, priority: 3, priority1: 4,
		addresses: [2]nx.ULONG{dst, nx.IP_ADDRESS(192, 168, 2, 32)}}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.check(netx.ReassemblyPending(&c.ip0) == 0, "the fragments were not joined")
		held := c.takeAll()
		c.check(c.freePackets() == 0, "a packet of the pool could not be allocated")
		for _, p := range held {
			packetpool.Release(p)
		}
	}, func(c *cTest) {
		for _, raw := range [][]byte{ipv4Datagram(0x2000, 0x80, 2, src, dst, 9), ipv4Datagram(0x0001, 0x80, 2, src, dst, 1500)} {
			var pkt *packetpool.Packet
			c.status(packetpool.Allocate(&c.pool0, &pkt, 16, nx.NX_NO_WAIT), nx.NX_SUCCESS, "allocate")
			c.status(packetpool.DataAppend(pkt, raw, &c.pool0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "append")
			netx.IPPacketDeferredReceive(&c.ip0, pkt)
		}
	})
}

// TestRegressICMPPingFragment is netx_icmp_ping_fragment_test.c: a ping
// larger than the 256-byte MTU gets no answer while fragmentation is off;
// with it on but switched off again on both instances by the RAM driver
// hook when the ARP request goes out (the ARP entry was invalidated), the
// request waiting on the ARP entry cannot be fragmented and the ping gets
// no answer either; with fragmentation on again the ping is answered.
func TestRegressICMPPingFragment(t *testing.T) {
	hooked := false
	cfg := cConfig{payload: 512, poolBytes: 4096, twoIPs: true, arp: true, mask: 0xFFFFFF00, mtu: 256, define: icmpOn}
	cfg.hook = func(c *cTest, _ *netx.IP, _ *packetpool.Packet) (ramOp, nx.ULONG) {
		if hooked {
			hooked = false
			c.status(netx.IPFragmentDisable(&c.ip0), nx.NX_SUCCESS, "fragment disable ip_0")
			c.status(netx.IPFragmentDisable(&c.ip1), nx.NX_SUCCESS, "fragment disable ip_1")
		}
		return ramBypass, 0
	}
	msg := make([]byte, 256) // msg[256]
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		ping := func() (nx.Status, nx.ULONG) {
			var resp *packetpool.Packet
			st := netx.ICMPPingV4(&c.ip0, ip1Address, msg, &resp, nx.NX_IP_PERIODIC_RATE)
			if resp == nil {
				return st, 0
			}
			n := resp.NxPacketLength
			packetpool.Release(resp)
			return st, n
		}
		st, _ := ping()
		c.status(st, nx.NX_NO_RESPONSE, "ping, fragmentation off")
		c.status(netx.IPFragmentEnable(&c.ip0), nx.NX_SUCCESS, "fragment enable ip_0")
		c.status(netx.IPFragmentEnable(&c.ip1), nx.NX_SUCCESS, "fragment enable ip_1")
		hooked = true
		c.status(netx.ARPDynamicEntriesInvalidate(&c.ip0), nx.NX_SUCCESS, "invalidate")
		st, _ = ping()
		c.status(st, nx.NX_NO_RESPONSE, "ping, fragmentation switched off while waiting for ARP")
		c.status(netx.IPFragmentEnable(&c.ip0), nx.NX_SUCCESS, "fragment enable ip_0 again")
		c.status(netx.IPFragmentEnable(&c.ip1), nx.NX_SUCCESS, "fragment enable ip_1 again")
		st, n := ping()
		c.check(st == nx.NX_SUCCESS && n == 256, "ping, fragmentation on: %v, %d bytes", st, n)
	}, nil)
}
