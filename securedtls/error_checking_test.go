package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestErrorChecking ports the checks of nx_secure_dtls_error_checking_test.c
// that the public API reaches (PSK variant): duplicate session_create and
// server_create (the same server, or a second server over the same session
// buffer) are NX_PTR_ERROR; a ClientHello of length 0 or truncated is
// NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH; session_end with the IP default
// pool empty is NX_SECURE_TLS_ALLOCATE_PACKET_FAILED and still resets the
// session (a second end is 0x101); metadata below NetX's 11036 bytes is
// NX_INVALID_PARAMETERS.
func TestErrorChecking(t *testing.T) {
	if !securedtls.ErrorChecking {
		t.Skip("the nxe layer is compiled out")
	}
	w := newWorld(t, 18)
	assert.Equal(t, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, securedtls.ParseClientHello(nil))
	assert.Equal(t, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, securedtls.ParseClientHello(append([]byte{0xFE, 0xFD}, make([]byte, 33)...)))
	var dupSession, dupServer, sameBuffer, smallMeta, endEmptyPool, endAgain nx.Status = 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		dupServer = securedtls.ServerCreate(&d.srv, &b.ip, serverPort+1, nx.NX_IP_PERIODIC_RATE, d.sessions, table(t, pskSuites...), d.meta, d.reasm,
			func(*securedtls.Session, *nx.NXDAddress, nx.UINT) nx.Status { return 0 }, func(*securedtls.Session) nx.Status { return 0 })
		var other securedtls.Server
		sameBuffer = securedtls.ServerCreate(&other, &b.ip, serverPort+1, nx.NX_IP_PERIODIC_RATE, d.sessions, table(t, pskSuites...), d.meta, d.reasm,
			func(*securedtls.Session, *nx.NXDAddress, nx.UINT) nx.Status { return 0 }, func(*securedtls.Session) nx.Status { return 0 })
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		// Empty the IP default pool, then end the session.
		var held []*packetpool.Packet
		for {
			var p *packetpool.Packet
			if packetpool.Allocate(&b.pool, &p, nx.NX_UDP_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				break
			}
			held = append(held, p)
		}
		endEmptyPool = securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		endAgain = securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		for _, p := range held {
			packetpool.Release(p)
		}
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		dupSession = securedtls.SessionCreate(&c.s, table(t, pskSuites...), c.meta[:], c.reasm[:], 0, nil)
		var small securedtls.Session
		smallMeta = securedtls.SessionCreate(&small, table(t, pskSuites...), make([]byte, 11035), nil, 0, nil)
		must(t, "client start", c.start(b, 5*nx.NX_IP_PERIODIC_RATE))
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		c.close(b)
	})
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_PTR_ERROR, dupSession, "duplicate session_create")
	assert.Equal(t, nx.NX_PTR_ERROR, dupServer, "duplicate server_create")
	assert.Equal(t, nx.NX_PTR_ERROR, sameBuffer, "second server over the same session buffer")
	assert.Equal(t, nx.NX_INVALID_PARAMETERS, smallMeta, "metadata below 11036 bytes")
	assert.Equal(t, nx.NX_SECURE_TLS_ALLOCATE_PACKET_FAILED, endEmptyPool)
	assert.Equal(t, nx.NX_SECURE_TLS_SESSION_UNINITIALIZED, endAgain, "reset on every path")
}

// TestErrorCheckingRecords ports the checks of
// nx_secure_dtls_error_checking_test.c that reach the record layer through
// the wire instead of internal calls (PSK variant):
//   - a header that cannot be extracted (_nx_secure_dtls_process_header
//     with no packet left, 0x104): a 5-byte datagram from the client's
//     address and port gives the server's session_receive
//     NX_SECURE_TLS_INVALID_PACKET, and the client's next session_receive
//     the fatal internal_error alert (0x114, 2/80);
//   - session_end with records still queued: the client sends two records
//     and its close_notify, the server's session_end(100) takes them all
//     and returns 0x00 (the pools are full at the end);
//   - session_end whose close_notify cannot be sent: the C test takes every
//     link down so that nx_udp_socket_send fails; netx offers no way to
//     clear an interface's link from outside (the sim driver's
//     NX_LINK_DISABLE stops the port only) and a session that remembered
//     its interface sends with nx_udp_socket_source_send, which does not
//     fail on a missing route, so here the client's socket is unbound
//     first (nx_udp_socket_send: NX_NOT_BOUND): every UDP send failure is
//     NX_SECURE_TLS_TCP_SEND_FAILED (0x109), and the session is reset
//     anyway (a second end is 0x101, 0x00 without the nxe layer).
func TestErrorCheckingRecords(t *testing.T) {
	w := newWorld(t, 23)
	var shortHeader, srvEnd, cliAlert, unsent, endAgain nx.Status = 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	var alert [2]nx.UINT
	phase := 0 // what the client has done: 1 short datagram sent, 2 records sent and ended
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		_, shortHeader = receive(s, 5*nx.NX_IP_PERIODIC_RATE)
		for phase < 2 {
			rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 10)
		}
		srvEnd = securedtls.SessionEnd(s, 100)
		s = d.next(nx.NX_WAIT_FOREVER)
		must(t, "second server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		must(t, "client start", c.start(b, 5*nx.NX_IP_PERIODIC_RATE))
		rawSend(t, b, &b.socket, serverAddr(), serverPort, []byte{23, 0xFE, 0xFD, 0, 1})
		phase = 1
		_, cliAlert = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
		tls := &c.s.NxSecureDTLSTLSSession
		alert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
		must(t, "record 1", send(t, &c.s, &b.pool, []byte("record 1")))
		must(t, "record 2", send(t, &c.s, &b.pool, []byte("record 2")))
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		phase = 2
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		must(t, "second client start", c.start(b, 5*nx.NX_IP_PERIODIC_RATE))
		must(t, "udp_socket_unbind", netx.UDPSocketUnbind(&b.socket))
		unsent = securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		endAgain = securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		securedtls.SessionDelete(&c.s)
		netx.UDPSocketDelete(&b.socket)
	})
	w.run(30 * time.Second)
	assert.Equal(t, nx.NX_SECURE_TLS_INVALID_PACKET, shortHeader, "5-byte datagram: no record header")
	assert.Equal(t, nx.NX_SECURE_TLS_ALERT_RECEIVED, cliAlert, "the client gets the server's alert")
	assert.Equal(t, [2]nx.UINT{nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, 80}, alert, "fatal internal_error")
	assert.Equal(t, nx.NX_SUCCESS, srvEnd, "session_end with records queued")
	assert.Equal(t, nx.NX_SECURE_TLS_TCP_SEND_FAILED, unsent, "session_end whose close_notify has no route")
	again := nx.NX_SECURE_TLS_SESSION_UNINITIALIZED // nxe_secure_dtls_session_end's check
	if !securedtls.ErrorChecking {
		again = nx.NX_SUCCESS // _nx_secure_dtls_session_end on a reset session: only the reset
	}
	assert.Equal(t, again, endAgain, "reset anyway")
}
