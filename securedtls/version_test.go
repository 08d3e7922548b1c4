package securedtls_test

import (
	"bytes"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// TestVersion10 ports nx_secure_dtls_version_1_0_test.c in its two forms:
// the C test's (the regression table, the RSA server certificate the
// clients' trusted CA issued: 0x003D under DTLS 1.0, the client's RSA
// premaster carrying 0xFEFF) and a PSK form ({0x00AE} and a PSK on both
// sides). The C build's NX_SECURE_TLS_ENABLE_TLS_1_1 is the default here.
// The server's override is DTLS 1.0, two slots. Client 0 (no override)
// connects with a one-second wait and deletes its session without ending
// it; then client 1, overridden to DTLS 1.0, connects with NX_WAIT_FOREVER.
// Both server starts (one second) and the four checks of the C test return
// 0x00: both starts, the server's session_end(5 s) of session 1 and client
// 1's session_end(5 s); every pool is full at the end. Beyond the C test:
// session 0 runs DTLS 1.2 (the override does not downgrade a 1.2
// ClientHello) and session 1 DTLS 1.0, both on the expected suite, and 64
// bytes go both ways over DTLS 1.0; where tshark is installed it reads the
// capture with no options and shows those 64 bytes decrypted in DTLS 1.0
// records.
func TestVersion10(t *testing.T) {
	forms := []struct {
		name  string
		table func() *securedtls.CryptoTable
		certs bool
		suite nx.USHORT
	}{
		{"RSA", func() *securedtls.CryptoTable { return securedtls.CryptoTLSCiphersRegression }, true, 0x003D},
		{"PSK", func() *securedtls.CryptoTable { return table(t, pskSuites...) }, false, 0x00AE},
	}
	for _, f := range forms {
		t.Run(f.name, func(t *testing.T) {
			w := newWorld(t, 10)
			var capture bytes.Buffer
			if err := w.net.Capture(&capture, "lan"); err != nil {
				t.Fatal(err)
			}
			var srvStart [2]nx.Status
			var srvEnd, cli0, cli1, cli1End nx.Status = 0xFF, 0xFF, 0xFF, 0xFF
			var versions, suites [2]nx.USHORT
			var echoed []byte
			msg := bytes.Repeat([]byte{0x5A}, 64)
			var local, trusted []string
			if f.certs {
				local, trusted = []string{"rsa-server"}, []string{"rsa-ca"}
			}
			w.add("server", serverIP, 7, func(b *board) {
				var d dtlsServer
				d.create(t, b, 2, f.table())
				addCerts(t, &d.srv, local, nil, securedtls.ServerLocalCertificateAdd, securedtls.ServerTrustedCertificateAdd)
				must(t, "server_protocol_version_override", securedtls.ServerProtocolVersionOverride(&d.srv, nx.NX_SECURE_DTLS_VERSION_1_0))
				for i := range srvStart {
					s := d.next(nx.NX_WAIT_FOREVER)
					srvStart[i] = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
					tls := &s.NxSecureDTLSTLSSession
					versions[i], suites[i] = tls.NxSecureTLSProtocolVersion, tls.NxSecureTLSSessionCiphersuite
				}
				s := d.connected[1]
				data, st := receive(s, 5*nx.NX_IP_PERIODIC_RATE)
				must(t, "server receive", st)
				must(t, "server send", send(t, s, &b.pool, data))
				srvEnd = securedtls.SessionEnd(s, 5*nx.NX_IP_PERIODIC_RATE)
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
				d.shutdown(t)
			})
			w.add("client0", nx.IP_ADDRESS(192, 168, 1, 5), 8, func(b *board) {
				var c dtlsClient
				c.create(t, b, f.table())
				addCerts(t, &c.s, nil, trusted, securedtls.SessionLocalCertificateAdd, securedtls.SessionTrustedCertificateAdd)
				cli0 = c.start(b, nx.NX_IP_PERIODIC_RATE)
				c.close(b)
			})
			w.add("client1", nx.IP_ADDRESS(192, 168, 1, 6), 8, func(b *board) {
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE) // C: resumed by client 0 once it is done
				var c dtlsClient
				c.create(t, b, f.table())
				addCerts(t, &c.s, nil, trusted, securedtls.SessionLocalCertificateAdd, securedtls.SessionTrustedCertificateAdd)
				must(t, "client_protocol_version_override", securedtls.ClientProtocolVersionOverride(&c.s, nx.NX_SECURE_DTLS_VERSION_1_0))
				cli1 = c.start(b, nx.NX_WAIT_FOREVER)
				must(t, "client send", send(t, &c.s, &b.pool, msg))
				echoed, _ = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
				cli1End = securedtls.SessionEnd(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
				c.close(b)
			})
			w.run(20 * time.Second)
			assert.Equal(t, nx.NX_SUCCESS, cli0, "client 0 start (no override)")
			assert.Equal(t, nx.NX_SUCCESS, cli1, "client 1 start (DTLS 1.0 override)")
			assert.Equal(t, [2]nx.Status{nx.NX_SUCCESS, nx.NX_SUCCESS}, srvStart, "server starts")
			assert.Equal(t, nx.NX_SUCCESS, srvEnd, "server session_end")
			assert.Equal(t, nx.NX_SUCCESS, cli1End, "client 1 session_end")
			assert.Equal(t, [2]nx.USHORT{nx.NX_SECURE_DTLS_VERSION_1_2, nx.NX_SECURE_DTLS_VERSION_1_0}, versions, "negotiated versions")
			assert.Equal(t, [2]nx.USHORT{f.suite, f.suite}, suites, "negotiated suites")
			assert.Equal(t, msg, echoed, "64 bytes over DTLS 1.0")
			assertTsharkDecrypts(t, capture.Bytes(), msg)
		})
	}
}

// assertTsharkDecrypts checks that tshark, given only the capture (its key
// log is inside), shows msg as application data of DTLS 1.0 records, once
// each way. Skipped without tshark.
func assertTsharkDecrypts(t *testing.T, capture, msg []byte) {
	tshark, err := exec.LookPath("tshark")
	if err != nil {
		t.Skip("tshark is not installed")
	}
	path := filepath.Join(t.TempDir(), "dtls10.pcapng")
	if err := os.WriteFile(path, capture, 0o600); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(tshark, "-r", path, "-Y", "dtls.app_data", "-T", "fields", "-e", "dtls.record.version", "-e", "data.data").Output()
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		if version, data, _ := strings.Cut(line, "\t"); data == hex.EncodeToString(msg) {
			got = append(got, version)
		}
	}
	assert.Equal(t, []string{"0xfeff", "0xfeff"}, got, "the 64 bytes decrypted, each way, in DTLS 1.0 records")
}

