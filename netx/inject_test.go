package netx_test

import (
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// datagram builds an IPv4/UDP datagram with gopacket (correct checksums)
// from 192.168.1.99:4000 to addrA:5000.
func datagram(t testing.TB, payload string) []byte {
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP,
		SrcIP: net.IPv4(192, 168, 1, 99), DstIP: net.IPv4(192, 168, 1, 10)}
	udp := &layers.UDP{SrcPort: 4000, DstPort: 5000}
	require.NoError(t, udp.SetNetworkLayerForChecksum(ip))
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true, FixLengths: true},
		ip, udp, gopacket.Payload(payload)))
	return buf.Bytes()
}

// inject hands raw IP bytes to the node's instance from an interrupt at the
// given instant, as a driver would (a packet from the node's pool).
func inject(n *node, at time.Duration, raw []byte) {
	injectAs(n, at, raw, netx.IPPacketDeferredReceive)
}

// injectAs is inject through a given deferred-receive entry (IP or ARP).
func injectAs(n *node, at time.Duration, raw []byte, entry func(*netx.IP, *packetpool.Packet)) {
	n.k.Interrupt(at, func() {
		var pkt *packetpool.Packet
		if packetpool.Allocate(&n.pool, &pkt, nx.NX_RECEIVE_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
			return
		}
		if len(raw) > 0 {
			packetpool.DataAppend(pkt, raw, &n.pool, nx.NX_NO_WAIT)
		}
		entry(&n.ip, pkt)
	})
}

// A datagram with a bad UDP checksum is dropped inside UDPSocketReceive, in
// the receiving thread, which then waits again with its whole wait option.
func TestBadUDPChecksumIsDroppedInTheReceivingThread(t *testing.T) {
	w := newWorld(t)
	var s netx.UDPSocket
	var got string
	var st nx.Status
	var returnedAt nx.ULONG
	var checksumErrors nx.ULONG
	bad := datagram(t, "corrupt")
	bad[len(bad)-1] ^= 0xFF
	a := w.addNode("a", addrA, func(n *node) {
		openSocket(t, n, &s, 5000, 4)
		got, st = receiveText(t, &s, 20) // the bad one comes at tick 5, the good one at 22
		returnedAt = rtos.TimeGet()
		netx.UDPSocketInfoGet(&s, nil, nil, nil, nil, nil, nil, &checksumErrors)
		closeSocket(t, &s)
	})
	inject(a, 50*time.Millisecond, bad)
	inject(a, 220*time.Millisecond, datagram(t, "good"))
	w.run(time.Second)
	assert.Equal(t, nx.NX_SUCCESS, st)
	assert.Equal(t, "good", got)
	assert.Equal(t, nx.ULONG(22), returnedAt, "a fresh 20-tick wait started at tick 5")
	assert.Equal(t, nx.ULONG(1), checksumErrors)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.UDPChecksumErrors)
}

func TestMalformedPacketsAreDroppedAndCounted(t *testing.T) {
	good := datagram(t, "x")
	badHeaderChecksum := append([]byte(nil), good...)
	badHeaderChecksum[10] ^= 1
	tooLong := append([]byte(nil), good...)
	tooLong[3] += 50
	noPort := datagram(t, "x")
	noPort[23] = 1 // destination port 5000 → 4865, re-checksummed below
	noPort[26], noPort[27] = 0, 0
	tests := []struct {
		name  string
		raw   []byte
		count func(s *netx.IPStats) nx.ULONG
	}{
		{"empty", nil, func(s *netx.IPStats) nx.ULONG { return s.InvalidPackets }},
		{"version 5", []byte{0x50, 1, 2, 3}, func(s *netx.IPStats) nx.ULONG { return s.InvalidPackets }},
		{"truncated header", good[:12], func(s *netx.IPStats) nx.ULONG { return s.InvalidPackets }},
		{"bad header checksum", badHeaderChecksum, func(s *netx.IPStats) nx.ULONG { return s.ChecksumErrors }},
		{"total length past the data", tooLong, func(s *netx.IPStats) nx.ULONG { return s.InvalidPackets }},
		{"no socket on the port", noPort, func(s *netx.IPStats) nx.ULONG { return s.UDPNoPortForDelivery }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t)
			var s netx.UDPSocket
			a := w.addNode("a", addrA, func(n *node) {
				openSocket(t, n, &s, 5000, 4)
				rtos.ThreadSleep(10)
				closeSocket(t, &s)
			})
			inject(a, 20*time.Millisecond, tt.raw)
			w.run(time.Second)
			assert.Equal(t, nx.ULONG(1), tt.count(&a.ip.Stats))
			assert.Equal(t, nx.ULONG(1), a.ip.Stats.ReceivePacketsDropped)
		})
	}
}

// FuzzIPPacketReceive feeds arbitrary bytes to an instance's receive paths,
// as an IP packet and as an ARP message: nothing may panic, and every
// packet must end up back in its pool.
func FuzzIPPacketReceive(f *testing.F) {
	f.Add(datagram(f, "hello"))
	f.Add([]byte{0x45, 0, 0, 20, 0, 0, 0x20, 0, 64, 17, 0, 0, 192, 168, 1, 99, 192, 168, 1, 10})
	f.Add([]byte{0x60, 0, 0, 0, 0, 8, 17, 255})
	f.Add([]byte{})
	f.Add([]byte{0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 9, 192, 168, 1, 99, 0, 0, 0, 0, 0, 0, 192, 168, 1, 10})
	f.Fuzz(func(t *testing.T, raw []byte) {
		w := newWorld(t)
		var s netx.UDPSocket
		a := w.addNode("a", addrA, func(n *node) {
			openSocket(t, n, &s, 5000, 4)
			for {
				var pkt *packetpool.Packet
				if netx.UDPSocketReceive(&s, &pkt, 5) != nx.NX_SUCCESS {
					break
				}
				var from nx.NXDAddress
				var port nx.UINT
				netx.UDPSourceExtract(pkt, &from, &port)
				packetpool.Release(pkt)
			}
			closeSocket(t, &s)
		}, func(n *node) {
			netx.IPFragmentEnable(&n.ip)
			netx.IPv6Enable(&n.ip)
		})
		inject(a, 20*time.Millisecond, raw)
		injectAs(a, 30*time.Millisecond, raw, netx.ARPPacketDeferredReceive)
		// Long enough for an incomplete fragment to time out and go back
		// to its pool: NetX waits the larger of NX_IPV4_MAX_REASSEMBLY_TIME
		// and the fragment's TTL (at most 255), and NX_IPV6_MAX_REASSEMBLY_TIME.
		w.run(257 * time.Second)
	})
}
