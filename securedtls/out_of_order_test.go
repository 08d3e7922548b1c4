package securedtls_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// skipAfterClientHello2 is the C test's receive hook of the first
// connection: once the server got ClientHello #2, the client's local
// sequence number moves up by one, so every later epoch-0 record of the
// client skips a number. It stops at the next connection's ClientHello #1.
type skipAfterClientHello2 struct {
	on, done bool
	skipped  int // records moved
}

func (k *skipAfterClientHello2) edit(p []byte) []byte {
	p = append([]byte(nil), p...)
	if p[0] == 22 && len(p) >= 13+12 && p[13] == 1 {
		msgSeq := binary.BigEndian.Uint16(p[13+4:])
		k.on = msgSeq == 1 && !k.done
		k.done = k.done || msgSeq == 1
		return p
	}
	if k.on {
		putSeq(p, binary.BigEndian.Uint64(append([]byte{0, 0}, p[5:11]...))+1)
		k.skipped++
	}
	return p
}

// TestOutOfOrder ports nx_secure_dtls_out_of_order_test.c (PSK and RSA).
// First connection: after ClientHello #2 every epoch-0 record of the client
// skips one sequence number (the C hook bumps the client's counter); the
// server start (10 s) and the client start (1 s) still return 0x00 and both
// sides end with NX_NO_WAIT. Second connection, unhooked: the client sends
// records whose sequence numbers it forces: the 2nd reuses the 1st's number
// and is dropped by the replay window — receive_notify fires,
// session_receive(1 s) returns NX_NO_PACKET — the 3rd skips a number and is
// accepted, and so are the next ones; both session_end calls return 0x00.
func TestOutOfOrder(t *testing.T) { forModes(t, testOutOfOrder) }

// testOutOfOrder is TestOutOfOrder in mode m.
func testOutOfOrder(t *testing.T, m mode) {
	w := newWorld(t, 12)
	var d dtlsServer
	var got []nx.Status
	var notifiesBefore, notifiesAfter int
	var srvEnd, cliEnd nx.Status = 0xFF, 0xFF
	var firstSrv, firstCli nx.Status = 0xFF, 0xFF
	w.add("server", serverIP, 7, func(b *board) {
		d.createIn(t, b, 1, m)
		s := d.next(nx.NX_WAIT_FOREVER)
		firstSrv = securedtls.ServerSessionStart(s, 10*nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		s = d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE))
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
		c.createIn(t, b, m)
		firstCli = c.start(b, nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
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
	var k skipAfterClientHello2
	err := w.lan.Impair(sim.Rules(&sim.Rule{Name: "skip a sequence after CH#2", Match: sim.Match{From: "client", Record: sim.EpochIs(0)},
		Action: sim.EditIt("client's later epoch-0 records skip one sequence number", k.edit)}))
	if err != nil {
		t.Fatal(err)
	}
	w.run(20 * time.Second)
	assert.Equal(t, 2, k.skipped, "the ClientKeyExchange and the CCS moved up")
	assert.Equal(t, nx.NX_SUCCESS, firstSrv, "first connection: server_session_start")
	assert.Equal(t, nx.NX_SUCCESS, firstCli, "first connection: client_session_start")
	s, np := nx.NX_SUCCESS, nx.NX_NO_PACKET
	assert.Equal(t, []nx.Status{s, s, s, s, np}, got, "records 1, 3, 4, 5; the repeat is dropped")
	assert.Equal(t, 5, notifiesBefore, "receive_notify fired for all five datagrams, the repeat included")
	assert.Equal(t, notifiesBefore, notifiesAfter)
	assert.Equal(t, nx.NX_SUCCESS, srvEnd)
	assert.Equal(t, nx.NX_SUCCESS, cliEnd)
}
