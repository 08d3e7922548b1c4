package securedtls

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"math/big"
	"testing"
	"time"
)

// testIssuer is a certificate made inside a test, with its key.
type testIssuer struct {
	cert *x509.Certificate
	der  []byte
	key  crypto.Signer
}

// certSpec says what makeCert puts in a certificate.
type certSpec struct {
	cn       string
	ca       bool
	keyUsage x509.KeyUsage // 0: no KeyUsage extension
	curve    elliptic.Curve
}

// makeCert makes a certificate for spec signed by parent (self-signed when
// parent is nil), valid 2000-2030 in UTCTime.
func makeCert(t *testing.T, spec certSpec, parent *testIssuer) *testIssuer {
	t.Helper()
	curve := spec.curve
	if curve == nil {
		curve = elliptic.P256()
	}
	key, err := ecdsa.GenerateKey(curve, rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber:          big.NewInt(int64(len(spec.cn)) + 7),
		Subject:               pkix.Name{Country: []string{"US"}, Organization: []string{"nxsim"}, CommonName: spec.cn},
		NotBefore:             time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:              time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
		KeyUsage:              spec.keyUsage,
		BasicConstraintsValid: spec.ca,
		IsCA:                  spec.ca,
	}
	signerCert, signerKey := tmpl, crypto.Signer(key)
	if parent != nil {
		signerCert, signerKey = parent.cert, parent.key
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, signerCert, key.Public(), signerKey)
	if err != nil {
		t.Fatal(err)
	}
	c, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	return &testIssuer{cert: c, der: der, key: key}
}
