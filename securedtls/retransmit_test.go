package securedtls_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// lossy runs one PSK handshake (both sides NX_WAIT_FOREVER) with rules on
// the segment, then a 64-byte exchange when both succeeded. It returns the
// two start statuses and the ticks each start took.
type lossyResult struct {
	client, server        nx.Status
	clientTicks, srvTicks nx.ULONG
	delivered             bool
	clientEnd, serverEnd  nx.Status
}

func lossy(t *testing.T, profile *rtos.Profile, rules ...*sim.Rule) lossyResult {
	t.Helper()
	w := newWorld(t, 7, rtos.WithProfile(profile))
	r := lossyResult{client: 0xFF, server: 0xFF, clientEnd: 0xFF, serverEnd: 0xFF}
	msg := bytes.Repeat([]byte{0x5A}, 64)
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		start := rtos.TimeGet()
		r.server = securedtls.ServerSessionStart(s, nx.NX_WAIT_FOREVER)
		r.srvTicks = rtos.TimeGet() - start
		if r.server == nx.NX_SUCCESS {
			data, st := receive(s, 500*nx.NX_IP_PERIODIC_RATE)
			r.delivered = st == nx.NX_SUCCESS && bytes.Equal(data, msg)
		}
		r.serverEnd = securedtls.SessionEnd(s, 10*nx.NX_IP_PERIODIC_RATE)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		start := rtos.TimeGet()
		r.client = c.start(b, nx.NX_WAIT_FOREVER)
		r.clientTicks = rtos.TimeGet() - start
		if r.client == nx.NX_SUCCESS {
			must(t, "client send", send(t, &c.s, &b.pool, msg))
		}
		r.clientEnd = securedtls.SessionEnd(&c.s, 10*nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(20 * nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	fresh := make([]*sim.Rule, len(rules))
	for i, r := range rules {
		c := *r
		fresh[i] = &c
	}
	if err := w.lan.Impair(sim.Rules(fresh...)); err != nil {
		t.Fatal(err)
	}
	w.run(1000 * time.Second)
	return r
}

func drop(name string, from string, nth int, rec func(sim.Record) bool) *sim.Rule {
	return &sim.Rule{Name: name, Match: sim.Match{From: from, Record: rec}, Nth: nth, Action: sim.DropIt()}
}

// TestLossyHandshake ports nx_secure_dtls_retransmit_test.c and
// nx_secure_dtls_retransmit_change_cipher_spec_test.c (PSK variants) and
// checks the flight rules of dtls-semantics.md §2.4: each of the six
// flights lost once (its first transmission) is recovered by the timer of
// the side that sent the flight before it (or its own), except the
// server's final flight, which NetX never retransmits: the client then
// gives up after the whole schedule (363 s) while the server believes it is
// connected. Each case runs on the host, the default (Cortex-M4) and the
// zero CPU profile, with the same statuses and instants.
func TestLossyHandshake(t *testing.T) {
	hs := sim.HandshakeTypeIs
	rows := []struct {
		name                     string
		rules                    []*sim.Rule // templates: each run installs copies (rules count what they saw)
		client, server           nx.Status
		clientTicks, serverTicks nx.ULONG // 0: not checked
		skip                     string
	}{
		{"retransmit_change_cipher_spec: first CCS lost", []*sim.Rule{drop("ccs", "", 1, sim.ContentTypeIs(sim.ChangeCipherSpec))},
			nx.NX_SUCCESS, nx.NX_SUCCESS, 100, 100, ""},
		{"retransmit: ClientHello, HelloVerifyRequest and ServerHelloDone lost once", []*sim.Rule{
			drop("ch", "client", 1, hs(sim.ClientHello)), drop("hvr", "server", 1, hs(sim.HelloVerifyRequest)),
			drop("shd", "server", 1, hs(sim.ServerHelloDone))}, nx.NX_SUCCESS, nx.NX_SUCCESS, 0, 0, ""},
		{"flight 1 (ClientHello #1) lost", []*sim.Rule{drop("f1", "client", 1, hs(sim.ClientHello))},
			nx.NX_SUCCESS, nx.NX_SUCCESS, 100, 0, ""},
		{"flight 2 (HelloVerifyRequest) lost", []*sim.Rule{drop("f2", "server", 1, hs(sim.HelloVerifyRequest))},
			nx.NX_SUCCESS, nx.NX_SUCCESS, 100, 0, ""},
		{"flight 3 (ClientHello #2) lost", []*sim.Rule{drop("f3", "client", 2, hs(sim.ClientHello))},
			nx.NX_SUCCESS, nx.NX_SUCCESS, 100, 0, ""},
		{"flight 4 (ServerHello) lost", []*sim.Rule{drop("f4", "server", 1, hs(sim.ServerHello))},
			nx.NX_SUCCESS, nx.NX_SUCCESS, 100, 100, ""},
		{"flight 5 (ClientKeyExchange) lost", []*sim.Rule{drop("f5", "client", 1, hs(sim.ClientKeyExchange))},
			nx.NX_SUCCESS, nx.NX_SUCCESS, 100, 100, ""},
		{"flight 6 (server CCS) lost: never retransmitted", []*sim.Rule{drop("f6", "server", 1, sim.ContentTypeIs(sim.ChangeCipherSpec))},
			nx.NX_NO_PACKET, nx.NX_SUCCESS, 36300, 0, ""},
		{"client's last flight lost until it gives up", []*sim.Rule{
			{Name: "CKE always", Match: sim.Match{From: "client", Record: hs(sim.ClientKeyExchange)}, Action: sim.DropIt()},
			{Name: "CCS always", Match: sim.Match{From: "client", Record: sim.ContentTypeIs(sim.ChangeCipherSpec)}, Action: sim.DropIt()},
			{Name: "Finished always", Match: sim.Match{From: "client", Record: sim.EpochIs(1)}, Action: sim.DropIt()}},
			nx.NX_NO_PACKET, nx.NX_NO_PACKET, 36300, 36300, ""},
	}
	for _, profile := range []*rtos.Profile{rtos.ProfileHost, rtos.ProfileDefault, rtos.ProfileZero} {
		for _, row := range rows {
			t.Run(profile.Name+"/"+row.name, func(t *testing.T) {
				if row.skip != "" {
					t.Skip(row.skip)
				}
				r := lossy(t, profile, row.rules...)
				assert.Equal(t, row.client, r.client, "client start")
				assert.Equal(t, row.server, r.server, "server start")
				if row.clientTicks != 0 {
					assert.Equal(t, row.clientTicks, r.clientTicks, "client ticks")
				}
				if row.serverTicks != 0 {
					assert.Equal(t, row.serverTicks, r.srvTicks, "server ticks")
				}
				if row.client == nx.NX_SUCCESS && row.server == nx.NX_SUCCESS {
					assert.True(t, r.delivered, "64 bytes delivered")
				}
			})
		}
	}
}
