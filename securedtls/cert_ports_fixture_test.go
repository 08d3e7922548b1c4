package securedtls_test

import (
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
)

// The device side of a mode (modes_test.go) that needs NetX itself: the
// client's session and socket, fragmentation and IPv6.

// createIn makes the client session of mode m and binds b's socket.
func (c *dtlsClient) createIn(t testing.TB, b *board, m mode) {
	c.build(t, b, table(t, m.clientSuites...), m)
}

// build is the client's setup: session_create (with one remote-certificate
// slot in a certificate mode), the PSK, the mode's certificates and
// groups, and the bound socket.
func (c *dtlsClient) build(t testing.TB, b *board, tab *securedtls.CryptoTable, m mode) {
	var slots nx.UINT
	var certBuffer []byte
	if m.clientTrusts != "" {
		slots, certBuffer = 1, make([]byte, max(m.certBuffer, certBufferSize))
	}
	must(t, "session_create", securedtls.SessionCreate(&c.s, tab, c.meta[:], c.reasm[:], slots, certBuffer))
	steps(t,
		step{!m.noPSK, "psk_add", func() nx.Status { return securedtls.PSKAdd(&c.s, psk, pskID, pskHint) }},
		step{m.clientGroups != nil, "ecc_initialize", func() nx.Status {
			return securedtls.ECCInitialize(&c.s, m.clientGroups, curves(m.clientGroups))
		}},
		step{m.clientTrusts != "", "trusted_certificate_add", func() nx.Status {
			return securedtls.SessionTrustedCertificateAdd(&c.s, certificate(t, m.clientTrusts, false), 1)
		}},
		step{m.clientCert != "", "local_certificate_add", func() nx.Status {
			return securedtls.SessionLocalCertificateAdd(&c.s, certificate(t, m.clientCert, true), 1)
		}})
	must(t, "udp_socket_create", netx.UDPSocketCreate(&b.ip, &b.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8))
	port := nx.UINT(nx.NX_ANY_PORT)
	if m.clientPort != 0 {
		port = m.clientPort
	}
	must(t, "udp_socket_bind", netx.UDPSocketBind(&b.socket, port, nx.NX_WAIT_FOREVER))
}

// prepare is the part of a device's application that comes before DTLS in
// mode m: fragmentation and IPv6 with its duplicate address detection.
func (m mode) prepare(t testing.TB, b *board, v6 *nx.NXDAddress) {
	if m.ipFragment {
		must(t, "ip_fragment_enable", netx.IPFragmentEnable(&b.ip))
	}
	if m.ipv6 {
		enableIPv6(t, b, v6)
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
	}
}

// step is one setup call of a mode, made when on.
type step struct {
	on   bool
	name string
	call func() nx.Status
}

// steps makes the calls that are on, in order, each required to succeed.
func steps(t testing.TB, all ...step) {
	for _, s := range all {
		if s.on {
			must(t, s.name, s.call())
		}
	}
}
