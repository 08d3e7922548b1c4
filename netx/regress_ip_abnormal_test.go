package netx_test

import (
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/require"
)

// capturedFrame reads one captured frame of a C regression test (stored
// under testdata/<c test>/<array>.bin, Ethernet header included) and
// returns it without its 14-byte Ethernet header, as the C tests copy it.
func capturedFrame(t *testing.T, cTest, array string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", cTest, array+".bin"))
	if err != nil {
		t.Fatal(err)
	}
	if len(b) < 14 {
		t.Fatalf("%s/%s: %d bytes, shorter than an Ethernet header", cTest, array, len(b))
	}
	return b[14:]
}

// TestRegressIPAbnormalPacket is netx_ip_abnormal_packet_test.c: ip_0
// (IPv6 and ICMP enabled, link-local address set, 5 seconds for DAD)
// receives 14 captured abnormal packets through
// _nx_ip_packet_deferred_receive: IPv4 packets whose protocol is an IPv6
// extension header (destination options, routing, fragment), AH, ESP, an
// ICMPv6 packet while ICMPv6 is off, an ICMPv4 one while ICMPv4 is off,
// IGMP, UDP without UDP enabled, a hop-by-hop header longer than the
// packet, an 8-byte redirect, two hop-by-hop headers, a router
// advertisement with an option of type 0, and an IPv4 header length of 16
// bytes. After each of the first eleven a ping of 127.0.0.1 must still
// be answered, and the pool must be full at the end. The C test writes the
// packet's extension-header state (nx_packet_destination_header,
// nx_packet_option_state) before the first three, to reach the drop
// branches of _nx_ip_dispatch_process; nxsim keeps no such state on a
// packet, and an IPv4 packet of those protocols is an unknown protocol.
func TestRegressIPAbnormalPacket(t *testing.T) {
	const name = "netx_ip_abnormal_packet_test"
	steps := []struct {
		array      string
		noICMPv4   bool // ip_0.nx_ip_icmp_packet_receive = NX_NULL while it is received
		noICMPv6   bool // ip_0.nx_ip_icmpv6_packet_process = NX_NULL
		pingsAfter bool
	}{
		{array: "pkt1", pingsAfter: true},
		{array: "pkt2", pingsAfter: true},
		{array: "pkt3", pingsAfter: true},
		{array: "pkt4", pingsAfter: true},
		{array: "pkt5", pingsAfter: true},
		{array: "pkt6", noICMPv6: true, pingsAfter: true},
		{array: "pkt7", noICMPv4: true, pingsAfter: true},
		{array: "pkt8", pingsAfter: true},
		{array: "pkt9", pingsAfter: true},
		{array: "pkt10", pingsAfter: true},
		{array: "pkt11", pingsAfter: true},
		{array: "pkt12"},
		{array: "pkt13"},
		{array: "pkt14"},
	}
	frames := make([][]byte, len(steps))
	for i, s := range steps {
		frames[i] = capturedFrame(t, name, s.array)
	}
	cfg := cConfig{define: func(c *cTest) {
		c.status(netx.IPv6Enable(&c.ip0), nx.NX_SUCCESS, "ipv6 enable")
		c.status(netx.ICMPEnable(&c.ip0), nx.NX_SUCCESS, "icmp enable")
	}}
	runC(t, cfg, 30*time.Second, func(c *cTest) {
		c.status(netx.IPv6AddressSet(&c.ip0, 0, nil, 10, nil), nx.NX_SUCCESS, "link-local address set")
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		for i, s := range steps {
			// The IP thread (priority 1) preempts thread_0 inside the
			// deferred receive, so the handlers are off while it runs.
			netx.SetICMPReceive(&c.ip0, !s.noICMPv4, !s.noICMPv6)
			c.deliverDeferred(&c.ip0, frames[i])
			netx.SetICMPReceive(&c.ip0, true, true)
			if !s.pingsAfter {
				continue
			}
			var resp *packetpool.Packet
			st := netx.ICMPPing(&c.ip0, v4(nx.IP_ADDRESS(127, 0, 0, 1)), nil, &resp, nx.NX_IP_PERIODIC_RATE)
			c.status(st, nx.NX_SUCCESS, "ping 127.0.0.1 after "+s.array)
			if resp != nil {
				packetpool.Release(resp)
			}
		}
		// Not checked by the C test: pkt14's header length of 16 bytes
		// makes an invalid packet, not a checksum error (the checksum is
		// checked only after the length, _nx_ipv4_packet_receive).
		var invalid, checksumErrors nx.ULONG
		c.status(netx.IPInfoGet(&c.ip0, nil, nil, nil, nil, &invalid, nil, &checksumErrors, nil, nil, nil), nx.NX_SUCCESS, "ip info get")
		c.check(invalid == 1 && checksumErrors == 0, "invalid packets %d, checksum errors %d: want 1 and 0", invalid, checksumErrors)
	}, nil)
}

// TestIPv4ExtensionHeaderProtocolsAreDroppedSilently follows
// netx_ip_abnormal_packet_test.c's IPv4 packets whose protocol is an IPv6
// extension header, AH or ESP, but from a neighbour instead of loopback: in
// an IPv6 build _nx_ip_dispatch_process takes those numbers through its
// extension-header cases (ESP and AH are dropped without IPsec), so none of
// them is answered with protocol unreachable; a protocol NetX does not know
// is.
func TestIPv4ExtensionHeaderProtocolsAreDroppedSilently(t *testing.T) {
	tests := []struct {
		protocol    layers.IPProtocol
		unreachable bool
	}{
		{protocol: 0},                     // hop-by-hop options
		{protocol: 43},                    // routing
		{protocol: 44},                    // fragment
		{protocol: 50},                    // ESP
		{protocol: 51},                    // AH
		{protocol: 59},                    // no next header
		{protocol: 60},                    // destination options
		{protocol: 99, unreachable: true}, // any private encryption scheme
	}
	for _, tt := range tests {
		t.Run(tt.protocol.String(), func(t *testing.T) {
			h := &layers.IPv4{Version: 4, IHL: 5, TTL: 64, Protocol: tt.protocol,
				SrcIP: net.IPv4(1, 2, 3, 5), DstIP: net.IPv4(1, 2, 3, 4)}
			buf := gopacket.NewSerializeBuffer()
			opts := gopacket.SerializeOptions{ComputeChecksums: true, FixLengths: true}
			require.NoError(t, gopacket.SerializeLayers(buf, opts, h, gopacket.Payload("ABCDEFGH")))
			var sent nx.ULONG
			runC(t, cConfig{twoIPs: true, arp: true, define: func(c *cTest) {
				c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable")
			}}, 5*time.Second, func(c *cTest) {
				c.deliverDeferred(&c.ip0, buf.Bytes())
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
				sent = c.ip0.Stats.ICMP.ErrorsSent
			}, nil)
			require.Equal(t, tt.unreachable, sent == 1, "ICMP errors sent: %d", sent)
		})
	}
}
