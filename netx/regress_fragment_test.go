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
