package sim_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/sim"
	"github.com/pion/dtls/v2/pkg/protocol"
	"github.com/pion/dtls/v2/pkg/protocol/handshake"
	"github.com/pion/dtls/v2/pkg/protocol/recordlayer"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// hsRecord marshals one epoch-0 handshake record with pion's types.
func hsRecord(t testing.TB, seq uint64, msgSeq uint16, m handshake.Message) []byte {
	r := &recordlayer.RecordLayer{Header: recordlayer.Header{Version: protocol.Version1_2, SequenceNumber: seq},
		Content: &handshake.Handshake{Header: handshake.Header{MessageSequence: msgSeq}, Message: m}}
	b, err := r.Marshal()
	require.NoError(t, err)
	return b
}

// ccsRecord marshals a ChangeCipherSpec record.
func ccsRecord(t testing.TB, seq uint64) []byte {
	r := &recordlayer.RecordLayer{Header: recordlayer.Header{Version: protocol.Version1_2, SequenceNumber: seq},
		Content: &protocol.ChangeCipherSpec{}}
	b, err := r.Marshal()
	require.NoError(t, err)
	return b
}

// finishedRecord is an encrypted Finished: an epoch-1 handshake record
// whose body the network cannot read.
func finishedRecord(t testing.TB) []byte {
	body := bytes.Repeat([]byte{0xA5}, 40)
	h := recordlayer.Header{ContentType: protocol.ContentTypeHandshake, ContentLen: uint16(len(body)), Version: protocol.Version1_2, Epoch: 1}
	b, err := h.Marshal()
	require.NoError(t, err)
	return append(b, body...)
}

func cat(parts ...[]byte) []byte { return bytes.Join(parts, nil) }

// handshakeFlights is a DTLS 1.2 handshake with HelloVerifyRequest, built
// from pion's handshake types: flight 4 in two datagrams (ServerHello;
// Certificate and ServerHelloDone), flight 5 in one (ClientKeyExchange,
// ChangeCipherSpec, Finished), flight 6 in one.
type handshakeFlights struct {
	f1, f2, f3, f4a, f4b, f5, f6 []byte
}

func newHandshakeFlights(t testing.TB, random byte) handshakeFlights {
	var cr, sr handshake.Random
	cr.RandomBytes[0], sr.RandomBytes[0] = random, random+1
	null := &protocol.CompressionMethod{ID: 0} // null
	suite := uint16(0xC0A8)                    // TLS_PSK_WITH_AES_128_CCM_8
	hello := func(cookie []byte) *handshake.MessageClientHello {
		return &handshake.MessageClientHello{Version: protocol.Version1_2, Random: cr, Cookie: cookie,
			CipherSuiteIDs: []uint16{suite}, CompressionMethods: []*protocol.CompressionMethod{null}}
	}
	cookie := []byte("a cookie of twenty bytes")
	return handshakeFlights{
		f1:  hsRecord(t, 0, 0, hello(nil)),
		f2:  hsRecord(t, 0, 0, &handshake.MessageHelloVerifyRequest{Version: protocol.Version1_2, Cookie: cookie}),
		f3:  hsRecord(t, 1, 1, hello(cookie)),
		f4a: hsRecord(t, 1, 1, &handshake.MessageServerHello{Version: protocol.Version1_2, Random: sr, CipherSuiteID: &suite, CompressionMethod: null}),
		f4b: cat(hsRecord(t, 2, 2, &handshake.MessageCertificate{Certificate: [][]byte{bytes.Repeat([]byte{1}, 100)}}),
			hsRecord(t, 3, 3, &handshake.MessageServerHelloDone{})),
		f5: cat(hsRecord(t, 2, 2, &handshake.MessageClientKeyExchange{IdentityHint: []byte("dev01")}), ccsRecord(t, 3), finishedRecord(t)),
		f6: cat(ccsRecord(t, 4), finishedRecord(t)),
	}
}

