package scenarios

// A device's dtls section: the certificates, keys and trust its DTLS
// application installs, as a C application passes them to
// nx_secure_x509_certificate_initialize and the *_certificate_add services.
// The files are read and checked with the scenario, so that a bad path or
// key is an error at its line before any run starts.

import (
	"bytes"
	"crypto"
	"crypto/ecdsa"
	"crypto/rsa"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
)

// DTLSDef is a device's DTLS configuration beyond its application's
// parameters: its identity, whom it trusts, and its tables.
type DTLSDef struct {
	Certificate        string   `yaml:"certificate" doc:"the identity certificate file, DER or PEM (relative to the scenario file); further PEM certificates in the file are its chain, added to the local store"`
	Key                string   `yaml:"key" doc:"the identity's private key file: PKCS#1 (RSA), SEC 1 (EC) or PKCS#8, DER or PEM"`
	Trusted            []string `yaml:"trusted" doc:"trusted certificate files (DER or PEM, several PEM certificates per file allowed)"`
	ClientVerify       bool     `yaml:"client_verify" doc:"a server requests and verifies client certificates (nx_secure_dtls_server_x509_client_verify_configure)"`
	RemoteCertificates int      `yaml:"remote_certificates" doc:"certificates of the peer's chain each session can hold (default 2 when the device trusts any)"`
	ECCGroups          []string `yaml:"ecc_groups" doc:"supported groups for nx_secure_dtls_*ecc_initialize: secp256r1, secp384r1, secp521r1 (default: all three when the table has an ECC suite)"`
	CryptoTable        string   `yaml:"crypto_table" doc:"the crypto table by name: nx_crypto_tls_ciphers, nx_crypto_tls_ciphers_ecc, nx_crypto_tls_ciphers_regression or nx_crypto_tls_ciphers_ecc_regression (the application's suites, when given, build a table instead)"`
	Version            string   `yaml:"version" doc:"the one DTLS version the device speaks, 1.0 or 1.2 (nx_secure_dtls_client_protocol_version_override or nx_secure_dtls_server_protocol_version_override; default: none, the newest enabled)"`

	identity [][]byte // the identity certificate (DER) and its chain
	key      []byte   // the identity's key as NetX takes it (PKCS#1 or SEC 1 DER)
	keyType  nx.UINT
	trusted  [][]byte
}

// cryptoTables are the tables a dtls section may name.
var cryptoTables = map[string]*securedtls.CryptoTable{
	"nx_crypto_tls_ciphers":                securedtls.CryptoTLSCiphers,
	"nx_crypto_tls_ciphers_ecc":            securedtls.CryptoTLSCiphersECC,
	"nx_crypto_tls_ciphers_regression":     securedtls.CryptoTLSCiphersRegression,
	"nx_crypto_tls_ciphers_ecc_regression": securedtls.CryptoTLSCiphersECCRegression,
}

// dtlsVersions are the versions a dtls section may name, as the override
// services take them.
var dtlsVersions = map[string]nx.USHORT{
	"1.0": nx.NX_SECURE_DTLS_VERSION_1_0,
	"1.2": nx.NX_SECURE_DTLS_VERSION_1_2,
}

// remoteCertificateSize is the room a session gives each certificate of the
// peer's chain: the NX_SECURE_X509_CERT (304 bytes on the 32-bit target)
// and up to 4 KB of DER.
const remoteCertificateSize = 304 + 4096

// checkDTLS reads and checks the files of a device's dtls section (paths
// relative to the scenario file).
func (s *Scenario) checkDTLS(d *decoder, p string, c *DTLSDef) {
	if c == nil {
		return
	}
	if (c.Certificate == "") != (c.Key == "") {
		d.failAt(p, "give certificate and key together")
	}
	if c.Certificate != "" {
		certs, err := readCertificates(s.path(c.Certificate))
		if err != nil {
			d.failAt(p+".certificate", "%v", err)
		} else {
			c.identity = certs
		}
	}
	if c.Key != "" {
		key, err := readPrivateKey(s.path(c.Key))
		switch {
		case err != nil:
			d.failAt(p+".key", "%v", err)
		case c.identity != nil:
			c.key, c.keyType, err = netxKey(key, c.identity[0])
			if err != nil {
				d.failAt(p+".key", "%s: %v", s.path(c.Key), err)
			}
		}
	}
	for i, f := range c.Trusted {
		certs, err := readCertificates(s.path(f))
		if err != nil {
			d.failAt(fmt.Sprintf("%s.trusted[%d]", p, i), "%v", err)
		}
		c.trusted = append(c.trusted, certs...)
	}
	if c.RemoteCertificates < 0 || c.RemoteCertificates > 16 {
		d.failAt(p+".remote_certificates", "from 1 to 16 certificates, got %d", c.RemoteCertificates)
	}
	for i, g := range c.ECCGroups {
		if _, ok := eccGroup(g); !ok {
			d.failAt(fmt.Sprintf("%s.ecc_groups[%d]", p, i), "no group %q (known: secp256r1, secp384r1, secp521r1)", g)
		}
	}
	if _, ok := dtlsVersions[c.Version]; c.Version != "" && !ok {
		d.failAt(p+".version", "a DTLS version, 1.0 or 1.2, got %q", c.Version)
	}
	if _, ok := cryptoTables[c.CryptoTable]; c.CryptoTable != "" && !ok {
		d.failAt(p+".crypto_table", "no crypto table %q (known: %s)", c.CryptoTable, strings.Join(sortedKeys(cryptoTables), ", "))
	}
}