// wireLog records, for every datagram on the segment, its sender, the kind
// of its first record and that record's version.
type wireLog struct{ lines []string }

// rules returns the observing rules (edits that change nothing) for the
// devices named.
func (l *wireLog) rules(devices ...string) []*sim.Rule {
	var rs []*sim.Rule
	for _, d := range devices {
		rs = append(rs, &sim.Rule{Name: "observe " + d, Match: sim.Match{From: d},
			Action: sim.EditIt("observed (unchanged)", func(p []byte) []byte {
				l.lines = append(l.lines, d+" "+recordKind(p))
				return p
			})})
	}
	return rs
}

// recordKind names a datagram's first record: its content (handshake
// message type in epoch 0, "encrypted" after) and version.
func recordKind(p []byte) string {
	if len(p) < 13 {
		return "short"
	}
	names := map[byte]string{1: "ClientHello", 2: "ServerHello", 3: "HelloVerifyRequest", 12: "ServerKeyExchange",
		14: "ServerHelloDone", 16: "ClientKeyExchange"}
	kind := map[byte]string{20: "ChangeCipherSpec", 21: "alert", 22: "handshake", 23: "application_data"}[p[0]]
	switch epoch := int(p[3])<<8 | int(p[4]); {
	case epoch > 0:
		kind += " (encrypted)"
	case p[0] == 22 && len(p) > 13:
		kind = names[p[13]]
	case p[0] == 21 && len(p) >= 15:
		kind = fmt.Sprintf("alert %d/%d", p[13], p[14])
	}
	return fmt.Sprintf("%s %02X%02X", kind, p[1], p[2])
}

