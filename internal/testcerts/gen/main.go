// Command gen makes the test certificates of internal/testcerts/testdata:
//
//	go run ./internal/testcerts/gen -out internal/testcerts/testdata
//
// Every certificate is valid from 2000-01-01 to 9999-12-31 (except the
// expired one); the dates after 2049 are GeneralizedTime, which NetX's own
// date parser treats as it does (see securedtls' X.509 notes), so tests that
// set a session time function choose their certificates with that in mind.
// Each certificate is written as DER and PEM, each private key as DER
// in the form NetX's nx_secure_x509_certificate_initialize takes (RSA:
// PKCS#1, EC: SEC 1) and as PEM for OpenSSL and GnuTLS. The files are
// checked in; rerunning the command makes new keys and signatures.
package main

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"flag"
	"fmt"
	"math/big"
	"os"
	"path/filepath"
	"time"
)

// spec is one certificate to make.
type spec struct {
	name      string
	cn        string
	key       string // "rsa2048", "rsa4096", "p256", "p384"
	issuer    string // "" for self-signed
	ca        bool
	notBefore time.Time
	notAfter  time.Time
	dnsNames  int // extra subjectAltNames, to make a large certificate
}

var (
	from = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	to   = time.Date(9999, 12, 31, 23, 59, 59, 0, time.UTC)
)

// specs are issued in order: an issuer comes before what it signs.
var specs = []spec{
	{name: "rsa-ca", cn: "nxsim RSA CA", key: "rsa2048", ca: true},
	{name: "ec-ca", cn: "nxsim EC CA", key: "p256", ca: true},
	{name: "ec384-ca", cn: "nxsim EC P-384 CA", key: "p384", ca: true},
	{name: "other-ca", cn: "nxsim untrusted CA", key: "p256", ca: true},
	{name: "rsa-server", cn: "server.nxsim.test", key: "rsa2048", issuer: "rsa-ca"},
	{name: "rsa-client", cn: "client.nxsim.test", key: "rsa2048", issuer: "rsa-ca"},
	{name: "ec-server", cn: "ecserver.nxsim.test", key: "p256", issuer: "ec-ca"},
	{name: "ec-server-rsaca", cn: "ecserver-rsaca.nxsim.test", key: "p256", issuer: "rsa-ca"},
	{name: "ec384-server", cn: "ec384server.nxsim.test", key: "p384", issuer: "ec-ca"},
	{name: "ec-server-ec384ca", cn: "ecserver-ec384ca.nxsim.test", key: "p256", issuer: "ec384-ca"},
	{name: "ec-client", cn: "ecclient.nxsim.test", key: "p256", issuer: "ec-ca"},
	{name: "ec-client-untrusted", cn: "untrusted.nxsim.test", key: "p256", issuer: "other-ca"},
	{name: "rsa-selfsigned", cn: "rsa-selfsigned.nxsim.test", key: "rsa2048"},
	{name: "ec-selfsigned", cn: "ec-selfsigned.nxsim.test", key: "p256"},
	{name: "rsa-expired", cn: "expired.nxsim.test", key: "rsa2048", issuer: "rsa-ca",
		notBefore: from, notAfter: time.Date(2001, 1, 1, 0, 0, 0, 0, time.UTC)},
	{name: "rsa-large", cn: "large.nxsim.test", key: "rsa4096", issuer: "rsa-ca", dnsNames: 60},
}

type issued struct {
	cert *x509.Certificate
	key  crypto.Signer
}

func main() {
	out := flag.String("out", "internal/testcerts/testdata", "output folder")
	flag.Parse()
	if err := run(*out); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(out string) error {
	made := map[string]issued{}
	for i, s := range specs {
		key, err := newKey(s.key)
		if err != nil {
			return err
		}
		tmpl := &x509.Certificate{
			SerialNumber:          big.NewInt(int64(1000 + i)),
			Subject:               pkix.Name{CommonName: s.cn, Organization: []string{"nxsim"}, Country: []string{"US"}},
			NotBefore:             from,
			NotAfter:              to,
			BasicConstraintsValid: true,
			IsCA:                  s.ca,
			KeyUsage:              x509.KeyUsageDigitalSignature | x509.KeyUsageKeyEncipherment,
		}
		if !s.notBefore.IsZero() {
			tmpl.NotBefore, tmpl.NotAfter = s.notBefore, s.notAfter
		}
		if s.ca {
			tmpl.KeyUsage = x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature
		} else {
			tmpl.ExtKeyUsage = []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth}
			tmpl.DNSNames = []string{s.cn}
			for n := 0; n < s.dnsNames; n++ {
				tmpl.DNSNames = append(tmpl.DNSNames, fmt.Sprintf("alt%02d.%s", n, s.cn))
			}
		}
		parent, signer := tmpl, key
		if s.issuer != "" {
			parent, signer = made[s.issuer].cert, made[s.issuer].key
		}
		der, err := x509.CreateCertificate(rand.Reader, tmpl, parent, key.Public(), signer)
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		cert, err := x509.ParseCertificate(der)
		if err != nil {
			return err
		}
		made[s.name] = issued{cert: cert, key: key}
		keyDER, keyPEMType, err := marshalKey(key)
		if err != nil {
			return err
		}
		files := map[string][]byte{
			s.name + ".crt.der": der,
			s.name + ".crt.pem": pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}),
			s.name + ".key.der": keyDER,
			s.name + ".key.pem": pem.EncodeToMemory(&pem.Block{Type: keyPEMType, Bytes: keyDER}),
		}
		for f, b := range files {
			if err := os.WriteFile(filepath.Join(out, f), b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}

func newKey(kind string) (crypto.Signer, error) {
	switch kind {
	case "rsa2048":
		return rsa.GenerateKey(rand.Reader, 2048)
	case "rsa4096":
		return rsa.GenerateKey(rand.Reader, 4096)
	case "p256":
		return ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	case "p384":
		return ecdsa.GenerateKey(elliptic.P384(), rand.Reader)
	}
	return nil, fmt.Errorf("unknown key kind %q", kind)
}

// marshalKey is the DER NetX takes: PKCS#1 for RSA, SEC 1 for EC.
func marshalKey(key crypto.Signer) ([]byte, string, error) {
	switch k := key.(type) {
	case *rsa.PrivateKey:
		return x509.MarshalPKCS1PrivateKey(k), "RSA PRIVATE KEY", nil
	case *ecdsa.PrivateKey:
		b, err := x509.MarshalECPrivateKey(k)
		return b, "EC PRIVATE KEY", err
	}
	return nil, "", fmt.Errorf("unsupported key %T", key)
}