// checkDTLSUse checks the dtls section against the device's application:
// the built-in client verifies no client certificates, and a table named
// in the section and the application's suites would contradict each other.
func checkDTLSUse(d *decoder, p string, dev *DeviceDef) {
	c, app := dev.DTLS, dev.Application
	if c == nil || app == nil {
		return
	}
	if _, client := app.decoded.(*DTLSClientParams); client && c.ClientVerify {
		d.failAt(p+".dtls.client_verify", "a server verifies client certificates; %s is a client", dev.Name)
	}
	if ps, ok := app.decoded.(interface{ suiteList() []uint16 }); ok && c.CryptoTable != "" && len(ps.suiteList()) > 0 {
		d.failAt(p+".dtls.crypto_table", "the application's suites already make the table: give suites or crypto_table, not both")
	}
}

// path resolves a file named in the scenario against the scenario's folder.
func (s *Scenario) path(name string) string {
	if filepath.IsAbs(name) {
		return name
	}
	return filepath.Join(filepath.Dir(s.file), name)
}

// maxCredentialFile bounds what a dtls section may make the checker read.
const maxCredentialFile = 1 << 20

// readCredential reads a certificate or key file: a regular file of at most
// 1 MiB (not a device or a pipe that would never end).
func readCredential(file string) ([]byte, error) {
	fi, err := os.Stat(file)
	switch {
	case err != nil:
		return nil, err
	case !fi.Mode().IsRegular():
		return nil, fmt.Errorf("%s: not a regular file", file)
	case fi.Size() > maxCredentialFile:
		return nil, fmt.Errorf("%s: %d bytes, more than a certificate or key file holds (1 MiB at most)", file, fi.Size())
	}
	return os.ReadFile(file)
}

// readCertificates reads a DER certificate or one or more PEM ones.
func readCertificates(file string) ([][]byte, error) {
	data, err := readCredential(file)
	if err != nil {
		return nil, err
	}
	var ders [][]byte
	if bytes.Contains(data, []byte("-----BEGIN")) {
		for rest := data; ; {
			var b *pem.Block
			if b, rest = pem.Decode(rest); b == nil {
				break
			}
			if b.Type == "CERTIFICATE" {
				ders = append(ders, b.Bytes)
			}
		}
	} else {
		ders = [][]byte{data}
	}
	if len(ders) == 0 {
		return nil, fmt.Errorf("%s: no PEM CERTIFICATE block", file)
	}
	for _, der := range ders {
		if _, err := x509.ParseCertificate(der); err != nil {
			return nil, fmt.Errorf("%s: not an X.509 certificate: %w", file, err)
		}
	}
	return ders, nil
}

// readPrivateKey reads a private key in PKCS#1, SEC 1 or PKCS#8, DER or PEM.
func readPrivateKey(file string) (crypto.Signer, error) {
	der, err := readCredential(file)
	if err != nil {
		return nil, err
	}
	if b, _ := pem.Decode(der); b != nil {
		der = b.Bytes
	}
	if k, err := x509.ParsePKCS1PrivateKey(der); err == nil {
		return k, nil
	}
	if k, err := x509.ParseECPrivateKey(der); err == nil {
		return k, nil
	}
	k, err := x509.ParsePKCS8PrivateKey(der)
	if err != nil {
		return nil, fmt.Errorf("%s: not a PKCS#1, SEC 1 or PKCS#8 private key (DER or PEM)", file)
	}
	if s, ok := k.(crypto.Signer); ok {
		switch k.(type) {
		case *rsa.PrivateKey, *ecdsa.PrivateKey:
			return s, nil
		}
	}
	return nil, fmt.Errorf("%s: a %T: NetX takes RSA and EC keys only", file, k)
}

// netxKey is the key as nx_secure_x509_certificate_initialize takes it, once
// it is known to belong to the certificate.
func netxKey(key crypto.Signer, certDER []byte) ([]byte, nx.UINT, error) {
	cert, _ := x509.ParseCertificate(certDER) // checked by readCertificates
	if pub, ok := key.Public().(interface{ Equal(crypto.PublicKey) bool }); !ok || !pub.Equal(cert.PublicKey) {
		return nil, 0, fmt.Errorf("the key does not belong to the certificate (%s)", cert.Subject.CommonName)
	}
	if k, ok := key.(*rsa.PrivateKey); ok {
		return x509.MarshalPKCS1PrivateKey(k), nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, nil
	}
	der, err := x509.MarshalECPrivateKey(key.(*ecdsa.PrivateKey))
	return der, nx.NX_SECURE_X509_KEY_TYPE_EC_DER, err
}

// eccGroup returns the curve method of a named group.
func eccGroup(name string) (*securedtls.CryptoMethod, bool) {
	i := slices.IndexFunc(securedtls.CryptoECCCurves, func(m *securedtls.CryptoMethod) bool { return m.Name == name })
	if i < 0 {
		return nil, false
	}
	return securedtls.CryptoECCCurves[i], true
}
