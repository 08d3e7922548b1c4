package securedtls

import (
	"crypto"
	"crypto/rsa"
	"math/big"
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// sigSession is a session on an ECC table (ECDHE_RSA, ECDHE_ECDSA) at
// version with ecc_initialize's three groups, for the signature checks.
func sigSession(t *testing.T, version uint16, groups ...uint16) *Session {
	t.Helper()
	tab, err := NewCryptoTable(0xC013, 0xC009)
	require.NoError(t, err)
	s := &Session{table: tab}
	s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion = version
	if groups == nil {
		groups = []uint16{23, 24, 25}
	}
	s.NxSecureDTLSTLSSession.certs.groups = groups
	return s
}

// sigIdentity loads a test identity: its certificate's public key and its
// private key.
func sigIdentity(t *testing.T, name string) (pub, key any) {
	t.Helper()
	id := testcerts.Get(name)
	var cert X509Cert
	require.Equal(t, nx.NX_SUCCESS, X509CertificateInitialize(&cert, id.CertDER, nil, id.KeyDER, id.KeyType))
	return cert.parsed.PublicKey, cert.key
}

// rawRSA signs a hand-made PKCS#1 block: 00 01 FF… 00 payload, with the
// byte at tamper (if > 0) replaced by 0xFE.
func rawRSA(key any, payload []byte, tamper int) []byte {
	k := key.(*rsa.PrivateKey)
	n := modulusLen(&k.PublicKey)
	block := make([]byte, n)
	block[1] = 1
	for i := 2; i < n-len(payload)-1; i++ {
		block[i] = 0xFF
	}
	copy(block[n-len(payload):], payload)
	if tamper > 0 {
		block[tamper] = 0xFE
	}
	m := new(big.Int).SetBytes(block)
	return m.Exp(m, k.D, k.N).FillBytes(make([]byte, n))
}

func mustSign(t *testing.T, key any, h crypto.Hash, data []byte) []byte {
	t.Helper()
	sig, st := sign(key, h, data)
	require.Equal(t, nx.NX_SUCCESS, st)
	return sig
}

// TestCertificateVerifyCodes checks the server's CertificateVerify check
// against the codes of nx_secure_tls_process_certificate_verify.c: DTLS
// 1.2 takes only SHA-256 with the certificate's key type (0x116 for
// SHA-384 with RSA, SHA-1 or SHA-512 with ECDSA, an unknown algorithm);
// an RSA signature not of the modulus' length 0x117, one past the message
// 0x10A, a bad padding 0x12A, a good padding over another hash 0x131; an
// ECDSA signature past the message 0x182, on a curve the session did not
// initialize NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE, another transcript 0x131. DTLS 1.0 carries no
// algorithm and signs MD5 ‖ SHA-1.
func TestCertificateVerifyCodes(t *testing.T) {
	transcript := []byte("ClientHello ServerHello Certificate ServerHelloDone Certificate ClientKeyExchange")
	rsaPub, rsaKey := sigIdentity(t, "rsa-server")
	ecPub, ecKey := sigIdentity(t, "ec-server")
	n := modulusLen(rsaPub.(*rsa.PublicKey))
	goodRSA := mustSign(t, rsaKey, crypto.SHA256, transcript)
	goodEC := mustSign(t, ecKey, crypto.SHA256, transcript)
	digestInfo := append(append([]byte(nil), sha256DigestInfo...), digestOf(crypto.SHA256, transcript)...)
	v12, v10 := uint16(nx.NX_SECURE_DTLS_VERSION_1_2), uint16(nx.NX_SECURE_DTLS_VERSION_1_0)
	rows := []struct {
		name    string
		version uint16
		groups  []uint16
		pub     any
		body    []byte
		want    nx.Status
	}{
		{"RSA SHA-256", v12, nil, rsaPub, signed(0x0401, goodRSA), nx.NX_SUCCESS},
		{"RSA SHA-256, bytes after it", v12, nil, rsaPub, append(signed(0x0401, goodRSA), 1, 2), nx.NX_SUCCESS},
		{"RSA SHA-384", v12, nil, rsaPub, signed(0x0501, mustSign(t, rsaKey, crypto.SHA384, transcript)), nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM},
		{"RSA key, ECDSA algorithm", v12, nil, rsaPub, signed(0x0403, goodRSA), nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM},
		{"unknown algorithm", v12, nil, rsaPub, signed(0x0909, goodRSA), nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM},
		{"RSA length modulus-1", v12, nil, rsaPub, signed(0x0401, goodRSA[1:]), nx.NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED},
		{"RSA past the message", v12, nil, rsaPub, signed(0x0401, goodRSA)[:n/2], lengthError},
		{"RSA bad padding", v12, nil, rsaPub, signed(0x0401, rawRSA(rsaKey, digestInfo, 5)), nx.NX_SECURE_TLS_PADDING_CHECK_FAILED},
		{"RSA hand-made good block", v12, nil, rsaPub, signed(0x0401, rawRSA(rsaKey, digestInfo, 0)), nx.NX_SUCCESS},
		{"RSA other transcript", v12, nil, rsaPub, signed(0x0401, mustSign(t, rsaKey, crypto.SHA256, transcript[1:])), nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE},
		{"ECDSA SHA-256", v12, nil, ecPub, signed(0x0403, goodEC), nx.NX_SUCCESS},
		{"ECDSA SHA-512", v12, nil, ecPub, signed(0x0603, mustSign(t, ecKey, crypto.SHA512, transcript)), nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM},
		{"ECDSA SHA-1", v12, nil, ecPub, signed(0x0203, mustSign(t, ecKey, crypto.SHA1, transcript)), nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM},
		{"ECDSA past the message", v12, nil, ecPub, signed(0x0403, goodEC)[:20], nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{"ECDSA curve not initialized", v12, []uint16{24}, ecPub, signed(0x0403, goodEC), nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE},
		{"ECDSA other transcript", v12, nil, ecPub, signed(0x0403, mustSign(t, ecKey, crypto.SHA256, transcript[1:])), nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE},
		{"DTLS 1.0 RSA", v10, nil, rsaPub, signed(0, mustSign(t, rsaKey, crypto.MD5SHA1, transcript)), nx.NX_SUCCESS},
		{"DTLS 1.0 RSA bad padding", v10, nil, rsaPub, signed(0, rawRSA(rsaKey, digestOf(crypto.MD5SHA1, transcript), 3)), nx.NX_SECURE_TLS_PADDING_CHECK_FAILED},
		{"DTLS 1.0 RSA other transcript", v10, nil, rsaPub, signed(0, mustSign(t, rsaKey, crypto.MD5SHA1, transcript[1:])), nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE},
		{"DTLS 1.0 ECDSA", v10, nil, ecPub, signed(0, mustSign(t, ecKey, crypto.MD5SHA1, transcript)), nx.NX_SUCCESS},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s := sigSession(t, r.version, r.groups...)
			assert.Equal(t, r.want, s.checkCertificateVerify(r.pub, r.body, transcript))
		})
	}
}

