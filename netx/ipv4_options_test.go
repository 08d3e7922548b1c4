package netx_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// withIPv4Options puts options (padded with end-of-options to whole words)
// between a datagram's 20-byte header and its payload, fixing the header
// length, total length and header checksum.
func withIPv4Options(raw, options []byte) []byte {
	for len(options)%4 != 0 {
		options = append(options, 0)
	}
	out := append(append(append([]byte(nil), raw[:20]...), options...), raw[20:]...)
	out[0] = 0x40 | byte((20+len(options))/4)
	binary.BigEndian.PutUint16(out[2:], uint16(len(out)))
	out[10], out[11] = 0, 0
	var sum uint32
	for i := 0; i < 20+len(options); i += 2 {
		sum += uint32(binary.BigEndian.Uint16(out[i:]))
	}
	for sum > 0xFFFF {
		sum = sum&0xFFFF + sum>>16
	}
	binary.BigEndian.PutUint16(out[10:], ^uint16(sum))
	return out
}

// timestamp is an RFC 781 internet timestamp option of the given length,
// pointer and overflow/flags octet, its data zero (at most the 40 octets
// a header has room for).
func timestamp(length, pointer, overflowFlags byte) []byte {
	o := make([]byte, min(max(int(length), 4), 40))
	o[0], o[1], o[2], o[3] = 68, length, pointer, overflowFlags
	return o
}

// An echo request with IPv4 options is answered when the options are
// good; a bad internet timestamp gets an ICMPv4 parameter problem whose
// pointer is the offending octet (_nx_ipv4_option_process), and an option
// whose length runs past the header is dropped without a message.
func TestIPv4OptionsOfAReceivedDatagram(t *testing.T) {
	nop, end := []byte{1}, []byte{0}
	cat := func(parts ...[]byte) []byte {
		var b []byte
		for _, p := range parts {
			b = append(b, p...)
		}
		return b
	}
	tests := []struct {
		name    string
		options []byte
		replied bool
		pointer int // the parameter problem's pointer; 0: none sent
	}{
		{"no-ops and end", cat(nop, nop, end), true, 0},
		{"good timestamp", timestamp(8, 5, 0), true, 0},
		{"good timestamp, flags 3", timestamp(12, 9, 0x13), true, 0},
		{"record route skipped by its length", cat([]byte{7, 7, 4}, make([]byte, 4)), true, 0},
		{"end before a bad timestamp", cat(end, timestamp(7, 5, 0)), true, 0},
		{"timestamp length 7", timestamp(7, 5, 0), false, 22},
		{"timestamp length 42", timestamp(42, 5, 0), false, 22},
		{"timestamp after a no-op, length 4", cat(nop, timestamp(4, 5, 0)), false, 23},
		{"timestamp pointer 4", timestamp(8, 4, 0), false, 23},
		{"timestamp pointer 6", timestamp(8, 6, 0), false, 23},
		{"timestamp overflow 15", timestamp(8, 5, 0xF0), false, 24},
		{"timestamp flags 2", timestamp(8, 5, 2), false, 24},
		{"second timestamp", cat(timestamp(8, 5, 0), timestamp(8, 5, 0)), false, 30},
		{"option length 1", []byte{7, 1, 0, 0}, false, 0},
		{"option past the header", []byte{7, 9, 0, 0}, false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			var replies, pointers []int
			w.wrap = func(d netx.Driver) netx.Driver {
				return func(req *netx.IPDriver) {
					if p := req.NxIPDriverPacket; req.NxIPDriverCommand == nx.NX_LINK_PACKET_SEND && p != nil {
						if b := p.Data(); len(b) > 24 && b[9] == 1 {
							switch b[20] {
							case 0:
								replies = append(replies, 1)
							case 12:
								pointers = append(pointers, int(b[24]))
							}
						}
					}
					d(req)
				}
			}
			a := w.addNode("a", addrA, nil, withICMP(t, v6A), func(n *node) {
				netx.ARPStaticEntryCreate(&n.ip, nx.IP_ADDRESS(192, 168, 1, 99), 0x0200, 9)
			})
			inject(a, 5*time.Second, withIPv4Options(icmp4(t, 8, "options"), tc.options))
			w.run(10 * time.Second)
			assert.Equal(t, tc.replied, len(replies) == 1, "echo reply")
			var want []int
			if tc.pointer != 0 {
				want = []int{tc.pointer}
			}
			assert.Equal(t, want, pointers, "parameter problem pointers")
			assert.Equal(t, nx.ULONG(len(want)), a.ip.Stats.ICMP.ErrorsSent)
			if !tc.replied {
				assert.Equal(t, nx.ULONG(1), a.ip.Stats.ReceivePacketsDropped)
			}
		})
	}
}
