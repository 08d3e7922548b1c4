package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
)

// FuzzRecord feeds arbitrary records to the record parser and to record
// protection of each PSK suite: every input is an error status or
// plaintext, never a panic.
func FuzzRecord(f *testing.F) {
	f.Add([]byte{0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0x20}, uint16(0x00AE))
	f.Add([]byte{0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0x10, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8}, uint16(0xC0A8))
	f.Add([]byte{0x15, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0x50}, uint16(0x008C))
	f.Fuzz(func(t *testing.T, b []byte, _ uint16) {
		for _, suite := range []uint16{0x00AE, 0xC0A8, 0x008C, 0x008D} {
			securedtls.OpenRecord(suite, b)
		}
	})
}

// FuzzHandshake feeds arbitrary bodies to the handshake parsers: a length
// error is NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, never a panic.
func FuzzHandshake(f *testing.F) {
	f.Add([]byte{0xFE, 0xFD})
	f.Add([]byte{1, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 3, 0xFE, 0xFF, 0})
	f.Add(append(append([]byte{0xFE, 0xFD}, make([]byte, 32)...), 0, 0, 0, 2, 0, 0xAE, 1, 0))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, parse := range []func([]byte) nx.Status{securedtls.ParseClientHello, securedtls.ParseServerHello, securedtls.ParseHelloVerifyRequest} {
			if st := parse(b); st != nx.NX_SUCCESS && st != nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH {
				t.Fatalf("status %v", st)
			}
		}
		securedtls.HandshakeHeaderOK(b)
	})
}

// FuzzServerDatagram feeds arbitrary datagrams from an unknown peer to a
// live server (the IP thread's demultiplexing, connect_notify, the server
// handshake and session_receive): whatever arrives, nothing panics and
// every pool is full again at the end.
func FuzzServerDatagram(f *testing.F) {
	f.Add(record(22, 0, handshake(1, 0x40, 0x40, make([]byte, 16))), []byte{0x17, 0xFE, 0xFD, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0})
	f.Add([]byte{0x15, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 2, 0x50}, []byte{})
	f.Add(record(22, 0, fragment(1, append([]byte{0xFE, 0xFD}, make([]byte, 40)...), 0, 20)), record(22, 1, []byte{1, 2, 3}))
	f.Fuzz(func(t *testing.T, first, second []byte) {
		if len(first) > 1400 || len(second) > 1400 {
			return
		}
		w := newWorld(t, 21)
		w.add("server", serverIP, 7, func(b *board) {
			var d dtlsServer
			d.create(t, b, 1, table(t, pskSuites...))
			if s := d.next(nx.NX_IP_PERIODIC_RATE); s != nil {
				if securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE/2) == nx.NX_SUCCESS {
					var pkt *packetpool.Packet
					if securedtls.SessionReceive(s, &pkt, nx.NX_IP_PERIODIC_RATE/2) == nx.NX_SUCCESS {
						packetpool.Release(pkt)
					}
				}
				securedtls.SessionEnd(s, nx.NX_NO_WAIT)
			}
			securedtls.ServerStop(&d.srv)
			securedtls.ServerDelete(&d.srv)
		})
		w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
			b.openRawSocket(nx.NX_ANY_PORT)
			for _, d := range [][]byte{first, second} {
				if len(d) > 0 {
					rawSend(t, b, &b.socket, serverAddr(), serverPort, d)
				}
			}
			rtos.ThreadSleep(3 * nx.NX_IP_PERIODIC_RATE)
			netx.UDPSocketUnbind(&b.socket)
			netx.UDPSocketDelete(&b.socket)
		})
		w.run(4 * time.Second)
	})
}
