package securedtls

import (
	"crypto"

	"github.com/nxsim/nxsim/nx"
)

// sigUse is the signature signatureDigest is asked about: under DTLS 1.0
// NetX's digests differ by message and by side.
type sigUse int

const (
	sigServerKeyExchangeSign  sigUse = iota // the server signing its ECDHE parameters
	sigServerKeyExchangeCheck               // the client checking them
	sigCertificateVerify                    // CertificateVerify, made or checked
)

// legacyVersion reports a version of the TLS 1.0/1.1 branches: DTLS 1.0,
// and the TLS 1.0 and 1.1 a client without a HelloVerifyRequest may accept.
func legacyVersion(v uint16) bool {
	return v == nx.NX_SECURE_DTLS_VERSION_1_0 || v == versionTLS11 || v == versionTLS10
}

// legacySignatureDigest is the digest of a signature under DTLS 1.0 (or TLS
// 1.0/1.1), whose messages carry no SignatureAndHashAlgorithm:
//   - RSA: MD5 ‖ SHA-1 with no DigestInfo, everywhere (RFC 4346 §7.4.3);
//   - ECDSA ServerKeyExchange, checked by the client: SHA-1 (RFC 4492 §5.4,
//     nx_secure_process_server_key_exchange.c);
//   - ECDSA ServerKeyExchange, signed by the server: SHA-256 under DTLS 1.0.
//     _nx_secure_tls_proc_clienthello_sec_sa_extension switches the server's
//     signature hash to SHA-1 for TLS 1.0 and 1.1 but does not list DTLS
//     1.0, so the SHA-256 default stays (NetX quirk): a NetX client then
//     fails an ECDHE_ECDSA handshake with a NetX server over DTLS 1.0;
//   - ECDSA CertificateVerify: the 36-byte MD5 ‖ SHA-1 handshake hash, both
//     sides (nx_secure_tls_send_certificate_verify.c,
//     nx_secure_tls_process_certificate_verify.c), where RFC 4492 has SHA-1.
func legacySignatureDigest(version uint16, rsaKey bool, use sigUse) crypto.Hash {
	switch {
	case rsaKey || use == sigCertificateVerify:
		return crypto.MD5SHA1
	case use == sigServerKeyExchangeSign && version == nx.NX_SECURE_DTLS_VERSION_1_0:
		return crypto.SHA256
	}
	return crypto.SHA1
}

// ecdsaSignInput adapts a 36-byte MD5 ‖ SHA-1 digest to deterministic ECDSA
// signing (crypto/ecdsa needs a hash it can instantiate, of the digest's
// length) without changing the number signed: ECDSA signs the digest's
// leftmost bits up to the curve order's size, so the digest is cut to the
// order's bytes when longer (P-224, P-256) and zero-padded on the left to
// SHA-384's or SHA-512's size when shorter (P-384, P-521). Other digests
// pass as they are.
func ecdsaSignInput(digest []byte, h crypto.Hash, curveBits int) ([]byte, crypto.Hash) {
	if h != crypto.MD5SHA1 {
		return digest, h
	}
	for _, as := range []crypto.Hash{crypto.SHA224, crypto.SHA256} {
		if curveBits == 8*as.Size() {
			return digest[:as.Size()], as
		}
	}
	as := crypto.SHA384
	if curveBits > 8*as.Size() {
		as = crypto.SHA512
	}
	padded := make([]byte, as.Size())
	copy(padded[as.Size()-len(digest):], digest)
	return padded, as
}
