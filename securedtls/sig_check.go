package securedtls

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"math/big"
	"slices"

	"github.com/nxsim/nxsim/nx"
)

// The peer's signatures checked as NetX checks them, status for status:
// CertificateVerify (nx_secure_tls_process_certificate_verify.c) and the
// ServerKeyExchange of an ECDHE suite
// (nx_secure_process_server_key_exchange.c). Both run the raw RSA public
// operation and look at the padding themselves, so a bad padding, a wrong
// length or an algorithm NetX does not take each has its own code.

// sha256DigestInfo is the DER prefix of a SHA-256 DigestInfo
// (_NX_SECURE_OID_SHA256 with its SEQUENCE and OCTET STRING headers).
var sha256DigestInfo = []byte{0x30, 0x31, 0x30, 0x0D, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20}

// rsaRecover is the raw RSA public operation sig^e mod n, written
// right-aligned into a modLen-byte block at the start of NetX's static
// decrypted-signature buffer (zeros where the key is unusable).
func rsaRecover(key *rsa.PublicKey, sig []byte, modLen int) []byte {
	out := make([]byte, max(modLen, rsaDecryptedSignatureMax))
	if key.N.Sign() > 0 {
		m := new(big.Int).SetBytes(sig)
		m.Exp(m, big.NewInt(int64(key.E)), key.N)
		if b := m.Bytes(); len(b) <= modLen {
			copy(out[modLen-len(b):], b)
		}
	}
	return out
}

// modulusLen is nx_secure_rsa_public_modulus_length: the modulus in bytes.
func modulusLen(key *rsa.PublicKey) int { return (key.N.BitLen() + 7) / 8 }

// window returns n bytes of b from off, zero where b ends: NetX reads its
// fields at fixed offsets of the record buffer without a length check.
func window(b []byte, off, n int) []byte {
	w := make([]byte, n)
	if off < len(b) {
		copy(w, b[off:])
	}
	return w
}

// checkCertificateVerify is the server's check of the client's
// CertificateVerify over transcript. DTLS 1.2 takes exactly RSA or ECDSA
// with SHA-256 for the certificate's key type (another 0x116); an RSA
// signature must be as long as the modulus (0x117) and fit the message
// (0x10A); the decrypted block's padding is checked as NetX does (0x12A:
// block type, then 0xFF bytes up to the DigestInfo); an ECDSA key needs an
// ECC table (0x116), its curve in the session's ecc_initialize list
// (NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE) and the signature inside
// the message (0x182); a signature that does not match is 0x131.
func (s *Session) checkCertificateVerify(pub any, body, transcript []byte) nx.Status {
	legacy := legacyVersion(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion)
	off := 4
	if legacy {
		off = 2
	}
	length := int(at(body, off-2))<<8 | int(at(body, off-1))
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if !legacy && (at(body, 0) != 4 || at(body, 1) != 1) {
			return nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM
		}
		return checkCertificateVerifyRSA(k, legacy, window(body, off, length), length, len(body), transcript)
	case *ecdsa.PublicKey:
		h := crypto.SHA256
		if legacy {
			h = crypto.MD5SHA1
		}
		if !s.table.hasECC() || !legacy && (at(body, 0) != 4 || at(body, 1) != 3) {
			return nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM
		}
		if !slices.Contains(s.groups(), groupOf(k)) {
			return nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
		}
		if off+length > len(body) {
			return nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
		}
		if !verify(pub, h, transcript, body[off:off+length]) {
			return nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE
		}
		return nx.NX_SUCCESS
	}
	return nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
}

// checkCertificateVerifyRSA is the RSA branch of checkCertificateVerify:
// sig is the signature's length bytes, messageLen the message's.
func checkCertificateVerifyRSA(k *rsa.PublicKey, legacy bool, sig []byte, length, messageLen int, transcript []byte) nx.Status {
	n := modulusLen(k)
	if length != n {
		return nx.NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED
	}
	if length > messageLen {
		return lengthError
	}
	expected := append(append([]byte(nil), sha256DigestInfo...), digestOf(crypto.SHA256, transcript)...)
	if legacy {
		expected = digestOf(crypto.MD5SHA1, transcript)
	}
	chargeVerify(k)
	dec := rsaRecover(k, sig, n)
	if dec[0] != 0 && dec[1] != 1 { // NetX's test: both must be wrong
		return nx.NX_SECURE_TLS_PADDING_CHECK_FAILED
	}
	for i := 2; i < n-len(expected)-1; i++ {
		if dec[i] != 0xFF {
			return nx.NX_SECURE_TLS_PADDING_CHECK_FAILED
		}
	}
	if n < len(expected) || !bytes.Equal(dec[n-len(expected):n], expected) {
		return nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE
	}
	return nx.NX_SUCCESS
}

