package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestOutOfOrder ports the application-data part of
// nx_secure_dtls_out_of_order_test.c (PSK variant): after the handshake the
// client sends records whose sequence numbers it forces: the 2nd reuses the
// 1st's number and is dropped by the replay window — receive_notify fires,
// session_receive(1 s) returns NX_NO_PACKET — the 3rd skips a number and is
// accepted, and so are the next ones; both session_end calls return 0x00.
// (The C test also skips a number inside the handshake, right after
// ClientHello #2; that needs a hook into the client's flight and is not
// ported.)
func TestOutOfOrder(t *testing.T) {
	w := newWorld(t, 12)
	var d dtlsServer
	var got []nx.Status
	var notifiesBefore, notifiesAfter int
	var srvEnd, cliEnd nx.Status = 0xFF, 0xFF
	w.add("server", serverIP, 7, func(b *board) {
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		notifiesBefore = d.receives
		for range 5 {
			_, st := receive(s, nx.NX_IP_PERIODIC_RATE)
			got = append(got, st)
		}
		notifiesAfter = d.receives
		srvEnd = securedtls.SessionEnd(s, 5*nx.NX_IP_PERIODIC_RATE)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		must(t, "client start", c.start(b, nx.NX_IP_PERIODIC_RATE))
		seq := &c.s.NxSecureDTLSTLSSession.NxSecureTLSLocalSequenceNumber
		first := *seq
		must(t, "record 1", send(t, &c.s, &b.pool, []byte("record 1")))
		*seq = first // record 2 reuses record 1's number
		must(t, "record 2", send(t, &c.s, &b.pool, []byte("record 2")))
		seq[0] += 2 // record 3 skips one number (C's low word [0])
		must(t, "record 3", send(t, &c.s, &b.pool, []byte("record 3")))
		must(t, "record 4", send(t, &c.s, &b.pool, []byte("record 4")))
		must(t, "record 5", send(t, &c.s, &b.pool, []byte("record 5")))
		rtos.ThreadSleep(3 * nx.NX_IP_PERIODIC_RATE)
		cliEnd = securedtls.SessionEnd(&c.s, 10*nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	w.run(20 * time.Second)
	s, np := nx.NX_SUCCESS, nx.NX_NO_PACKET
	assert.Equal(t, []nx.Status{s, s, s, s, np}, got, "records 1, 3, 4, 5; the repeat is dropped")
	assert.Equal(t, 5, notifiesBefore, "receive_notify fired for all five datagrams, the repeat included")
	assert.Equal(t, notifiesBefore, notifiesAfter)
	assert.Equal(t, nx.NX_SUCCESS, srvEnd)
	assert.Equal(t, nx.NX_SUCCESS, cliEnd)
}
