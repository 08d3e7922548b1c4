package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// TestRegressIPFragmentation is netx_ip_fragmentation_test.c: 2000
// datagrams of 300 bytes over a 256-byte MTU, the first 1000 without a UDP
// checksum, are fragmented, reassembled and delivered, with the sender's
// address and port; the socket and the instance count 2000 sends and no
// receive; the receive notify ran once per datagram.
func TestRegressIPFragmentation(t *testing.T) {
	const total = 2000
	cfg := cConfig{payload: 500, poolBytes: 4096, mask: 0xFFFFF000, twoIPs: true, arp: true, udp: true, fragment: true, priority: 3, mtu: 256}
	var received, notifyCalls int
	var socket1 netx.UDPSocket
	runC(t, cfg, 60*time.Second, func(c *cTest) {
		rtos.ThreadRelinquish()
		var socket0 netx.UDPSocket
		c.udpStreamSender(&socket0)
		c.udpStreamSend(&socket0, total, ip1Address, func(pkt *packetpool.Packet) {
			copy(pkt.NxPacketDataStart[pkt.NxPacketPrependPtr:], tcpStandInData)
			pkt.NxPacketLength = 300
			pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + 300
		})
		c.udpStreamCounters(&socket0, total, 300, received, notifyCalls)
	}, func(c *cTest) {
		c.udpStreamReceiver(&socket1, total, nx.NX_WAIT_FOREVER, &received, &notifyCalls, c.sourceIs(total, ip0Address))
	})
}

// TestRegressIPFragmentationDispatchFail is
// netx_ip_fragmentation_dispatch_fail_test.c: a fragmented ping to an
// instance without ICMP is reassembled there, finds no protocol to take it,
// and is counted once in ip_1's nx_ip_receive_packets_dropped; the ping
// gets no answer.
func TestRegressIPFragmentationDispatchFail(t *testing.T) {
	cfg := cConfig{payload: 1000, poolBytes: 102400, mask: 0xFFFFF000, twoIPs: true, arp: true, fragment: true,
		define: func(c *cTest) { c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0") }}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		var response *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, ip1Address, make([]byte, 3000), &response, nx.NX_IP_PERIODIC_RATE)
		c.check(st != nx.NX_SUCCESS, "the ping was answered")
		c.check(c.ip1.Stats.ReceivePacketsDropped == 1, "ip_1 receive packets dropped %d, want 1", c.ip1.Stats.ReceivePacketsDropped)
	}, nil)
}
