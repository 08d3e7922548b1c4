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

// v6Addr is an IPv6 NXD_ADDRESS.
func v6Addr(words ...nx.ULONG) *nx.NXDAddress {
	a := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	copy(a.NxdIPAddress.V6[:], words)
	return a
}

// enableIPv6 is the IPv6 part of a C test's tx_application_define:
// nxd_ipv6_enable, nxd_icmp_enable and the given addresses (prefix 64) on
// interface 0.
func enableIPv6(t testing.TB, b *board, addresses ...*nx.NXDAddress) {
	must(t, "nxd_ipv6_enable", netx.IPv6Enable(&b.ip))
	must(t, "nxd_icmp_enable", netx.ICMPEnable(&b.ip))
	for _, a := range addresses {
		must(t, "nxd_ipv6_address_set", netx.IPv6AddressSet(&b.ip, 0, a, 64, nil))
	}
}

// TestBasicIPv6 ports the IPv6 leg of nx_secure_dtls_basic_test.c (PSK
// variant): on one IP instance with 2001::2, a client session on the same
// instance connects to ::1; session_send to an address that differs from
// the peer in word 3, then also in words 2, 1 and 0, is
// NX_SECURE_TLS_SEND_ADDRESS_MISMATCH (0x122) each time with the packet
// still the caller's; to ::1 it succeeds and the server receives the 64
// bytes 0..63; the server's session_end(1 s) is 0x00. Both sessions
// remember the loopback entry (index NX_MAX_IPV6_ADDRESSES) as the address
// the peer targeted, and every pool is full at the end.
func TestBasicIPv6(t *testing.T) { forModes(t, testBasicIPv6) }

// testBasicIPv6 is TestBasicIPv6 in mode m.
func testBasicIPv6(t *testing.T, m mode) {
	w := newWorld(t, 21)
	request := make([]byte, 64)
	for i := range request {
		request[i] = byte(i)
	}
	var cliStart, srvStart, srvEnd, srvStop nx.Status = 0xFF, 0xFF, 0xFF, 0xFF
	var mismatches []nx.Status
	var sent nx.Status = 0xFF
	var received []byte
	var srvIndex, cliIndex nx.UINT
	var client rtos.Thread
	w.add("dev", nx.IP_ADDRESS(1, 2, 3, 4), 7, func(b *board) {
		enableIPv6(t, b, v6Addr(0x20010000, 0, 0, 2))
		var d dtlsServer
		d.createIn(t, b, 2, m)
		rtos.ThreadCreate(&client, "client", func(nx.ULONG) {
			var c dtlsClient
			c.createIn(t, b, m)
			cliStart = securedtls.ClientSessionStart(&c.s, &b.socket, v6Addr(0, 0, 0, 1), serverPort, nx.NX_WAIT_FOREVER)
			var pkt *packetpool.Packet
			must(t, "packet_allocate", securedtls.PacketAllocate(&c.s, &b.pool, &pkt, nx.NX_NO_WAIT))
			must(t, "packet_data_append", packetpool.DataAppend(pkt, request, &b.pool, nx.NX_NO_WAIT))
			wrong := v6Addr(0, 0, 0, 1)
			for _, word := range []int{3, 2, 1, 0} {
				wrong.NxdIPAddress.V6[word] = 2
				mismatches = append(mismatches, securedtls.SessionSend(&c.s, pkt, wrong, serverPort))
			}
			sent = securedtls.SessionSend(&c.s, pkt, v6Addr(0, 0, 0, 1), serverPort)
			if sent != nx.NX_SUCCESS {
				packetpool.Release(pkt)
			}
			cliIndex = c.s.NxSecureDTLSLocalIPAddressIndex
			securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
			c.close(b)
			rtos.ThreadResume(&b.thread)
		}, 0, make([]byte, 4096), 8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		s := d.next(nx.NX_IP_PERIODIC_RATE)
		if s == nil {
			t.Error("no connect_notify")
			return
		}
		srvStart = securedtls.ServerSessionStart(s, nx.NX_WAIT_FOREVER)
		var st nx.Status
		received, st = receive(s, nx.NX_WAIT_FOREVER)
		must(t, "server receive", st)
		srvIndex = s.NxSecureDTLSLocalIPAddressIndex
		srvEnd = securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE)
		rtos.ThreadSuspend(&b.thread) // until the client is done, as the C test does
		srvStop = securedtls.ServerStop(&d.srv)
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_SUCCESS, srvStop, "the server thread was resumed and stopped the server")
	assert.Equal(t, nx.NX_SUCCESS, cliStart, "client start")
	assert.Equal(t, nx.NX_SUCCESS, srvStart, "server start")
	mismatch := nx.NX_SECURE_TLS_SEND_ADDRESS_MISMATCH
	assert.Equal(t, []nx.Status{mismatch, mismatch, mismatch, mismatch}, mismatches)
	assert.Equal(t, nx.NX_SUCCESS, sent)
	assert.Equal(t, request, received)
	assert.Equal(t, nx.NX_SUCCESS, srvEnd, "server end")
	loopback := nx.UINT(3 * netx.MaxPhysicalInterfaces)
	assert.Equal(t, loopback, srvIndex, "server: the address the client targeted")
	assert.Equal(t, loopback, cliIndex, "client: the address the server's replies targeted")
}