// tlsSignatureX509 is _nx_secure_tls_get_signature_algorithm_id: the X.509
// algorithm of a TLS SignatureAndHashAlgorithm (0: none).
func tlsSignatureX509(alg uint16) uint32 {
	ids := map[uint16]uint32{
		0x0101: oidRSAMD5, 0x0201: oidRSASHA1, 0x0401: oidRSASHA256, 0x0501: oidRSASHA384, 0x0601: oidRSASHA512,
		0x0203: oidECDSASHA1, 0x0303: oidECDSASHA224, 0x0403: oidECDSASHA256, 0x0503: oidECDSASHA384, 0x0603: oidECDSASHA512,
	}
	return ids[alg]
}

// checkServerKeyExchangeSig is the client's check of an ECDHE
// ServerKeyExchange signature; body is the whole message, params its
// first n bytes (the ServerECDHParams) and data what the signature covers.
// DTLS 1.2 names the algorithm, any of the X.509 table (0x14D otherwise,
// and when it does not match the suite's authentication); DTLS 1.0 implies
// SHA-1 with the certificate's key type. The signature must fit the
// message (0x10A). RSA: the decrypted block is DigestInfo-decoded (DTLS
// 1.2) or padding-checked (DTLS 1.0: 0x12A) and compared; ECDSA: the
// certificate's curve must be in the session's list; any mismatch is
// 0x14E.
func (s *Session) checkServerKeyExchangeSig(c *suite, pub any, body []byte, n int, data []byte) nx.Status {
	legacy := legacyVersion(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion)
	_, rsaKey := pub.(*rsa.PublicKey)
	var alg uint16
	off := n
	if legacy {
		alg = 0x0203
		if rsaKey {
			alg = 0x0201
		}
	} else {
		alg = uint16(at(body, n))<<8 | uint16(at(body, n+1))
		off += 2
	}
	h, isECDSA, st := x509Method(s.table, tlsSignatureX509(alg))
	if st != nx.NX_SUCCESS {
		return nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM
	}
	if legacy {
		h = legacySignatureDigest(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion, rsaKey, sigServerKeyExchangeCheck)
	}
	sigLen := int(at(body, off))<<8 | int(at(body, off+1))
	if off+2+sigLen > len(body) {
		return lengthError
	}
	sig := body[off+2 : off+2+sigLen]
	switch k := pub.(type) {
	case *rsa.PublicKey:
		if isECDSA || c.auth() != authRSA {
			return nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM
		}
		mod := modulusLen(k)
		if sigLen > mod {
			return nxCryptoPtrError
		}
		chargeVerify(pub)
		return rsaSKEDigest(rsaRecover(k, sig, mod), sigLen, legacy, digestOf(h, data))
	case *ecdsa.PublicKey:
		if !isECDSA || c.auth() != authECDSA {
			return nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM
		}
		if !slices.Contains(s.groups(), groupOf(k)) {
			return nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
		}
		if !verify(pub, h, data, sig) {
			return nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR
		}
		return nx.NX_SUCCESS
	}
	return nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM
}

// rsaSKEDigest checks a decrypted RSA ServerKeyExchange block against
// digest: DTLS 1.0 wants at least 39 bytes, block type, 0xFF padding and a
// zero before the 36-byte hash (0x12A for the padding, 0x14E otherwise);
// DTLS 1.2 decodes the DigestInfo (_nx_secure_x509_pkcs7_decode), whose
// digest must have the hash's length and value (0x14E).
func rsaSKEDigest(dec []byte, sigLen int, legacy bool, digest []byte) nx.Status {
	var got []byte
	if legacy {
		if sigLen < 39 {
			return nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR
		}
		if dec[0] != 0 && dec[1] != 1 {
			return nx.NX_SECURE_TLS_PADDING_CHECK_FAILED
		}
		i := 2
		for ; i < sigLen-37; i++ {
			if dec[i] != 0xFF {
				return nx.NX_SECURE_TLS_PADDING_CHECK_FAILED
			}
		}
		if dec[i] != 0 {
			return nx.NX_SECURE_TLS_PADDING_CHECK_FAILED
		}
		got = dec[i+1 : i+37]
	} else {
		d, st := pkcs7Decode(dec, uint32(sigLen))
		if st != nx.NX_SUCCESS || len(d) != len(digest) {
			return nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR
		}
		got = d
	}
	if !bytes.Equal(got, digest) {
		return nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR
	}
	return nx.NX_SUCCESS
}