// flightScript sends the handshake with the retransmissions NetX would
// make: flight 4 (both datagrams) twice, flight 5 twice, byte-identical.
func flightScript(t testing.TB) (map[string][]step, handshakeFlights) {
	h := newHandshakeFlights(t, 1)
	return map[string][]step{
		"client": {{1, h.f1}, {5, h.f3}, {30, h.f5}, {40, h.f5}},
		"server": {{3, h.f2}, {10, h.f4a}, {10, h.f4b}, {20, h.f4a}, {20, h.f4b}, {50, h.f6}},
	}, h
}

// wireComments returns the comments of the wire view's datagrams whose
// payload is p.
func wireComments(t *testing.T, r *scriptRun, p []byte) []string {
	var out []string
	for _, f := range capturedOn(t, r.capture, "lan") {
		if bytes.Equal(f.payload, p) {
			out = append(out, f.comment)
		}
	}
	return out
}

func TestFlightRules(t *testing.T) {
	script, h := flightScript(t)
	tests := []struct {
		name     string
		rule     *sim.Rule
		check    func(t *testing.T, r *scriptRun)
		comments map[string][]string // by flight datagram: the wire comments, in sending order
	}{
		{"lose flight 4's first transmission",
			&sim.Rule{Name: "lose 4", Match: sim.Match{Record: sim.All(sim.FlightIs(4), sim.TransmissionIs(1))}, Action: sim.DropIt()},
			func(t *testing.T, r *scriptRun) {
				_, ticks := countGot(r.got["client"], h.f4a)
				assert.Equal(t, []uint32{20}, ticks, "only the retransmission arrives")
				_, ticks = countGot(r.got["client"], h.f4b)
				assert.Equal(t, []uint32{20}, ticks, "both datagrams of the first transmission are lost")
			},
			map[string][]string{
				"f4a": {`rule "lose 4" [handshake 1 flight 4 transmission 1] server→*: dropped (seed 1)`, ""},
				"f4b": {`rule "lose 4" [handshake 1 flight 4 transmission 1] server→*: dropped (seed 1)`, ""},
			}},
		{"lose the second transmission of flight 5",
			&sim.Rule{Name: "lose 5 again", Match: sim.Match{Record: sim.All(sim.FlightIs(5), sim.TransmissionIs(2))}, Action: sim.DropIt()},
			func(t *testing.T, r *scriptRun) {
				_, ticks := countGot(r.got["server"], h.f5)
				assert.Equal(t, []uint32{30}, ticks)
			},
			map[string][]string{"f5": {"", `rule "lose 5 again" [handshake 1 flight 5 transmission 2] client→*: dropped (seed 1)`}}},
		{"delay flight 6",
			&sim.Rule{Name: "slow 6", Match: sim.Match{Record: sim.FlightIs(6)}, Action: sim.DelayIt(500 * time.Millisecond)},
			func(t *testing.T, r *scriptRun) {
				_, ticks := countGot(r.got["client"], h.f6)
				assert.Equal(t, []uint32{100}, ticks, "sent at 500 ms, 1 ms latency, 500 ms late")
				_, ticks = countGot(r.got["server"], h.f5)
				assert.Equal(t, []uint32{30, 40}, ticks, "flight 5 is not delayed")
			},
			map[string][]string{"f6": {`rule "slow 6" [handshake 1 flight 6 transmission 1] server→*: delayed 500ms (seed 1)`}}},
		{"the last message of flight 5, by index",
			&sim.Rule{Name: "finished", Match: sim.Match{Record: sim.All(sim.FlightIs(5), sim.MessageIs(3), sim.LastMessage())}, First: 1, Action: sim.DropIt()},
			func(t *testing.T, r *scriptRun) {
				_, ticks := countGot(r.got["server"], h.f5)
				assert.Equal(t, []uint32{40}, ticks)
			}, nil},
		{"any of flights 2 and 3",
			&sim.Rule{Name: "cookie", Match: sim.Match{Record: sim.Any(sim.FlightIs(2), sim.FlightIs(3))}, Action: sim.DropIt()},
			func(t *testing.T, r *scriptRun) {
				n2, _ := countGot(r.got["client"], h.f2)
				n3, _ := countGot(r.got["server"], h.f3)
				n1, _ := countGot(r.got["server"], h.f1)
				assert.Equal(t, []int{0, 0, 1}, []int{n2, n3, n1})
			}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := runScript(t, 1, 2*time.Second, script, func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(tt.rule)) })
			tt.check(t, r)
			datagrams := map[string][]byte{"f4a": h.f4a, "f4b": h.f4b, "f5": h.f5, "f6": h.f6}
			for name, want := range tt.comments {
				assert.Equal(t, want, wireComments(t, r, datagrams[name]), name)
			}
		})
	}
}

