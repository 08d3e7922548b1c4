package netx_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// TestRegressPacketPayloadSize is netx_packet_payload_size_test.c: ip_0's
// pool_0 has packets of 202 bytes (a payload size not a multiple of 4),
// ip_1's pool_1 of 512. A pool of 512-byte packets whose memory starts one
// byte past a 4-byte boundary is NX_SIZE_ERROR in 512 bytes plus the
// rounded header (with the nxe_ layer) and created in 516 plus the header. 250 bytes sent from
// ip_0 (chained over two 202-byte packets) reach ip_1 whole. The C test
// sends them over a TCP connection; here they are the UDP stand-in's
// datagram to port 12.
func TestRegressPacketPayloadSize(t *testing.T) {
	var pool1, pool2 packetpool.Pool
	header := int(packetpool.PacketHeaderSize+3) / 4 * 4
	cfg := cConfig{payload: 202, poolBytes: 8192, arp: true, udp: true, priority: 4, priority1: 3, define: func(c *cTest) {
		c.status(packetpool.PoolCreate(&pool1, "NetX Main Packet Pool", 512, make([]byte, 8192)), nx.NX_SUCCESS, "pool_1 create")
		memory := make([]byte, 4+516+header) // Go aligns it; the pool starts at memory[1:]
		if netx.ErrorChecking {              // the nxe_ layer refuses it; without it an empty pool is made
			c.status(packetpool.PoolCreate(&pool2, "NetX Main Packet Pool", 512, memory[1:1+512+header]), nx.NX_SIZE_ERROR, "pool_2 create, too small")
		}
		c.status(packetpool.PoolCreate(&pool2, "NetX Main Packet Pool", 512, memory[1:1+516+header]), nx.NX_SUCCESS, "pool_2 create")
		c.status(netx.IPCreate(&c.ip1, "NetX IP Instance 1", ip1Address, 0xFFFFFF00, &pool1, c.driver, make([]byte, 2048), 1),
			nx.NX_SUCCESS, "ip_1 create")
		c.status(netx.ARPEnable(&c.ip1, make([]byte, 1024)), nx.NX_SUCCESS, "ip_1 arp enable")
		c.status(netx.UDPEnable(&c.ip1), nx.NX_SUCCESS, "ip_1 udp enable")
	}}
	send := bytes.Repeat([]byte{1}, 250)
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "Client Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 300), nx.NX_SUCCESS, "client create")
		c.status(netx.UDPSocketBind(&s, 12, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "client bind")
		var p *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &p, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(p, send, &c.pool0, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "append")
		c.check(p.NxPacketNext != nil, "250 bytes fit one 202-byte packet")
		if st := netx.UDPSocketSendV4(&s, p, ip1Address, 12); st != nx.NX_SUCCESS {
			c.status(st, nx.NX_SUCCESS, "send")
			packetpool.Release(p)
		}
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "client unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "client delete")
	}, func(c *cTest) {
		var actual nx.ULONG
		c.status(netx.IPStatusCheck(&c.ip1, nx.NX_IP_INITIALIZE_DONE, &actual, nx.NX_IP_PERIODIC_RATE), nx.NX_SUCCESS, "status check")
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip1, &s, "Server Socket", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 300), nx.NX_SUCCESS, "server create")
		c.status(netx.UDPSocketBind(&s, 12, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "server bind")
		var p *packetpool.Packet
		if st := netx.UDPSocketReceive(&s, &p, 5*nx.NX_IP_PERIODIC_RATE); st != nx.NX_SUCCESS {
			c.status(st, nx.NX_SUCCESS, "receive")
		} else {
			recv := make([]byte, 250)
			var copied nx.ULONG
			c.status(packetpool.DataRetrieve(p, recv, &copied), nx.NX_SUCCESS, "retrieve")
			c.check(copied == 250 && bytes.Equal(recv, send), "received %d bytes %x", copied, recv[:copied])
			packetpool.Release(p)
		}
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "server unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "server delete")
	})
}
