package securedtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	_ "crypto/sha512" // SHA-384 and SHA-512 signatures

	"github.com/nxsim/nxsim/nx"
)

// Signatures of ServerKeyExchange and CertificateVerify. NetX signs and
// verifies them with the certificate's key type and, in DTLS 1.2, always
// SHA-256: the server reads a client's signature_algorithms only when the
// version is TLS 1.2's 0x0303, which a DTLS session never has
// (_nx_secure_tls_proc_clienthello_sec_sa_extension), and
// nx_secure_tls_send_certificate_verify.c uses SHA-256 ("for now").

// The TLS 1.2 SignatureAndHashAlgorithm values NetX uses.
const (
	sigRSASHA256   = 0x0401
	sigECDSASHA256 = 0x0403
)

// signatureDigest is the digest a signature made or checked at version
// uses, and the SignatureAndHashAlgorithm the message carries (0: the
// version carries none). rsaKey tells the key type, use which signature it
// is: DTLS 1.0's digests differ by message and side (version_sign.go).
func signatureDigest(version uint16, rsaKey bool, use sigUse) (crypto.Hash, uint16) {
	if legacyVersion(version) {
		return legacySignatureDigest(version, rsaKey, use), 0
	}
	if rsaKey {
		return crypto.SHA256, sigRSASHA256
	}
	return crypto.SHA256, sigECDSASHA256
}

// isRSAKey reports whether a certificate's public key is RSA.
func isRSAKey(pub any) bool {
	_, ok := pub.(*rsa.PublicKey)
	return ok
}

// digestOf hashes data with h (MD5SHA1: MD5 ‖ SHA-1, 36 bytes).
func digestOf(h crypto.Hash, data []byte) []byte {
	if h == crypto.MD5SHA1 {
		return sumMD5SHA1(data)
	}
	d := h.New()
	d.Write(data)
	return d.Sum(nil)
}

// keyBits is the size that prices a key's operations: the RSA modulus or
// the curve's field.
func keyBits(pub any) int {
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return k.N.BitLen()
	case *ecdsa.PublicKey:
		return k.Curve.Params().BitSize
	}
	return 0
}

// sign signs data with key: PKCS#1 v1.5 for RSA, deterministic ECDSA (RFC
// 6979: crypto/ecdsa with no random source) for EC, so a run is
// reproducible. It charges the private-key operation.
func sign(key any, h crypto.Hash, data []byte) ([]byte, nx.Status) {
	digest := digestOf(h, data)
	switch k := key.(type) {
	case *rsa.PrivateKey:
		chargePublicKey(pkRSAPrivate, keyBits(&k.PublicKey))
		sig, err := rsa.SignPKCS1v15(nil, k, h, digest)
		if err != nil {
			return nil, nx.NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE
		}
		return sig, nx.NX_SUCCESS
	case *ecdsa.PrivateKey:
		chargePublicKey(pkECDSASign, keyBits(&k.PublicKey))
		digest, h := ecdsaSignInput(digest, h, keyBits(&k.PublicKey))
		sig, err := k.Sign(nil, digest, h)
		if err != nil {
			return nil, nx.NX_SECURE_TLS_MISSING_CRYPTO_ROUTINE
		}
		return sig, nx.NX_SUCCESS
	}
	return nil, nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
}

// verify checks sig over data with pub and charges the public-key
// operation; failure is the caller's code.
func verify(pub any, h crypto.Hash, data, sig []byte) bool {
	digest := digestOf(h, data)
	chargeVerify(pub)
	switch k := pub.(type) {
	case *rsa.PublicKey:
		return rsa.VerifyPKCS1v15(k, h, digest, sig) == nil
	case *ecdsa.PublicKey:
		return ecdsa.VerifyASN1(k, digest, sig)
	}
	return false
}

// chargeVerify charges one signature verification with pub.
func chargeVerify(pub any) {
	switch pub.(type) {
	case *rsa.PublicKey:
		chargePublicKey(pkRSAPublic, keyBits(pub))
	case *ecdsa.PublicKey:
		chargePublicKey(pkECDSAVerify, keyBits(pub))
	}
}

// signed is a signature as ServerKeyExchange and CertificateVerify carry
// it: the SignatureAndHashAlgorithm (when the version has one), then the
// two-byte length and the signature.
func signed(alg uint16, sig []byte) []byte {
	var b []byte
	if alg != 0 {
		b = append(b, byte(alg>>8), byte(alg))
	}
	b = append(b, byte(len(sig)>>8), byte(len(sig)))
	return append(b, sig...)
}