// TestVersionNegotiation: what NetX's two sides make of every combination
// of overrides and the TLS 1.1 switch (nx_secure_tls_check_protocol_version.c,
// _nx_secure_tls_highest_supported_version_negotiate, nx_secure_tls_generate_keys.c;
// dtls-semantics.md §3.4), with the version of each record on the wire.
// NetX writes the session's version as it stands: 0x0000 for a server's
// alert refusing a ClientHello's version and for a client's records between
// ClientHello #1 and #2. The handshake takes one second at most; both
// sides then end with NX_NO_WAIT.
func TestVersionNegotiation(t *testing.T) {
	const v10, v12 = nx.NX_SECURE_DTLS_VERSION_1_0, nx.NX_SECURE_DTLS_VERSION_1_2
	type side struct {
		override     nx.USHORT
		disableTLS11 bool
	}
	flight := func(v string) []string {
		return []string{"client ClientHello " + v, "server HelloVerifyRequest " + v, "client ClientHello " + v,
			"server ServerHello " + v, "server ServerKeyExchange " + v, "server ServerHelloDone " + v,
			"client ClientKeyExchange " + v, "client ChangeCipherSpec " + v, "client handshake (encrypted) " + v,
			"server ChangeCipherSpec " + v, "server handshake (encrypted) " + v}
	}
	ends := func(v string) []string {
		return []string{"client alert (encrypted) " + v, "server alert (encrypted) " + v}
	}
	tests := []struct {
		name             string
		suite            nx.USHORT
		server, client   side
		wantSrv, wantCli nx.Status
		version          nx.USHORT // negotiated, on success
		srvAlert         [2]nx.UINT
		cliAlert         [2]nx.UINT
		wire             []string
	}{
		{"no overrides: DTLS 1.2", 0x00AE, side{}, side{}, 0, 0, v12, [2]nx.UINT{}, [2]nx.UINT{},
			append(flight("FEFD"), ends("FEFD")...)},
		{"client 1.0: the server takes it", 0x00AE, side{}, side{override: v10}, 0, 0, v10, [2]nx.UINT{}, [2]nx.UINT{},
			append(flight("FEFF"), ends("FEFF")...)},
		{"server 1.0, client 1.2: answered with 1.2", 0x00AE, side{override: v10}, side{}, 0, 0, v12, [2]nx.UINT{}, [2]nx.UINT{},
			append(flight("FEFD"), ends("FEFD")...)},
		{"both 1.0", 0x00AE, side{override: v10}, side{override: v10}, 0, 0, v10, [2]nx.UINT{}, [2]nx.UINT{},
			append(flight("FEFF"), ends("FEFF")...)},
		{"both 1.0, CBC-SHA", 0x008C, side{override: v10}, side{override: v10}, 0, 0, v10, [2]nx.UINT{}, [2]nx.UINT{},
			append(flight("FEFF"), ends("FEFF")...)},
		// AEAD suites are TLS 1.2-only (RFC 5246 §6.2.3.3), but NetX never
		// ties a suite to a version: CCM-8 runs under DTLS 1.0.
		{"both 1.0, AEAD CCM-8", 0xC0A8, side{override: v10}, side{override: v10}, 0, 0, v10, [2]nx.UINT{}, [2]nx.UINT{},
			append(flight("FEFF"), ends("FEFF")...)},
		{"server 1.2, client 1.0: refused at ClientHello #1", 0x00AE, side{override: v12}, side{override: v10},
			nx.NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, [2]nx.UINT{}, [2]nx.UINT{2, 70},
			[]string{"client ClientHello FEFF", "server alert 2/70 0000"}},
		// The client's protocol_version alert is a DTLS 1.0 record: the
		// server refuses its version (0x12E) before reading it, and answers
		// with its own alert.
		{"server without TLS 1.1, client 1.0: answered with 1.2", 0x00AE, side{disableTLS11: true}, side{override: v10},
			nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, 0, [2]nx.UINT{}, [2]nx.UINT{},
			[]string{"client ClientHello FEFF", "server HelloVerifyRequest FEFD", "client ClientHello FEFF",
				"server ServerHello FEFD", "server ServerKeyExchange FEFD", "server ServerHelloDone FEFD",
				"client alert 2/70 FEFF", "server alert 2/70 FEFD"}},
		{"server without TLS 1.1 but override 1.0, client 1.2: refused", 0x00AE, side{override: v10, disableTLS11: true}, side{},
			nx.NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, [2]nx.UINT{}, [2]nx.UINT{2, 70},
			[]string{"client ClientHello FEFD", "server alert 2/70 0000"}},
		{"server without TLS 1.1 but override 1.0, client 1.0: no PRF for the keys", 0x00AE,
			side{override: v10, disableTLS11: true}, side{override: v10},
			nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, nx.NX_SECURE_TLS_ALERT_RECEIVED, 0, [2]nx.UINT{}, [2]nx.UINT{2, 70},
			append(flight("FEFF")[:9], "server alert 2/70 FEFF")},
		{"client without TLS 1.1 but override 1.0: no PRF for the keys", 0x00AE, side{}, side{override: v10, disableTLS11: true},
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, 0, [2]nx.UINT{2, 70}, [2]nx.UINT{},
			append(flight("FEFF")[:6], "client alert 2/70 FEFF")},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := newWorld(t, 11)
			var srv, cli nx.Status = 0xFF, 0xFF
			var srvVersion, cliVersion nx.USHORT
			var srvAlert, cliAlert [2]nx.UINT
			server := w.add("server", serverIP, 7, func(b *board) {
				var d dtlsServer
				d.create(t, b, 1, table(t, tt.suite))
				if tt.server.override != 0 {
					must(t, "server_protocol_version_override", securedtls.ServerProtocolVersionOverride(&d.srv, tt.server.override))
				}
				s := d.next(nx.NX_WAIT_FOREVER)
				srv = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
				srvVersion, srvAlert = s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion, receivedAlert(s)
				rtos.ThreadSleep(10)
				securedtls.SessionEnd(s, nx.NX_NO_WAIT)
				d.shutdown(t)
			})
			client := w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
				var c dtlsClient
				c.create(t, b, table(t, tt.suite))
				if tt.client.override != 0 {
					must(t, "client_protocol_version_override", securedtls.ClientProtocolVersionOverride(&c.s, tt.client.override))
				}
				cli = c.start(b, nx.NX_IP_PERIODIC_RATE)
				cliVersion, cliAlert = c.s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion, receivedAlert(&c.s)
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
				rtos.ThreadSleep(20)
				c.close(b)
			})
			securedtls.SetConfig(server.kernel, securedtls.Config{DisableTLS11: tt.server.disableTLS11})
			securedtls.SetConfig(client.kernel, securedtls.Config{DisableTLS11: tt.client.disableTLS11})
			var log wireLog
			if err := w.lan.Impair(sim.Rules(log.rules("client", "server")...)); err != nil {
				t.Fatal(err)
			}
			w.run(5 * time.Second)
			assert.Equal(t, tt.wantCli, cli, "client_session_start")
			assert.Equal(t, tt.wantSrv, srv, "server_session_start")
			if tt.wantCli == nx.NX_SUCCESS {
				assert.Equal(t, tt.version, cliVersion, "client's version")
				assert.Equal(t, tt.version, srvVersion, "server's version")
			}
			assert.Equal(t, tt.srvAlert, srvAlert, "alert the server received")
			assert.Equal(t, tt.cliAlert, cliAlert, "alert the client received")
			assert.Equal(t, tt.wire, log.lines, "datagrams: first record and its version")
		})
	}
}

