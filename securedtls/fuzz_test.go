package securedtls_test

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
)

// FuzzRecord feeds arbitrary records to the record parser and to record
// protection of each PSK suite: every input is an error status or
// plaintext, never a panic.
func FuzzRecord(f *testing.F) {
	f.Add([]byte{0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0x20}, uint16(0x00AE))
	f.Add([]byte{0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, uint16(0xC0A8))
	f.Add([]byte{0x15, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0x50}, uint16(0x008C))
	f.Fuzz(func(t *testing.T, b []byte, _ uint16) {
		for _, suite := range []uint16{0x00AE, 0xC0A8, 0x008C, 0x008D} {
			securedtls.OpenRecord(suite, b)
		}
	})
}

// FuzzHandshake feeds arbitrary bodies to the handshake parsers: a length
// error is NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, never a panic.
func FuzzHandshake(f *testing.F) {
	f.Add([]byte{0xFE, 0xFD})
	f.Add([]byte{1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0xFE, 0xFF, 0})
	f.Add(append(append([]byte{0xFE, 0xFD}, make([]byte, 32)...), 0, 0, 0, 2, 0, 0xAE, 1, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, parse := range []func([]byte) nx.Status{securedtls.ParseClientHello, securedtls.ParseServerHello, securedtls.ParseHelloVerifyRequest} {
			if st := parse(b); st != nx.NX_SUCCESS && st != nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH {
				t.Fatalf("status %v", st)
			}
		}
		securedtls.HandshakeHeaderOK(b)
	})
}
