package securedtls_test

import (
	"bytes"
	"cmp"
	"encoding/hex"
	"io"
	"net"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Interop with OpenSSL's s_server and s_client (reference/tooling.md §2)
// through the sim's bridge in wall-clock mode: DTLS 1.2 with
// PSK-AES128-CCM8, and DTLS 1.0 (our client overridden to 0xFEFF) with
// PSK-AES128-CBC-SHA — OpenSSL 3 offers no SHA-256 or AEAD suite under
// DTLS 1.0 and allows DTLS 1.0 only at security level 0. OpenSSL 3
// refuses a ServerHello without renegotiation_info, which NetX never sends:
// s_client runs with -legacy_server_connect (we add no extension NetX does
// not send). Skipped without openssl.

const opensslPSKHex = "00112233445566778899aabbccddeeff"

// opensslVersions are the interop rounds: OpenSSL's version option and
// cipher string, our table's suite, and our client's version override.
var opensslVersions = []struct {
	name, flag, cipher string
	suite              nx.USHORT
	override           nx.USHORT
}{
	{"DTLS 1.2", "-dtls1_2", "PSK-AES128-CCM8", 0xC0A8, 0},
	{"DTLS 1.0", "-dtls1", "PSK-AES128-CBC-SHA:@SECLEVEL=0", 0x008C, nx.NX_SECURE_DTLS_VERSION_1_0},
}

var opensslPSK, _ = hex.DecodeString(opensslPSKHex)

func freeUDPPort(t *testing.T) int {
	c, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	require.NoError(t, err)
	port := c.LocalAddr().(*net.UDPAddr).Port
	require.NoError(t, c.Close())
	return port
}

// wallDevice adds a board to a wall-clock engine.
func wallDevice(e *rtos.Engine, driver netx.Driver, name string, address nx.ULONG, brd *board, app func()) *rtos.Kernel {
	return e.AddKernel(name, brd.define(driver, address, 8, app))
}

// TestInteropClientAgainstOpenSSL: our client, openssl s_server.
func TestInteropClientAgainstOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	for _, v := range opensslVersions {
		t.Run(v.name, func(t *testing.T) {
			var version nx.USHORT
			clientAgainstOpenSSL(t, openssl, v.flag, v.cipher, v.suite, v.override, &version)
			assert.Equal(t, cmp.Or(v.override, nx.NX_SECURE_DTLS_VERSION_1_2), version, "negotiated version")
		})
	}
}

// clientAgainstOpenSSL runs one round of TestInteropClientAgainstOpenSSL.
func clientAgainstOpenSSL(t *testing.T, openssl, flag, cipher string, suite, override nx.USHORT, version *nx.USHORT) {
	e, lan := wallWorld(t)
	port := freeUDPPort(t)
	clientIP := nx.IP_ADDRESS(192, 168, 1, 3)
	b, err := lan.Bridge("host", hostAddress, clientIP, clientPort, "127.0.0.1:0")
	require.NoError(t, err)
	defer func() { _ = b.Close() }()

	srv := exec.Command(openssl, "s_server", flag, "-accept", "127.0.0.1:"+strconv.Itoa(port), "-nocert",
		"-psk", opensslPSKHex, "-psk_identity", "dev01", "-psk_hint", "hint", "-cipher", cipher,
		"-naccept", "1", "-no_ticket", "-quiet")
	stdin, err := srv.StdinPipe()
	require.NoError(t, err)
	var out bytes.Buffer
	srv.Stdout, srv.Stderr = &out, &out
	require.NoError(t, srv.Start())
	exited := make(chan struct{})
	go func() { _ = srv.Wait(); close(exited) }()
	stop := func() { // s_server ends with the connection; never let it outlive the test
		_ = stdin.Close()
		select {
		case <-exited:
		case <-time.After(2 * time.Second):
			_ = srv.Process.Kill()
			<-exited
		}
	}
	defer stop()
	time.Sleep(300 * time.Millisecond)

	var start nx.Status = 0xFF
	var fromServer []byte
	var brd board
	wallDevice(e, lan.Driver, "client", clientIP, &brd, func() {
		var c dtlsClient
		must(t, "session_create", securedtls.SessionCreate(&c.s, table(t, suite), c.meta[:], c.reasm[:], 0, nil))
		must(t, "psk_add", securedtls.PSKAdd(&c.s, opensslPSK, []byte("dev01"), []byte("hint")))
		if override != 0 {
			must(t, "client_protocol_version_override", securedtls.ClientProtocolVersionOverride(&c.s, override))
		}
		netx.UDPSocketCreate(&brd.ip, &brd.socket, "client", nx.NX_IP_NORMAL, nx.NX_DONT_FRAGMENT, nx.NX_IP_TIME_TO_LIVE, 8)
		netx.UDPSocketBind(&brd.socket, clientPort, nx.NX_WAIT_FOREVER)
		to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
		to.NxdIPAddress.V4 = hostAddress
		start = securedtls.ClientSessionStart(&c.s, &brd.socket, to, nx.UINT(port), 3*nx.NX_IP_PERIODIC_RATE)
		*version = c.s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion
		if start == nx.NX_SUCCESS {
			must(t, "send", send(t, &c.s, &brd.pool, []byte("hello from nxsim\n")))
			fromServer, _ = receive(&c.s, 3*nx.NX_IP_PERIODIC_RATE)
		}
		securedtls.SessionEnd(&c.s, nx.NX_IP_PERIODIC_RATE)
		c.close(&brd)
	})
	go func() {
		time.Sleep(1500 * time.Millisecond)
		_, _ = io.WriteString(stdin, "hello from openssl\n")
	}()
	require.NoError(t, e.RunFor(4*time.Second))
	stop()
	assert.Equal(t, nx.NX_SUCCESS, start, "openssl said:\n%s", out.String())
	assert.Equal(t, "hello from openssl\n", string(fromServer))
	assert.Contains(t, out.String(), "hello from nxsim")
}

