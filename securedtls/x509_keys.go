package securedtls

import (
	"crypto/x509"

	"github.com/nxsim/nxsim/nx"
)

// The private-key parsers of nx_secure_x509_pkcs1_rsa_private_key_parse.c
// and nx_secure_x509_ec_private_key_parse.c, with NetX's codes: no outer
// SEQUENCE 0x186, a wrong element 0x18A, TLV errors as parseTLV gives them.
// NetX reads only what it needs (RSA: version 0 or 1, n, e, d, p, q; EC:
// version 1, the private key, [0] with a curve OID of any value) and ignores
// the rest. The key object a handshake signs with comes from crypto/x509
// where it accepts the bytes too.

// parseRSAPrivateKey is _nx_secure_x509_pkcs1_rsa_private_key_parse.
func parseRSAPrivateKey(b []byte) nx.Status {
	rem := uint32(len(b))
	seq, st := expectTLV(b, 0, &rem, asnSequence, nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE)
	if st != nx.NX_SUCCESS {
		return st
	}
	length, pos := seq.length, seq.data
	for i := range 6 { // version, n, e, d, p, q
		t, st := expectTLV(b, pos, &length, asnInteger, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY)
		if st != nx.NX_SUCCESS {
			return st
		}
		if i == 0 && at(b, t.data) > 1 {
			return nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY
		}
		pos = t.end()
	}
	return nx.NX_SUCCESS
}

// parseECPrivateKey is _nx_secure_x509_ec_private_key_parse.
func parseECPrivateKey(b []byte) nx.Status {
	rem := uint32(len(b))
	seq, st := expectTLV(b, 0, &rem, asnSequence, nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE)
	if st != nx.NX_SUCCESS {
		return st
	}
	length := seq.length
	ver, st := parseTLV(b, seq.data, &length)
	if st != nx.NX_SUCCESS {
		return st
	}
	if !ver.is(asnInteger) || at(b, ver.data) != 1 {
		return nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY
	}
	key, st := expectTLV(b, ver.end(), &length, asnOctetString, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY)
	if st != nx.NX_SUCCESS {
		return st
	}
	params, st := parseTLV(b, key.end(), &length)
	if st != nx.NX_SUCCESS {
		return st
	}
	if params.tag != 0 || params.class != classContext {
		return nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY
	}
	inner := params.length
	_, st = expectTLV(b, params.data, &inner, asnOID, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY)
	return st
}

// parsePrivateKey is the key half of _nx_secure_x509_certificate_initialize:
// user-defined types (any bit of 0xFFFF0000) and HARDWARE are kept opaque,
// RSA_PKCS1_DER and EC_DER parsed, NONE and unknown types 0x19D.
func parsePrivateKey(key []byte, keyType nx.UINT) (any, nx.Status) {
	if keyType&nx.NX_SECURE_X509_KEY_TYPE_USER_DEFINED_MASK != 0 || keyType == nx.NX_SECURE_X509_KEY_TYPE_HARDWARE {
		return append([]byte(nil), key...), nx.NX_SUCCESS
	}
	switch keyType {
	case nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER:
		if st := parseRSAPrivateKey(key); st != nx.NX_SUCCESS {
			return nil, st
		}
		if k, err := x509.ParsePKCS1PrivateKey(key); err == nil {
			return k, nx.NX_SUCCESS
		}
	case nx.NX_SECURE_X509_KEY_TYPE_EC_DER:
		if st := parseECPrivateKey(key); st != nx.NX_SUCCESS {
			return nil, st
		}
		if k, err := x509.ParseECPrivateKey(key); err == nil {
			return k, nx.NX_SUCCESS
		}
	default:
		return nil, nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
	}
	return nil, nx.NX_SUCCESS // NetX accepts it; the emulation cannot sign with it
}
