package securedtls

import (
	"crypto/md5"  //nolint:gosec // the TLS 1.0/1.1 PRF and Finished hash of DTLS 1.0 are MD5 + SHA-1 (RFC 4346 §5, §7.4.9)
	"crypto/sha1" //nolint:gosec // idem
	"crypto/sha256"
	"hash"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/pion/dtls/v2/pkg/crypto/prf"
)

// versionPRF is what the negotiated version changes in key derivation and
// Finished (nx_secure_tls_generate_keys.c, nx_secure_tls_finished_hash_generate.c):
// DTLS 1.2 uses the suite's PRF — P_SHA256 for every suite NetX has — over
// SHA-256 of the transcript; DTLS 1.0 the crypto table's TLS 1.0/1.1 PRF,
// P_MD5 xor P_SHA-1, over MD5 ‖ SHA-1 of the transcript (36 bytes).
type versionPRF struct {
	prf        func(secret []byte, label string, seed []byte, n int) []byte
	transcript func(b []byte) []byte
	prfOp      *rtos.Op // charged per output byte
	hashOp     *rtos.Op // charged per transcript byte
}

var (
	prfDTLS12 = versionPRF{prf: prfSHA256, transcript: sumSHA256, prfOp: opPRF, hashOp: opSHA256}
	prfDTLS10 = versionPRF{prf: prf10, transcript: sumMD5SHA1, prfOp: opPRF10, hashOp: opMD5SHA1}
)

// CPU costs of DTLS 1.0's crypto (cpu.go's conventions). MCU: MD5 about 10
// and SHA-1 about 22 cycles per byte in software on a Cortex-M4, so hashing
// the transcript with both costs about SHA-256's 35; P_MD5 xor P_SHA-1 runs
// two HMAC-MD5 per 16 and two HMAC-SHA-1 per 20 output bytes, about 900
// cycles per output byte. Host: in proportion to the SHA-256 figures.
var (
	opPRF10   = cryptoOp("tls_prf_md5_sha1", rtos.Cost{Cycles: 18000, CyclesPerByte: 900}, rtos.Cost{Cycles: 2000, CyclesPerByte: 95})
	opMD5SHA1 = cryptoOp("md5_sha1", rtos.Cost{Cycles: 800, CyclesPerByte: 32}, rtos.Cost{Cycles: 300, CyclesPerByte: 5})
)

// cryptoOp registers a crypto operation with its MCU and host figures.
func cryptoOp(name string, mcu, host rtos.Cost) *rtos.Op {
	return rtos.NewOp(name, map[string]rtos.Cost{rtos.FamilyMCU: mcu, rtos.FamilyHost: host})
}

// versionPRF returns the session's PRF by its negotiated version. A version
// whose PRF the build lacks — DTLS 1.0 (or TLS 1.1) with TLS 1.1 compiled
// out, reachable through a version override — has no PRF method, and
// _nx_secure_generate_master_secret says NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED.
func (s *Session) versionPRF() (*versionPRF, nx.Status) {
	switch s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion {
	case nx.NX_SECURE_DTLS_VERSION_1_2, versionTLS12:
		return &prfDTLS12, nx.NX_SUCCESS
	case nx.NX_SECURE_DTLS_VERSION_1_0, versionTLS11, versionTLS10:
		if !s.dev.config.DisableTLS11 {
			return &prfDTLS10, nx.NX_SUCCESS
		}
	}
	return nil, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED
}

// keys computes the master secret from the premaster secret and the key
// block of suite c (RFC 4346 §6.3, RFC 5246 §6.3: client MAC, server MAC,
// client key, server key, client IV, server IV).
func (p *versionPRF) keys(premaster []byte, hs *handshakeState, c *suite) (master []byte, k *keyBlock) {
	master = p.prf(premaster, "master secret", append(hs.clientRandom[:], hs.serverRandom[:]...), 48)
	n := 2 * (c.macLen + c.keyLen + c.ivLen)
	block := p.prf(master, "key expansion", append(hs.serverRandom[:], hs.clientRandom[:]...), n)
	rtos.Charge(p.prfOp, len(master))
	rtos.Charge(p.prfOp, n)
	take := func(m int) []byte { b := block[:m:m]; block = block[m:]; return b }
	k = &keyBlock{suite: c}
	k.clientMAC, k.serverMAC = take(c.macLen), take(c.macLen)
	k.clientKey, k.serverKey = take(c.keyLen), take(c.keyLen)
	k.clientIV, k.serverIV = take(c.ivLen), take(c.ivLen)
	return master, k
}

// finished is the 12-byte verify_data of a Finished message over transcript.
func (p *versionPRF) finished(master, transcript []byte, client bool) []byte {
	rtos.Charge(p.hashOp, len(transcript))
	rtos.Charge(p.prfOp, 12)
	label := "server finished"
	if client {
		label = "client finished"
	}
	return p.prf(master, label, p.transcript(transcript), 12)
}

// verifyData is the Finished body for the transcript so far. The version
// always has a PRF here: the keys were derived with it.
func (s *Session) verifyData(client bool) []byte {
	p, st := s.versionPRF()
	if st != nx.NX_SUCCESS {
		return nil
	}
	return p.finished(s.hs.master, s.hs.transcript, client)
}

// pHash is P_hash (RFC 5246 §5) for n bytes.
func pHash(secret []byte, label string, seed []byte, n int, h func() hash.Hash) []byte {
	out, _ := prf.PHash(secret, append([]byte(label), seed...), n, h) // HMAC writes never fail
	return out
}

// prfSHA256 is the TLS 1.2 PRF with SHA-256.
func prfSHA256(secret []byte, label string, seed []byte, n int) []byte {
	return pHash(secret, label, seed, n, sha256.New)
}

// prf10 is the TLS 1.0/1.1 PRF (RFC 4346 §5): P_MD5 over the first half of
// the secret xor P_SHA-1 over the second half, the halves sharing the middle
// byte when the length is odd.
func prf10(secret []byte, label string, seed []byte, n int) []byte {
	half := (len(secret) + 1) / 2
	out := pHash(secret[:half], label, seed, n, md5.New)
	x := pHash(secret[len(secret)-half:], label, seed, n, sha1.New)
	for i := range out {
		out[i] ^= x[i]
	}
	return out
}

func sumSHA256(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

// sumMD5SHA1 is MD5(b) ‖ SHA-1(b), the 36-byte handshake hash of TLS 1.0/1.1.
func sumMD5SHA1(b []byte) []byte {
	m, s := md5.Sum(b), sha1.Sum(b) //nolint:gosec // see the import
	return append(m[:], s[:]...)
}
