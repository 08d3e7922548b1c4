package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDescribeDTLS(t *testing.T) {
	rec := func(ct byte, epoch byte, body ...byte) []byte {
		return append([]byte{ct, 0xFE, 0xFD, 0, epoch, 0, 0, 0, 0, 0, 1, 0, byte(len(body))}, body...)
	}
	tests := []struct {
		payload []byte
		want    string
	}{
		{rec(22, 0, 1, 0, 0, 0), "DTLS ClientHello"},
		{append(rec(20, 0, 1), rec(22, 1, 9, 9, 9)...), "DTLS ChangeCipherSpec, Handshake(e1)"},
		{rec(23, 1, 1, 2, 3), "DTLS ApplicationData(e1)"},
		{rec(21, 0), "DTLS Alert"},
		{rec(22, 0), "DTLS Handshake"},
		{[]byte("hello"), ""},
		{rec(24, 0, 1), ""},
		{rec(22, 0, 1)[:14+0], "DTLS ClientHello"},
		{append(rec(22, 0, 1), 0xFE), ""},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, describeDTLS(tt.payload), "%x", tt.payload)
	}
}

func TestDecisions(t *testing.T) {
	notes, lost, delay := decisions(`delay client→server: delayed 40ms; loss client→*: dropped (p=0.1); rule "x" client→other: delayed 1s (seed 3)`, "server")
	assert.Equal(t, []string{"delay: delayed 40ms", "loss: dropped (p=0.1)"}, notes)
	assert.True(t, lost)
	assert.Equal(t, "40ms", delay.String())
}
