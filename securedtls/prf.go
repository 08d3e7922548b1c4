package securedtls

import (
	"crypto/hmac"
	"crypto/sha256"
	"hash"
)

// The TLS 1.2 PRF with SHA-256 (RFC 5246 §5), as NetX's
// nx_secure_tls_1_2_prf computes it, and the key derivation and Finished
// of a version's PRF (version_prf.go has DTLS 1.0's). One HMAC serves
// every round of P_hash (Reset between rounds): building a new HMAC for
// each round, as pion's prf package does, was a tenth of an emulated
// handshake's time.

// pHash fills out with P_hash(secret, seed), h the hash (SHA-256 for TLS
// 1.2; MD5 and SHA-1 for the TLS 1.0/1.1 PRF).
func pHash(out, secret []byte, h func() hash.Hash, seed ...[]byte) {
	mac := hmac.New(h, secret)
	var a, block []byte
	// A(1) = HMAC(secret, seed)
	for _, s := range seed {
		mac.Write(s)
	}
	a = mac.Sum(nil)
	for n := 0; n < len(out); {
		mac.Reset()
		mac.Write(a)
		for _, s := range seed {
			mac.Write(s)
		}
		block = mac.Sum(block[:0])
		n += copy(out[n:], block)
		a = hmacOnce(mac, a)
	}
}

// hmacOnce returns HMAC(secret, a) with mac, keyed with the secret.
func hmacOnce(mac hash.Hash, a []byte) []byte {
	mac.Reset()
	mac.Write(a)
	return mac.Sum(a[:0])
}

// prf12 is PRF(secret, label, seed) of n bytes.
func prf12(n int, secret []byte, label string, seed ...[]byte) []byte {
	out := make([]byte, n)
	pHash(out, secret, sha256.New, append([][]byte{[]byte(label)}, seed...)...)
	return out
}

// pskPreMasterSecret is RFC 4279 §2's premaster secret of a plain PSK
// suite: N zero bytes and the PSK, each after its 16-bit length N.
func pskPreMasterSecret(psk []byte) []byte {
	n := len(psk)
	out := make([]byte, 2+n+2+n)
	out[0], out[1] = byte(n>>8), byte(n)
	out[2+n], out[3+n] = byte(n>>8), byte(n)
	copy(out[4+n:], psk)
	return out
}

// masterSecret is the 48-byte master secret.
func (p *versionPRF) masterSecret(preMaster, clientRandom, serverRandom []byte) []byte {
	return p.prf(48, preMaster, "master secret", clientRandom, serverRandom)
}

// keyExpansion is the key block of suite c, split as RFC 5246 §6.3 orders
// it: MAC keys, write keys, IVs, client's first.
func (p *versionPRF) keyExpansion(c *suite, master, clientRandom, serverRandom []byte) *keyBlock {
	b := p.prf(2*(c.macLen+c.keyLen+c.ivLen), master, "key expansion", serverRandom, clientRandom)
	next := func(n int) []byte { x := b[:n:n]; b = b[n:]; return x }
	k := &keyBlock{suite: c}
	k.clientMAC, k.serverMAC = next(c.macLen), next(c.macLen)
	k.clientKey, k.serverKey = next(c.keyLen), next(c.keyLen)
	k.clientIV, k.serverIV = next(c.ivLen), next(c.ivLen)
	return k
}

// finishedVerifyData is the 12-byte verify_data over the transcript's
// hash (the version's: SHA-256, or MD5 ‖ SHA-1).
func (p *versionPRF) finishedVerifyData(master, transcript []byte, client bool) []byte {
	label := "server finished"
	if client {
		label = "client finished"
	}
	return p.prf(12, master, label, p.transcript(transcript))
}
