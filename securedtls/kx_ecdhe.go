package securedtls

import (
	"crypto/ecdh"
	"crypto/ecdsa"
	"crypto/elliptic"
	"slices"

	"github.com/nxsim/nxsim/nx"
)

// ECDHE and static ECDH key agreement (RFC 8422) as NetX does it.

// ecCurveNamedCurve is ECCurveType named_curve.
const ecCurveNamedCurve = 3

// ecdhCurve returns the curve of a named group (secp256r1 23, secp384r1
// 24, secp521r1 25) and its size in bits; nil for another.
func ecdhCurve(group uint16) (ecdh.Curve, int) {
	switch group {
	case 23:
		return ecdh.P256(), 256
	case 24:
		return ecdh.P384(), 384
	case 25:
		return ecdh.P521(), 521
	}
	return nil, 0
}

// groupOf is the named group of an EC public key (0 for another curve).
func groupOf(pub *ecdsa.PublicKey) uint16 {
	switch pub.Curve {
	case elliptic.P256():
		return 23
	case elliptic.P384():
		return 24
	case elliptic.P521():
		return 25
	}
	return 0
}

// groups are the session's ecc_initialize groups.
func (s *Session) groups() []uint16 {
	return append([]uint16(nil), s.NxSecureDTLSTLSSession.certs.groups...)
}

// chooseCurve is the server's curve (_nx_secure_tls_proc_clienthello_sec_sa_extension):
// among the client's supported_groups, the one earliest in the server's
// ecc_initialize list; 0 when none is common.
func (s *Session) chooseCurve(client []uint16) uint16 {
	mine := s.groups()
	best, bestIndex := uint16(0), len(mine)
	for _, g := range client {
		if i := slices.Index(mine, g); i >= 0 && i < bestIndex {
			if c, _ := ecdhCurve(g); c != nil {
				best, bestIndex = g, i
			}
		}
	}
	return best
}

// ecdheKey makes an ephemeral key on group from the device's stream (the
// scalar drawn again until it is valid), charging the key generation.
func (s *Session) ecdheKey(group uint16) (*ecdh.PrivateKey, nx.Status) {
	curve, bits := ecdhCurve(group)
	if curve == nil {
		return nil, nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
	}
	chargePublicKey(pkECDHKeyGen, bits)
	b := make([]byte, (bits+7)/8)
	for {
		s.dev.randomBytes(b)
		if bits%8 != 0 {
			b[0] &= byte(1<<(bits%8) - 1)
		}
		if k, err := curve.NewPrivateKey(b); err == nil {
			return k, nx.NX_SUCCESS
		}
	}
}

// ecdhShared is the premaster secret of an ECDH agreement: the x
// coordinate of the shared point. A point not on the curve is
// NX_SECURE_TLS_HANDSHAKE_FAILURE here (NetX returns its crypto layer's
// code).
func ecdhShared(priv *ecdh.PrivateKey, peer []byte) ([]byte, nx.Status) {
	pub, err := priv.Curve().NewPublicKey(peer)
	if err != nil {
		return nil, nx.NX_SECURE_TLS_HANDSHAKE_FAILURE
	}
	chargePublicKey(pkECDHShared, len(priv.Bytes())*8)
	secret, err := priv.ECDH(pub)
	if err != nil {
		return nil, nx.NX_SECURE_TLS_HANDSHAKE_FAILURE
	}
	return secret, nx.NX_SUCCESS
}

// ecdheParams is ServerECDHParams: named_curve, the group and the public
// point.
func ecdheParams(group uint16, pub []byte) []byte {
	b := []byte{ecCurveNamedCurve, byte(group >> 8), byte(group), byte(len(pub))}
	return append(b, pub...)
}

