package sim_test

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A device with IP fragmentation enabled sends datagrams larger than the
// segment's MTU to a host socket through the bridge: NetX sends each as IP
// fragments, and the host socket receives the whole datagram, as it would
// from a kernel that reassembles. Runs in real time (about a second).
func TestBridgeReassemblesIPFragments(t *testing.T) {
	tests := []struct {
		size      int
		fragments int
	}{
		{size: 100, fragments: 1},
		{size: 1472, fragments: 1}, // 8 + 1472 fills one 1500-byte IP packet
		{size: 1473, fragments: 2},
		{size: 3000, fragments: 3},
	}
	host, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	defer func() { _ = host.Close() }()
	hostPort := nx.UINT(host.LocalAddr().(*net.UDPAddr).Port)

	e := rtos.NewEngine(1, rtos.WithWallClock())
	defer e.Close()
	lan := sim.NewNetwork(e).Segment("lan")
	device, bridgeAddress := nx.IP_ADDRESS(192, 168, 1, 2), nx.IP_ADDRESS(192, 168, 1, 200)
	b, err := lan.Bridge("host", bridgeAddress, device, 7, "127.0.0.1:0")
	require.NoError(t, err)
	defer func() { _ = b.Close() }()

	var (
		pool   packetpool.Pool
		ip     netx.IP
		socket netx.UDPSocket
		thread rtos.Thread
		arp    [10 * 52]byte
	)
	e.AddKernel("device", func(mem []byte) {
		take := func(n int) []byte { b := mem[:n:n]; mem = mem[n:]; return b }
		netx.SystemInitialize()
		packetpool.PoolCreate(&pool, "pool", 1536, take(16*1600))
		netx.IPCreate(&ip, "ip", device, 0xFFFFFF00, &pool, lan.Driver, take(2048), 1)
		netx.ARPEnable(&ip, arp[:])
		netx.UDPEnable(&ip)
		netx.IPFragmentEnable(&ip)
		rtos.ThreadCreate(&thread, "app", func(nx.ULONG) {
			netx.UDPSocketCreate(&ip, &socket, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 8)
			netx.UDPSocketBind(&socket, 7, nx.NX_WAIT_FOREVER)
			to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
			to.NxdIPAddress.V4 = bridgeAddress
			for _, tt := range tests {
				var pkt *packetpool.Packet
				packetpool.Allocate(&pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER)
				packetpool.DataAppend(pkt, bytes.Repeat([]byte{byte(tt.size)}, tt.size), &pool, nx.NX_WAIT_FOREVER)
				if netx.UDPSocketSend(&socket, pkt, to, hostPort) != nx.NX_SUCCESS {
					packetpool.Release(pkt)
				}
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 10)
			}
		}, 0, take(2048), 10, 10, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	})
	require.NoError(t, e.RunFor(time.Second))

	buf := make([]byte, 65536)
	frames, reassembled := 0, 0
	for _, tt := range tests {
		require.NoError(t, host.SetReadDeadline(time.Now().Add(time.Second)))
		k, err := host.Read(buf)
		require.NoError(t, err, "the %d-byte datagram", tt.size)
		assert.Equal(t, tt.size, k, "the %d-byte datagram's length", tt.size)
		assert.True(t, bytes.Equal(bytes.Repeat([]byte{byte(tt.size)}, tt.size), buf[:k]), "the %d-byte datagram's bytes", tt.size)
		frames += tt.fragments
		if tt.fragments > 1 {
			reassembled++
		}
	}
	assert.Equal(t, uint64(len(tests)), b.Stats.ToHost)
	assert.Equal(t, uint64(reassembled), b.Stats.Reassembled)
	assert.Zero(t, b.Stats.BadFragments)
	assert.Equal(t, uint64(frames), b.Port().Stats.FramesReceived, "every fragment is a frame the bridge received")
}
