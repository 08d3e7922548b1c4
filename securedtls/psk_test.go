package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestPSKChoice checks netx-observed.md §4e (PSK-only tables {0x00AE}): a
// wrong key fails the server with NX_SECURE_TLS_PADDING_CHECK_FAILED and
// the client with the bad_record_mac alert it sends; the server ignores the
// identity and always uses PSK entry 0; a client whose hint matches none of
// the server's fails with NX_SECURE_TLS_NO_MATCHING_PSK and the server gets
// unknown_psk_identity. session_end(NX_NO_WAIT) after a failed handshake is
// 0x00 on both sides.
func TestPSKChoice(t *testing.T) {
	type entry struct{ key, id, hint string }
	rows := []struct {
		name        string
		server      []entry
		client      entry
		wantClient  nx.Status
		wantServer  nx.Status
		clientAlert [2]nx.UINT
		serverAlert [2]nx.UINT
	}{
		{"right key", []entry{{"simple_psk", "psk_test", "psk_hint"}}, entry{"simple_psk", "psk_test", "psk_hint"},
			nx.NX_SUCCESS, nx.NX_SUCCESS, [2]nx.UINT{}, [2]nx.UINT{}},
		{"wrong key", []entry{{"simple_psk", "psk_test", "psk_hint"}}, entry{"wrong_psk!", "psk_test", "psk_hint"},
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_PADDING_CHECK_FAILED, [2]nx.UINT{2, 20}, [2]nx.UINT{}},
		{"unknown identity, right key", []entry{{"simple_psk", "psk_test", "psk_hint"}}, entry{"simple_psk", "other_identity", "psk_hint"},
			nx.NX_SUCCESS, nx.NX_SUCCESS, [2]nx.UINT{}, [2]nx.UINT{}},
		{"the client's key is entry 1", []entry{{"other_psk!", "other", "psk_hint"}, {"simple_psk", "psk_test", "psk_hint"}},
			entry{"simple_psk", "psk_test", "psk_hint"},
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_PADDING_CHECK_FAILED, [2]nx.UINT{2, 20}, [2]nx.UINT{}},
		{"hint mismatch", []entry{{"simple_psk", "psk_test", "psk_hint"}}, entry{"simple_psk", "psk_test", "other_hint"},
			nx.NX_SECURE_TLS_NO_MATCHING_PSK, nx.NX_SECURE_TLS_ALERT_RECEIVED, [2]nx.UINT{}, [2]nx.UINT{2, 115}},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			w := newWorld(t, 14)
			var cli, srv, cliEnd, srvEnd nx.Status = 0xFF, 0xFF, 0xFF, 0xFF
			var cliAlert, srvAlert [2]nx.UINT
			w.add("server", serverIP, 7, func(b *board) {
				var d dtlsServer
				d.sessions = make([]securedtls.Session, 1)
				d.meta, d.reasm = make([]byte, metaPerSess), make([]byte, reasmPerSes)
				rtos.SemaphoreCreate(&d.sem, "connect", 0)
				must(t, "server_create", securedtls.ServerCreate(&d.srv, &b.ip, serverPort, nx.NX_IP_PERIODIC_RATE, d.sessions,
					table(t, pskSuites...), d.meta, d.reasm,
					func(s *securedtls.Session, _ *nx.NXDAddress, _ nx.UINT) nx.Status {
						d.connected = append(d.connected, s)
						rtos.SemaphorePut(&d.sem)
						return nx.NX_SUCCESS
					}, func(*securedtls.Session) nx.Status { return nx.NX_SUCCESS }))
				for _, e := range r.server {
					must(t, "server_psk_add", securedtls.ServerPSKAdd(&d.srv, []byte(e.key), []byte(e.id), []byte(e.hint)))
				}
				must(t, "server_start", securedtls.ServerStart(&d.srv))
				s := d.next(nx.NX_WAIT_FOREVER)
				srv = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
				tls := &s.NxSecureDTLSTLSSession
				srvAlert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
				if srv == nx.NX_SUCCESS {
					securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE)
					srvEnd = nx.NX_SUCCESS
				} else {
					srvEnd = securedtls.SessionEnd(s, nx.NX_NO_WAIT)
				}
				must(t, "server_stop", securedtls.ServerStop(&d.srv))
				must(t, "server_delete", securedtls.ServerDelete(&d.srv))
			})
			w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
				var c dtlsClient
				must(t, "session_create", securedtls.SessionCreate(&c.s, table(t, pskSuites...), c.meta[:], c.reasm[:], 0, nil))
				must(t, "psk_add", securedtls.PSKAdd(&c.s, []byte(r.client.key), []byte(r.client.id), []byte(r.client.hint)))
				netx.UDPSocketCreate(&b.ip, &b.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
				netx.UDPSocketBind(&b.socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER)
				cli = c.start(b, 5*nx.NX_IP_PERIODIC_RATE)
				tls := &c.s.NxSecureDTLSTLSSession
				cliAlert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
				if cli == nx.NX_SUCCESS {
					securedtls.SessionEnd(&c.s, nx.NX_IP_PERIODIC_RATE)
					cliEnd = nx.NX_SUCCESS
				} else {
					cliEnd = securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
				}
				rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
				c.close(b)
			})
			w.run(10 * time.Second)
			assert.Equal(t, r.wantClient, cli, "client start")
			assert.Equal(t, r.wantServer, srv, "server start")
			assert.Equal(t, r.clientAlert, cliAlert, "alert the client received")
			assert.Equal(t, r.serverAlert, srvAlert, "alert the server received")
			assert.Equal(t, nx.NX_SUCCESS, cliEnd)
			assert.Equal(t, nx.NX_SUCCESS, srvEnd)
		})
	}
}
