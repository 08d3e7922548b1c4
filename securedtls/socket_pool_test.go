package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestClientPacketsFromTheSocketsInstance: a client session takes its
// handshake packets from the default pool of the IP instance its UDP
// socket belongs to (nx_udp_socket_ip_ptr, dtls-semantics.md §2.13), not
// from the device's first instance: with the first instance's pool empty,
// a client on a second instance of the same device still connects and
// echoes.
func TestClientPacketsFromTheSocketsInstance(t *testing.T) {
	w := newWorld(t, 41)
	msg := []byte("from the second instance")
	var start nx.Status = 0xFF
	var echoed []byte
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		must(t, "server_session_start", securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE))
		data, st := receive(s, 5*nx.NX_IP_PERIODIC_RATE)
		must(t, "server receive", st)
		must(t, "server send", send(t, s, &b.pool, data))
		securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE)
		must(t, "server_stop", securedtls.ServerStop(&d.srv))
		must(t, "server_delete", securedtls.ServerDelete(&d.srv))
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var pool packetpool.Pool
		var ip netx.IP
		var arp [10 * 52]byte
		must(t, "pool_create", packetpool.PoolCreate(&pool, "second", 1536, make([]byte, 24*(1536+60))))
		must(t, "ip_create", netx.IPCreate(&ip, "second", nx.IP_ADDRESS(192, 168, 1, 4), 0xFFFFFF00, &pool, w.lan.Driver, make([]byte, 2048), 1))
		must(t, "arp_enable", netx.ARPEnable(&ip, arp[:]))
		must(t, "udp_enable", netx.UDPEnable(&ip))
		var held []*packetpool.Packet // the first instance's pool, emptied
		for {
			var p *packetpool.Packet
			if packetpool.Allocate(&b.pool, &p, nx.NX_UDP_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
				break
			}
			held = append(held, p)
		}
		var c dtlsClient
		must(t, "session_create", securedtls.SessionCreate(&c.s, table(t, pskSuites...), c.meta[:], c.reasm[:], 0, nil))
		must(t, "psk_add", securedtls.PSKAdd(&c.s, psk, pskID, pskHint))
		must(t, "udp_socket_create", netx.UDPSocketCreate(&ip, &b.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8))
		must(t, "udp_socket_bind", netx.UDPSocketBind(&b.socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER))
		start = securedtls.ClientSessionStart(&c.s, &b.socket, serverAddr(), serverPort, 5*nx.NX_IP_PERIODIC_RATE)
		if start == nx.NX_SUCCESS {
			must(t, "client send", send(t, &c.s, &pool, msg))
			echoed, _ = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
		}
		securedtls.SessionEnd(&c.s, nx.NX_IP_PERIODIC_RATE)
		c.close(b)
		for _, p := range held {
			packetpool.Release(p)
		}
	})
	w.run(10 * time.Second)
	assert.Equal(t, nx.NX_SUCCESS, start)
	assert.Equal(t, msg, echoed)
}
