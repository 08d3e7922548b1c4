package securedtls

import (
	"crypto/md5"  //nolint:gosec // the TLS 1.0/1.1 PRF and Finished hash of DTLS 1.0 are MD5 + SHA-1 (RFC 4346 §5, §7.4.9)
	"crypto/sha1" //nolint:gosec // idem
	"crypto/sha256"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// versionPRF is what the negotiated version changes in key derivation and
// Finished (nx_secure_tls_generate_keys.c, nx_secure_tls_finished_hash_generate.c;
// prf.go derives with it): DTLS 1.2 uses the suite's PRF — P_SHA256 for
// every suite NetX has — over SHA-256 of the transcript; DTLS 1.0 the
// crypto table's TLS 1.0/1.1 PRF, P_MD5 xor P_SHA-1, over MD5 ‖ SHA-1 of the
// transcript (36 bytes).
type versionPRF struct {
	prf        func(n int, secret []byte, label string, seed ...[]byte) []byte
	transcript func(b []byte) []byte
	prfOp      *rtos.Op // charged per output byte
	hashOp     *rtos.Op // charged per transcript byte
}

var (
	prfDTLS12 = versionPRF{prf: prf12, transcript: sumSHA256, prfOp: opPRF, hashOp: opSHA256}
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

// chargeTranscriptHash charges hashing the transcript with the version's
// handshake hash (SHA-256, or MD5 and SHA-1), as Finished and
// CertificateVerify do.
func (s *Session) chargeTranscriptHash() {
	op := opSHA256
	if p, st := s.versionPRF(); st == nx.NX_SUCCESS {
		op = p.hashOp
	}
	rtos.Charge(op, len(s.hs.transcript))
}

// prf10 is the TLS 1.0/1.1 PRF (RFC 4346 §5) of n bytes: P_MD5 over the
// first half of the secret xor P_SHA-1 over the second half, the halves
// sharing the middle byte when the length is odd.
func prf10(n int, secret []byte, label string, seed ...[]byte) []byte {
	half := (len(secret) + 1) / 2
	seed = append([][]byte{[]byte(label)}, seed...)
	out, x := make([]byte, n), make([]byte, n)
	pHash(out, secret[:half], md5.New, seed...)
	pHash(x, secret[len(secret)-half:], sha1.New, seed...)
	for i := range out {
		out[i] ^= x[i]
	}
	return out
}

// sumSHA256 is SHA-256(b), the handshake hash of TLS 1.2.
func sumSHA256(b []byte) []byte {
	h := sha256.Sum256(b)
	return h[:]
}

// sumMD5SHA1 is MD5(b) ‖ SHA-1(b), the 36-byte handshake hash of TLS 1.0/1.1.
func sumMD5SHA1(b []byte) []byte {
	m, s := md5.Sum(b), sha1.Sum(b) //nolint:gosec // see the import
	return append(m[:], s[:]...)
}
