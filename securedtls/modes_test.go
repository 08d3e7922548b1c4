package securedtls_test

import (
	"fmt"
	"testing"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// mode is how the two ends of a ported C test authenticate: the PSK
// variant the ports were first written as, or the certificates of the C
// test itself. Certificate modes add the PSK too, as the C tests do in
// their PSK-enabled build (nx_secure_dtls_basic_test.c's client_dtls_setup
// and server_dtls_setup); the table decides which suite wins.
type mode struct {
	name         string
	serverSuites []nx.USHORT
	clientSuites []nx.USHORT
	serverCert   string      // the server's identity (internal/testcerts), "" for none
	clientTrusts string      // the CA the client trusts, "" for none
	clientCert   string      // the client's identity, "" for none
	serverTrusts []string    // the CAs the server trusts for client certificates (ids 2, 3, ...)
	noPSK        bool        // the C ECC tests add no PSK
	verifyClient bool        // server_x509_client_verify_configure
	serverGroups []nx.USHORT // server_ecc_initialize's groups, nil: not called
	clientGroups []nx.USHORT // ecc_initialize's groups, nil: not called
	suite        nx.USHORT   // the suite the handshake negotiates
	clientPort   nx.UINT     // the client's bound port (0: NX_ANY_PORT)
	serverPacket nx.ULONG    // the server pool's packet payload (0: the fixture's 1536)
	ipFragment   bool        // nx_ip_fragment_enable on both devices
	ipv6         bool        // exchange runs over IPv6 (link-local addresses)
	certBuffer   int         // the client's remote-certificate buffer (0: certBufferSize)
}

var (
	// pskMode is the PSK variant of every port: {0x00AE} on both sides.
	pskMode = mode{name: "psk", serverSuites: pskSuites, clientSuites: pskSuites, suite: 0x00AE}
	// rsaMode is the C tests' own setup: the regression table on both sides,
	// the RSA device certificate on the server, its CA trusted by the
	// client; 0x003D is negotiated (netx-observed.md §3).
	rsaMode = mode{name: "rsa", serverSuites: securedtls.CryptoTLSCiphersRegression.Suites(),
		clientSuites: securedtls.CryptoTLSCiphersRegression.Suites(), serverCert: "rsa-server", clientTrusts: "rsa-ca", suite: 0x003D}
)

// forModes runs a port in PSK mode and in the C test's RSA mode.
func forModes(t *testing.T, port func(t *testing.T, m mode)) {
	for _, m := range []mode{pskMode, rsaMode} {
		t.Run(m.name, func(t *testing.T) { port(t, m) })
	}
}

// certBufferSize is a remote-certificate slot of the C tests
// (CERT_BUFFER_SIZE: 2048 bytes plus the NX_SECURE_X509_CERT).
const certBufferSize = 2048 + 304

// certificate initializes the named test certificate, with its private key
// when withKey is set.
func certificate(t testing.TB, name string, withKey bool) *securedtls.X509Cert {
	id := testcerts.Get(name)
	var key []byte
	kt := nx.UINT(nx.NX_SECURE_X509_KEY_TYPE_NONE)
	if withKey {
		key, kt = id.KeyDER, id.KeyType
	}
	cert := new(securedtls.X509Cert)
	must(t, "x509_certificate_initialize "+name, securedtls.X509CertificateInitialize(cert, id.CertDER, nil, key, kt))
	return cert
}

// curves returns the curve methods of NetX's table for groups, in order.
func curves(groups []nx.USHORT) []*securedtls.CryptoMethod {
	out := make([]*securedtls.CryptoMethod, len(groups))
	for i, g := range groups {
		for _, c := range securedtls.CryptoECCCurves {
			if c.NxCryptoAlgorithm&0xFFFF == nx.UINT(g) {
				out[i] = c
			}
		}
		if out[i] == nil {
			out[i] = &securedtls.CryptoMethod{NxCryptoAlgorithm: 0x00050000 | nx.UINT(g), Name: fmt.Sprintf("group %d", g)}
		}
	}
	return out
}

// createIn makes and starts the server of mode m on b with n sessions.
func (d *dtlsServer) createIn(t testing.TB, b *board, n int, m mode) {
	d.build(t, b, n, table(t, m.serverSuites...), m)
}

// build is the server's setup: server_create, notify_set, the PSK, the
// mode's certificates and groups, server_start.
func (d *dtlsServer) build(t testing.TB, b *board, n int, tab *securedtls.CryptoTable, m mode) {
	d.sessions = make([]securedtls.Session, n)
	d.meta, d.reasm = make([]byte, n*metaPerSess), make([]byte, n*reasmPerSes)
	rtos.SemaphoreCreate(&d.sem, "connect", 0)
	must(t, "server_create", securedtls.ServerCreate(&d.srv, &b.ip, serverPort, nx.NX_IP_PERIODIC_RATE, d.sessions, tab, d.meta, d.reasm,
		func(s *securedtls.Session, _ *nx.NXDAddress, _ nx.UINT) nx.Status {
			d.connected = append(d.connected, s)
			rtos.SemaphorePut(&d.sem)
			return nx.NX_SUCCESS
		},
		func(*securedtls.Session) nx.Status { d.receives++; return nx.NX_SUCCESS }))
	must(t, "server_notify_set", securedtls.ServerNotifySet(&d.srv, nil, func(_ *securedtls.Session, code nx.UINT) nx.Status {
		d.errors = append(d.errors, code)
		return nx.NX_SUCCESS
	}))
	srv := &d.srv
	steps(t,
		step{!m.noPSK, "server_psk_add", func() nx.Status { return securedtls.ServerPSKAdd(srv, psk, pskID, pskHint) }},
		step{m.serverGroups != nil, "server_ecc_initialize", func() nx.Status {
			return securedtls.ServerECCInitialize(srv, m.serverGroups, curves(m.serverGroups))
		}},
		step{m.serverCert != "", "server_local_certificate_add", func() nx.Status {
			return securedtls.ServerLocalCertificateAdd(srv, certificate(t, m.serverCert, true), 1)
		}},
		// Two certificates per session, as nx_secure_dtls_ecc_client_cert_test.c.
		step{m.verifyClient, "server_x509_client_verify_configure", func() nx.Status {
			return securedtls.ServerX509ClientVerifyConfigure(srv, 2, make([]byte, n*2*certBufferSize))
		}})
	for i, ca := range m.serverTrusts {
		must(t, "server_trusted_certificate_add", securedtls.ServerTrustedCertificateAdd(srv, certificate(t, ca, false), nx.UINT(2+i)))
	}
	must(t, "server_start", securedtls.ServerStart(&d.srv))
}

// echoResult is what one connection of exchange saw.
type echoResult struct {
	client, server       nx.Status // the two session_start calls
	delivered            bool      // the client's 64 bytes reached the server intact
	clientEnd, serverEnd nx.Status
	suite                nx.USHORT // the suite the client's session negotiated (0: none)
	serverAlert          [2]nx.UINT
	clientNotes          []string // the services of the client device's rehearsal notes
}

// succeeded asserts a complete exchange: both starts 0x00 on suite, the 64
// bytes delivered, both session_end calls 0x00.
func (r echoResult) succeeded(t *testing.T, suite nx.USHORT) {
	t.Helper()
	assert.Equal(t, nx.NX_SUCCESS, r.client, "client_session_start")
	assert.Equal(t, nx.NX_SUCCESS, r.server, "server_session_start")
	assert.Equal(t, suite, r.suite, "the suite negotiated")
	assert.True(t, r.delivered, "the 64 bytes arrive")
	assert.Equal(t, nx.NX_SUCCESS, r.clientEnd, "client session_end")
	assert.Equal(t, nx.NX_SUCCESS, r.serverEnd, "server session_end")
}

// The addresses of exchange over IPv6.
var (
	serverIPv6 = v6Addr(0xfe800000, 0, 0, 2)
	clientIPv6 = v6Addr(0xfe800000, 0, 0, 3)
)

// exchange runs one connection in mode m as the C certificate tests do:
// both starts (5 s), the client's 64 bytes to the server, then
// session_end(1 s) on both sides (after a failed handshake too), server
// stop and delete. Each of setup is called with the world before it runs
// (key logs, captures, rules).
func exchange(t *testing.T, m mode, seed uint64, setup ...func(w *world)) echoResult {
	w := newWorld(t, seed)
	r := echoResult{client: 0xFF, server: 0xFF, clientEnd: 0xFF, serverEnd: 0xFF}
	request := make([]byte, 64)
	for i := range request {
		request[i] = byte(i)
	}
	w.addSized("server", serverIP, 7, m.serverPacket, func(b *board) {
		m.prepare(t, b, serverIPv6)
		var d dtlsServer
		d.createIn(t, b, 1, m)
		s := d.next(nx.NX_WAIT_FOREVER)
		r.server = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
		r.serverAlert = receivedAlert(s)
		if r.server == nx.NX_SUCCESS {
			got, _ := receive(s, 5*nx.NX_IP_PERIODIC_RATE)
			r.delivered = string(got) == string(request)
		}
		r.serverEnd = securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		m.prepare(t, b, clientIPv6)
		var c dtlsClient
		c.createIn(t, b, m)
		to := serverAddr()
		if m.ipv6 {
			to = serverIPv6
		}
		r.client = securedtls.ClientSessionStart(&c.s, &b.socket, to, serverPort, 5*nx.NX_IP_PERIODIC_RATE)
		for _, n := range securedtls.Notes(b.kernel) {
			r.clientNotes = append(r.clientNotes, n.Service)
		}
		r.suite = c.s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite
		if r.client == nx.NX_SUCCESS {
			must(t, "client send", send(t, &c.s, &b.pool, request))
		}
		r.clientEnd = securedtls.SessionEnd(&c.s, nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	for _, f := range setup {
		f(w)
	}
	w.run(exchangeLimit)
	return r
}
