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

// TestMultipleIPAddress ports nx_secure_dtls_multiple_ip_address_test.c
// (PSK variant): the server has fe80::2 and fe80::3, client 0 (fe80::5)
// targets the first and client 1 (fe80::6) the second. Each server session
// remembers the address its client targeted (IPv6 address index 0 and 1)
// and its records leave from it: each client's 64-byte reply carries the
// address it targeted as its IPv6 source (dtls-semantics.md §2.13). Then
// session 1 is forced to session 0's address index, and after that to
// another source port; both sends succeed on the server, and client 1 drops
// both datagrams: its session_receive(1 s) is NX_NO_PACKET (0x01). Every
// pool is full at the end.
func TestMultipleIPAddress(t *testing.T) { forModes(t, testMultipleIPAddress) }

// testMultipleIPAddress is TestMultipleIPAddress in mode m.
func testMultipleIPAddress(t *testing.T, m mode) {
	w := newWorld(t, 31)
	targets := []*nx.NXDAddress{v6Addr(0xfe800000, 0, 0, 2), v6Addr(0xfe800000, 0, 0, 3)}
	var responses [2][]byte
	for i := range responses {
		responses[i] = make([]byte, 64)
		for j := range responses[i] {
			responses[i][j] = byte(j << i)
		}
	}
	var srvStarts, srvSends, cliStarts, cliReceives []nx.Status
	var indexes []nx.UINT
	var forcedAddress, forcedPort, srvStop nx.Status = 0xFF, 0xFF, 0xFF
	var sources [2]nx.NXDAddress
	var got [2][]byte
	var lastReceive nx.Status = 0xFF
	received, clientDone := 0, false
	w.add("server", nx.IP_ADDRESS(1, 2, 3, 4), 7, func(b *board) {
		enableIPv6(t, b, targets...)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE) // duplicate address detection
		var d dtlsServer
		d.createIn(t, b, 2, m)
		for range 2 {
			s := d.next(nx.NX_IP_PERIODIC_RATE)
			if s == nil {
				t.Error("no connect_notify")
				return
			}
			srvStarts = append(srvStarts, securedtls.ServerSessionStart(s, nx.NX_WAIT_FOREVER))
		}
		for i := range d.sessions {
			indexes = append(indexes, d.sessions[i].NxSecureDTLSLocalIPAddressIndex)
			srvSends = append(srvSends, send(t, &d.sessions[i], &b.pool, responses[i]))
		}
		for received < len(d.sessions) {
			rtos.ThreadSleep(1)
		}
		s1 := &d.sessions[1]
		lowWord := &s1.NxSecureDTLSTLSSession.NxSecureTLSLocalSequenceNumber[0] // the low word, as in C

		// The wrong source address: session 0's address index.
		kept := s1.NxSecureDTLSLocalIPAddressIndex
		s1.NxSecureDTLSLocalIPAddressIndex = d.sessions[0].NxSecureDTLSLocalIPAddressIndex
		forcedAddress = send(t, s1, &b.pool, responses[1])
		s1.NxSecureDTLSLocalIPAddressIndex = kept
		*lowWord--

		// The wrong source port: the server's port plus one.
		var other netx.UDPSocket
		must(t, "udp_socket_create", netx.UDPSocketCreate(&b.ip, &other, "port+1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 4))
		must(t, "udp_socket_bind", netx.UDPSocketBind(&other, serverPort+1, nx.NX_NO_WAIT))
		own := securedtls.SwapUDPSocket(s1, &other)
		forcedPort = send(t, s1, &b.pool, responses[1])
		securedtls.SwapUDPSocket(s1, own)
		*lowWord--
		netx.UDPSocketUnbind(&other)
		netx.UDPSocketDelete(&other)

		// The C test suspends until client 1 resumes it; here the clients
		// are other devices, so the server polls as it does for the receives.
		for !clientDone {
			rtos.ThreadSleep(1)
		}
		srvStop = securedtls.ServerStop(&d.srv)
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})

	for k, own := range []*nx.NXDAddress{v6Addr(0xfe800000, 0, 0, 5), v6Addr(0xfe800000, 0, 0, 6)} {
		w.add("client", nx.IP_ADDRESS(1, 2, 3, nx.ULONG(5+k)), 8, func(b *board) {
			enableIPv6(t, b, own)
			rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
			var c dtlsClient
			c.createIn(t, b, m)
			cliStarts = append(cliStarts, securedtls.ClientSessionStart(&c.s, &b.socket, targets[k], serverPort, nx.NX_WAIT_FOREVER))
			var pkt *packetpool.Packet
			st := securedtls.SessionReceive(&c.s, &pkt, 5*nx.NX_IP_PERIODIC_RATE)
			cliReceives = append(cliReceives, st)
			if st == nx.NX_SUCCESS {
				must(t, "udp_packet_info_extract", netx.UDPPacketInfoExtract(pkt, &sources[k], nil, nil, nil))
				got[k] = append([]byte(nil), pkt.Data()...)
				packetpool.Release(pkt)
				received++
			}
			if k == 1 {
				var stray *packetpool.Packet
				lastReceive = securedtls.SessionReceive(&c.s, &stray, nx.NX_IP_PERIODIC_RATE)
				if lastReceive == nx.NX_SUCCESS {
					packetpool.Release(stray)
				}
			}
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			c.close(b)
			if k == 1 {
				clientDone = true
			}
		})
	}
	w.run(20 * time.Second)

	ok := []nx.Status{nx.NX_SUCCESS, nx.NX_SUCCESS}
	assert.Equal(t, ok, srvStarts, "server_session_start")
	assert.Equal(t, ok, cliStarts, "client_session_start")
	assert.Equal(t, []nx.UINT{0, 1}, indexes, "each session remembers the address its client targeted")
	assert.Equal(t, ok, srvSends, "server_session_send")
	assert.Equal(t, ok, cliReceives, "session_receive")
	for k := range targets {
		assert.Equal(t, *targets[k], sources[k], "client %d: the reply leaves from the address it targeted", k)
		assert.Equal(t, responses[k], got[k], "client %d", k)
	}
	assert.Equal(t, nx.NX_SUCCESS, forcedAddress, "send from the other address")
	assert.Equal(t, nx.NX_SUCCESS, forcedPort, "send from another port")
	assert.Equal(t, nx.NX_NO_PACKET, lastReceive, "client 1 dropped both")
	assert.Equal(t, nx.NX_SUCCESS, srvStop, "the server thread was resumed and stopped the server")
}
