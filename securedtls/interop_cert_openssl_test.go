package securedtls_test

import (
	"bytes"
	"context"
	"io"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Certificate handshakes against OpenSSL's s_server and s_client
// (reference/tooling.md §2), for the RSA key transport pion lacks and for
// ECDHE. Skipped without openssl.

// opensslFor starts openssl with args for at most lifetime; halfway it
// types line on the program's stdin, at three quarters it closes stdin.
// The returned function waits for the end and gives everything openssl
// printed.
func opensslFor(t *testing.T, lifetime time.Duration, line string, args ...string) func() string {
	bin, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	ctx, cancel := context.WithTimeout(context.Background(), lifetime)
	cmd := exec.CommandContext(ctx, bin, args...)
	in, typing := io.Pipe()
	var out bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = in, &out, &out
	require.NoError(t, cmd.Start())
	go func() {
		time.Sleep(lifetime / 2)
		_, _ = io.WriteString(typing, line)
		time.Sleep(lifetime / 4)
		_ = typing.Close()
	}()
	return func() string {
		_ = cmd.Wait()
		cancel()
		return out.String()
	}
}

// opensslCertCase is one OpenSSL cipher with the emulated side's suite,
// the server identity and its CA.
type opensslCertCase struct {
	cipher   string
	suite    nx.USHORT
	identity string
	ca       string
}

// opensslCertCases are the suites tried both ways: RSA key transport,
// ECDHE_RSA, ECDHE_ECDSA.
var opensslCertCases = []opensslCertCase{
	{"AES256-SHA256", 0x003D, "rsa-server", "rsa-ca"},
	{"ECDHE-RSA-AES128-GCM-SHA256", 0xC02F, "rsa-server", "rsa-ca"},
	{"ECDHE-ECDSA-AES128-GCM-SHA256", 0xC02B, "ec-server", "ec-ca"},
}

// TestInteropCertClientAgainstOpenSSL: our client, openssl s_server with a
// certificate. NetX's client sends no signature_algorithms, so a TLS 1.2
// server must assume SHA-1 for the certificate's signatures, which OpenSSL 3
// refuses below security level 0 — even for RSA key transport ("no
// suitable signature algorithm"): s_server runs with @SECLEVEL=0, and signs
// its ECDHE parameters with SHA-1, which the client accepts.
func TestInteropCertClientAgainstOpenSSL(t *testing.T) {
	for _, c := range opensslCertCases {
		t.Run(c.cipher, func(t *testing.T) {
			e, lan := certWallWorld(t)
			port := freeUDPPort(t)
			clientIP := nx.IP_ADDRESS(192, 168, 1, 3)
			hostBridge(t, lan, clientIP, clientPort)
			wait := opensslFor(t, 4*time.Second, "hello from openssl\n", "s_server", "-dtls1_2", "-accept", "127.0.0.1:"+strconv.Itoa(port),
				"-cert", testcerts.Path(c.identity, "crt.pem"), "-key", testcerts.Path(c.identity, "key.pem"), "-cipher", c.cipher+":@SECLEVEL=0",
				"-naccept", "1", "-no_ticket", "-quiet")
			time.Sleep(300 * time.Millisecond)
			var (
				start      nx.Status = 0xFF
				fromServer []byte
				brd        board
			)
			wallDevice(e, lan.Driver, "client", clientIP, &brd, func() {
				var cl dtlsClient
				must(t, "session_create", securedtls.SessionCreate(&cl.s, table(t, c.suite), cl.meta[:], cl.reasm[:], 0, nil))
				addCerts(t, &cl.s, nil, []string{c.ca}, securedtls.SessionLocalCertificateAdd, securedtls.SessionTrustedCertificateAdd)
				groups := []nx.USHORT{23, 24, 25}
				must(t, "ecc_initialize", securedtls.ECCInitialize(&cl.s, groups, curvesFor(groups)))
				netx.UDPSocketCreate(&brd.ip, &brd.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
				netx.UDPSocketBind(&brd.socket, clientPort, nx.NX_WAIT_FOREVER)
				to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
				to.NxdIPAddress.V4 = hostAddress
				if start = securedtls.ClientSessionStart(&cl.s, &brd.socket, to, nx.UINT(port), 3*nx.NX_IP_PERIODIC_RATE); start == nx.NX_SUCCESS {
					must(t, "send", send(t, &cl.s, &brd.pool, []byte("hello from nxsim\n")))
					fromServer, _ = receive(&cl.s, 3*nx.NX_IP_PERIODIC_RATE)
				}
				securedtls.SessionEnd(&cl.s, nx.NX_IP_PERIODIC_RATE)
				cl.close(&brd)
			})
			require.NoError(t, e.RunFor(4*time.Second))
			said := wait()
			assert.Equal(t, nx.NX_SUCCESS, start, "openssl said:\n%s", said)
			assert.Equal(t, "hello from openssl\n", string(fromServer))
			assert.Contains(t, said, "hello from nxsim")
		})
	}
}

// TestInteropCertServerAgainstOpenSSL: openssl s_client, which verifies our
// chain against the CA (-verify_return_error), against our server. s_client needs
// -legacy_server_connect (no renegotiation_info in NetX's ServerHello).
func TestInteropCertServerAgainstOpenSSL(t *testing.T) {
	for _, c := range opensslCertCases {
		t.Run(c.cipher, func(t *testing.T) {
			e, lan := certWallWorld(t)
			b := hostBridge(t, lan, serverIP, serverPort)
			var start nx.Status = 0xFF
			var got []byte
			var brd board
			wallDevice(e, lan.Driver, "server", serverIP, &brd, func() {
				var d dtlsServer
				d.create(t, &brd, 1, table(t, c.suite))
				groups := []nx.USHORT{23, 24, 25}
				addCerts(t, &d.srv, []string{c.identity}, nil, securedtls.ServerLocalCertificateAdd, securedtls.ServerTrustedCertificateAdd)
				must(t, "server_ecc_initialize", securedtls.ServerECCInitialize(&d.srv, groups, curvesFor(groups)))
				if s := d.next(3 * nx.NX_IP_PERIODIC_RATE); s != nil {
					if start = securedtls.ServerSessionStart(s, 3*nx.NX_IP_PERIODIC_RATE); start == nx.NX_SUCCESS {
						var st nx.Status
						if got, st = receive(s, 3*nx.NX_IP_PERIODIC_RATE); st == nx.NX_SUCCESS {
							must(t, "send", send(t, s, &brd.pool, []byte("hello from nxsim\n")))
						}
					}
					securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE)
				}
				d.shutdown(t)
			})
			done := make(chan error, 1)
			go func() { done <- e.RunFor(4 * time.Second) }()
			time.Sleep(200 * time.Millisecond)
			said := opensslFor(t, 3*time.Second, "hello from openssl\n", "s_client", "-dtls1_2", "-connect", b.LocalAddr().String(),
				"-cipher", c.cipher, "-CAfile", testcerts.Path(c.ca, "crt.pem"), "-verify_return_error", "-legacy_server_connect", "-quiet")()
			require.NoError(t, <-done)
			assert.Equal(t, nx.NX_SUCCESS, start, "openssl said:\n%s", said)
			assert.Equal(t, "hello from openssl\n", string(got))
			assert.Contains(t, said, "hello from nxsim")
		})
	}
}