// TestVersionOverrideChecks: the nxe checks of the two override services
// (nxe_secure_dtls_client_protocol_version_override.c,
// nxe_secure_dtls_server_protocol_version_override.c): NULL first, then —
// client only — a session never created (0x101), then any version but
// 0xFEFF and 0xFEFD (NX_PTR_ERROR). DTLS 1.0 passes even with TLS 1.1
// compiled out.
func TestVersionOverrideChecks(t *testing.T) {
	if !securedtls.ErrorChecking {
		t.Skip("the nxe layer is compiled out")
	}
	w := newWorld(t, 12)
	got := map[string]nx.Status{}
	b := w.add("device", serverIP, 7, func(b *board) {
		var zero securedtls.Session
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		for _, v := range []nx.USHORT{0, 0x0303, nx.NX_SECURE_DTLS_VERSION_1_0, nx.NX_SECURE_DTLS_VERSION_1_2} {
			got[fmt.Sprintf("client NULL %04X", v)] = securedtls.ClientProtocolVersionOverride(nil, v)
			got[fmt.Sprintf("client never created %04X", v)] = securedtls.ClientProtocolVersionOverride(&zero, v)
			got[fmt.Sprintf("client %04X", v)] = securedtls.ClientProtocolVersionOverride(&c.s, v)
			got[fmt.Sprintf("server NULL %04X", v)] = securedtls.ServerProtocolVersionOverride(nil, v)
			got[fmt.Sprintf("server %04X", v)] = securedtls.ServerProtocolVersionOverride(&d.srv, v)
		}
		d.shutdown(t)
		c.close(b)
	})
	securedtls.SetConfig(b.kernel, securedtls.Config{DisableTLS11: true})
	w.run(time.Second)
	ptr, uninit, ok := nx.NX_PTR_ERROR, nx.NX_SECURE_TLS_SESSION_UNINITIALIZED, nx.NX_SUCCESS
	assert.Equal(t, map[string]nx.Status{
		"client NULL 0000": ptr, "client never created 0000": uninit, "client 0000": ptr, "server NULL 0000": ptr, "server 0000": ptr,
		"client NULL 0303": ptr, "client never created 0303": uninit, "client 0303": ptr, "server NULL 0303": ptr, "server 0303": ptr,
		"client NULL FEFF": ptr, "client never created FEFF": uninit, "client FEFF": ok, "server NULL FEFF": ptr, "server FEFF": ok,
		"client NULL FEFD": ptr, "client never created FEFD": uninit, "client FEFD": ok, "server NULL FEFD": ptr, "server FEFD": ok,
	}, got)
}

