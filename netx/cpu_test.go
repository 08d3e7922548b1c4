package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
)

// On the default Cortex-M4 profile (100 MHz) a NetX service costs its
// figure once, however many services it calls inside: nx_packet_allocate
// 100 cycles, nx_packet_data_append 200 + 1 per byte, a UDP send 1500 + 1
// per byte of the datagram (its checksum), the driver call included. The
// receiver pays its driver's ISR and its IP thread per frame.
func TestNetXServicesChargeTheDeviceProfile(t *testing.T) {
	w := newWorld(t)
	var s, r netx.UDPSocket
	var allocate, appendCost, send time.Duration
	payload := make([]byte, 100)
	a := w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &s, 5000, 4)
		now := func() time.Duration { return n.k.Engine().Now() }
		var pkt *packetpool.Packet
		t0 := now()
		packetpool.Allocate(&n.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT)
		t1 := now()
		packetpool.DataAppend(pkt, payload, &n.pool, nx.NX_NO_WAIT)
		t2 := now()
		netx.UDPSocketSend(&s, pkt, v4(addrB), 6000)
		t3 := now()
		allocate, appendCost, send = t1-t0, t2-t1, t3-t2
		closeSocket(t, &s)
	}, func(n *node) {
		netx.ARPStaticEntryCreate(&n.ip, addrB, 0x0200, 2)
	})
	b := w.addNode("b", addrB, func(n *node) {
		openSocket(t, n, &r, 6000, 4)
		receiveText(t, &r, 100)
		closeSocket(t, &r)
	})
	w.run(time.Second)
	cycle := time.Second / 100_000_000
	assert.Equal(t, 100*cycle, allocate, "nx_packet_allocate")
	assert.Equal(t, (200+100)*cycle, appendCost, "nx_packet_data_append of 100 bytes")
	assert.Equal(t, (1500+100)*cycle, send, "nxd_udp_socket_send of 100 bytes")
	assert.Equal(t, rtos.ProfileDefault, a.k.Profile())
	assert.Equal(t, nx.ULONG(1), b.ip.Stats.UDPPacketsReceived)
}
