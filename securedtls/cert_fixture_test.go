package securedtls_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
)

// certSetup is one certificate handshake between two devices: each side's
// table, identity (testcerts names, identity first, then the issuers it
// sends), trusted certificates and ecc_initialize groups, and whether the
// server verifies client certificates.
type certSetup struct {
	serverTable, clientTable   []nx.USHORT
	serverLocal, clientLocal   []string
	serverTrust, clientTrust   []string
	serverGroups, clientGroups []nx.USHORT
	verifyClient               bool
	clientVersion              nx.USHORT // the client's protocol version override (0: none)
	fragments                  bool      // nx_ip_fragment_enable on both devices
	seed                       uint64
	serverIngress              *sim.Rule // edits the datagrams arriving at the server
	clientIngress              *sim.Rule // edits the datagrams arriving at the client
}

// certResult is what the run showed: both starts, the alerts each side
// received, the suite, the echoed payload, the capture and the key log.
type certResult struct {
	srvStart, cliStart nx.Status
	srvAlert, cliAlert [2]nx.UINT
	suite              nx.USHORT
	curve              uint16
	echoed             []byte
	capture            []byte
	keyLog             string
	serverNotes        []string // the behaviours the server device noted
}

// addCerts initializes the named certificates with their keys and adds
// the local ones, then the trusted ones, to owner, each list with ids 1, 2, ...
func addCerts[P any](t testing.TB, owner P, local, trusted []string, addLocal, addTrusted func(P, *securedtls.X509Cert, nx.UINT) nx.Status) {
	for _, list := range []struct {
		names []string
		add   func(P, *securedtls.X509Cert, nx.UINT) nx.Status
	}{{local, addLocal}, {trusted, addTrusted}} {
		for i, n := range list.names {
			id := testcerts.Get(n)
			c := &securedtls.X509Cert{}
			must(t, "x509_certificate_initialize "+n, securedtls.X509CertificateInitialize(c, id.CertDER, nil, id.KeyDER, id.KeyType))
			must(t, "certificate_add "+n, list.add(owner, c, nx.UINT(i+1)))
		}
	}
}

// runCert runs the handshake of cs, then a 64-byte echo when both starts
// succeeded, then session_end on both sides.
func runCert(t *testing.T, cs certSetup) certResult {
	t.Helper()
	w := newWorld(t, cs.seed+1)
	var keyLog, capture bytes.Buffer
	w.net.KeyLogTo(&keyLog)
	msg := bytes.Repeat([]byte{0x5A}, 64)
	r := certResult{srvStart: 0xFF, cliStart: 0xFF}
	srvBoard := w.add("server", serverIP, 7, func(b *board) {
		if cs.fragments {
			netx.IPFragmentEnable(&b.ip)
		}
		var d dtlsServer
		d.create(t, b, 1, table(t, cs.serverTable...))
		addCerts(t, &d.srv, cs.serverLocal, cs.serverTrust, securedtls.ServerLocalCertificateAdd, securedtls.ServerTrustedCertificateAdd)
		if cs.serverGroups != nil {
			must(t, "server_ecc_initialize", securedtls.ServerECCInitialize(&d.srv, cs.serverGroups, curvesFor(cs.serverGroups)))
		}
		if cs.verifyClient {
			must(t, "server_x509_client_verify_configure", securedtls.ServerX509ClientVerifyConfigure(&d.srv, 2, make([]byte, 2*4000)))
		}
		s := d.next(nx.NX_WAIT_FOREVER)
		r.srvStart = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
		tls := &s.NxSecureDTLSTLSSession
		r.srvAlert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
		if r.srvStart == nx.NX_SUCCESS {
			if data, st := receive(s, 5*nx.NX_IP_PERIODIC_RATE); st == nx.NX_SUCCESS {
				must(t, "server send", send(t, s, &b.pool, data))
			}
			securedtls.SessionEnd(s, 5*nx.NX_IP_PERIODIC_RATE)
		} else {
			securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		}
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		if cs.fragments {
			netx.IPFragmentEnable(&b.ip)
		}
		var c dtlsClient
		c.create(t, b, table(t, cs.clientTable...))
		addCerts(t, &c.s, cs.clientLocal, cs.clientTrust, securedtls.SessionLocalCertificateAdd, securedtls.SessionTrustedCertificateAdd)
		if cs.clientGroups != nil {
			must(t, "ecc_initialize", securedtls.ECCInitialize(&c.s, cs.clientGroups, curvesFor(cs.clientGroups)))
		}
		if cs.clientVersion != 0 {
			must(t, "client_protocol_version_override", securedtls.ClientProtocolVersionOverride(&c.s, cs.clientVersion))
		}
		r.cliStart = securedtls.ClientSessionStart(&c.s, &b.socket, serverAddr(), serverPort, 5*nx.NX_IP_PERIODIC_RATE)
		tls := &c.s.NxSecureDTLSTLSSession
		r.cliAlert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
		r.suite = tls.NxSecureTLSSessionCiphersuite
		r.curve = securedtls.NegotiatedCurve(&c.s)
		if r.cliStart == nx.NX_SUCCESS {
			must(t, "client send", send(t, &c.s, &b.pool, msg))
			r.echoed, _ = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
			securedtls.SessionEnd(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
		} else {
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		}
		c.close(b)
	})
	if err := w.net.Capture(&capture, "lan"); err != nil {
		t.Fatal(err)
	}
	for device, rule := range map[string]*sim.Rule{"server": cs.serverIngress, "client": cs.clientIngress} {
		if rule != nil {
			if err := w.lan.Ingress(device, sim.Rules(rule)); err != nil {
				t.Fatal(err)
			}
		}
	}
	w.run(20 * time.Second)
	r.capture, r.keyLog = capture.Bytes(), keyLog.String()
	for _, n := range securedtls.Notes(srvBoard.kernel) {
		r.serverNotes = append(r.serverNotes, n.Behaviour)
	}
	return r
}

// curvesFor returns the curve methods of groups (ecc_initialize's third
// argument).
func curvesFor(groups []nx.USHORT) []*securedtls.CryptoMethod {
	out := make([]*securedtls.CryptoMethod, len(groups))
	for i, g := range groups {
		out[i] = &securedtls.CryptoMethod{NxCryptoAlgorithm: 0x00050000 | nx.UINT(g)}
	}
	return out
}
