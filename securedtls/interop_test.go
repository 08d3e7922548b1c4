package securedtls_test

import (
	"bytes"
	"context"
	"net"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/pion/dtls/v2"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Interop with a peer nobody here wrote: pion/dtls's Conn, in process, over
// the sim's bridge in wall-clock mode (real sockets, real time: about a
// second per case).

var hostAddress = nx.IP_ADDRESS(192, 168, 1, 200)

// clientPort is the emulated client's bound port, where the bridge
// forwards what the real peer sends.
const clientPort = 5000

func pionConfig(suite dtls.CipherSuiteID, identity []byte) *dtls.Config {
	return &dtls.Config{
		PSK:             func([]byte) ([]byte, error) { return psk, nil },
		PSKIdentityHint: identity,
		CipherSuites:    []dtls.CipherSuiteID{suite},
	}
}

func wallWorld(t *testing.T, opts ...rtos.EngineOption) (*rtos.Engine, *sim.Segment) {
	t.Helper()
	e := rtos.NewEngine(13, append([]rtos.EngineOption{rtos.WithWallClock()}, opts...)...)
	t.Cleanup(e.Close)
	n := sim.NewNetwork(e)
	return e, n.Segment("lan")
}

// TestInteropClientAgainstPion runs our client against pion's server Conn:
// handshake, 64 bytes each way.
func TestInteropClientAgainstPion(t *testing.T) {
	for _, suite := range []dtls.CipherSuiteID{dtls.TLS_PSK_WITH_AES_128_CCM_8, dtls.TLS_PSK_WITH_AES_128_CBC_SHA256} {
		t.Run(suite.String(), func(t *testing.T) {
			e, lan := wallWorld(t)
			l, err := dtls.Listen("udp", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)}, pionConfig(suite, pskHint))
			require.NoError(t, err)
			defer func() { _ = l.Close() }()
			pionPort := l.Addr().(*net.UDPAddr).Port
			clientIP := nx.IP_ADDRESS(192, 168, 1, 3)
			b, err := lan.Bridge("host", hostAddress, clientIP, clientPort, "127.0.0.1:0")
			require.NoError(t, err)
			defer func() { _ = b.Close() }()

			serverDone := make(chan []byte, 1)
			go func() {
				conn, err := l.Accept()
				if err != nil {
					serverDone <- nil
					return
				}
				defer func() { _ = conn.Close() }()
				buf := make([]byte, 1500)
				_ = conn.SetReadDeadline(time.Now().Add(5 * time.Second))
				n, err := conn.Read(buf)
				if err != nil {
					serverDone <- nil
					return
				}
				_, _ = conn.Write(append([]byte("pion: "), buf[:n]...))
				serverDone <- buf[:n]
			}()

			msg := bytes.Repeat([]byte{0x42}, 64)
			var start nx.Status = 0xFF
			var echoed []byte
			var brd board
			wallDevice(e, lan.Driver, "client", clientIP, &brd, func() {
				var c dtlsClient
				must(t, "session_create", securedtls.SessionCreate(&c.s, table(t, nx.USHORT(suite)), c.meta[:], c.reasm[:], 0, nil))
				must(t, "psk_add", securedtls.PSKAdd(&c.s, psk, pskID, pskHint))
				netx.UDPSocketCreate(&brd.ip, &brd.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
				netx.UDPSocketBind(&brd.socket, clientPort, nx.NX_WAIT_FOREVER)
				to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
				to.NxdIPAddress.V4 = hostAddress
				start = securedtls.ClientSessionStart(&c.s, &brd.socket, to, nx.UINT(pionPort), 3*nx.NX_IP_PERIODIC_RATE)
				if start == nx.NX_SUCCESS {
					must(t, "send", send(t, &c.s, &brd.pool, msg))
					echoed, _ = receive(&c.s, 3*nx.NX_IP_PERIODIC_RATE)
				}
				securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
				c.close(&brd)
			})
			require.NoError(t, e.RunFor(2*time.Second))
			assert.Equal(t, nx.NX_SUCCESS, start)
			assert.Equal(t, msg, <-serverDone)
			assert.Equal(t, append([]byte("pion: "), msg...), echoed)
		})
	}
}

// TestInteropServerAgainstPion runs pion's client against our server.
func TestInteropServerAgainstPion(t *testing.T) {
	for _, suite := range []dtls.CipherSuiteID{dtls.TLS_PSK_WITH_AES_128_CCM_8, dtls.TLS_PSK_WITH_AES_128_CBC_SHA256} {
		t.Run(suite.String(), func(t *testing.T) {
			e, lan := wallWorld(t)
			b, err := lan.Bridge("host", hostAddress, serverIP, serverPort, "127.0.0.1:0")
			require.NoError(t, err)
			defer func() { _ = b.Close() }()
			var start nx.Status = 0xFF
			var got []byte
			var brd board
			wallDevice(e, lan.Driver, "server", serverIP, &brd, func() {
				var d dtlsServer
				d.create(t, &brd, 1, table(t, nx.USHORT(suite)))
				s := d.next(3 * nx.NX_IP_PERIODIC_RATE)
				if s == nil {
					return
				}
				start = securedtls.ServerSessionStart(s, 3*nx.NX_IP_PERIODIC_RATE)
				if start == nx.NX_SUCCESS {
					var st nx.Status
					got, st = receive(s, 3*nx.NX_IP_PERIODIC_RATE)
					if st == nx.NX_SUCCESS {
						must(t, "send", send(t, s, &brd.pool, append([]byte("nxsim: "), got...)))
					}
				}
				rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 2)
				securedtls.SessionEnd(s, nx.NX_NO_WAIT)
				securedtls.ServerStop(&d.srv)
				securedtls.ServerDelete(&d.srv)
			})
			done := make(chan error, 1)
			go func() { done <- e.RunFor(2 * time.Second) }()

			msg := bytes.Repeat([]byte{0x24}, 64)
			ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
			defer cancel()
			conn, err := dtls.DialWithContext(ctx, "udp", b.LocalAddr(), pionConfig(suite, pskID))
			var echoed []byte
			if assert.NoError(t, err) {
				_, err = conn.Write(msg)
				assert.NoError(t, err)
				buf := make([]byte, 1500)
				_ = conn.SetReadDeadline(time.Now().Add(2 * time.Second))
				if n, err := conn.Read(buf); assert.NoError(t, err) {
					echoed = buf[:n]
				}
				_ = conn.Close()
			}
			require.NoError(t, <-done)
			assert.Equal(t, nx.NX_SUCCESS, start)
			assert.Equal(t, msg, got)
			assert.Equal(t, append([]byte("nxsim: "), msg...), echoed)
		})
	}
}