// TestServerKeyExchangeSignatureCodes checks the client's check of an
// ECDHE ServerKeyExchange against nx_secure_process_server_key_exchange.c:
// DTLS 1.2 takes any algorithm of the X.509 table (RSA MD5 to SHA-512,
// ECDSA SHA-1 to SHA-512, SHA-224 included) that matches the suite's
// authentication, else 0x14D; a signature past the message 0x10A; an RSA
// signature longer than the modulus NX_CRYPTO_PTR_ERROR; a block that is
// not a DigestInfo of the right hash, or another value, 0x14E; DTLS 1.0
// RSA: a bad padding 0x12A. Bytes after the signature are not looked at.
func TestServerKeyExchangeSignatureCodes(t *testing.T) {
	params := ecdheParams(23, make([]byte, 65))
	data := append(make([]byte, 64), params...) // the randoms are zero here
	rsaPub, rsaKey := sigIdentity(t, "rsa-server")
	ecPub, ecKey := sigIdentity(t, "ec-server")
	ske := func(alg uint16, sig []byte) []byte {
		return append(append([]byte(nil), params...), signed(alg, sig)...)
	}
	v12, v10 := uint16(nx.NX_SECURE_DTLS_VERSION_1_2), uint16(nx.NX_SECURE_DTLS_VERSION_1_0)
	rsaSuite, ecSuite := uint16(0xC013), uint16(0xC009)
	goodRSA := mustSign(t, rsaKey, crypto.SHA256, data)
	rows := []struct {
		name    string
		version uint16
		suite   uint16
		groups  []uint16
		pub     any
		body    []byte
		want    nx.Status
	}{
		{"RSA SHA-256", v12, rsaSuite, nil, rsaPub, ske(0x0401, goodRSA), nx.NX_SUCCESS},
		{"RSA SHA-512", v12, rsaSuite, nil, rsaPub, ske(0x0601, mustSign(t, rsaKey, crypto.SHA512, data)), nx.NX_SUCCESS},
		{"RSA MD5", v12, rsaSuite, nil, rsaPub, ske(0x0101, mustSign(t, rsaKey, crypto.MD5, data)), nx.NX_SUCCESS},
		{"RSA, bytes after it", v12, rsaSuite, nil, rsaPub, append(ske(0x0401, goodRSA), 7), nx.NX_SUCCESS},
		{"unknown algorithm", v12, rsaSuite, nil, rsaPub, ske(0x0901, goodRSA), nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM},
		{"RSA key, ECDSA algorithm", v12, rsaSuite, nil, rsaPub, ske(0x0403, goodRSA), nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM},
		{"RSA past the message", v12, rsaSuite, nil, rsaPub, ske(0x0401, goodRSA)[:len(params)+40], lengthError},
		{"RSA longer than the modulus", v12, rsaSuite, nil, rsaPub, ske(0x0401, append([]byte{0}, goodRSA...)), nxCryptoPtrError},
		{"RSA hash of another algorithm", v12, rsaSuite, nil, rsaPub, ske(0x0401, mustSign(t, rsaKey, crypto.SHA384, data)), nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR},
		{"RSA garbage block", v12, rsaSuite, nil, rsaPub, ske(0x0401, make([]byte, len(goodRSA))), nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR},
		{"RSA other data", v12, rsaSuite, nil, rsaPub, ske(0x0401, mustSign(t, rsaKey, crypto.SHA256, data[1:])), nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR},
		{"ECDSA SHA-256", v12, ecSuite, nil, ecPub, ske(0x0403, mustSign(t, ecKey, crypto.SHA256, data)), nx.NX_SUCCESS},
		{"ECDSA SHA-224", v12, ecSuite, nil, ecPub, ske(0x0303, mustSign(t, ecKey, crypto.SHA224, data)), nx.NX_SUCCESS},
		{"ECDSA SHA-512", v12, ecSuite, nil, ecPub, ske(0x0603, mustSign(t, ecKey, crypto.SHA512, data)), nx.NX_SUCCESS},
		{"ECDSA key, RSA algorithm", v12, ecSuite, nil, ecPub, ske(0x0401, mustSign(t, ecKey, crypto.SHA256, data)), nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM},
		{"ECDSA curve not initialized", v12, ecSuite, []uint16{24}, ecPub, ske(0x0403, mustSign(t, ecKey, crypto.SHA256, data)), nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE},
		{"ECDSA other data", v12, ecSuite, nil, ecPub, ske(0x0403, mustSign(t, ecKey, crypto.SHA256, data[1:])), nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR},
		{"DTLS 1.0 RSA", v10, rsaSuite, nil, rsaPub, ske(0, mustSign(t, rsaKey, crypto.MD5SHA1, data)), nx.NX_SUCCESS},
		{"DTLS 1.0 RSA bad padding", v10, rsaSuite, nil, rsaPub, ske(0, rawRSA(rsaKey, digestOf(crypto.MD5SHA1, data), 4)), nx.NX_SECURE_TLS_PADDING_CHECK_FAILED},
		{"DTLS 1.0 ECDSA SHA-1", v10, ecSuite, nil, ecPub, ske(0, mustSign(t, ecKey, crypto.SHA1, data)), nx.NX_SUCCESS},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s := sigSession(t, r.version, r.groups...)
			assert.Equal(t, r.want, s.checkServerKeyExchangeSig(s.table.find(r.suite), r.pub, r.body, len(params), data))
		})
	}
}