// TestVersionNegotiationCached pins the cache of
// _nx_secure_tls_highest_supported_version_negotiate: a one-slot server
// with override DTLS 1.0 answers a DTLS 1.2 client with 1.2 and keeps that
// answer in the session; after the override becomes DTLS 1.2, a DTLS 1.0
// client on the same slot is answered from the cache (1.2) instead of being
// refused at ClientHello #1 (0x110, as a fresh slot does: TestVersionNegotiation),
// so it fails on the ServerHello with 0x12E and its alert, a DTLS 1.0
// record, fails the server with 0x12E too.
func TestVersionNegotiationCached(t *testing.T) {
	w := newWorld(t, 13)
	var first, firstEnd, cliA, second, cliB nx.Status = 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		must(t, "server_protocol_version_override", securedtls.ServerProtocolVersionOverride(&d.srv, nx.NX_SECURE_DTLS_VERSION_1_0))
		s := d.next(nx.NX_WAIT_FOREVER)
		first = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
		firstEnd = securedtls.SessionEnd(s, 5*nx.NX_IP_PERIODIC_RATE)
		must(t, "server_protocol_version_override", securedtls.ServerProtocolVersionOverride(&d.srv, nx.NX_SECURE_DTLS_VERSION_1_2))
		s = d.next(nx.NX_WAIT_FOREVER)
		second = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
	w.add("clientA", nx.IP_ADDRESS(192, 168, 1, 5), 8, func(b *board) {
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		cliA = c.start(b, nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	w.add("clientB", nx.IP_ADDRESS(192, 168, 1, 6), 8, func(b *board) {
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		must(t, "client_protocol_version_override", securedtls.ClientProtocolVersionOverride(&c.s, nx.NX_SECURE_DTLS_VERSION_1_0))
		cliB = c.start(b, nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		c.close(b)
	})
	w.run(10 * time.Second)
	assert.Equal(t, [3]nx.Status{0, 0, 0}, [3]nx.Status{cliA, first, firstEnd}, "DTLS 1.2 client: client start, server start, server end")
	assert.Equal(t, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, cliB, "DTLS 1.0 client answered with the cached 1.2")
	assert.Equal(t, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, second, "server: the client's DTLS 1.0 alert record")
}
