package securedtls_test

import (
	"crypto/x509"
	"encoding/hex"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/require"
)

// Interop with GnuTLS's gnutls-serv and gnutls-cli (Debian gnutls-bin;
// .ci/run installs it), with certificates, both directions, for each suite
// of interopSuites. Skipped without the tools.

// gnutlsPriority allows DTLS 1.2 and exactly the suite: its key exchange,
// cipher and MAC, every signature algorithm (NetX sends no
// signature_algorithms, which means SHA-1 for the server's signature) and
// every group.
func gnutlsPriority(s certSuite) string {
	return "NONE:+VERS-DTLS1.2:" + s.gnutls + ":+COMP-NULL:+SIGN-ALL:+GROUP-ALL"
}

// commonName is the subject common name of the named test certificate.
func commonName(t *testing.T, name string) string {
	c, err := x509.ParseCertificate(testcerts.Get(name).CertDER)
	require.NoError(t, err)
	return c.Subject.CommonName
}

// TestInteropCertClientAgainstGnuTLS: our client, gnutls-serv --echo with
// the suite's certificate (no client certificate requested); the client
// verifies the chain and gets its line echoed.
func TestInteropCertClientAgainstGnuTLS(t *testing.T) {
	serv := needTool(t, "gnutls-serv")
	forInteropSuites(t, func(t *testing.T, s certSuite) {
		clientAgainst(t, s.deviceMode(), serv, func(port int) []string {
			return gnutlsServer(port, gnutlsPriority(s),
				"--x509certfile", testcerts.Path(s.cert, "crt.pem"), "--x509keyfile", testcerts.Path(s.cert, "key.pem"))
		}, "").check(t, "hello from nxsim\n", "")
	})
}

// TestInteropCertServerAgainstGnuTLS: gnutls-cli verifying our server's
// certificate against the CA and its common name, our server answering
// its line.
func TestInteropCertServerAgainstGnuTLS(t *testing.T) {
	cli := needTool(t, "gnutls-cli")
	forInteropSuites(t, func(t *testing.T, s certSuite) {
		serverAgainst(t, s.deviceMode(), cli, func(port int) []string {
			return gnutlsClient(port, gnutlsPriority(s),
				"--x509cafile", testcerts.Path(s.ca, "crt.pem"), "--verify-hostname", commonName(t, s.cert))
		}, "hello from gnutls\n").check(t, "hello from gnutls\n", "hello from nxsim")
	})
}

// gnutlsServer is gnutls-serv's command line: DTLS on port, echoing, no
// client certificate requested, MTU 1200, priority, then more.
func gnutlsServer(port int, priority string, more ...string) []string {
	return append([]string{"--udp", "--port", strconv.Itoa(port), "--echo", "--disable-client-cert", "--mtu", "1200",
		"--priority", priority}, more...)
}

// gnutlsClient is gnutls-cli's command line to 127.0.0.1:port.
func gnutlsClient(port int, priority string, more ...string) []string {
	return append(append([]string{"--udp", "--port", strconv.Itoa(port), "--mtu", "1200", "--priority", priority}, more...), "127.0.0.1")
}

// TestInteropPSKAgainstGnuTLS runs the same exchanges with
// PSK-AES128-CCM8 (the PSK and identity of the regression tests), both
// directions: GnuTLS against the PSK engine, and a check of the interop
// harness that needs no certificate handshake.
func TestInteropPSKAgainstGnuTLS(t *testing.T) {
	serv, cli := needTool(t, "gnutls-serv"), needTool(t, "gnutls-cli")
	m := mode{serverSuites: []nx.USHORT{0xC0A8}, clientSuites: []nx.USHORT{0xC0A8}}
	prio := gnutlsPriority(certSuite{gnutls: "+PSK:+AES-128-CCM-8:+AEAD"})
	key := hex.EncodeToString(psk)
	keys := filepath.Join(t.TempDir(), "psk")
	require.NoError(t, os.WriteFile(keys, []byte(string(pskID)+":"+key+"\n"), 0o600))
	t.Run("client", func(t *testing.T) {
		clientAgainst(t, m, serv, func(port int) []string {
			return gnutlsServer(port, prio, "--pskpasswd", keys, "--pskhint", string(pskHint))
		}, "").check(t, "hello from nxsim\n", "")
	})
	t.Run("server", func(t *testing.T) {
		serverAgainst(t, m, cli, func(port int) []string {
			return gnutlsClient(port, prio, "--pskusername", string(pskID), "--pskkey", key)
		}, "hello from gnutls\n").check(t, "hello from gnutls\n", "hello from nxsim")
	})
}

