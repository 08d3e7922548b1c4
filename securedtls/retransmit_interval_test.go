package securedtls_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestRetransmitInterval ports nx_secure_dtls_retransmit_interval_test.c
// (PSK variant; netx-observed.md §4f): every datagram of the client is
// swallowed by a silent peer; client_session_start(NX_WAIT_FOREVER) sends
// ClientHello 1 + 10 times, byte for byte, at 0, 1, 3, 7, 15, 31, 63, 123,
// 183, 243, 303 s and returns NX_NO_PACKET at 363 s. After
// _nx_secure_dtls_session_reset the same session connects to a real server.
func TestRetransmitInterval(t *testing.T) { forModes(t, testRetransmitInterval) }

// testRetransmitInterval is TestRetransmitInterval in mode m.
func testRetransmitInterval(t *testing.T, m mode) {
	w := newWorld(t, 2)
	var arrivals []nx.ULONG
	var datagrams [][]byte
	var first, second nx.Status = 0xFF, 0xFF
	var started, failedAt nx.ULONG
	w.add("server", serverIP, 7, func(b *board) {
		netx.UDPSocketCreate(&b.ip, &b.socket, "sink", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 16)
		netx.UDPSocketBind(&b.socket, serverPort, nx.NX_WAIT_FOREVER)
		for {
			var pkt *packetpool.Packet
			if netx.UDPSocketReceive(&b.socket, &pkt, 70*nx.NX_IP_PERIODIC_RATE) != nx.NX_SUCCESS {
				break
			}
			arrivals = append(arrivals, rtos.TimeGet())
			datagrams = append(datagrams, append([]byte(nil), pkt.Data()...))
			packetpool.Release(pkt)
		}
		netx.UDPSocketUnbind(&b.socket)
		netx.UDPSocketDelete(&b.socket)
		var d dtlsServer
		d.createIn(t, b, 1, m)
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.createIn(t, b, m)
		started = rtos.TimeGet()
		first = c.start(b, nx.NX_WAIT_FOREVER)
		failedAt = rtos.TimeGet()
		rtos.ThreadSleep(100 * nx.NX_IP_PERIODIC_RATE)
		securedtls.NxSecureDTLSSessionReset(&c.s)
		second = c.start(b, 5*nx.NX_IP_PERIODIC_RATE)
	})
	w.run(600 * time.Second)
	assert.Equal(t, nx.NX_NO_PACKET, first)
	assert.Equal(t, nx.ULONG(36300), failedAt-started)
	want := []nx.ULONG{0, 100, 300, 700, 1500, 3100, 6300, 12300, 18300, 24300, 30300}
	got := make([]nx.ULONG, len(arrivals))
	for i, a := range arrivals {
		got[i] = a - started
	}
	assert.Equal(t, want, got)
	for i, d := range datagrams {
		assert.True(t, bytes.Equal(datagrams[0], d), "transmission %d differs", i)
	}
	if len(datagrams) > 0 {
		// Record and handshake headers, version, random, empty session id
		// and cookie, the table's suites and the SCSV, null compression,
		// no extensions (85 bytes with the regression table, netx-observed §3).
		assert.Len(t, datagrams[0], 13+12+2+32+1+1+2+2*(len(m.clientSuites)+1)+2, "ClientHello #1: the table and the SCSV, no extensions")
	}
	assert.Equal(t, nx.NX_SUCCESS, second)
}

// TestHandshakeWaitOption checks §2.5 with the retransmit_interval probes
// of netx-observed.md §4f: the call returns after exactly wait_option
// ticks, and retransmits only when the timeout is strictly less than what
// is left of the wait.
func TestHandshakeWaitOption(t *testing.T) {
	rows := []struct {
		wait          nx.UINT
		transmissions int
	}{{0, 1}, {50, 1}, {100, 1}, {101, 2}, {150, 2}, {299, 2}, {300, 2}, {301, 3}, {700, 3}, {701, 4}}
	for _, r := range rows {
		w := newWorld(t, 3)
		count := 0
		var st nx.Status = 0xFF
		var took nx.ULONG
		w.add("server", serverIP, 7, func(b *board) {
			netx.UDPSocketCreate(&b.ip, &b.socket, "sink", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 16)
			netx.UDPSocketBind(&b.socket, serverPort, nx.NX_WAIT_FOREVER)
			for {
				var pkt *packetpool.Packet
				if netx.UDPSocketReceive(&b.socket, &pkt, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
					return
				}
				count++
				packetpool.Release(pkt)
			}
		})
		w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
			var c dtlsClient
			c.create(t, b, table(t, pskSuites...))
			start := rtos.TimeGet()
			st = c.start(b, r.wait)
			took = rtos.TimeGet() - start
			securedtls.SessionReset(&c.s)
		})
		w.run(20 * time.Second)
		assert.Equal(t, nx.NX_NO_PACKET, st, "wait %d", r.wait)
		assert.Equal(t, r.wait, took, "wait %d", r.wait)
		assert.Equal(t, r.transmissions, count, "wait %d", r.wait)
	}
}
