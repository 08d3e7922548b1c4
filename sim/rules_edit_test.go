package sim_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// EditIt rewrites the payload the receiver gets (lengths and checksums made
// right, so it is delivered), acts as Nth and First say, and is noted and
// counted.
func TestRuleEditsThePayload(t *testing.T) {
	setVersion := func(p []byte) []byte { return sim.SetBodyByte(0, 1)(p) }
	shorter := func(p []byte) []byte { return p[:len(p)-1] }
	longer := func(p []byte) []byte { return append(p, 0xAB, 0xCD) }
	tests := []struct {
		name  string
		nth   int
		what  string
		edit  func([]byte) []byte
		acted uint64
	}{
		{"set a body byte of every transmission", 0, "version 1", setVersion, 3},
		{"set a body byte of the second transmission", 2, "version 1", setVersion, 1},
		{"cut the last byte", 1, "one byte less", shorter, 1},
		{"append two bytes", 1, "two bytes more", longer, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rule := &sim.Rule{Name: "edit SH", Match: sim.Match{To: "client", Record: sim.HandshakeTypeIs(sim.ServerHello)}, Nth: tt.nth,
				Action: sim.EditIt(tt.what, tt.edit)}
			var set *sim.RuleSet
			r := runScript(t, 1, 2*time.Second, handshakeScript(t), func(_ *sim.Network, lan *sim.Segment) error {
				set = sim.Rules(rule)
				return lan.Impair(set)
			})
			want := tt.edit(serverHelloFlight(t, 0))
			edited, _ := countGot(r.got["client"], want)
			plain, _ := countGot(r.got["client"], serverHelloFlight(t, 0))
			assert.Equal(t, int(tt.acted), edited, "edited transmissions delivered")
			assert.Equal(t, 3-int(tt.acted), plain, "the others untouched")
			assert.Equal(t, sim.RuleStats{Matched: 3, Acted: tt.acted}, rule.Stats())
			assert.Equal(t, tt.acted, set.Stats().Edited)
			assert.Equal(t, int(tt.acted), annotated(t, r, `rule "edit SH" server→*: edited: `+tt.what))
		})
	}
}

// SetBodyByte counts from the first handshake message's body and leaves a
// payload too short for the offset as it is.
func TestSetBodyByte(t *testing.T) {
	hello := serverHelloFlight(t, 0)
	tests := []struct {
		name    string
		offset  int
		payload []byte
		changed int // index of the byte set, -1: none
	}{
		{"first body byte", 0, hello, 25},
		{"third body byte", 2, hello, 27},
		{"past the end", len(hello), hello, -1},
		{"negative offset", -1, hello, -1},
		{"empty payload", 0, nil, -1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := bytes.Clone(tt.payload)
			out := sim.SetBodyByte(tt.offset, 0xEE)(bytes.Clone(in))
			want := bytes.Clone(in)
			if tt.changed >= 0 {
				want[tt.changed] = 0xEE
			}
			assert.Equal(t, want, out)
		})
	}
}
