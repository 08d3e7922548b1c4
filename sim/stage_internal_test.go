package sim

import (
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/require"
)

// udpFrame builds an Ethernet/IPv4/UDP frame with gopacket.
func udpFrame(t testing.TB, payload []byte) []byte {
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, 1}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, 2}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP, SrcIP: net.IPv4(10, 0, 0, 1), DstIP: net.IPv4(10, 0, 0, 2)}
	udp := &layers.UDP{SrcPort: 5000, DstPort: 5001}
	require.NoError(t, udp.SetNetworkLayerForChecksum(ip))
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		eth, ip, udp, gopacket.Payload(payload)))
	return buf.Bytes()
}

// through pushes frames, one per millisecond, through a stage installed as
// a segment chain of a fresh network seeded with seed, and returns each
// frame's surviving copies (arrival offsets from its send instant).
// A nil frame is a millisecond with nothing sent.
func through(t testing.TB, seed uint64, st Impairment, frames [][]byte) [][]*inFlight {
	return throughChain(t, seed, []Impairment{st}, frames)
}

// throughChain is through with a chain of stages.
func throughChain(t testing.TB, seed uint64, chain []Impairment, frames [][]byte) [][]*inFlight {
	e := rtos.NewEngine(seed)
	n := NewNetwork(e)
	s := n.Segment("lan")
	require.NoError(t, s.Impair(chain...))
	from := &Port{segment: s, device: "a"}
	var out [][]*inFlight
	for i, f := range frames {
		if f == nil {
			continue
		}
		var notes []string
		tr := &transit{seg: s, from: from, now: time.Duration(i) * time.Millisecond, frameNo: uint64(i + 1), notes: &notes,
			copies: []*inFlight{{data: f}}}
		run(tr, s.chains.all)
		out = append(out, tr.copies)
	}
	return out
}

func repeat(t testing.TB, n int, payload string) [][]byte {
	frames := make([][]byte, n)
	for i := range frames {
		frames[i] = udpFrame(t, []byte(payload))
	}
	return frames
}

// FuzzFrameParsers feeds arbitrary frames to what the network parses: the
// IP and UDP locators (whole datagrams and first fragments), the DTLS
// record walk, the flight tracker and the payload rewriter. Nothing may
// panic, and what parseUDP finds must lie inside the frame.
func FuzzFrameParsers(f *testing.F) {
	f.Add(udpFrame(f, []byte{22, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 12, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}))
	f.Add(udpFrame(f, []byte("plain")))
	f.Add(dtlsFrame(f, 1, 5000, hs(f, 0, hello(1, []byte("cookie")))))
	f.Add(dtlsFrame(f, 1, 5000, ccs(f), encrypted(f)))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, frame []byte) {
		_ = ipLength(frame)
		var tr flightTracker
		_ = tr.classify(frame)
		_ = tr.classify(frame) // a second sending of the same datagram
		if first, ip, ok := parseFirstUDP(frame); ok {
			require.LessOrEqual(t, first.payloadAt+len(first.payload), ip.end)
		}
		d, ok := parseUDP(frame)
		if !ok {
			return
		}
		require.LessOrEqual(t, d.payloadAt+len(d.payload), len(frame))
		_ = records(d.payload)
		if short, ok := truncated(frame, len(d.payload)/2); ok {
			again, ok := parseUDP(short)
			require.True(t, ok)
			require.Equal(t, d.payload[:len(d.payload)/2], again.payload)
		}
	})
}
