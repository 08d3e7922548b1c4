package sim

import (
	"bytes"
	"testing"
)

// FuzzEditIt feeds a rule set a datagram and an edit that returns any
// bytes: the datagram is delivered with exactly those bytes as its UDP
// payload (or left as it was when they are too many), never a panic.
func FuzzEditIt(f *testing.F) {
	f.Add([]byte("0123456789"), []byte("abc"), 0)
	f.Add([]byte{}, []byte{}, 0)
	f.Add([]byte{22, 0xFE, 0xFD}, []byte{1}, 70000)
	f.Fuzz(func(t *testing.T, payload, replacement []byte, extra int) {
		if extra < 0 || extra > 70000 {
			return
		}
		want := append(bytes.Clone(replacement), make([]byte, extra)...)
		set := Rules(&Rule{Name: "edit", Action: EditIt("replace", func([]byte) []byte { return bytes.Clone(want) })})
		res := through(t, 1, set, [][]byte{udpFrame(t, payload)})
		if len(res[0]) != 1 {
			t.Fatalf("%d copies out, want 1", len(res[0]))
		}
		d, ok := parseUDP(res[0][0].data)
		if !ok || !udpChecksumOK(res[0][0].data, d) {
			t.Fatalf("the edited frame does not parse as a UDP datagram with a right checksum")
		}
		if len(want) > maxEditedPayload {
			want = payload
		}
		if !bytes.Equal(d.payload, want) {
			t.Fatalf("payload %d bytes, want %d", len(d.payload), len(want))
		}
	})
}