// serverKeyExchangeECDHE is the ServerKeyExchange body of an ECDHE suite
// (nx_secure_tls_ecc_generate_keys.c): the parameters of a new key on the
// chosen curve, signed with the identity certificate's key over the two
// randoms and the parameters.
func (s *Session) serverKeyExchangeECDHE() ([]byte, nx.Status) {
	id := s.localIdentity()
	if id == nil {
		return nil, nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
	}
	priv, st := s.ecdheKey(s.hs.curve)
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	s.hs.ecdhe = priv
	params := ecdheParams(s.hs.curve, priv.PublicKey().Bytes())
	h, alg := signatureDigest(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion, isRSAKey(id.parsed.PublicKey), sigServerKeyExchangeSign)
	sig, st := sign(id.key, h, s.signedParams(params))
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	return append(params, signed(alg, sig)...), nx.NX_SUCCESS
}

// signedParams is what a ServerKeyExchange signature covers.
func (s *Session) signedParams(params []byte) []byte {
	b := append(append([]byte(nil), s.hs.clientRandom[:]...), s.hs.serverRandom[:]...)
	return append(b, params...)
}

// clientServerKeyExchangeECDHE checks an ECDHE ServerKeyExchange
// (nx_secure_process_server_key_exchange.c): a named curve of the client's
// list, then the signature with the server certificate's key.
func (s *Session) clientServerKeyExchangeECDHE(body []byte) nx.Status {
	if len(body) < 4 {
		return lengthError
	}
	if body[0] != ecCurveNamedCurve {
		return nx.NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT
	}
	group := uint16(body[1])<<8 | uint16(body[2])
	if c, _ := ecdhCurve(group); c == nil || !slices.Contains(s.groups(), group) {
		return nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
	}
	cert := s.hs.peerCert
	if cert == nil {
		return nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
	}
	// The key and the algorithm (DTLS 1.2) or the signature length (DTLS
	// 1.0) must fit: key_length + 8, or + 6 (the C's bound).
	n := 4 + int(body[3])
	extra := 4
	if legacyVersion(s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion) {
		extra = 2
	}
	if n+extra > len(body) {
		return lengthError
	}
	params := body[:n]
	c := s.table.find(s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite)
	if st := s.checkServerKeyExchangeSig(c, cert.parsed.PublicKey, body, n, s.signedParams(params)); st != nx.NX_SUCCESS {
		return st
	}
	s.hs.curve = group
	s.hs.peerPublic = append([]byte(nil), params[4:]...)
	return nx.NX_SUCCESS
}

// ecdhClientKeyExchange is the client's ClientKeyExchange of an ECDHE or
// static ECDH suite: a new key on the server's curve (ECDHE: the one of
// ServerKeyExchange; ECDH: the certificate's), its point, and the premaster.
func (s *Session) ecdhClientKeyExchange(c *suite) (cke, premaster []byte, st nx.Status) {
	group, peer := s.hs.curve, s.hs.peerPublic
	if c.kx == kxECDH {
		pub, ok := s.hs.peerCert.parsed.PublicKey.(*ecdsa.PublicKey)
		if !ok {
			return nil, nil, nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER
		}
		k, err := pub.ECDH()
		if err != nil {
			return nil, nil, nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
		}
		group, peer = groupOf(pub), k.Bytes()
	}
	priv, st := s.ecdheKey(group)
	if st != nx.NX_SUCCESS {
		return nil, nil, st
	}
	premaster, st = ecdhShared(priv, peer)
	if st != nx.NX_SUCCESS {
		return nil, nil, st
	}
	pub := priv.PublicKey().Bytes()
	return append([]byte{byte(len(pub))}, pub...), premaster, nx.NX_SUCCESS
}

// ecdhServerPremaster is the server's premaster from an ECDHE or static
// ECDH ClientKeyExchange: the client's point with the ephemeral key (ECDHE)
// or the identity certificate's key (ECDH).
func (s *Session) ecdhServerPremaster(c *suite, body []byte) ([]byte, nx.Status) {
	if len(body) < 1 || int(body[0])+1 > len(body) {
		return nil, lengthError
	}
	priv := s.hs.ecdhe
	if c.kx == kxECDH {
		key, st := identityKey[*ecdsa.PrivateKey](s)
		if st != nx.NX_SUCCESS {
			return nil, st
		}
		k, err := key.ECDH()
		if err != nil {
			return nil, nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
		}
		priv = k
	}
	if priv == nil {
		return nil, nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE
	}
	return ecdhShared(priv, body[1:1+int(body[0])])
}
