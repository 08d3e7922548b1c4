package securedtls

import (
	"bytes"
	"crypto/rsa"
	"math/big"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// The certificates and keys of testdata/x509/<dir> are the byte arrays of
// NetX Duo's regression tests (test/regression/nx_secure_test, MIT
// licence), one file per array, named after it.

// cdata returns testdata/x509/dir/name.der.
func cdata(t testing.TB, dir, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "x509", dir, name+".der"))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// initCert runs X509CertificateInitialize and fails the test unless it
// returns want.
func initCert(t *testing.T, der, key []byte, keyType nx.UINT, want nx.Status) *X509Cert {
	t.Helper()
	c := &X509Cert{}
	if st := X509CertificateInitialize(c, der, make([]byte, 4000), key, keyType); st != want {
		t.Fatalf("certificate_initialize %v, want %v", st, want)
	}
	return c
}

// dnOf is a name with the given common name, organization, unit, state
// and country, as the C tests fill an NX_SECURE_X509_DISTINGUISHED_NAME.
func dnOf(cn, org, unit, state, country string) *dnFields {
	raw := []byte(cn + org + unit + state + country)
	f := func(off, n int) field { return field{off: off, n: uint32(n)} }
	d := &dnFields{raw: raw}
	d.commonName = f(0, len(cn))
	d.org = f(len(cn), len(org))
	d.unit = f(len(cn)+len(org), len(unit))
	d.state = f(len(cn)+len(org)+len(unit), len(state))
	d.country = f(len(cn)+len(org)+len(unit)+len(state), len(country))
	return d
}

// TestX509ParseNames is nx_secure_x509_parse_test.c Test1 and
// X509_version_1_test: subject and issuer (all fields compared), version,
// key and signature algorithms; for Test1 also the key and the signature
// as NetX locates them.
func TestX509ParseNames(t *testing.T) {
	for _, r := range []struct {
		cert            string
		subject, issuer *dnFields
		version         uint16
		signature       uint32
	}{
		{"google_cert_der", dnOf("www.google.com", "Google Inc", "", "California", "US"),
			dnOf("Google Internet Authority G2", "Google Inc", "", "", "US"), 2, oidRSASHA256},
		{"x509_version_1_ca_cert_der", dnOf("SSLeay demo server", "Mincom Pty. Ltd.", "CS", "QLD", "AU"),
			dnOf("SSLeay/rsa test CA", "", "", "QLD", "AU"), 0, oidRSAMD5},
	} {
		f := initCert(t, cdata(t, "parse", r.cert), nil, nx.NX_SECURE_X509_KEY_TYPE_NONE, nx.NX_SUCCESS).fields
		if !compareNames(&f.subject, r.subject, true) || !compareNames(&f.issuer, r.issuer, true) {
			t.Errorf("%s: subject or issuer differs", r.cert)
		}
		if f.version != r.version || f.publicAlg != oidRSA || f.signatureAlg != r.signature {
			t.Errorf("%s: version %d, key %d, signature %d", r.cert, f.version, f.publicAlg, f.signatureAlg)
		}
	}
	f := initCert(t, cdata(t, "parse", "google_cert_der"), nil, nx.NX_SECURE_X509_KEY_TYPE_NONE, nx.NX_SUCCESS).fields
	for _, p := range []struct {
		name string
		got  field
	}{{"google_cert_public_exponent", f.rsaExponent}, {"google_cert_public_modulus", f.rsaModulus}, {"google_cert_signature_data", f.signature}} {
		want := cdata(t, "parse", p.name)
		if got := span(f.raw, p.got.off, p.got.n); p.got.n != uint32(len(want)) || !bytes.Equal(got, want) {
			t.Errorf("%s: %d bytes, differ %v", p.name, p.got.n, !bytes.Equal(got, want))
		}
	}
}

// TestX509ParseRSAKey is nx_secure_x509_parse_test.c RSA_parse_test: the
// key NetX accepts is the one the emulation signs with (n, e, d, p, q).
func TestX509ParseRSAKey(t *testing.T) {
	c := initCert(t, cdata(t, "parse", "google_cert_der"), cdata(t, "parse", "device_cert_key_der"),
		nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, nx.NX_SUCCESS)
	k, ok := c.key.(*rsa.PrivateKey)
	if !ok {
		t.Fatalf("key %T", c.key)
	}
	num := func(name string) *big.Int { return new(big.Int).SetBytes(cdata(t, "parse", name)) }
	for _, p := range []struct {
		name string
		got  *big.Int
	}{{"modulus", k.N}, {"publicExponent", big.NewInt(int64(k.E))}, {"privateExponent", k.D}, {"prime1", k.Primes[0]}, {"prime2", k.Primes[1]}} {
		if p.got.Cmp(num(p.name)) != 0 {
			t.Errorf("%s differs", p.name)
		}
	}
}

