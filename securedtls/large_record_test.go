package securedtls_test

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// largeRecordOutcome is what the receiver and the sender of one large
// application record saw.
type largeRecordOutcome struct {
	received        nx.Status // the receiver's session_receive
	data            []byte
	senderNext      nx.Status // the sender's session_receive afterwards
	senderAlert     [2]nx.UINT
	receiverNoted   bool // the receiver's device has the large-record note
	senderSendState nx.Status
}

// largeRecord runs a PSK handshake between two devices with IP
// fragmentation enabled, then one side sends one application record of
// size bytes from a pool of 4000-byte packets (so that the record is one
// packet at the sender).
func largeRecord(t *testing.T, size int, toServer bool, clientFragment nx.ULONG) largeRecordOutcome {
	w := newWorld(t, 31)
	out := largeRecordOutcome{received: 0xFF, senderNext: 0xFF, senderSendState: 0xFF}
	msg := bytes.Repeat([]byte{0xA5}, size)
	// exchange is one side's part once the handshake is done: the sender
	// sends and then reads the alert, the receiver reads.
	exchange := func(s *securedtls.Session, b *board, sends bool) {
		if !sends {
			out.data, out.received = receive(s, 5*nx.NX_IP_PERIODIC_RATE)
			out.receiverNoted = hasLargeRecordNote(b)
			return
		}
		var big packetpool.Pool
		must(t, "big pool", packetpool.PoolCreate(&big, "big", 4000, make([]byte, 4*(4000+64))))
		out.senderSendState = send(t, s, &big, msg)
		_, out.senderNext = receive(s, 5*nx.NX_IP_PERIODIC_RATE)
		tls := &s.NxSecureDTLSTLSSession
		out.senderAlert = [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		must(t, "big pool delete", packetpool.PoolDelete(&big))
	}
	w.add("server", serverIP, 7, func(b *board) {
		must(t, "ip_fragment_enable", netx.IPFragmentEnable(&b.ip))
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		exchange(s, b, !toServer)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		must(t, "ip_fragment_enable", netx.IPFragmentEnable(&b.ip))
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		// The fixture's socket does not fragment; this one may.
		netx.UDPSocketUnbind(&b.socket)
		netx.UDPSocketDelete(&b.socket)
		must(t, "udp_socket_create", netx.UDPSocketCreate(&b.ip, &b.socket, "client", nx.NX_IP_NORMAL, clientFragment, nx.NX_IP_TIME_TO_LIVE, 8))
		must(t, "udp_socket_bind", netx.UDPSocketBind(&b.socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER))
		must(t, "client_session_start", c.start(b, 5*nx.NX_IP_PERIODIC_RATE))
		exchange(&c.s, b, toServer)
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		c.close(b)
	})
	w.run(30 * time.Second)
	return out
}

// hasLargeRecordNote reports whether b's device recorded the chained
// datagram note.
func hasLargeRecordNote(b *board) bool {
	for _, n := range securedtls.Notes(b.kernel) {
		if n.Service == "nx_secure_dtls_session_receive" && strings.Contains(n.Behaviour, "0x104") {
			return true
		}
	}
	return false
}

// TestLargeRecord pins what a NetX receiver does with a record larger than
// one Ethernet frame (issue 11 item 5): nx_secure_dtls_session_receive.c
// refuses any datagram that arrives as a chain of packets — here one that
// IP fragmented and reassembled — with NX_SECURE_TLS_INVALID_PACKET
// (0x104) before reading a record, and answers with a fatal
// internal_error alert (2/80) that the sender's next session_receive
// returns as 0x114; the receiving device records a rehearsal note (a
// certificate chain larger than the MTU between two NetX devices fails the
// same way). A record that fits one frame is delivered; a sender whose
// socket says NX_DONT_FRAGMENT never puts the large one on the wire (send
// 0x00, the receiver times out, 0x01).
func TestLargeRecord(t *testing.T) {
	noAlert := [2]nx.UINT{}
	closeNotify := [2]nx.UINT{nx.NX_SECURE_TLS_ALERT_LEVEL_WARNING, 0}
	fatalInternal := [2]nx.UINT{nx.NX_SECURE_TLS_ALERT_LEVEL_FATAL, 80}
	rows := []struct {
		name       string
		size       int
		toServer   bool
		fragment   nx.ULONG
		received   nx.Status
		senderNext nx.Status
		alert      [2]nx.UINT
	}{
		{"1400 bytes to the server: one frame, delivered (then the server's close_notify)", 1400, true, nx.NX_FRAGMENT_OKAY,
			nx.NX_SUCCESS, nx.NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED, closeNotify},
		{"3000 bytes to the server: reassembled, refused", 3000, true, nx.NX_FRAGMENT_OKAY,
			nx.NX_SECURE_TLS_INVALID_PACKET, nx.NX_SECURE_TLS_ALERT_RECEIVED, fatalInternal},
		{"3000 bytes to the client: reassembled, refused", 3000, false, nx.NX_FRAGMENT_OKAY,
			nx.NX_SECURE_TLS_INVALID_PACKET, nx.NX_SECURE_TLS_ALERT_RECEIVED, fatalInternal},
		{"3000 bytes from a NX_DONT_FRAGMENT socket: never sent", 3000, true, nx.NX_DONT_FRAGMENT,
			nx.NX_NO_PACKET, nx.NX_NO_PACKET, noAlert},
	}
	for _, row := range rows {
		t.Run(row.name, func(t *testing.T) {
			out := largeRecord(t, row.size, row.toServer, row.fragment)
			assert.Equal(t, nx.NX_SUCCESS, out.senderSendState, "sender's send")
			assert.Equal(t, row.received, out.received, "receiver's session_receive")
			if row.received == nx.NX_SUCCESS {
				assert.Equal(t, row.size, len(out.data), "bytes delivered")
			}
			assert.Equal(t, row.received == nx.NX_SECURE_TLS_INVALID_PACKET, out.receiverNoted, "rehearsal note")
			assert.Equal(t, row.senderNext, out.senderNext, "sender's next session_receive")
			assert.Equal(t, row.alert, out.senderAlert, "alert the sender received")
		})
	}
}

// TestLargeHandshakeMessage is the handshake side of TestLargeRecord, the
// shape a certificate chain over the MTU takes: a scripted client sends a
// 3000-byte ClientHello (one record, one datagram that IP fragments); the
// server gets it reassembled, so server_session_start returns 0x104 before
// reading it, sends the fatal internal_error alert in the clear, and its
// device earns the rehearsal note.
func TestLargeHandshakeMessage(t *testing.T) {
	w := newWorld(t, 32)
	var srv nx.Status = 0xFF
	var answer []byte
	noted := false
	w.add("server", serverIP, 7, func(b *board) {
		must(t, "ip_fragment_enable", netx.IPFragmentEnable(&b.ip))
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		srv = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
		noted = hasLargeRecordNote(b)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		must(t, "ip_fragment_enable", netx.IPFragmentEnable(&b.ip))
		b.openRawSocket(nx.NX_ANY_PORT)
		pad := 3000
		ch := append([]byte{0xFE, 0xFD}, make([]byte, 32)...)
		ch = append(ch, 0, 0, 0, 2, 0x00, 0xAE, 1, 0, byte((pad+4)>>8), byte(pad+4), 0xFF, 0x01, byte(pad>>8), byte(pad))
		ch = append(ch, make([]byte, pad)...)
		rawSend(t, b, &b.socket, serverAddr(), serverPort, record(22, 0, handshake(1, len(ch), len(ch), ch)))
		var pkt *packetpool.Packet
		if netx.UDPSocketReceive(&b.socket, &pkt, 2*nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
			answer = append([]byte(nil), pkt.Data()...)
			packetpool.Release(pkt)
		}
		netx.UDPSocketUnbind(&b.socket)
		netx.UDPSocketDelete(&b.socket)
	})
	w.run(5 * time.Second)
	assert.Equal(t, nx.NX_SECURE_TLS_INVALID_PACKET, srv, "server_session_start")
	assert.True(t, noted, "rehearsal note")
	if assert.Len(t, answer, 15, "one plaintext alert record") {
		assert.Equal(t, []byte{21, 2, 80}, []byte{answer[0], answer[13], answer[14]}, "fatal internal_error")
	}
}
