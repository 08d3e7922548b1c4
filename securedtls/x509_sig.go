package securedtls

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	_ "crypto/md5" // the X.509 tables' RSA-MD5 entry
	_ "crypto/sha1"
	_ "crypto/sha256"
	_ "crypto/sha512"

	"github.com/nxsim/nxsim/nx"
)

// One certificate's signature checked against its issuer's key, as
// nx_secure_x509_certificate_verify.c does it.

// NetX Crypto statuses that leak out of certificate verification unchanged.
const (
	nxCryptoPtrError         nx.Status = 0x20007 // NX_CRYPTO_PTR_ERROR: a signature longer than the RSA modulus
	nxCryptoMissingECCCurve  nx.Status = 0x2000F // NX_CRYTPO_MISSING_ECC_CURVE: the issuer's curve is not in the X.509 curve table
	keyUsageKeyCertSign                = 0x0400  // NX_SECURE_X509_KEY_USAGE_KEY_CERT_SIGN
	rsaDecryptedSignatureMax           = 512     // the static decrypted_signature buffer
)

// x509RSAMethods and x509ECDSAMethods are the crypto tables' X.509 entries
// (nx_crypto_ciphersuites_regression.c, nx_crypto_generic_ciphersuites.c):
// the non-ECC tables have the RSA ones, the ECC tables both.
var (
	x509RSAMethods = map[uint32]crypto.Hash{
		oidRSASHA256: crypto.SHA256, oidRSASHA384: crypto.SHA384, oidRSASHA512: crypto.SHA512,
		oidRSASHA1: crypto.SHA1, oidRSAMD5: crypto.MD5,
	}
	x509ECDSAMethods = map[uint32]crypto.Hash{
		oidECDSASHA256: crypto.SHA256, oidECDSASHA384: crypto.SHA384, oidECDSASHA512: crypto.SHA512,
		oidECDSASHA224: crypto.SHA224, oidECDSASHA1: crypto.SHA1,
	}
)

// hasECC reports whether the table is an ECC one (it holds an ECDHE or
// ECDH suite), whose X.509 table has the ECDSA entries.
func (t *CryptoTable) hasECC() bool {
	for i := range t.suites {
		if t.suites[i].kx == kxECDHE || t.suites[i].kx == kxECDH {
			return true
		}
	}
	return false
}

// x509Method is _nx_secure_x509_find_certificate_methods: the hash and
// whether it is ECDSA for a signature algorithm, or 0x1A3.
func x509Method(t *CryptoTable, alg uint32) (crypto.Hash, bool, nx.Status) {
	if h, ok := x509RSAMethods[alg]; ok && t != nil {
		return h, false, nx.NX_SUCCESS
	}
	if h, ok := x509ECDSAMethods[alg]; ok && t != nil && t.hasECC() {
		return h, true, nx.NX_SUCCESS
	}
	return 0, false, nx.NX_SECURE_X509_UNKNOWN_CERT_SIG_ALGORITHM
}

// verifyContext is what a signature check needs from the session: its
// crypto table and the device's X.509 curve table.
type verifyContext struct {
	table  *CryptoTable
	curves []nx.USHORT
}

// certificateVerify is _nx_secure_x509_certificate_verify: the issuer's
// KeyUsage, when present and readable (any error skips the check), must
// have keyCertSign (0x1A0); the
// algorithm must be in the table (0x1A3) and match the issuer's key type
// (0x19A). Each signature computed charges one public-key verification.
func (v verifyContext) certificateVerify(cert, issuer *x509Fields) nx.Status {
	if bits, st := issuer.keyUsage(); st == nx.NX_SUCCESS && bits&keyUsageKeyCertSign == 0 {
		return nx.NX_SECURE_X509_KEY_USAGE_ERROR
	}
	h, isECDSA, st := x509Method(v.table, cert.signatureAlg&0xFFFF)
	if st != nx.NX_SUCCESS {
		return st
	}
	hash := h.New()
	hash.Write(span(cert.raw, cert.tbs.off, cert.tbs.n))
	digest := hash.Sum(nil)
	if isECDSA {
		return v.verifyECDSA(cert, issuer, digest)
	}
	return verifyRSA(cert, issuer, digest)
}

// verifyRSA is the RSA branch: the raw public operation, then NetX's
// PKCS#1 unpadding (nx_secure_x509_pkcs7_decode.c) and the digest compared
// (a digest of another length 0x19A, another value 0x1A4).
func verifyRSA(cert, issuer *x509Fields, digest []byte) nx.Status {
	if issuer.publicAlg != oidRSA {
		return nx.NX_SECURE_X509_WRONG_SIGNATURE_METHOD
	}
	if cert.signature.n > issuer.rsaModulus.n {
		return nxCryptoPtrError
	}
	key := issuer.rsaKey()
	chargePublicKey(pkRSAPublic, int(issuer.rsaModulus.n)*8)
	decrypted := rsaRecover(key, span(cert.raw, cert.signature.off, cert.signature.n), int(issuer.rsaModulus.n))
	got, st := pkcs7Decode(decrypted, cert.signature.n)
	if st != nx.NX_SUCCESS {
		return st
	}
	if len(got) != len(digest) {
		return nx.NX_SECURE_X509_WRONG_SIGNATURE_METHOD
	}
	if !bytes.Equal(got, digest) {
		return nx.NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED
	}
	return nx.NX_SUCCESS
}