// TestX509ParseECKey is nx_secure_x509_parse_test.c EC_parse_test: a key
// with and without its public point.
func TestX509ParseECKey(t *testing.T) {
	for _, key := range []string{"ECTestServer2_key_der", "ECTestServer2_key_no_public_der"} {
		if st := parseECPrivateKey(cdata(t, "parse", key)); st != nx.NX_SUCCESS {
			t.Errorf("%s: %v", key, st)
		}
	}
}

// badCert is one row of nx_secure_x509_parse_test.c bad_cert_test_data.
type badCert struct {
	cert, key string
	keyType   nx.UINT
	want      nx.Status
}

// TestX509ParseBadCertificates is nx_secure_x509_parse_test.c
// Bad_cert_parse_test: every malformed certificate is 0x1A2 whatever the
// parser found; key errors keep their own codes.
func TestX509ParseBadCertificates(t *testing.T) {
	const google, ec = "google_cert_der", "ECTestServer2_der"
	const rsaDER, ecDER = nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, nx.NX_SECURE_X509_KEY_TYPE_EC_DER
	rows := []badCert{
		{cert: google, key: google, keyType: nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, want: nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{cert: google, key: "bad_crt_tag", keyType: 0xFF, want: nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE},
		{cert: "bad_cert_pubkey_alg", want: nx.NX_SECURE_X509_INVALID_CERTIFICATE},
	}
	// Every bad_crt_* array of the C file is in its table with 0x1A2.
	files, _ := filepath.Glob(filepath.Join("testdata", "x509", "parse", "bad_crt_*.der"))
	for _, p := range files {
		rows = append(rows, badCert{cert: strings.TrimSuffix(filepath.Base(p), ".der"), want: nx.NX_SECURE_X509_INVALID_CERTIFICATE})
	}
	rows = append(rows, []badCert{
		{google, "bad_key_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_type", rsaDER, nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE},
		{google, "bad_key_version_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_version_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_version_number", rsaDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{google, "bad_key_modulus_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_modulus_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_modulus_type", rsaDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{google, "bad_key_pubexp_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_pubexp_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_pubexp_type", rsaDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{google, "bad_key_privexp_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_privexp_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_privexp_type", rsaDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{google, "bad_key_prime1_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_prime1_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_prime1_type", rsaDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{google, "bad_key_prime2_tag", rsaDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{google, "bad_key_prime2_length", rsaDER, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{google, "bad_key_prime2_type", rsaDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_tag", ecDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{ec, "bad_ec_key_type", ecDER, nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE},
		{ec, "bad_ec_key_class", ecDER, nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE},
		{ec, "bad_ec_key_version_tag", ecDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{ec, "bad_ec_key_version_type", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_version_class", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_version", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_priv_tag", ecDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{ec, "bad_ec_key_priv_type", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_priv_class", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_ecparam_tag", ecDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{ec, "bad_ec_key_ecparam_type", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_ecparam_class", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_curve_tag", ecDER, nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{ec, "bad_ec_key_curve_type", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{ec, "bad_ec_key_curve_class", ecDER, nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
	}...)
	for _, r := range rows {
		t.Run(r.cert+"+"+r.key, func(t *testing.T) {
			var key []byte
			if r.key != "" {
				key = cdata(t, "parse", r.key)
			}
			c := &X509Cert{}
			if st := X509CertificateInitialize(c, cdata(t, "parse", r.cert), make([]byte, 4000), key, r.keyType); st != r.want {
				t.Errorf("status %v, want %v", st, r.want)
			}
		})
	}
}

// TestX509KeyUsageExtension is nx_secure_x509_parse_test.c
// Bad_extension_key_usage_test: each certificate initializes, and the
// KeyUsage parse returns the C test's code.
func TestX509KeyUsageExtension(t *testing.T) {
	for _, r := range []struct {
		cert string
		want nx.Status
	}{
		{"cert_no_ext", nx.NX_SECURE_X509_EXTENSION_NOT_FOUND},
		{"bad_ext_ku_tag", nx.NX_SECURE_X509_INVALID_TAG_CLASS},
		{"bad_ext_ku_length", nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG},
		{"bad_ext_ku_type", nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE},
		{"bad_ext_ku_type2", nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE},
		{"bad_ext_ku_bitstr_length", nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE},
		{"bad_ext_ku_bitstr_length2", nx.NX_SECURE_X509_INVALID_EXTENSION_SEQUENCE},
		{"TestExt_der", nx.NX_SUCCESS},
	} {
		t.Run(r.cert, func(t *testing.T) {
			c := initCert(t, cdata(t, "parse", r.cert), nil, nx.NX_SECURE_X509_KEY_TYPE_NONE, nx.NX_SUCCESS)
			if _, st := c.fields.keyUsage(); st != r.want {
				t.Errorf("key usage %v, want %v", st, r.want)
			}
		})
	}
}
