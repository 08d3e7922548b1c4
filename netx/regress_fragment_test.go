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
		for sent := 0; sent < total; sent++ {
			if sent == total/2 {
				c.status(netx.UDPSocketChecksumEnable(&socket0), nx.NX_SUCCESS, "checksum enable")
			}
			var pkt *packetpool.Packet
			if packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
				break
			}
			copy(pkt.NxPacketDataStart[pkt.NxPacketPrependPtr:], tcpStandInData)
			pkt.NxPacketLength = 300
			pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + 300
			c.status(netx.UDPSocketSendV4(&socket0, pkt, ip1Address, 0x89), nx.NX_SUCCESS, "send")
			rtos.ThreadRelinquish()
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE) // the last datagrams arrive
		var sent, bytesSent, rcvd, bytesRcvd, queued, dropped, checksumErrors nx.ULONG
		c.status(netx.UDPSocketInfoGet(&socket0, &sent, &bytesSent, &rcvd, &bytesRcvd, &queued, &dropped, &checksumErrors), nx.NX_SUCCESS, "socket info get")
		c.check(sent == total && bytesSent == total*300, "socket sent %d packets, %d bytes", sent, bytesSent)
		c.check(received == total && rcvd == 0 && bytesRcvd == 0 && queued == 0 && dropped == 0 && checksumErrors == 0,
			"thread 1 received %d; socket 0: %d %d %d %d %d", received, rcvd, bytesRcvd, queued, dropped, checksumErrors)
		c.status(netx.UDPSocketUnbind(&socket0), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&socket0), nx.NX_SUCCESS, "delete")
		var uSent, uBytesSent, uRcvd, uBytesRcvd, uInvalid, uDropped, uChecksum nx.ULONG
		c.status(netx.UDPInfoGet(&c.ip0, &uSent, &uBytesSent, &uRcvd, &uBytesRcvd, &uInvalid, &uDropped, &uChecksum), nx.NX_SUCCESS, "udp info get")
		c.check(uSent == total && uBytesSent == total*300, "ip_0 UDP sent %d packets, %d bytes", uSent, uBytesSent)
		c.check(uRcvd == 0 && uBytesRcvd == 0 && uInvalid == 0 && uDropped == 0 && uChecksum == 0 && notifyCalls == total,
			"ip_0 UDP received %d %d %d %d %d; notify ran %d times", uRcvd, uBytesRcvd, uInvalid, uDropped, uChecksum, notifyCalls)
	}, func(c *cTest) {
		c.udpStreamReceiver(&socket1, total, nx.NX_WAIT_FOREVER, &received, &notifyCalls, func(i int, pkt *packetpool.Packet) bool {
			if i >= total/2 {
				return true
			}
			var address nx.ULONG
			var port nx.UINT
			st := netx.UDPSourceExtractV4(pkt, &address, &port)
			c.check(st == nx.NX_SUCCESS && address == ip0Address && port == 0x88, "source extract: %v %#x %#x", st, address, port)
			return st == nx.NX_SUCCESS && address == ip0Address && port == 0x88
		})
	})
}
