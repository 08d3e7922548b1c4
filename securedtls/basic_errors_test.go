package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestBasicSendChecks ports the checks of nx_secure_dtls_basic_test.c after
// the handshake (PSK variant, IPv4): session_send to a wrong port, a wrong
// address or a wrong IP version is NX_SECURE_TLS_SEND_ADDRESS_MISMATCH; with
// the local sequence forced to 0xFFFFFFFF/0xFFFFFFFF it is exactly
// NX_NOT_SUCCESSFUL, and the caller still owns (and releases) the packet;
// concurrent session_end on both sides returns 0x00.
func TestBasicSendChecks(t *testing.T) { forModes(t, testBasicSendChecks) }

// testBasicSendChecks is TestBasicSendChecks in mode m.
func testBasicSendChecks(t *testing.T, m mode) {
	w := newWorld(t, 8)
	var sendRows []nx.Status
	var exhausted, cliEnd, srvEnd nx.Status = 0xFF, 0xFF, 0xFF
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.createIn(t, b, 1, m)
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		srvEnd = securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.createIn(t, b, m)
		must(t, "client start", c.start(b, 5*nx.NX_IP_PERIODIC_RATE))
		wrongV4 := serverAddr()
		wrongV4.NxdIPAddress.V4++
		wrongVersion := serverAddr()
		wrongVersion.NxdIPVersion = 6
		for _, to := range []struct {
			addr *nx.NXDAddress
			port nx.UINT
		}{{serverAddr(), serverPort + 1}, {wrongV4, serverPort}, {wrongVersion, serverPort}} {
			var pkt *packetpool.Packet
			must(t, "packet_allocate", securedtls.PacketAllocate(&c.s, &b.pool, &pkt, nx.NX_WAIT_FOREVER))
			packetpool.DataAppend(pkt, []byte("hello"), &b.pool, nx.NX_WAIT_FOREVER)
			st := securedtls.SessionSend(&c.s, pkt, to.addr, to.port)
			sendRows = append(sendRows, st)
			packetpool.Release(pkt)
		}
		c.s.NxSecureDTLSTLSSession.NxSecureTLSLocalSequenceNumber = [2]nx.ULONG{0xFFFFFFFF, 0xFFFFFFFF}
		var pkt *packetpool.Packet
		must(t, "packet_allocate", securedtls.PacketAllocate(&c.s, &b.pool, &pkt, nx.NX_WAIT_FOREVER))
		packetpool.DataAppend(pkt, []byte("hello"), &b.pool, nx.NX_WAIT_FOREVER)
		exhausted = securedtls.SessionSend(&c.s, pkt, serverAddr(), serverPort)
		assert.Equal(t, nx.NX_SUCCESS, packetpool.Release(pkt), "the caller still owns the packet")
		c.s.NxSecureDTLSTLSSession.NxSecureTLSLocalSequenceNumber = [2]nx.ULONG{10, 0}
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		cliEnd = securedtls.SessionEnd(&c.s, nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	w.run(10 * time.Second)
	mismatch := nx.NX_SECURE_TLS_SEND_ADDRESS_MISMATCH
	assert.Equal(t, []nx.Status{mismatch, mismatch, mismatch}, sendRows)
	assert.Equal(t, nx.NX_NOT_SUCCESSFUL, exhausted)
	assert.Equal(t, nx.NX_SUCCESS, cliEnd)
	assert.Equal(t, nx.NX_SUCCESS, srvEnd)
}

// TestAbnormal ports nx_secure_dtls_abnormal_test.c (PSK variant) with the
// codes of netx-observed.md §4a: server create → delete → create;
// start → stop → start; a second server_session_start on an established
// session is 0x43 at once; server session_end(NX_NO_WAIT) is 0x01 and a
// start after it 0x101; the client's late close_notify opens no session;
// server_delete while started is NX_STILL_BOUND, stop then delete succeed.
func TestAbnormal(t *testing.T) { forModes(t, testAbnormal) }

// testAbnormal is TestAbnormal in mode m.
func testAbnormal(t *testing.T, m mode) {
	w := newWorld(t, 9)
	var d dtlsServer
	var dup, endNoWait, startAfterEnd, delStarted, stop, del, cliEnd nx.Status = 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF
	var dupTicks nx.ULONG
	w.add("server", serverIP, 7, func(b *board) {
		d.createIn(t, b, 2, m)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
		d.createIn(t, b, 2, m)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_start", securedtls.ServerStart(&d.srv))
		s0 := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s0, 5*nx.NX_IP_PERIODIC_RATE))
		start := rtos.TimeGet()
		dup = securedtls.ServerSessionStart(s0, nx.NX_IP_PERIODIC_RATE)
		dupTicks = rtos.TimeGet() - start
		endNoWait = securedtls.SessionEnd(s0, nx.NX_NO_WAIT)
		startAfterEnd = securedtls.ServerSessionStart(s0, nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSleep(3 * nx.NX_IP_PERIODIC_RATE) // the client's close_notify arrives meanwhile
		delStarted = securedtls.ServerDelete(&d.srv)
		stop = securedtls.ServerStop(&d.srv)
		del = securedtls.ServerDelete(&d.srv)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.createIn(t, b, m)
		must(t, "client start", c.start(b, 5*nx.NX_IP_PERIODIC_RATE))
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		cliEnd = securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		c.close(b)
	})
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_NOT_SUCCESSFUL, dup)
	assert.Equal(t, nx.ULONG(0), dupTicks)
	assert.Equal(t, nx.NX_NO_PACKET, endNoWait)
	assert.Equal(t, nx.NX_SECURE_TLS_SESSION_UNINITIALIZED, startAfterEnd)
	assert.Equal(t, nx.NX_SUCCESS, cliEnd, "the server's close_notify was already queued")
	assert.Len(t, d.connected, 1, "the late close_notify opened no session")
	assert.Equal(t, nx.NX_STILL_BOUND, delStarted)
	assert.Equal(t, nx.NX_SUCCESS, stop)
	assert.Equal(t, nx.NX_SUCCESS, del)
}
