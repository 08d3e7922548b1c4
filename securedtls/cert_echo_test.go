package securedtls_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestCertEcho is a certificate handshake and a 64-byte echo between two
// devices for each certificate suite: RSA key transport with an RSA
// identity; ECDHE_ECDSA with an EC identity and ECDHE_RSA with an RSA one
// (both sides ecc_initialize with the regression groups); static ECDH_ECDSA
// with an EC identity an EC CA issued and ECDH_RSA with one an RSA CA
// issued; P-384 identities and a P-384 CA. The client trusts the CA. Both starts succeed, the suite is the
// one offered, and both sides log the same CLIENT_RANDOM secret.
func TestCertEcho(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	rsa := certSetup{serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}}
	ecRSA := certSetup{serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups}
	ec := certSetup{serverLocal: []string{"ec-server"}, clientTrust: []string{"ec-ca"}, serverGroups: groups, clientGroups: groups}
	ecByRSA := certSetup{serverLocal: []string{"ec-server-rsaca"}, clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups}
	ec384 := certSetup{serverLocal: []string{"ec384-server"}, clientTrust: []string{"ec-ca"}, serverGroups: groups, clientGroups: groups}
	byEC384 := certSetup{serverLocal: []string{"ec-server-ec384ca"}, clientTrust: []string{"ec384-ca"}, serverGroups: groups, clientGroups: groups}
	rows := []struct {
		suite nx.USHORT
		setup certSetup
	}{
		{0x003C, rsa}, {0x003D, rsa}, {0x009C, rsa}, {0x002F, rsa}, {0x0035, rsa}, {0x0002, rsa}, {0x0001, rsa},
		{0xC02B, ec}, {0xC023, ec}, {0xC009, ec}, {0xC00A, ec},
		{0xC02F, ecRSA}, {0xC027, ecRSA}, {0xC013, ecRSA}, {0xC014, ecRSA},
		{0xC004, ec}, {0xC005, ec}, {0xC025, ec}, {0xC02D, ec},
		{0xC00E, ecByRSA}, {0xC00F, ecByRSA}, {0xC029, ecByRSA}, {0xC031, ecByRSA},
		{0xC02B, ec384}, {0xC004, ec384}, {0xC02B, byEC384},
	}
	for _, r := range rows {
		t.Run(fmt.Sprintf("0x%04X %s", r.suite, r.setup.serverLocal[0]), func(t *testing.T) {
			cs := r.setup
			cs.serverTable, cs.clientTable = []nx.USHORT{r.suite}, []nx.USHORT{r.suite}
			res := runCert(t, cs)
			assert.Equal(t, nx.NX_SUCCESS, res.srvStart, "server start")
			assert.Equal(t, nx.NX_SUCCESS, res.cliStart, "client start")
			assert.Equal(t, r.suite, res.suite)
			assert.Equal(t, bytes.Repeat([]byte{0x5A}, 64), res.echoed)
			lines := strings.Split(strings.TrimSpace(res.keyLog), "\n")
			assert.Len(t, lines, 2)
			assert.Regexp(t, `^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$`, lines[0])
			assert.Equal(t, lines[0], lines[len(lines)-1])
			assert.Empty(t, res.serverNotes, "a NetX client (SCSV, ECC extensions) is not a foreign one")
		})
	}
}

