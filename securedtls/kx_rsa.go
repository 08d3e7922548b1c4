package securedtls

import (
	"crypto/rsa"
	"math/big"

	"github.com/nxsim/nxsim/nx"
)

// RSA key transport (RFC 5246 §7.4.7.1) as NetX does it.

// rsaPremasterSize is NX_SECURE_TLS_RSA_PREMASTER_SIZE.
const rsaPremasterSize = 48

// rsaClientKeyExchange builds the client's premaster secret
// (nx_secure_generate_premaster_secret.c: 48 bytes from the device's
// stream, the first two replaced by the offered version) and its
// ClientKeyExchange body: the premaster padded with PKCS#1 v1.5 block type 2
// (non-zero padding bytes from the stream, nx_secure_generate_client_key_exchange.c)
// and encrypted with the server's public key. The encryption is done with
// math/big so that the padding, and so the bytes on the wire, come from
// the seeded stream.
func (s *Session) rsaClientKeyExchange(pub *rsa.PublicKey) (cke, premaster []byte, st nx.Status) {
	k := pub.Size()
	if k < rsaPremasterSize+1 {
		return nil, nil, nx.NX_SECURE_TLS_INVALID_CERTIFICATE // the modulus cannot hold the premaster
	}
	premaster = make([]byte, rsaPremasterSize)
	s.dev.randomBytes(premaster)
	v := s.offeredVersion()
	premaster[0], premaster[1] = byte(v>>8), byte(v)
	em := make([]byte, k)
	em[1] = 2
	for i := 2; i < k-rsaPremasterSize-1; i++ {
		em[i] = s.nonZeroRandom()
	}
	copy(em[k-rsaPremasterSize:], premaster)
	chargePublicKey(pkRSAPublic, pub.N.BitLen())
	c := new(big.Int).Exp(new(big.Int).SetBytes(em), big.NewInt(int64(pub.E)), pub.N)
	cke = make([]byte, 2+k)
	cke[0], cke[1] = byte(k>>8), byte(k)
	c.FillBytes(cke[2:])
	return cke, premaster, nx.NX_SUCCESS
}

// nonZeroRandom is one non-zero byte of the device's stream (NetX draws
// NX_RAND() until the byte is not 0).
func (s *Session) nonZeroRandom() byte {
	var b [1]byte
	for b[0] == 0 {
		s.dev.randomBytes(b[:])
	}
	return b[0]
}

// rsaServerPremaster decrypts the client's premaster secret with the
// identity certificate's private key (nx_secure_process_client_key_exchange.c).
// Bad PKCS#1 padding is not an error: the premaster becomes 48 random
// non-zero bytes (RFC 5246's Bleichenbacher countermeasure), so the
// handshake fails later, at the client's Finished record.
func (s *Session) rsaServerPremaster(body []byte) ([]byte, nx.Status) {
	if len(body) < 2 {
		return nil, lengthError
	}
	length := int(body[0])<<8 | int(body[1])
	if length+2 > len(body) {
		return nil, lengthError
	}
	key, st := identityKey[*rsa.PrivateKey](s)
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	chargePublicKey(pkRSAPrivate, key.N.BitLen())
	m := new(big.Int).Exp(new(big.Int).SetBytes(body[2:2+length]), key.D, key.N)
	padded := make([]byte, max(length, key.Size()))
	m.FillBytes(padded[len(padded)-key.Size():])
	padded = padded[len(padded)-length:]
	if length < rsaPremasterSize+3 {
		return nil, lengthError
	}
	if padded[0] != 0 || padded[1] != 2 || padded[length-rsaPremasterSize-1] != 0 {
		premaster := make([]byte, rsaPremasterSize)
		for i := range premaster {
			premaster[i] = s.nonZeroRandom()
		}
		return premaster, nx.NX_SUCCESS
	}
	return append([]byte(nil), padded[length-rsaPremasterSize:]...), nx.NX_SUCCESS
}
