package sim

import (
	"fmt"
	"net"
	"testing"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/pion/dtls/v2/pkg/protocol"
	"github.com/pion/dtls/v2/pkg/protocol/handshake"
	"github.com/pion/dtls/v2/pkg/protocol/recordlayer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// dtlsFrame is a UDP frame from 10.0.0.<from>:<port> to the other of .1
// and .2 carrying the given records.
func dtlsFrame(t testing.TB, from byte, port uint16, records ...[]byte) []byte {
	to := 3 - from
	eth := &layers.Ethernet{SrcMAC: net.HardwareAddr{2, 0, 0, 0, 0, from}, DstMAC: net.HardwareAddr{2, 0, 0, 0, 0, to}, EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP, SrcIP: net.IPv4(10, 0, 0, from), DstIP: net.IPv4(10, 0, 0, to)}
	udp := &layers.UDP{SrcPort: layers.UDPPort(port), DstPort: 4433}
	if from == 2 {
		udp.SrcPort, udp.DstPort = 4433, layers.UDPPort(port)
	}
	require.NoError(t, udp.SetNetworkLayerForChecksum(ip))
	var payload []byte
	for _, r := range records {
		payload = append(payload, r...)
	}
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		eth, ip, udp, gopacket.Payload(payload)))
	return buf.Bytes()
}

// hs is one clear handshake record with pion's types.
func hs(t testing.TB, msgSeq uint16, m handshake.Message) []byte {
	r := &recordlayer.RecordLayer{Header: recordlayer.Header{Version: protocol.Version1_2},
		Content: &handshake.Handshake{Header: handshake.Header{MessageSequence: msgSeq}, Message: m}}
	b, err := r.Marshal()
	require.NoError(t, err)
	return b
}

func hello(random byte, cookie []byte) *handshake.MessageClientHello {
	m := &handshake.MessageClientHello{Version: protocol.Version1_2, Cookie: cookie, CipherSuiteIDs: []uint16{0xC0A8},
		CompressionMethods: []*protocol.CompressionMethod{{}}}
	m.Random.RandomBytes[0] = random
	return m
}

func ccs(t testing.TB) []byte {
	b, err := (&recordlayer.RecordLayer{Header: recordlayer.Header{Version: protocol.Version1_2}, Content: &protocol.ChangeCipherSpec{}}).Marshal()
	require.NoError(t, err)
	return b
}

func encrypted(t testing.TB) []byte {
	h := recordlayer.Header{ContentType: protocol.ContentTypeHandshake, ContentLen: 8, Version: protocol.Version1_2, Epoch: 1}
	b, err := h.Marshal()
	require.NoError(t, err)
	return append(b, make([]byte, 8)...)
}

