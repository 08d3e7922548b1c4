package securedtls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"math/big"

	"github.com/nxsim/nxsim/nx"
)

// parsePublicKey is _nx_secure_x509_parse_public_key: SubjectPublicKeyInfo
// as SEQUENCE { SEQUENCE { OID, OID or NULL }, key } (0x189 otherwise; a
// missing parameter is 0x182), then the key by algorithm.
func (c *x509Fields) parsePublicKey(off int, length uint32) (uint32, nx.Status) {
	spki, st := expectTLV(c.raw, off, &length, asnSequence, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	done := spki.header
	length = spki.length
	alg, st := expectTLV(c.raw, spki.data, &length, asnSequence, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	done += alg.header
	keyOff, keyLen := alg.end(), length
	length = alg.length
	oid, st := parseTLV(c.raw, alg.data, &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	done += oid.header + oid.length
	if oid.tag != asnOID {
		return 0, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG
	}
	c.publicAlg = parseOID(c.raw, oid.data, oid.length)
	param, st := parseTLV(c.raw, oid.end(), &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	var curve uint32
	if param.tag == asnOID {
		curve = parseOID(c.raw, param.data, param.length)
	} else if !param.is(asnNull) {
		return 0, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG
	}
	done += param.header + param.length
	n, st := c.extractKey(keyOff, keyLen, curve)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	return done + n, nx.NX_SUCCESS
}

// extractKey is _nx_secure_x509_extract_oid_data: the key's BIT STRING
// (its tag is not checked). RSA: unused-bits byte 0 (else 0x183), then
// SEQUENCE { INTEGER n, INTEGER e } (0x184 without the SEQUENCE, 0x185 for
// a bad INTEGER); EC: unused-bits byte 0 and the point. Other algorithms
// are skipped here and refused at the end of the parse.
func (c *x509Fields) extractKey(off int, length uint32, curve uint32) (uint32, nx.Status) {
	t, st := parseTLV(c.raw, off, &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	done := t.header + t.length
	switch c.publicAlg {
	case oidRSA:
		if t.length < 1 {
			return done, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
		}
		if at(c.raw, t.data) != 0 {
			return done, nx.NX_SECURE_X509_FOUND_NON_ZERO_PADDING
		}
		length = t.length - 1
		seq, st := parseTLV(c.raw, t.data+1, &length)
		if st != nx.NX_SUCCESS || !seq.is(asnSequence) {
			return done, nx.NX_SECURE_X509_MISSING_PUBLIC_KEY
		}
		length = seq.length
		mod, st := parseTLV(c.raw, seq.data, &length)
		if st != nx.NX_SUCCESS || !mod.is(asnInteger) {
			return done, nx.NX_SECURE_X509_INVALID_PUBLIC_KEY
		}
		c.rsaModulus = field{off: mod.data + 1, n: (mod.length - 1) & 0xFFFF}
		exp, st := parseTLV(c.raw, mod.end(), &length)
		if st != nx.NX_SUCCESS || !exp.is(asnInteger) {
			return done, nx.NX_SECURE_X509_INVALID_PUBLIC_KEY
		}
		c.rsaExponent = field{off: exp.data, n: exp.length & 0xFFFF}
	case oidEC:
		if at(c.raw, t.data) != 0 {
			return done, nx.NX_SECURE_X509_FOUND_NON_ZERO_PADDING
		}
		c.ecPoint = field{off: t.data + 1, n: (t.length - 1) & 0xFFFF}
		c.ecCurve = curve
	}
	return done, nx.NX_SUCCESS
}

// goCurve is the Go curve of a NetX curve id (nil for curves Go lacks,
// such as secp192r1).
func goCurve(id uint32) elliptic.Curve {
	switch id {
	case oidSECP224R1:
		return elliptic.P224()
	case oidSECP256R1:
		return elliptic.P256()
	case oidSECP384R1:
		return elliptic.P384()
	case oidSECP521R1:
		return elliptic.P521()
	}
	return nil
}

// rsaKey is the issuer's RSA key as NetX holds it: modulus and exponent as
// unsigned big-endian numbers.
func (c *x509Fields) rsaKey() *rsa.PublicKey {
	n := new(big.Int).SetBytes(span(c.raw, c.rsaModulus.off, c.rsaModulus.n))
	e := new(big.Int).SetBytes(span(c.raw, c.rsaExponent.off, c.rsaExponent.n))
	if !e.IsInt64() || e.Int64() > 1<<31-1 {
		return &rsa.PublicKey{N: n}
	}
	return &rsa.PublicKey{N: n, E: int(e.Int64())}
}

// ecKey is the EC key, or nil when the point is not on a curve Go knows.
func (c *x509Fields) ecKey() *ecdsa.PublicKey {
	curve := goCurve(c.ecCurve)
	if curve == nil {
		return nil
	}
	k, err := ecdsa.ParseUncompressedPublicKey(curve, span(c.raw, c.ecPoint.off, c.ecPoint.n))
	if err != nil {
		return nil
	}
	return k
}

// publicKey is the certificate's key as crypto/x509 would give it
// (*rsa.PublicKey or *ecdsa.PublicKey), or nil.
func (c *x509Fields) publicKey() any {
	switch c.publicAlg {
	case oidRSA:
		return c.rsaKey()
	case oidEC:
		if k := c.ecKey(); k != nil {
			return k
		}
	}
	return nil
}
