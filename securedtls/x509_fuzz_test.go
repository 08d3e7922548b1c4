package securedtls

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
)

// addSeeds adds every file of testdata/x509/dir to the corpus.
func addSeeds(f *testing.F, dir string) {
	files, _ := filepath.Glob(filepath.Join("testdata", "x509", dir, "*.der"))
	for _, p := range files {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
}

// FuzzX509Certificate feeds NetX's certificate parser anything, and what it
// accepts to everything that reads a parsed certificate (names, KeyUsage,
// dates, public key, a self-signature check on the ECC table with every
// curve): none may panic, and an accepted certificate has RSA or EC keys.
func FuzzX509Certificate(f *testing.F) {
	for _, n := range testcerts.Names {
		f.Add(testcerts.Get(n).CertDER)
	}
	addSeeds(f, "parse")
	addSeeds(f, "expiration_check")
	f.Fuzz(func(t *testing.T, b []byte) {
		c, st := parseCertificate(b)
		if st != nx.NX_SUCCESS {
			return
		}
		if c.publicAlg != oidRSA && c.publicAlg != oidEC {
			t.Fatalf("accepted public-key algorithm %d", c.publicAlg)
		}
		compareNames(&c.subject, &c.issuer, true)
		c.keyUsage()
		c.expirationCheck(1_600_000_000)
		c.publicKey()
		v := verifyContext{table: CryptoTLSCiphersECCRegression, curves: []nx.USHORT{21, 23, 24, 25}}
		v.certificateVerify(c, c)
	})
}

// FuzzX509PrivateKey feeds both private-key parsers anything.
func FuzzX509PrivateKey(f *testing.F) {
	for _, n := range testcerts.Names {
		f.Add(testcerts.Get(n).KeyDER)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, kt := range []nx.UINT{nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, nx.NX_SECURE_X509_KEY_TYPE_EC_DER} {
			if k, st := parsePrivateKey(b, kt); st != nx.NX_SUCCESS && k != nil {
				t.Fatalf("type %d: key %T with status %v", kt, k, st)
			}
		}
	})
}

// FuzzX509PKCS7 feeds NetX's PKCS#1 v1.5 unpadding anything, with any
// stated length.
func FuzzX509PKCS7(f *testing.F) {
	addSeeds(f, "pkcs7_decode_coverage")
	f.Fuzz(func(t *testing.T, b []byte) {
		if d, st := pkcs7Decode(b, uint32(len(b))); st == nx.NX_SUCCESS && len(d) > len(b) {
			t.Fatalf("digest of %d bytes from %d", len(d), len(b))
		}
		pkcs7Decode(b, uint32(len(b))+7)
	})
}
