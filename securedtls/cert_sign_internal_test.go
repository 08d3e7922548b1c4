package securedtls

import (
	"crypto"
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestSignCheckSigned signs with each identity's key and checks the
// signature as a peer would: with the algorithm field (DTLS 1.2's
// SignatureAndHashAlgorithm, any hash of the X.509 table) and without it
// (a version whose signatures carry none uses signatureDigest's hash;
// MD5SHA1 is TLS 1.0's RSA digest). A changed byte of the data fails with
// the caller's code; an unknown algorithm too.
func TestSignCheckSigned(t *testing.T) {
	data := []byte("client random, server random, ECDHE parameters")
	rows := []struct {
		identity string
		h        crypto.Hash
		alg      uint16
	}{
		{"rsa-server", crypto.SHA256, 0x0401}, {"rsa-server", crypto.SHA1, 0x0201}, {"rsa-server", crypto.SHA384, 0x0501},
		{"rsa-server", crypto.MD5, 0x0101}, {"ec-server", crypto.SHA256, 0x0403}, {"ec-server", crypto.SHA512, 0x0603},
		{"ec384-server", crypto.SHA256, 0x0403}, {"rsa-server", crypto.MD5SHA1, 0},
	}
	for _, r := range rows {
		t.Run(r.identity+" "+r.h.String(), func(t *testing.T) {
			id := testcerts.Get(r.identity)
			var cert X509Cert
			assert.Equal(t, nx.NX_SUCCESS, X509CertificateInitialize(&cert, id.CertDER, nil, id.KeyDER, id.KeyType))
			sig, st := sign(cert.key, r.h, data)
			assert.Equal(t, nx.NX_SUCCESS, st)
			b := signed(r.alg, sig)
			check := func(data, b []byte) nx.Status {
				if r.alg == 0 {
					// No algorithm field: verify with the hash directly.
					if verify(cert.parsed.PublicKey, r.h, data, b[2:]) {
						return nx.NX_SUCCESS
					}
					return 0x14E
				}
				// The ServerKeyExchange check with no parameters.
				s := sigSession(t, nx.NX_SECURE_DTLS_VERSION_1_2)
				c := s.table.find(0xC013)
				if !isRSAKey(cert.parsed.PublicKey) {
					c = s.table.find(0xC009)
				}
				return s.checkServerKeyExchangeSig(c, cert.parsed.PublicKey, b, 0, data)
			}
			assert.Equal(t, nx.NX_SUCCESS, check(data, b))
			assert.Equal(t, nx.Status(0x14E), check(append([]byte("X"), data[1:]...), b))
			if r.alg != 0 {
				assert.Equal(t, nx.Status(0x14D), check(data, append([]byte{0x09, byte(r.alg)}, b[2:]...)), "unknown hash")
			}
		})
	}
}
