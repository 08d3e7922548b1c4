package securedtls_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"net"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	piondtls "github.com/pion/dtls/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Certificate handshakes against pion/dtls's Conn, in process, over the
// sim's bridge in wall-clock mode. pion has no RSA key-transport suites, so
// these are the ECDHE suites both stacks run.

// certWallWorld is a wall-clock engine on the host profile: on the MCU
// profile one RSA-2048 private-key operation (the ECDHE_RSA
// ServerKeyExchange signature) costs seconds of CPU, which wall-clock mode
// spends in real time.
func certWallWorld(t *testing.T) (*rtos.Engine, *sim.Segment) {
	e := rtos.NewEngine(13, rtos.WithWallClock(), rtos.WithProfile(rtos.ProfileHost))
	t.Cleanup(e.Close)
	return e, sim.NewNetwork(e).Segment("lan")
}

// hostBridge bridges the host (pion) to target:port on lan until the test
// ends.
func hostBridge(t *testing.T, lan *sim.Segment, target nx.ULONG, port nx.UINT) *sim.Bridge {
	b, err := lan.Bridge("host", hostAddress, target, port, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return b
}

// pionCertCase is one suite with the identity the server uses and the CA
// that issued it; with a client identity (from the same CA) the server
// requires and verifies client certificates.
type pionCertCase struct {
	suite      piondtls.CipherSuiteID
	identity   string
	ca         string
	name       string // the identity's DNS name, which pion checks
	clientCert string
}

var pionCertCases = []pionCertCase{
	{piondtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ec-server", "ec-ca", "ecserver.nxsim.test", ""},
	{piondtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "rsa-server", "rsa-ca", "server.nxsim.test", ""},
	{piondtls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, "ec-server", "ec-ca", "ecserver.nxsim.test", ""},
	{piondtls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA, "rsa-server", "rsa-ca", "server.nxsim.test", ""},
	{piondtls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, "ec-server", "ec-ca", "ecserver.nxsim.test", "ec-client"},
	{piondtls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256, "rsa-server", "rsa-ca", "server.nxsim.test", "rsa-client"},
}

// testName names the case's subtest.
func (c pionCertCase) testName() string {
	if c.clientCert != "" {
		return c.suite.String() + " with client certificate"
	}
	return c.suite.String()
}

// pionConfig is pion's side: as server it holds the identity (and, with a
// client identity, requires a client certificate from the CA), as client
// it trusts the CA, checks the name and holds the client identity if any.
func (c pionCertCase) pionConfig(t *testing.T, server bool) *piondtls.Config {
	roots := x509.NewCertPool()
	caCert, err := x509.ParseCertificate(testcerts.Get(c.ca).CertDER)
	require.NoError(t, err)
	roots.AddCert(caCert)
	cfg := &piondtls.Config{RootCAs: roots, ClientCAs: roots, ServerName: c.name, CipherSuites: []piondtls.CipherSuiteID{c.suite}}
	identity := c.clientCert
	if server {
		identity = c.identity
		if c.clientCert != "" {
			cfg.ClientAuth = piondtls.RequireAndVerifyClientCert
		}
	}
	if identity != "" {
		id := testcerts.Get(identity)
		key, err := x509.ParsePKCS8PrivateKey(pkcs8(t, id))
		require.NoError(t, err)
		cfg.Certificates = []tls.Certificate{{Certificate: [][]byte{id.CertDER}, PrivateKey: key}}
	}
	return cfg
}

// pkcs8 re-encodes a test identity's key as PKCS#8.
func pkcs8(t *testing.T, id testcerts.Identity) []byte {
	var key any
	var err error
	if id.KeyType == nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER {
		key, err = x509.ParsePKCS1PrivateKey(id.KeyDER)
	} else {
		key, err = x509.ParseECPrivateKey(id.KeyDER)
	}
	require.NoError(t, err)
	der, err := x509.MarshalPKCS8PrivateKey(key)
	require.NoError(t, err)
	return der
}

// nxsimCerts gives an emulated session or server its side: the identity
// (server; then client verification when the case has a client identity)
// or the trusted CA and the client identity if any (client), and the
// regression groups.
func (c pionCertCase) nxsimCerts(t *testing.T, server *securedtls.Server, session *securedtls.Session) {
	groups := []nx.USHORT{23, 24, 25}
	var clientLocal []string
	if c.clientCert != "" {
		clientLocal = []string{c.clientCert}
	}
	if server != nil {
		addCerts(t, server, []string{c.identity}, []string{c.ca}, securedtls.ServerLocalCertificateAdd, securedtls.ServerTrustedCertificateAdd)
		must(t, "server_ecc_initialize", securedtls.ServerECCInitialize(server, groups, curvesFor(groups)))
		if c.clientCert != "" {
			must(t, "server_x509_client_verify_configure", securedtls.ServerX509ClientVerifyConfigure(server, 2, make([]byte, 8000)))
		}
		return
	}
	addCerts(t, session, clientLocal, []string{c.ca}, securedtls.SessionLocalCertificateAdd, securedtls.SessionTrustedCertificateAdd)
	must(t, "ecc_initialize", securedtls.ECCInitialize(session, groups, curvesFor(groups)))
}

// TestInteropCertClientAgainstPion: our client, pion's server Conn with a
// certificate; handshake and 64 bytes each way.
func TestInteropCertClientAgainstPion(t *testing.T) {
	for _, c := range pionCertCases {
		t.Run(c.testName(), func(t *testing.T) {
			e, lan := certWallWorld(t)
			l, err := piondtls.Listen("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, c.pionConfig(t, true))
			require.NoError(t, err)
			defer func() { _ = l.Close() }()
			clientIP := nx.IP_ADDRESS(192, 168, 1, 3)
			hostBridge(t, lan, clientIP, clientPort)
			pionGot := make(chan []byte, 1)
			go func() {
				var got []byte
				defer func() { pionGot <- got }()
				conn, err := l.Accept()
				if err != nil {
					return
				}
				defer func() { _ = conn.Close() }()
				buf := make([]byte, 1500)
				_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
				if n, err := conn.Read(buf); err == nil {
					got = buf[:n]
					_, _ = conn.Write(got)
				}
			}()
			var start nx.Status = 0xFF
			var echoed []byte
			msg := []byte("nxsim client, pion server, certificates: 64 bytes of application data!!")[:64]
			var brd board
			wallDevice(e, lan.Driver, "client", clientIP, &brd, func() {
				var cl dtlsClient
				must(t, "session_create", securedtls.SessionCreate(&cl.s, table(t, nx.USHORT(c.suite)), cl.meta[:], cl.reasm[:], 0, nil))
				c.nxsimCerts(t, nil, &cl.s)
				netx.UDPSocketCreate(&brd.ip, &brd.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
				netx.UDPSocketBind(&brd.socket, clientPort, nx.NX_WAIT_FOREVER)
				to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
				to.NxdIPAddress.V4 = hostAddress
				start = securedtls.ClientSessionStart(&cl.s, &brd.socket, to, nx.UINT(l.Addr().(*net.UDPAddr).Port), 3*nx.NX_IP_PERIODIC_RATE)
				if start == nx.NX_SUCCESS && send(t, &cl.s, &brd.pool, msg) == nx.NX_SUCCESS {
					echoed, _ = receive(&cl.s, 3*nx.NX_IP_PERIODIC_RATE)
				}
				securedtls.SessionEnd(&cl.s, nx.NX_NO_WAIT)
				cl.close(&brd)
			})
			require.NoError(t, e.RunFor(2*time.Second))
			assert.Equal(t, nx.NX_SUCCESS, start, "client_session_start")
			assert.Equal(t, msg, <-pionGot, "what pion's server read")
			assert.Equal(t, msg, echoed, "what pion's server sent back")
		})
	}
}

// TestInteropCertServerAgainstPion: pion's client Conn, which verifies our
// server's certificate chain and name, against our server.
func TestInteropCertServerAgainstPion(t *testing.T) {
	for _, c := range pionCertCases {
		t.Run(c.testName(), func(t *testing.T) {
			e, lan := certWallWorld(t)
			bridge := hostBridge(t, lan, serverIP, serverPort)
			var start nx.Status = 0xFF
			var brd board
			wallDevice(e, lan.Driver, "server", serverIP, &brd, func() {
				var d dtlsServer
				d.create(t, &brd, 1, table(t, nx.USHORT(c.suite)))
				c.nxsimCerts(t, &d.srv, nil)
				if s := d.next(3 * nx.NX_IP_PERIODIC_RATE); s != nil {
					start = securedtls.ServerSessionStart(s, 3*nx.NX_IP_PERIODIC_RATE)
					if data, st := receive(s, 3*nx.NX_IP_PERIODIC_RATE); st == nx.NX_SUCCESS {
						must(t, "send", send(t, s, &brd.pool, data))
					}
					rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 2)
					securedtls.SessionEnd(s, nx.NX_NO_WAIT)
				}
				d.shutdown(t)
			})
			done := make(chan error, 1)
			go func() { done <- e.RunFor(2 * time.Second) }()
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			msg := []byte("pion client, nxsim server, certificates: 64 bytes of application data")[:64]
			var echoed []byte
			if conn, err := piondtls.DialWithContext(ctx, "udp", bridge.LocalAddr(), c.pionConfig(t, false)); assert.NoError(t, err) {
				echoed = roundTrip(t, conn, msg)
			}
			require.NoError(t, <-done)
			assert.Equal(t, nx.NX_SUCCESS, start)
			assert.Equal(t, msg, echoed)
		})
	}
}

// roundTrip writes msg on conn, returns what comes back within two
// seconds, and closes conn.
func roundTrip(t *testing.T, conn net.Conn, msg []byte) []byte {
	defer func() { _ = conn.Close() }()
	if _, err := conn.Write(msg); !assert.NoError(t, err) {
		return nil
	}
	_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
	buf := make([]byte, 1500)
	n, err := conn.Read(buf)
	assert.NoError(t, err)
	return buf[:n]
}
