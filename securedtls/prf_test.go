package securedtls

import (
	"crypto/sha256"
	"hash"
	"testing"

	"github.com/pion/dtls/v2/pkg/crypto/prf"
	"github.com/stretchr/testify/assert"
)

// TestPRFMatchesPion checks the package's TLS 1.2 PRF against pion's prf
// package (an implementation nobody here wrote) for every PSK suite's key
// block and PSKs of several lengths: master secret, key block and both
// Finished verify_data are byte for byte the same.
func TestPRFMatchesPion(t *testing.T) {
	sha := func() hash.Hash { return sha256.New() }
	clientRandom, serverRandom := make([]byte, 32), make([]byte, 32)
	for i := range clientRandom {
		clientRandom[i], serverRandom[i] = byte(i), byte(0xFF-3*i)
	}
	transcript := []byte("ClientHello ServerHello ServerKeyExchange ServerHelloDone ClientKeyExchange")
	for _, id := range []uint16{0x00AE, 0xC0A8, 0x008C, 0x008D} {
		for _, psk := range [][]byte{[]byte("k"), []byte("simple_psk"), make([]byte, 64)} {
			c := allSuites[id]
			pre := pskPreMasterSecret(psk)
			assert.Equal(t, prf.PSKPreMasterSecret(psk), pre, "premaster")
			want, err := prf.MasterSecret(pre, clientRandom, serverRandom, sha)
			if err != nil {
				t.Fatal(err)
			}
			master := prfDTLS12.masterSecret(pre, clientRandom, serverRandom)
			assert.Equal(t, want, master, "master secret")
			keys, err := prf.GenerateEncryptionKeys(master, clientRandom, serverRandom, c.macLen, c.keyLen, c.ivLen, sha)
			if err != nil {
				t.Fatal(err)
			}
			got := prfDTLS12.keyExpansion(&c, master, clientRandom, serverRandom)
			assert.Equal(t, [][]byte{keys.ClientMACKey, keys.ServerMACKey, keys.ClientWriteKey, keys.ServerWriteKey, keys.ClientWriteIV, keys.ServerWriteIV},
				[][]byte{got.clientMAC, got.serverMAC, got.clientKey, got.serverKey, got.clientIV, got.serverIV}, "key block of %s", c.name)
			vc, _ := prf.VerifyDataClient(master, transcript, sha)
			vs, _ := prf.VerifyDataServer(master, transcript, sha)
			assert.Equal(t, vc, prfDTLS12.finishedVerifyData(master, transcript, true), "client Finished")
			assert.Equal(t, vs, prfDTLS12.finishedVerifyData(master, transcript, false), "server Finished")
		}
	}
}
