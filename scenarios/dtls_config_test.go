package scenarios

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
)

// dtlsBase is an ECDHE-ECDSA server that verifies client certificates and
// its client, both identities issued by the CA both trust; each case of the
// tests below changes one line.
const dtlsBase = `name: dtls-config
seed: 1
duration: 10s
segments:
  - {name: lan, latency: 100us}
devices:
  - name: server
    segment: lan
    address: 10.0.0.1
    application: {name: dtls-server, params: {suites: [0xC02B]}}
    dtls:
      certificate: certs/ec-server.crt.pem
      key: certs/ec-server.key.pem
      trusted: [certs/ec-ca.crt.pem]
      client_verify: true
      ecc_groups: [secp256r1, secp384r1]
  - name: client
    segment: lan
    address: 10.0.0.2
    application: {name: dtls-client, params: {to: server, suites: [0xC02B], messages: 1}}
    dtls:
      certificate: certs/ec-client.crt.pem
      key: certs/ec-client.pkcs8.pem
      trusted: certs/ec-ca.crt.pem
expect:
  - handshake: {device: client, done: true}
`

// The dtls section's mistakes are errors at the line of their key, naming
// the file.
func TestDTLSSectionErrors(t *testing.T) {
	for _, c := range []struct {
		name     string
		old, new string
		line     int
		key      string
		want     string
	}{
		{"missing file", "certs/ec-server.crt.pem", "certs/nothing.pem", 12, "devices[0].dtls.certificate", "certs/nothing.pem: no such file"},
		{"not a certificate", "certs/ec-server.crt.pem", "certs/ec-server.key.pem", 12, "devices[0].dtls.certificate", "no PEM CERTIFICATE block"},
		{"not a key", "certs/ec-server.key.pem", "certs/ec-server.crt.pem", 13, "devices[0].dtls.key", "not a PKCS#1, SEC 1 or PKCS#8 private key"},
		{"someone else's key", "certs/ec-server.key.pem", "certs/ec-client.key.pem", 13, "devices[0].dtls.key", "does not belong to the certificate"},
		{"a certificate without its key", "      key: certs/ec-server.key.pem\n", "", 11, "devices[0].dtls", "certificate and key together"},
		{"a bad trusted file", "trusted: [certs/ec-ca.crt.pem]", "trusted: [certs/ec-ca.crt.pem, certs/none.pem]", 14, "devices[0].dtls.trusted[1]", "certs/none.pem"},
		{"an unknown group", "secp384r1]", "x25519]", 16, "devices[0].dtls.ecc_groups[1]", `no group "x25519"`},
		{"an unknown table", "      client_verify: true", "      crypto_table: nx_crypto_tls_everything", 15, "devices[0].dtls.crypto_table", "known: nx_crypto_tls_ciphers,"},
		{"suites and a table", "      client_verify: true", "      crypto_table: nx_crypto_tls_ciphers", 15, "devices[0].dtls.crypto_table", "not both"},
		{"a device file", "certs/ec-server.crt.pem", "/dev/zero", 12, "devices[0].dtls.certificate", "/dev/zero: not a regular file"},
		{"a client verifying clients", "      trusted: certs/ec-ca.crt.pem", "      trusted: certs/ec-ca.crt.pem\n      client_verify: true", 25, "devices[1].dtls.client_verify", "client is a client"},
		{"an unknown version", "      client_verify: true", "      version: 1.1", 15, "devices[0].dtls.version", `a DTLS version, 1.0 or 1.2, got "1.1"`},
		{"a TLS version", "      trusted: certs/ec-ca.crt.pem", "      trusted: certs/ec-ca.crt.pem\n      version: TLS 1.2", 25, "devices[1].dtls.version", `1.0 or 1.2, got "TLS 1.2"`},
		{"a bad TLS 1.1 switch", "    dtls:\n      certificate: certs/ec-server", "    config: {disable_tls_1_1: maybe}\n    dtls:\n      certificate: certs/ec-server", 11, "devices[0].config.disable_tls_1_1", `want true or false, got "maybe"`},
		{"too many remote certificates", "      client_verify: true", "      remote_certificates: 17", 15, "devices[0].dtls.remote_certificates", "from 1 to 16"},
	} {
		t.Run(c.name, func(t *testing.T) {
			require.Contains(t, dtlsBase, c.old)
			_, err := Parse("dtls.yaml", []byte(strings.Replace(dtlsBase, c.old, c.new, 1)))
			require.Error(t, err)
			assert.Contains(t, err.Error(), "dtls.yaml:"+strconv.Itoa(c.line)+": "+c.key+": ")
			assert.Contains(t, err.Error(), c.want)
		})
	}
}