// TestInteropClientCertificates: client certificates with both tools, both
// directions, on ECDHE_ECDSA_WITH_AES_128_GCM_SHA256. The server asks for
// and verifies the client's certificate against the CA: openssl s_server
// -Verify and gnutls-serv --require-client-cert against our client with
// the ec-client identity; s_client -cert and gnutls-cli --x509certfile
// against our server with server_x509_client_verify_configure and ec-ca
// trusted.
func TestInteropClientCertificates(t *testing.T) {
	s := certSuite{id: 0xC02B, openssl: "ECDHE-ECDSA-AES128-GCM-SHA256", gnutls: "+ECDHE-ECDSA:+AES-128-GCM:+AEAD",
		cert: "ec-server", ca: "ec-ca", ecc: true}
	m := s.deviceMode()
	m.clientCert, m.verifyClient, m.serverTrusts = "ec-client", true, []string{"ec-ca"}
	client, key, ca := testcerts.Path("ec-client", "crt.pem"), testcerts.Path("ec-client", "key.pem"), testcerts.Path(s.ca, "crt.pem")
	serverCert, serverKey := testcerts.Path(s.cert, "crt.pem"), testcerts.Path(s.cert, "key.pem")
	rows := []struct {
		name   string
		tool   string
		ours   string // "client" or "server"
		args   func(port int) []string
		line   string
		want   string
		output string
	}{
		{"openssl s_server -Verify, our client", "openssl", "client", func(port int) []string {
			return []string{"s_server", "-dtls1_2", "-accept", "127.0.0.1:" + strconv.Itoa(port), "-mtu", "1200",
				"-cert", serverCert, "-key", serverKey, "-Verify", "1", "-CAfile", ca, "-verify_return_error",
				"-cipher", opensslCipher(s), "-naccept", "1", "-no_ticket", "-quiet"}
		}, "hello from openssl\n", "hello from openssl\n", "hello from nxsim"},
		{"openssl s_client -cert, our server", "openssl", "server", func(port int) []string {
			return []string{"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + strconv.Itoa(port), "-mtu", "1200",
				"-cert", client, "-key", key, "-CAfile", ca, "-verify_return_error", "-cipher", opensslCipher(s),
				"-legacy_server_connect", "-quiet"}
		}, "hello from openssl\n", "hello from openssl\n", "hello from nxsim"},
		{"gnutls-serv --require-client-cert, our client", "gnutls-serv", "client", func(port int) []string {
			return replace(gnutlsServer(port, gnutlsPriority(s), "--x509certfile", serverCert, "--x509keyfile", serverKey,
				"--x509cafile", ca), "--disable-client-cert", "--require-client-cert")
		}, "", "hello from nxsim\n", ""},
		{"gnutls-cli --x509certfile, our server", "gnutls-cli", "server", func(port int) []string {
			return gnutlsClient(port, gnutlsPriority(s), "--x509cafile", ca, "--verify-hostname", commonName(t, s.cert),
				"--x509certfile", client, "--x509keyfile", key)
		}, "hello from gnutls\n", "hello from gnutls\n", "hello from nxsim"},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			tool := needTool(t, row.tool)
			run := clientAgainst
			if row.ours == "server" {
				run = serverAgainst
			}
			run(t, m, tool, row.args, row.line).check(t, row.want, row.output)
		})
	}
}

// replace returns args with every from replaced by to.
func replace(args []string, from, to string) []string {
	out := append([]string(nil), args...)
	for i, a := range out {
		if a == from {
			out[i] = to
		}
	}
	return out
}
