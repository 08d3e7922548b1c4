package sim

import (
	"bytes"
	"net"
	"testing"
	"time"

	"github.com/google/gopacket/layers"
	"github.com/stretchr/testify/assert"
)

// fragment is one IPv4 fragment of a test datagram: data[from:to] of it,
// sent at a virtual time.
type fragment struct {
	id       uint16
	from, to int
	last     bool
	at       time.Duration
}

func (f fragment) ip(data []byte) *layers.IPv4 {
	ip := &layers.IPv4{Version: 4, IHL: 5, Id: f.id, FragOffset: uint16(f.from / 8), Protocol: layers.IPProtocolUDP,
		SrcIP: net.IPv4(192, 168, 1, 2), DstIP: net.IPv4(192, 168, 1, 200)}
	if !f.last {
		ip.Flags = layers.IPv4MoreFragments
	}
	ip.Payload = data[f.from:f.to]
	return ip
}

// The bridge's reassembler hands on a datagram once all its fragments are
// in, whatever their order, keeps datagrams with the same addresses apart
// by identification, forgets an incomplete one 30 s (virtual) after its
// first fragment, and refuses fragments no datagram can hold.
func TestBridgeReassembler(t *testing.T) {
	data := make([]byte, 3001)
	for i := range data {
		data[i] = byte(i * 7)
	}
	tests := []struct {
		name      string
		fragments []fragment
		want      []int // per fragment: -1 refused, 0 held, n: a datagram of n bytes of data
	}{
		{"not a fragment", []fragment{{from: 0, to: 3001, last: true}}, []int{3001}},
		{"in order", []fragment{{from: 0, to: 1480}, {from: 1480, to: 2960}, {from: 2960, to: 3001, last: true}},
			[]int{0, 0, 3001}},
		{"last first, then out of order", []fragment{{from: 2960, to: 3001, last: true}, {from: 0, to: 1480}, {from: 1480, to: 2960}},
			[]int{0, 0, 3001}},
		{"a final fragment of one byte", []fragment{{from: 0, to: 1480}, {from: 1480, to: 1481, last: true}}, []int{0, 1481}},
		{"a duplicate", []fragment{{from: 0, to: 1480}, {from: 0, to: 1480}, {from: 1480, to: 3001, last: true}}, []int{0, 0, 3001}},
		{"a missing fragment", []fragment{{from: 0, to: 1480}, {from: 2960, to: 3001, last: true}}, []int{0, 0}},
		{"two datagrams interleaved", []fragment{{id: 1, from: 0, to: 1480}, {id: 2, from: 0, to: 1480},
			{id: 2, from: 1480, to: 3001, last: true}, {id: 1, from: 1480, to: 3001, last: true}}, []int{0, 0, 3001, 3001}},
		{"the rest within 30 s", []fragment{{from: 0, to: 1480}, {from: 1480, to: 3001, last: true, at: 29 * time.Second}},
			[]int{0, 3001}},
		{"the rest after 30 s", []fragment{{from: 0, to: 1480}, {from: 1480, to: 3001, last: true, at: 30 * time.Second}},
			[]int{0, 0}},
		{"a non-final fragment not a multiple of 8", []fragment{{from: 0, to: 1001}}, []int{-1}},
		{"past 65535 bytes", []fragment{{from: 65528, to: 65536, last: true}}, []int{-1}},
	}
	big := make([]byte, 65536)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var r reassembler
			for i, f := range tt.fragments {
				src := data
				if f.to > len(data) {
					src = big
				}
				got, ok := r.add(f.at, f.ip(src))
				switch want := tt.want[i]; {
				case want < 0:
					assert.False(t, ok, "fragment %d refused", i)
				case want == 0:
					assert.True(t, ok, "fragment %d accepted", i)
					assert.Nil(t, got, "fragment %d held", i)
				default:
					assert.True(t, ok, "fragment %d accepted", i)
					assert.True(t, bytes.Equal(data[:want], got), "fragment %d completes the %d-byte datagram (got %d bytes)", i, want, len(got))
				}
			}
		})
	}
}
