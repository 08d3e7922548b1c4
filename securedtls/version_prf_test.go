package securedtls

import (
	"encoding/hex"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestPRF10KnownAnswer checks the TLS 1.0/1.1 PRF (and the TLS 1.2 one
// beside it) against OpenSSL's, for a 43-byte secret (odd: the halves share
// a byte). The expected bytes came from OpenSSL 3.0:
//
//	openssl kdf -keylen 40 -kdfopt digest:MD5-SHA1 (or SHA256) \
//	  -kdfopt hexsecret:000102…2930 -kdfopt hexseed:<"test label">aabbccdd TLS1-PRF
func TestPRF10KnownAnswer(t *testing.T) {
	secret, _ := hex.DecodeString("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324252627282930")
	seed := []byte{0xaa, 0xbb, 0xcc, 0xdd}
	want := func(colons string) []byte {
		b, _ := hex.DecodeString(strings.ReplaceAll(colons, ":", ""))
		return b
	}
	assert.Equal(t, want("27:72:F8:91:C8:6D:A3:F7:EF:B9:FD:11:B1:6C:E1:43:F9:A2:A2:86:2B:10:C6:F7:C4:75:19:CE:73:50:01:B5:06:20:76:E6:28:EC:46:D9"),
		prf10(40, secret, "test label", seed), "P_MD5 xor P_SHA-1")
	assert.Equal(t, want("79:4B:27:B2:ED:8C:4F:97:23:FC:9C:40:30:C0:87:A8:7D:12:BC:CA:16:EF:0B:F5:37:D9:F6:67:7C:54:13:6A:C9:F0:38:38:D8:63:C7:54"),
		prf12(40, secret, "test label", seed), "P_SHA256")
}