// verifyECDSA is the ECDSA branch: the issuer's curve must be in the X.509
// curve table of the last ecc_initialize (0x2000F otherwise); a signature
// that does not verify, or a point Go cannot use, is 0x1A4.
func (v verifyContext) verifyECDSA(cert, issuer *x509Fields, digest []byte) nx.Status {
	if issuer.publicAlg != oidEC {
		return nx.NX_SECURE_X509_WRONG_SIGNATURE_METHOD
	}
	found := false
	for _, g := range v.curves {
		if uint32(g) == issuer.ecCurve&0xFFFF {
			found = true
			break
		}
	}
	if !found {
		return nxCryptoMissingECCCurve
	}
	key := issuer.ecKey()
	if key == nil {
		return nx.NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED
	}
	chargePublicKey(pkECDSAVerify, key.Curve.Params().BitSize)
	if !ecdsa.VerifyASN1(key, digest, span(cert.raw, cert.signature.off, cert.signature.n)) {
		return nx.NX_SECURE_X509_CERTIFICATE_SIG_CHECK_FAILED
	}
	return nx.NX_SUCCESS
}

// pkcs7Decode is _nx_secure_x509_pkcs7_decode over the first sigLen bytes
// of the decrypted block: block type byte below 2, padding up to a zero,
// then SEQUENCE { SEQUENCE { OID..., NULL }, OCTET STRING digest }; any
// deviation is 0x18D. It returns the digest.
func pkcs7Decode(b []byte, sigLen uint32) ([]byte, nx.Status) {
	if at(b, 1) >= 2 {
		return nil, nx.NX_SECURE_X509_PKCS7_PARSING_FAILED
	}
	i := uint32(2)
	for i < sigLen && at(b, int(i)) != 0 {
		i++
	}
	i++
	if i >= sigLen {
		return nil, nx.NX_SECURE_X509_PKCS7_PARSING_FAILED
	}
	rem := sigLen - i
	outer, st := parseTLV(b, int(i), &rem)
	if st != nx.NX_SUCCESS || !outer.is(asnSequence) {
		return nil, nx.NX_SECURE_X509_PKCS7_PARSING_FAILED
	}
	rem = outer.length
	alg, st := parseTLV(b, outer.data, &rem)
	if st != nx.NX_SUCCESS || !alg.is(asnSequence) {
		return nil, nx.NX_SECURE_X509_PKCS7_PARSING_FAILED
	}
	pos, algLen := alg.data, alg.length
	for {
		e, st := parseTLV(b, pos, &algLen)
		if st != nx.NX_SUCCESS || e.class != classUniversal {
			return nil, nx.NX_SECURE_X509_PKCS7_PARSING_FAILED
		}
		pos += int(e.header + e.length)
		if e.tag != asnOID {
			break
		}
	}
	digest, st := parseTLV(b, pos, &rem)
	if st != nx.NX_SUCCESS || !digest.is(asnOctetString) {
		return nil, nx.NX_SECURE_X509_PKCS7_PARSING_FAILED
	}
	return span(b, digest.data, digest.length), nx.NX_SUCCESS
}

// extension is _nx_secure_x509_extension_find: the extnValue of the
// extension with NetX id want (0x19B when absent, 0x192 when malformed).
func (c *x509Fields) extension(want uint32) (field, nx.Status) {
	pos, rem := c.extensions.off, c.extensions.n
	var seqLen uint32
	cur := -1
	for rem > 0 {
		ext, st := parseTLV(c.raw, pos, &rem)
		if st != nx.NX_SUCCESS {
			return field{}, st
		}
		if !ext.is(asnSequence) {
			return field{}, nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE
		}
		pos = ext.end()
		seqLen = ext.length
		oid, st := parseTLV(c.raw, ext.data, &seqLen)
		if st != nx.NX_SUCCESS {
			return field{}, st
		}
		if oid.tag != asnOID {
			return field{}, nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE
		}
		if parseOID(c.raw, oid.data, oid.length) == want {
			cur = oid.end()
			break
		}
	}
	if cur < 0 {
		return field{}, nx.NX_SECURE_X509_EXTENSION_NOT_FOUND
	}
	t, st := parseTLV(c.raw, cur, &seqLen)
	if st != nx.NX_SUCCESS {
		return field{}, st
	}
	if t.tag == asnBoolean { // critical
		if t, st = parseTLV(c.raw, t.end(), &seqLen); st != nx.NX_SUCCESS {
			return field{}, st
		}
	}
	if t.tag != asnOctetString {
		return field{}, nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE
	}
	return field{off: t.data, n: t.length}, nx.NX_SUCCESS
}

// keyUsage is _nx_secure_x509_key_usage_extension_parse: the KeyUsage bits
// as NetX numbers them (first content byte high), or the extension search's
// status, or 0x192 unless the value is a BIT STRING of exactly two bytes.
func (c *x509Fields) keyUsage() (uint16, nx.Status) {
	ext, st := c.extension(oidKeyUsage)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	rem := ext.n
	t, st := expectTLV(c.raw, ext.off, &rem, asnBitString, nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	if t.length != 2 {
		return 0, nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE
	}
	return uint16(at(c.raw, t.data+1))<<8 | uint16(at(c.raw, t.data)), nx.NX_SUCCESS
}
