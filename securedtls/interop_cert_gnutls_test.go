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