// The tracker numbers flights by content and counts transmissions: a
// handshake without HelloVerifyRequest reads 1, 4, 5, 6; a repeated message
// starts the next transmission; a new random, the next handshake.
func TestFlightTrackerNumbersFlights(t *testing.T) {
	suite := uint16(0xC0A8)
	sh := hs(t, 1, &handshake.MessageServerHello{Version: protocol.Version1_2, CipherSuiteID: &suite, CompressionMethod: &protocol.CompressionMethod{}})
	done := hs(t, 2, &handshake.MessageServerHelloDone{})
	cke := hs(t, 1, &handshake.MessageClientKeyExchange{IdentityHint: []byte("id")})
	steps := []struct {
		frame []byte
		want  []Flight
	}{
		{dtlsFrame(t, 2, 5000, sh), []Flight{{}}}, // no ClientHello seen: no association
		{dtlsFrame(t, 1, 5000, hs(t, 0, hello(1, nil))), []Flight{{1, 1, 1, 1, true}}},
		{dtlsFrame(t, 1, 5000, hs(t, 0, hello(1, nil))), []Flight{{1, 1, 2, 1, true}}},
		{dtlsFrame(t, 2, 5000, sh), []Flight{{1, 4, 1, 1, false}}},
		{dtlsFrame(t, 2, 5000, done), []Flight{{1, 4, 1, 2, true}}},
		{dtlsFrame(t, 2, 5000, sh), []Flight{{1, 4, 2, 1, false}}},
		{dtlsFrame(t, 2, 5000, done), []Flight{{1, 4, 2, 2, true}}},
		{dtlsFrame(t, 1, 5000, cke, ccs(t), encrypted(t)), []Flight{{1, 5, 1, 1, false}, {1, 5, 1, 2, false}, {1, 5, 1, 3, true}}},
		{dtlsFrame(t, 2, 5000, ccs(t), encrypted(t)), []Flight{{1, 6, 1, 1, false}, {1, 6, 1, 2, true}}},
		{dtlsFrame(t, 1, 5001, hs(t, 0, hello(1, nil))), []Flight{{1, 1, 1, 1, true}}}, // another port: another association
		{dtlsFrame(t, 1, 5000, hs(t, 0, hello(2, nil))), []Flight{{2, 1, 1, 1, true}}},
		{dtlsFrame(t, 2, 5000, hs(t, 0, &handshake.MessageHelloVerifyRequest{Version: protocol.Version1_2, Cookie: []byte("c")})), []Flight{{2, 2, 1, 1, true}}},
		{dtlsFrame(t, 1, 5000, hs(t, 1, hello(2, []byte("c")))), []Flight{{2, 3, 1, 1, true}}},
	}
	var tr flightTracker
	for i, s := range steps {
		assert.Equal(t, s.want, tr.classify(s.frame), "step %d", i)
	}
}

// The tracker remembers at most maxAssociations associations: the oldest
// is forgotten first.
func TestFlightTrackerForgetsTheOldestAssociation(t *testing.T) {
	var tr flightTracker
	for port := range maxAssociations + 1 {
		tr.classify(dtlsFrame(t, 1, uint16(10000+port), hs(t, 0, hello(1, nil))))
	}
	assert.Len(t, tr.assocs, maxAssociations)
	done := hs(t, 2, &handshake.MessageServerHelloDone{})
	assert.Equal(t, []Flight{{}}, tr.classify(dtlsFrame(t, 2, 10000, done)), "the first association is forgotten")
	assert.Equal(t, []Flight{{1, 4, 1, 1, true}}, tr.classify(dtlsFrame(t, 2, 10001, done)))
}

// remember keeps at most limit keys, forgetting the oldest.
func TestRememberForgetsTheOldest(t *testing.T) {
	var m map[string]int
	var age []string
	for i, k := range []string{"a", "b", "a", "c", "d"} {
		m = remember(m, &age, k, i, 3)
	}
	assert.Equal(t, map[string]int{"b": 1, "c": 3, "d": 4}, m)
}

// A transmission remembers at most maxFlightParts message fragments: past
// that, fragments are numbered but no longer compared.
func TestFlightTrackerBoundsAFlightsFragments(t *testing.T) {
	var tr flightTracker
	tr.classify(dtlsFrame(t, 1, 5000, hs(t, 0, hello(1, nil))))
	server, client := fmt.Sprintf("%x:%d", []byte{10, 0, 0, 2}, 4433), fmt.Sprintf("%x:%d", []byte{10, 0, 0, 1}, 5000)
	for i := range maxFlightParts + 10 {
		r := Record{ContentType: Handshake, Handshake: &HandshakeHeader{Type: Certificate, MessageSeq: 1, FragmentOffset: uint32(i)}}
		f := tr.record(server, client, r, nil)
		require.Equal(t, Flight{Handshake: 1, Number: 4, Transmission: 1, Message: 1}, f, "fragment %d", i)
	}
	tx := tr.assocs[client+" "+server].sending[server]
	assert.Len(t, tx.fragments, maxFlightParts)
}