// TestCertSuiteFilter checks the server's suite filter
// (_nx_secure_dtls_check_ciphersuite, dtls-semantics.md §3.2) and the
// curve choice: the server takes the first suite of its table that its
// identity can serve; an ECDSA-issued EC identity cannot serve ECDH_RSA or
// ECDHE_RSA (nx_secure_dtls_ecc_ciphersuites_test.c's two failing
// combinations: both sides fail); a PSK suite passes the filter whatever
// the store holds, so it comes before static ECDH when the client offers no
// groups; an EC identity on a curve outside the server's own list fails
// every ClientHello; the curve is the client's
// group that comes first in the server's list, and no common group leaves
// no ECDHE suite.
func TestCertSuiteFilter(t *testing.T) {
	all := []nx.USHORT{23, 24, 25}
	regECC := securedtls.CryptoTLSCiphersECCRegression.Suites()
	reg, shipped := securedtls.CryptoTLSCiphersRegression.Suites(), securedtls.CryptoTLSCiphers.Suites()
	rows := []struct {
		name             string
		setup            certSetup
		wantSrv, wantCli nx.Status
		wantSuite        nx.USHORT
		wantCurve        uint16
	}{
		{"EC identity, full tables: ECDHE_ECDSA first", certSetup{serverTable: regECC, clientTable: regECC, serverLocal: []string{"ec-server"},
			clientTrust: []string{"ec-ca"}, serverGroups: all, clientGroups: all}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0xC023, 23},
		{"RSA identity, full tables: ECDHE_RSA first", certSetup{serverTable: regECC, clientTable: regECC, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}, serverGroups: all, clientGroups: all}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0xC027, 23},
		{"RSA identity, regression table: 0x003D (netx-observed §3)", certSetup{serverTable: reg, clientTable: reg, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0x003D, 0},
		{"RSA identity, shipped table: 0x009C", certSetup{serverTable: shipped, clientTable: shipped, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0x009C, 0},
		{"RSA identity, no groups: RSA key transport", certSetup{serverTable: regECC, clientTable: regECC, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0x003D, 0},
		{"EC identity, client without groups: the table's PSK suite", certSetup{serverTable: regECC, clientTable: regECC, serverLocal: []string{"ec-server"},
			clientTrust: []string{"ec-ca"}, serverGroups: all}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0x008C, 0},
		// Static ECDH is chosen, but a client that never called ecc_initialize
		// has an empty X.509 curve table and cannot verify the EC certificate
		// (NX_CRYTPO_MISSING_ECC_CURVE 0x2000F, x509_sig.go).
		{"EC identity, client offers no PSK and no groups: static ECDH, unverifiable", certSetup{serverTable: regECC, clientTable: []nx.USHORT{0x003D, 0xC023, 0xC025},
			serverLocal: []string{"ec-server"}, clientTrust: []string{"ec-ca"}, serverGroups: all}, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0x2000F, 0, 0},
		{"ECDSA-issued EC identity vs ECDH_RSA only", certSetup{serverTable: regECC, clientTable: []nx.USHORT{0xC029}, serverLocal: []string{"ec-server"},
			clientTrust: []string{"ec-ca"}, serverGroups: all, clientGroups: all}, nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, 0},
		{"ECDSA-issued EC identity vs ECDHE_RSA only", certSetup{serverTable: regECC, clientTable: []nx.USHORT{0xC027}, serverLocal: []string{"ec-server"},
			clientTrust: []string{"ec-ca"}, serverGroups: all, clientGroups: all}, nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, 0},
		{"EC identity on a curve the server lacks", certSetup{serverTable: regECC, clientTable: regECC, serverLocal: []string{"ec384-server"},
			clientTrust: []string{"ec-ca"}, serverGroups: []nx.USHORT{23}, clientGroups: all}, nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, 0},
		{"curve: first of the server's list", certSetup{serverTable: []nx.USHORT{0xC027}, clientTable: []nx.USHORT{0xC027}, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}, serverGroups: []nx.USHORT{25, 24, 23}, clientGroups: all}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0xC027, 25},
		{"curve: the only common one", certSetup{serverTable: []nx.USHORT{0xC027}, clientTable: []nx.USHORT{0xC027}, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}, serverGroups: []nx.USHORT{24}, clientGroups: all}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0xC027, 24},
		{"no common curve", certSetup{serverTable: []nx.USHORT{0xC027}, clientTable: []nx.USHORT{0xC027}, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}, serverGroups: []nx.USHORT{24}, clientGroups: []nx.USHORT{23}}, nx.NX_SECURE_TLS_NO_SUPPORTED_CIPHERS, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, 0},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			res := runCert(t, r.setup)
			assert.Equal(t, r.wantSrv, res.srvStart, "server start")
			assert.Equal(t, r.wantCli, res.cliStart, "client start")
			switch r.wantCli {
			case nx.NX_SUCCESS:
				assert.Equal(t, r.wantSuite, res.suite)
				assert.Equal(t, r.wantCurve, res.curve)
			case nx.NX_SECURE_TLS_ALERT_RECEIVED:
				assert.Equal(t, [2]nx.UINT{2, 40}, res.cliAlert, "handshake_failure alert")
			}
		})
	}
}

// TestCertReproducible runs each kind of certificate handshake twice with
// the same seed and once with another: the same seed gives the same
// capture, byte for byte (premaster, padding, ECDHE keys from the seeded
// stream; deterministic signatures), another seed a different one.
func TestCertReproducible(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	rows := []struct {
		name  string
		setup certSetup
	}{
		{"RSA", certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D}, serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}}},
		{"ECDHE_ECDSA with a client certificate", certSetup{serverTable: []nx.USHORT{0xC02B}, clientTable: []nx.USHORT{0xC02B},
			serverLocal: []string{"ec-server"}, clientTrust: []string{"ec-ca"}, serverTrust: []string{"ec-ca"}, clientLocal: []string{"ec-client"},
			serverGroups: groups, clientGroups: groups, verifyClient: true}},
		{"ECDHE_RSA", certSetup{serverTable: []nx.USHORT{0xC02F}, clientTable: []nx.USHORT{0xC02F}, serverLocal: []string{"rsa-server"},
			clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			first, second := runCert(t, r.setup), runCert(t, r.setup)
			other := r.setup
			other.seed = 7
			third := runCert(t, other)
			assert.Equal(t, nx.NX_SUCCESS, first.cliStart)
			assert.NotEmpty(t, first.capture)
			assert.True(t, bytes.Equal(first.capture, second.capture), "same seed, same capture")
			assert.False(t, bytes.Equal(first.capture, third.capture), "another seed, another capture")
		})
	}
}
