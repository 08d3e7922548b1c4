package netx_test

import (
	"bytes"
	"encoding/binary"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// pingCapture runs a ping over IPv4 and one over IPv6 between two devices
// with no static neighbours and returns the segment's capture: the wire as
// sent, every frame once.
func pingCapture(t *testing.T) []byte {
	w := newWorld(t)
	var buf bytes.Buffer
	require.NoError(t, w.net.Capture(&buf, "lan"))
	w.addNode("a", addrA, func(n *node) {
		waitDAD()
		for _, to := range []*nx.NXDAddress{v4(addrB), v6(v6B)} {
			st, _ := ping(t, n, to, "nxsim ping", 100)
			require.Equal(t, nx.NX_SUCCESS, st)
		}
	}, withICMP(t, v6A))
	w.addNode("b", addrB, nil, withICMP(t, v6B))
	w.run(8 * time.Second)
	require.NoError(t, w.net.CaptureErr())
	return buf.Bytes()
}

// icmpv6Sum verifies an ICMPv6 checksum over the pseudo-header.
func icmpv6Sum(ip6 *layers.IPv6) uint16 {
	var sum uint32
	add := func(b []byte) {
		for len(b) >= 2 {
			sum += uint32(binary.BigEndian.Uint16(b))
			b = b[2:]
		}
		if len(b) == 1 {
			sum += uint32(b[0]) << 8
		}
	}
	add(ip6.SrcIP)
	add(ip6.DstIP)
	sum += uint32(len(ip6.Payload)) + 58
	add(ip6.Payload)
	for sum>>16 != 0 {
		sum = sum&0xFFFF + sum>>16
	}
	return ^uint16(sum)
}

// The capture shows the ARP and ICMP echo exchange over IPv4, and DAD,
// neighbour solicitation and advertisement, and the ICMPv6 echo over
// IPv6, every ICMP checksum right.
func TestPingCaptureShowsEchoAndNeighbourDiscovery(t *testing.T) {
	r, err := pcapgo.NewNgReader(bytes.NewReader(pingCapture(t)), pcapgo.DefaultNgReaderOptions)
	require.NoError(t, err)
	count := map[string]int{}
	for {
		data, _, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LinkTypeEthernet, gopacket.Default)
		require.Nil(t, p.ErrorLayer(), "frame decodes")
		switch {
		case p.Layer(layers.LayerTypeICMPv4) != nil:
			c := p.Layer(layers.LayerTypeICMPv4).(*layers.ICMPv4)
			ip4 := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
			var s uint32
			for b := ip4.Payload; len(b) >= 2; b = b[2:] {
				s += uint32(binary.BigEndian.Uint16(b))
			}
			for s>>16 != 0 {
				s = s&0xFFFF + s>>16
			}
			assert.Equal(t, uint16(0xFFFF), uint16(s), "ICMPv4 checksum")
			count["icmp4 "+c.TypeCode.String()]++
		case p.Layer(layers.LayerTypeICMPv6) != nil:
			c := p.Layer(layers.LayerTypeICMPv6).(*layers.ICMPv6)
			ip6 := p.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
			assert.Zero(t, icmpv6Sum(ip6), "ICMPv6 checksum of %v", c.TypeCode)
			name := c.TypeCode.String()
			if ip6.SrcIP.IsUnspecified() {
				name += " (DAD)"
			}
			count["icmp6 "+name]++
		case p.Layer(layers.LayerTypeARP) != nil:
			count["arp"]++
		}
	}
	assert.Equal(t, map[string]int{
		"arp":                              2,
		"icmp4 EchoRequest":                1,
		"icmp4 EchoReply":                  1,
		"icmp6 NeighborSolicitation (DAD)": 6, // three per device
		"icmp6 NeighborSolicitation":       1, // a resolves b
		"icmp6 NeighborAdvertisement":      1,
		"icmp6 EchoRequest":                1,
		"icmp6 EchoReply":                  1,
	}, count)
}

// Where tshark is installed (CI installs it), it decodes the ping capture
// with no expert warnings and good ICMP checksums.
func TestTsharkDecodesThePingCapture(t *testing.T) {
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed")
	}
	file := filepath.Join(t.TempDir(), "ping.pcapng")
	require.NoError(t, os.WriteFile(file, pingCapture(t), 0o644))
	out, err := exec.Command("tshark", "-r", file, "-o", "ip.check_checksum:TRUE",
		"-T", "fields", "-e", "_ws.expert", "-e", "icmp.type", "-e", "icmpv6.type", "-e", "icmp.checksum.status", "-e", "icmpv6.checksum.status").Output()
	require.NoError(t, err)
	var types []string
	for _, l := range strings.Split(strings.TrimRight(string(out), "\n"), "\n") {
		f := strings.Split(l, "\t")
		// Comments (the capture's notes on each frame) are expert info of
		// severity Comment; anything stronger is a decoding complaint.
		for _, bad := range []string{"(Chat/", "(Note/", "(Warning/", "(Error/"} {
			assert.NotContains(t, f[0], bad, "no expert warnings in %q", l)
		}
		for _, st := range f[3:] {
			if st != "" {
				assert.Equal(t, "1", st, "ICMP checksum good in %q", l)
			}
		}
		types = append(types, f[1]+f[2])
	}
	for _, want := range []string{"8", "0", "135", "136", "128", "129"} {
		assert.Contains(t, types, want)
	}
}
