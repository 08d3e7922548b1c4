package securedtls_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
)

// countRule counts the datagrams that match m and lets every one through
// (it would act on the billionth only).
func countRule(name string, m sim.Match) *sim.Rule {
	return &sim.Rule{Name: name, Match: m, Nth: 1 << 30, Action: sim.DropIt()}
}

// Slow crypto changes the protocol (DESIGN.md, "CPU time"). An ECDHE-ECDSA
// handshake between two boards of one profile: on the Cortex-M0+ at 48 MHz
// it takes seconds of virtual time, and the work outlasts the 1 s
// retransmission timers. NetX's server sends each message of its flight as
// soon as it is built (nx_secure_dtls_server_handshake.c: ServerHello and
// Certificate at once, then the ECDHE key pair and signature inside
// _nx_secure_tls_send_server_key_exchange, 4.3 s), so the ServerHello
// reaches the client at once and the ClientHello is never re-sent. Then:
//   - the client checks the certificate and the signature and makes its key
//     pair and the shared secret (8.5 s after the ServerKeyExchange): the
//     server re-sends its flight after 1, 2 and 4 s;
//   - the server computes the shared secret from the ClientKeyExchange
//     (2.0 s): the client re-sends its flight after 1 s, and the server sees
//     the ClientKeyExchange a second time.
//
// On the default Cortex-M4 the client's 1.4 s outlasts the server's timer
// once and the server's 0.34 s fits in the client's.
func TestSlowMCUCryptoOutlastsTheRetransmissionTimers(t *testing.T) {
	for _, c := range []struct {
		profile                                              *rtos.Profile
		clientHellos, serverKeyExchanges, clientKeyExchanges uint64
		minTook, maxTook                                     time.Duration
	}{
		{rtos.ProfileM0Plus, 2, 4, 2, 12 * time.Second, 20 * time.Second},
		{rtos.ProfileDefault, 2, 2, 1, 2 * time.Second, 4 * time.Second},
	} {
		t.Run(c.profile.Name, func(t *testing.T) {
			hello := countRule("ClientHello", sim.Match{To: "server", Record: sim.HandshakeTypeIs(1)})
			ske := countRule("ServerKeyExchange", sim.Match{From: "server", Record: sim.HandshakeTypeIs(12)})
			cke := countRule("ClientKeyExchange", sim.Match{To: "server", Record: sim.HandshakeTypeIs(16)})
			r := timedHandshake(t, timedSetup{profile: c.profile, suite: 0xC02B, identity: "ec-server", trust: "ec-ca",
				groups: []nx.USHORT{23}, rules: []*sim.Rule{hello, ske, cke}})
			assert.Equal(t, nx.NX_SUCCESS, r.server, "server start")
			assert.Equal(t, nx.NX_SUCCESS, r.client, "client start")
			assert.True(t, r.took >= c.minTook && r.took <= c.maxTook, "the client's handshake took %v", r.took)
			assert.Equal(t, c.clientHellos, hello.Stats().Matched, "ClientHellos the server received (flights 1 and 3)")
			assert.Equal(t, c.serverKeyExchanges, ske.Stats().Matched, "transmissions of the server's flight")
			assert.Equal(t, c.clientKeyExchanges, cke.Stats().Matched, "ClientKeyExchanges the server received")
		})
	}
}

// On the host profile an RSA-2048 handshake (0x003D, the regression tests'
// suite) takes 7-8 ticks of 10 ms on each side, start call to return, as
// the real regression build did on a Linux host (netx-observed.md §5): the
// server's RSA private operation (70 ms) and the client's two public ones
// (certificate check, premaster encryption) are nearly all of it.
func TestHostRSAHandshakeTakesSevenToEightTicks(t *testing.T) {
	r := timedHandshake(t, timedSetup{profile: rtos.ProfileHost, suite: 0x003D, identity: "rsa-server", trust: "rsa-ca"})
	assert.Equal(t, nx.NX_SUCCESS, r.server, "server start")
	assert.Equal(t, nx.NX_SUCCESS, r.client, "client start")
	assert.Contains(t, []nx.ULONG{7, 8}, r.clientTicks, "client ticks")
	assert.Contains(t, []nx.ULONG{7, 8}, r.serverTicks, "server ticks")
}

// timedSetup is one certificate handshake between two boards of a profile:
// the suite, the server's identity, the certificate the client trusts, the
// groups both sides ecc_initialize with (none: no call), and rules on the
// segment.
type timedSetup struct {
	profile         *rtos.Profile
	suite           nx.USHORT
	identity, trust string
	groups          []nx.USHORT
	rules           []*sim.Rule
}

// timedResult is what both starts returned, the ticks each took (start
// call to return) and the client's in virtual time.
type timedResult struct {
	server, client           nx.Status
	serverTicks, clientTicks nx.ULONG
	took                     time.Duration
}

// timedHandshake runs the handshake of ts (both sides NX_WAIT_FOREVER) and
// ends both sessions.
func timedHandshake(t *testing.T, ts timedSetup) timedResult {
	w := newWorld(t, 1, rtos.WithProfile(ts.profile))
	r := timedResult{server: 0xFF, client: 0xFF}
	timed := func(start func() nx.Status, ticks *nx.ULONG) nx.Status {
		t0 := rtos.TimeGet()
		st := start()
		*ticks = rtos.TimeGet() - t0
		return st
	}
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, ts.suite))
		addCerts(t, &d.srv, []string{ts.identity}, nil, securedtls.ServerLocalCertificateAdd, securedtls.ServerTrustedCertificateAdd)
		if ts.groups != nil {
			must(t, "server_ecc_initialize", securedtls.ServerECCInitialize(&d.srv, ts.groups, curvesFor(ts.groups)))
		}
		s := d.next(nx.NX_WAIT_FOREVER)
		r.server = timed(func() nx.Status { return securedtls.ServerSessionStart(s, nx.NX_WAIT_FOREVER) }, &r.serverTicks)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.create(t, b, table(t, ts.suite))
		addCerts(t, &c.s, nil, []string{ts.trust}, securedtls.SessionLocalCertificateAdd, securedtls.SessionTrustedCertificateAdd)
		if ts.groups != nil {
			must(t, "ecc_initialize", securedtls.ECCInitialize(&c.s, ts.groups, curvesFor(ts.groups)))
		}
		start := w.e.Now()
		r.client = timed(func() nx.Status { return c.start(b, nx.NX_WAIT_FOREVER) }, &r.clientTicks)
		r.took = w.e.Now() - start
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		c.close(b)
	})
	if err := w.lan.Impair(sim.Rules(ts.rules...)); err != nil {
		t.Fatal(err)
	}
	w.run(60 * time.Second)
	return r
}