// The files are read as NetX takes them: the certificate's DER, the key as
// PKCS#1 or SEC 1 DER whatever form the file has (PKCS#8 included), paths
// relative to the scenario file.
func TestDTLSSectionReadsCertificatesAndKeys(t *testing.T) {
	dir := t.TempDir()
	for _, f := range []string{"ec-client.crt.pem", "ec-client.pkcs8.pem", "ec-ca.crt.pem", "rsa-server.crt.der", "rsa-server.key.der"} {
		data, err := os.ReadFile(filepath.Join("certs", f))
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
	}
	text := strings.NewReplacer("certs/ec-server.crt.pem", "rsa-server.crt.der", "certs/ec-server.key.pem", "rsa-server.key.der",
		"certs/", "").Replace(dtlsBase)
	sc, err := Parse(filepath.Join(dir, "x.yaml"), []byte(text))
	require.NoError(t, err)
	server, client := sc.Devices[0].DTLS, sc.Devices[1].DTLS
	rsa, ec, ca := testcerts.Get("rsa-server"), testcerts.Get("ec-client"), testcerts.Get("ec-ca")
	assert.Equal(t, [][]byte{rsa.CertDER}, server.identity, "DER certificate")
	assert.Equal(t, rsa.KeyDER, server.key, "DER PKCS#1 key")
	assert.Equal(t, nx.UINT(nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER), server.keyType)
	assert.Equal(t, [][]byte{ec.CertDER}, client.identity, "PEM certificate")
	assert.Equal(t, ec.KeyDER, client.key, "PKCS#8 PEM key as SEC 1 DER")
	assert.Equal(t, nx.UINT(nx.NX_SECURE_X509_KEY_TYPE_EC_DER), client.keyType)
	assert.Equal(t, [][]byte{ca.CertDER}, client.trusted)
}

// A run installs the dtls section with NetX's services, each returning
// NX_SUCCESS, and the mutually authenticated handshake succeeds; the client,
// which names no groups, gets all three for its ECC suite.
func TestDTLSSectionIsInstalled(t *testing.T) {
	sc, err := Parse("dtls.yaml", []byte(dtlsBase))
	require.NoError(t, err)
	res, err := Run(sc, Options{Out: t.TempDir()})
	require.NoError(t, err)
	require.True(t, res.Passed(), "%v %v", res.Failures, res.Expectations)
	for name, want := range map[string]uint64{
		"server.call.nx_secure_x509_certificate_initialize.NX_SUCCESS":              2,
		"server.call.nx_secure_dtls_server_local_certificate_add.NX_SUCCESS":        1,
		"server.call.nx_secure_dtls_server_trusted_certificate_add.NX_SUCCESS":      1,
		"server.call.nx_secure_dtls_server_x509_client_verify_configure.NX_SUCCESS": 1,
		"server.call.nx_secure_dtls_server_ecc_initialize.NX_SUCCESS":               1,
		"client.call.nx_secure_dtls_session_local_certificate_add.NX_SUCCESS":       1,
		"client.call.nx_secure_dtls_session_trusted_certificate_add.NX_SUCCESS":     1,
		"client.call.nx_secure_dtls_session_create.NX_SUCCESS":                      1,
		"client.call.nx_secure_dtls_ecc_initialize.NX_SUCCESS":                      1,
		"server.app.handshakes.NX_SUCCESS":                                          1,
	} {
		assert.Equal(t, want, res.Counters[name], name)
	}
}

// The scenarios' certificates are copies of internal/testcerts (the PKCS#8
// files the same keys), so that they are made by one command and cannot
// drift.
func TestScenarioCertificatesAreTheTestCertificates(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("certs", "*.*.*"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		name := filepath.Base(file)
		stem, ext, _ := strings.Cut(name, ".")
		if ext == "pkcs8.pem" {
			key, err := readPrivateKey(file)
			require.NoError(t, err, name)
			der, _, err := netxKey(key, testcerts.Get(stem).CertDER)
			require.NoError(t, err, name)
			assert.Equal(t, testcerts.Get(stem).KeyDER, der, name)
			continue
		}
		want, err := os.ReadFile(testcerts.Path(stem, ext))
		require.NoError(t, err, name)
		got, err := os.ReadFile(file)
		require.NoError(t, err, name)
		assert.Equal(t, want, got, name)
	}
}
