package scenarios

import (
	"testing"

	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// TestMatchRecord: a rule's record keys all have to hold for one record.
func TestMatchRecord(t *testing.T) {
	epoch := uint16(1)
	flight4 := sim.Record{ContentType: sim.Handshake, Handshake: &sim.HandshakeHeader{Type: sim.ServerHello},
		Flight: sim.Flight{Handshake: 1, Number: 4, Transmission: 2, Message: 1}}
	finished := sim.Record{ContentType: sim.Handshake, Epoch: 1, Flight: sim.Flight{Handshake: 1, Number: 6, Transmission: 1, Message: 2, Last: true}}
	tests := []struct {
		name  string
		match MatchDef
		want  []bool // flight4, finished
	}{
		{"flight", MatchDef{Flight: 4}, []bool{true, false}},
		{"flight and transmission", MatchDef{Flight: 4, Transmission: 1}, []bool{false, false}},
		{"retransmission", MatchDef{Transmission: 2}, []bool{true, false}},
		{"last message", MatchDef{LastMessage: true}, []bool{false, true}},
		{"handshake type", MatchDef{HandshakeType: "server_hello"}, []bool{true, false}},
		{"content type and epoch", MatchDef{ContentType: "handshake", Epoch: &epoch}, []bool{false, true}},
		{"handshake and message", MatchDef{Handshake: 1, Message: 2}, []bool{false, true}},
	}
	for _, tt := range tests {
		pred := tt.match.record()
		assert.Equal(t, tt.want, []bool{pred(flight4), pred(finished)}, tt.name)
	}
	assert.Nil(t, (&MatchDef{From: "client"}).record(), "no record key: any datagram")
}