// TestInteropServerAgainstOpenSSL: openssl s_client, our server (no
// override: it takes the DTLS 1.0 ClientHello as it is).
func TestInteropServerAgainstOpenSSL(t *testing.T) {
	openssl, err := exec.LookPath("openssl")
	if err != nil {
		t.Skip("openssl is not installed")
	}
	for _, v := range opensslVersions {
		t.Run(v.name, func(t *testing.T) {
			var version nx.USHORT
			serverAgainstOpenSSL(t, openssl, v.flag, v.cipher, v.suite, &version)
			assert.Equal(t, cmp.Or(v.override, nx.NX_SECURE_DTLS_VERSION_1_2), version, "negotiated version")
		})
	}
}

// serverAgainstOpenSSL runs one round of TestInteropServerAgainstOpenSSL.
func serverAgainstOpenSSL(t *testing.T, openssl, flag, cipher string, suite nx.USHORT, version *nx.USHORT) {
	e, lan := wallWorld(t)
	b, err := lan.Bridge("host", hostAddress, serverIP, serverPort, "127.0.0.1:0")
	require.NoError(t, err)
	defer func() { _ = b.Close() }()
	var start nx.Status = 0xFF
	var got []byte
	var brd board
	k := wallDevice(e, lan.Driver, "server", serverIP, &brd, func() {
		var d dtlsServer
		d.sessions = make([]securedtls.Session, 1)
		d.meta, d.reasm = make([]byte, metaPerSess), make([]byte, reasmPerSes)
		rtos.SemaphoreCreate(&d.sem, "connect", 0)
		must(t, "server_create", securedtls.ServerCreate(&d.srv, &brd.ip, serverPort, nx.NX_IP_PERIODIC_RATE, d.sessions,
			table(t, suite), d.meta, d.reasm,
			func(s *securedtls.Session, _ *nx.NXDAddress, _ nx.UINT) nx.Status {
				d.connected = append(d.connected, s)
				rtos.SemaphorePut(&d.sem)
				return nx.NX_SUCCESS
			}, func(*securedtls.Session) nx.Status { return nx.NX_SUCCESS }))
		must(t, "server_psk_add", securedtls.ServerPSKAdd(&d.srv, opensslPSK, []byte("dev01"), []byte("hint")))
		must(t, "server_start", securedtls.ServerStart(&d.srv))
		s := d.next(3 * nx.NX_IP_PERIODIC_RATE)
		if s == nil {
			return
		}
		start = securedtls.ServerSessionStart(s, 3*nx.NX_IP_PERIODIC_RATE)
		*version = s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersion
		if start == nx.NX_SUCCESS {
			var st nx.Status
			if got, st = receive(s, 3*nx.NX_IP_PERIODIC_RATE); st == nx.NX_SUCCESS {
				must(t, "send", send(t, s, &brd.pool, []byte("hello from nxsim\n")))
			}
		}
		securedtls.SessionEnd(s, 2*nx.NX_IP_PERIODIC_RATE)
		securedtls.ServerStop(&d.srv)
		securedtls.ServerDelete(&d.srv)
	})
	done := make(chan error, 1)
	go func() { done <- e.RunFor(4 * time.Second) }()
	time.Sleep(200 * time.Millisecond)
	cli := exec.Command("timeout", "5", openssl, "s_client", flag, "-connect", b.LocalAddr().String(),
		"-psk", opensslPSKHex, "-psk_identity", "dev01", "-cipher", cipher, "-legacy_server_connect", "-quiet")
	stdin, err := cli.StdinPipe()
	require.NoError(t, err)
	var out bytes.Buffer
	cli.Stdout, cli.Stderr = &out, &out
	require.NoError(t, cli.Start())
	_, _ = io.WriteString(stdin, "hello from openssl\n")
	time.Sleep(2 * time.Second)
	_ = stdin.Close()
	_ = cli.Wait()
	require.NoError(t, <-done)
	assert.Equal(t, nx.NX_SUCCESS, start, "openssl said:\n%s", out.String())
	assert.Equal(t, "hello from openssl\n", string(got))
	assert.Contains(t, out.String(), "hello from nxsim")
	var notes []string
	for _, n := range securedtls.Notes(k) {
		notes = append(notes, n.Behaviour)
	}
	assert.Contains(t, notes, "the ServerHello carries no renegotiation_info even when the client asked for it; OpenSSL 3 clients refuse it unless run with -legacy_server_connect")
}
