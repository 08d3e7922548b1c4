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
