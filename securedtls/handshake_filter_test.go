package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// cookieLength255 is the C tests' bad-HelloVerifyRequest filter: the
// cookie length byte (HelloVerifyRequest body offset 2, after the
// version) set to 255, more than the message holds, in the datagrams to
// the device to.
func cookieLength255(to string) *sim.Rule {
	return &sim.Rule{Name: "cookie length 255", Match: sim.Match{To: to, Record: sim.HandshakeTypeIs(sim.HelloVerifyRequest)},
		Action: sim.EditIt("HelloVerifyRequest cookie length 255", sim.SetBodyByte(2, 255))}
}

// shortenByOne is the C filter udp_packet_filter_bad_serverhello_length:
// the low bytes of the first record's length, its handshake message's
// length and fragment length each lowered by one (byte arithmetic, no
// borrow, as the C filter does) and the datagram's last byte cut off.
func shortenByOne(p []byte) []byte {
	const recordLengthLow, messageLengthLow, fragmentLengthLow = 12, 16, 24
	if len(p) <= fragmentLengthLow {
		return p
	}
	for _, at := range []int{recordLengthLow, messageLengthLow, fragmentLengthLow} {
		p[at]--
	}
	return p[:len(p)-1]
}

// firstCertificateLonger is the C filter on the Certificate message: the
// middle byte of the first certificate's length (record header 13,
// handshake header 12, certificate_list length 3, then the 24-bit length)
// raised by 2, so the certificate claims 512 bytes more than it has.
func firstCertificateLonger(p []byte) []byte {
	const middle = 13 + 12 + 3 + 1
	if len(p) > middle {
		p[middle] += 2
	}
	return p
}

// receivedAlert is the alert level and value s's TLS session remembers
// receiving.
func receivedAlert(s *securedtls.Session) [2]nx.UINT {
	tls := &s.NxSecureDTLSTLSSession
	return [2]nx.UINT{tls.NxSecureTLSReceivedAlertLevel, tls.NxSecureTLSReceivedAlertValue}
}

// TestHandshakeFailFilters ports the six UDP-filter sub-tests of
// nx_secure_dtls_handshake_fail_test.c as PSK variants: each filter edits
// the datagrams arriving at the client, and both starts fail. The codes
// are the ones the real stack showed once the C test's harness let the
// filters run (netx-observed.md §4d: in the shipped test the server
// thread is blocked and every filter round ends in 0x01; the table there
// is the observed run with the harness fixed). The client is the side
// that sends the alert, so it never records one; the server records it.
// Both starts return within 0-1 tick, as observed.
// Offsets are the C filters' (UDP data offsets less the 8-byte header).
func TestHandshakeFailFilters(t *testing.T) {
	serverHello := sim.HandshakeTypeIs(sim.ServerHello)
	tests := []struct {
		name   string
		rule   *sim.Rule
		client nx.Status
		alert  nx.UINT // the fatal alert the server receives
		rsa    bool    // run in the C test's RSA mode (the Certificate message)
	}{
		{"HelloVerifyRequest cookie length 255", cookieLength255("client"), nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50, false},
		{"ServerHello shortened by one byte", &sim.Rule{Name: "short SH", Match: sim.Match{To: "client", Record: serverHello},
			Action: sim.EditIt("ServerHello one byte short", shortenByOne)}, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50, false},
		{"ServerHello version byte 1", &sim.Rule{Name: "SH version", Match: sim.Match{To: "client", Record: serverHello},
			Action: sim.EditIt("ServerHello version byte 1", sim.SetBodyByte(0, 1))}, nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED, 70, false},
		{"ServerHello suite low byte 0", &sim.Rule{Name: "SH suite", Match: sim.Match{To: "client", Record: serverHello},
			// version 2 + random 32 + session_id length 1 (empty id) + suite high byte.
			Action: sim.EditIt("ServerHello suite low byte 0", sim.SetBodyByte(36, 0))}, nx.NX_SECURE_TLS_UNKNOWN_CIPHERSUITE, 40, false},
		{"ServerHello compression 10", &sim.Rule{Name: "SH compression", Match: sim.Match{To: "client", Record: serverHello},
			Action: sim.EditIt("ServerHello compression 10", sim.SetBodyByte(37, 10))}, nx.NX_SECURE_TLS_BAD_COMPRESSION_METHOD, 47, false},
		// The first certificate's length +512 (C: UDP data[37] += 2, the
		// middle byte of the first certificate's 24-bit length), in the C
		// test's RSA mode: observed client 0x10A, server 0x114 with
		// decode_error.
		{"first certificate length +512", &sim.Rule{Name: "certificate length", Match: sim.Match{To: "client", Record: sim.HandshakeTypeIs(sim.Certificate)},
			Action: sim.EditIt("first certificate length +512", firstCertificateLonger)}, nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, 50, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := pskMode
			if tt.rsa {
				m = rsaMode
			}
			w := newWorld(t, 21)
			var cli, srv nx.Status = 0xFF, 0xFF
			var alert [2]nx.UINT
			var srvTicks, cliTicks nx.ULONG
			w.add("server", serverIP, 7, func(b *board) {
				var d dtlsServer
				d.createIn(t, b, 1, m)
				s := d.next(nx.NX_WAIT_FOREVER)
				began := rtos.TimeGet()
				srv = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
				srvTicks = rtos.TimeGet() - began
				alert = receivedAlert(s)
				securedtls.SessionEnd(s, nx.NX_NO_WAIT)
				d.shutdown(t)
			})
			w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
				var c dtlsClient
				c.createIn(t, b, m)
				began := rtos.TimeGet()
				cli = c.start(b, nx.NX_IP_PERIODIC_RATE)
				cliTicks = rtos.TimeGet() - began
				assert.Equal(t, [2]nx.UINT{}, receivedAlert(&c.s), "the client sends the alert, it receives none")
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
				c.close(b)
			})
			if err := w.lan.Ingress("client", sim.Rules(tt.rule)); err != nil {
				t.Fatal(err)
			}
			w.run(5 * time.Second)
			assert.Equal(t, tt.client, cli, "client_session_start")
			assert.Equal(t, nx.NX_SECURE_TLS_ALERT_RECEIVED, srv, "server_session_start")
			assert.Equal(t, [2]nx.UINT{2, tt.alert}, alert, "fatal alert received by the server")
			assert.LessOrEqual(t, srvTicks, nx.ULONG(1), "server_session_start returns within 0-1 tick (netx-observed §4d)")
			assert.LessOrEqual(t, cliTicks, nx.ULONG(1), "client_session_start returns within 0-1 tick")
			assert.Positive(t, tt.rule.Stats().Acted, "the filter edited a datagram")
		})
	}
}
