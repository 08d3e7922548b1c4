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
// accepts to NetX's readers of a parsed certificate (names, KeyUsage,
// dates, the self-signature check's checks before Go's crypto): none may
// panic, and an accepted certificate has an RSA or EC key. (Go's crypto is
// left out: instrumented for fuzzing it stalls the fuzzer.)
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
		x509Method(CryptoTLSCiphersECCRegression, c.signatureAlg)
	})
}

// FuzzX509PrivateKey feeds both of NetX's private-key parsers anything;
// the key objects come from crypto/x509 and are not fuzzed here.
func FuzzX509PrivateKey(f *testing.F) {
	for _, n := range testcerts.Names {
		f.Add(testcerts.Get(n).KeyDER)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		parseRSAPrivateKey(b)
		// SEQUENCE (short length) { INTEGER 0 ...: version 0 is no EC key.
		if parseECPrivateKey(b) == nx.NX_SUCCESS && at(b, 1) < 0x80 && at(b, 2) == asnInteger && at(b, 3) == 1 && at(b, 4) == 0 {
			t.Fatal("version 0 accepted as an EC key")
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
