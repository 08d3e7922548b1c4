// Package testcerts holds the test certificates and keys of
// internal/testcerts/testdata (made by internal/testcerts/gen, whose doc
// comment gives the command): RSA and EC (P-256, P-384) identities, the CAs
// that issued them, an untrusted CA, self-signed, expired and large cases.
// Every certificate is valid from 2000 to 9999 except "rsa-expired" (2000
// to 2001).
package testcerts

import (
	"embed"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/nxsim/nxsim/nx"
)

//go:embed testdata
var files embed.FS

// Names are the certificates held, each with its private key.
var Names = []string{
	"rsa-ca", "ec-ca", "ec384-ca", "other-ca",
	"rsa-server", "rsa-client", "ec-server", "ec-server-rsaca", "ec384-server",
	"ec-server-ec384ca", "ec-client", "ec-client-untrusted",
	"rsa-selfsigned", "ec-selfsigned", "rsa-expired", "rsa-large",
}

// Identity is one certificate with its private key, in the forms
// nx_secure_x509_certificate_initialize takes.
type Identity struct {
	// Name is the file stem, e.g. "ec-server".
	Name string
	// CertDER is the DER certificate.
	CertDER []byte
	// KeyDER is the private key: PKCS#1 for RSA, SEC 1 for EC.
	KeyDER []byte
	// KeyType is NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER or _EC_DER.
	KeyType nx.UINT
}

// Get returns the named identity; an unknown name panics (a test bug).
func Get(name string) Identity {
	cert, err := files.ReadFile("testdata/" + name + ".crt.der")
	if err != nil {
		panic("testcerts: no certificate " + name)
	}
	key, err := files.ReadFile("testdata/" + name + ".key.der")
	if err != nil {
		panic("testcerts: no key " + name)
	}
	kt := nx.UINT(nx.NX_SECURE_X509_KEY_TYPE_EC_DER)
	if strings.HasPrefix(name, "rsa") {
		kt = nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER
	}
	return Identity{Name: name, CertDER: cert, KeyDER: key, KeyType: kt}
}

// Path is the file of name with ext ("crt.pem", "key.pem", "crt.der",
// "key.der") on disk, for peers that read files (openssl, gnutls).
func Path(name, ext string) string {
	_, here, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(here), "testdata", name+"."+ext)
}