// A ClientHello with a new random on the same addresses and ports starts
// the association's next handshake.
func TestFlightRulesMatchTheSecondHandshake(t *testing.T) {
	first, second := newHandshakeFlights(t, 1), newHandshakeFlights(t, 7)
	script := map[string][]step{
		"client": {{1, first.f1}, {5, first.f3}, {30, first.f5}, {60, second.f1}, {65, second.f3}, {90, second.f5}},
		"server": {{3, first.f2}, {10, first.f4a}, {10, first.f4b}, {50, first.f6}, {63, second.f2}, {70, second.f4a}, {70, second.f4b}, {95, second.f6}},
	}
	rule := &sim.Rule{Name: "second 5", Match: sim.Match{Record: sim.All(sim.HandshakeIs(2), sim.FlightIs(5))}, Action: sim.DropIt()}
	r := runScript(t, 1, 2*time.Second, script, func(_ *sim.Network, lan *sim.Segment) error { return lan.Impair(sim.Rules(rule)) })
	_, ticks := countGot(r.got["server"], first.f5)
	assert.Equal(t, []uint32{30}, ticks, "flight 5 of handshake 1 (same bytes as handshake 2's) passes")
	assert.Equal(t, sim.RuleStats{Matched: 1, Acted: 1}, rule.Stats())
	assert.Equal(t, []string{"", `rule "second 5" [handshake 2 flight 5 transmission 1] client→*: dropped (seed 1)`}, wireComments(t, r, first.f5))
}

// A flight fragmented by IP is matched on its first fragment; the later
// fragments follow its fate.
func TestFlightRulesFollowIPFragments(t *testing.T) {
	h := newHandshakeFlights(t, 1)
	big := cat(hsRecord(t, 2, 2, &handshake.MessageCertificate{Certificate: [][]byte{bytes.Repeat([]byte{1}, 1200)}}),
		hsRecord(t, 3, 3, &handshake.MessageServerHelloDone{}))
	script := map[string][]step{
		"client": {{1, h.f1}},
		"server": {{10, h.f4a}, {10, big}, {20, h.f4a}, {20, big}},
	}
	rule := &sim.Rule{Name: "lose 4", Match: sim.Match{Record: sim.All(sim.FlightIs(4), sim.TransmissionIs(1))}, Action: sim.DropIt()}
	r := runScript(t, 1, time.Second, script, func(_ *sim.Network, lan *sim.Segment) error {
		lan.MTU = 576
		return lan.Impair(sim.Rules(rule))
	}, func(_ string, ip *netx.IP) { require.Equal(t, nx.NX_SUCCESS, netx.IPFragmentEnable(ip)) })
	_, ticks := countGot(r.got["client"], big)
	assert.Equal(t, []uint32{20}, ticks, "no fragment of the first transmission got through")
	var fragments int
	for _, b := range blocks(t, r.capture) {
		if b.iface == 0 && strings.Contains(b.comment, `rule "lose 4" [handshake 1 flight 4 transmission 1] server→*: dropped`) {
			fragments++
		}
	}
	assert.Equal(t, 4, fragments, "ServerHello, then the three fragments of the certificate datagram")
}
