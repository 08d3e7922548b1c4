package securedtls_test

import (
	"bytes"
	"io"
	"os/exec"
	"strconv"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Interop with certificates: OpenSSL (here) and GnuTLS
// (interop_cert_gnutls_test.go) against nxsim devices, both directions,
// for each certificate suite nxsim runs and the peer has, through the
// sim's bridge in wall-clock mode (real sockets; the host CPU profile, so
// that the public-key work costs what it costs on the host). Each case
// ends as soon as the device is done. Skipped without the tool, and for a
// suite the engine does not negotiate yet.

// certSuite is one certificate suite with its names in the peers and the
// identity that fits it.
type certSuite struct {
	id       nx.USHORT
	openssl  string // OpenSSL cipher name ("" when OpenSSL has none)
	gnutls   string // GnuTLS priority items: key exchange, cipher, MAC
	cert, ca string // internal/testcerts names
	ecc      bool   // ECDHE: the groups list on the device
}

// interopSuites are nxsim's certificate suites a peer can run: RSA key
// transport and ECDHE (static ECDH is in neither OpenSSL 3 nor GnuTLS).
var interopSuites = []certSuite{
	{0x003C, "AES128-SHA256", "+RSA:+AES-128-CBC:+SHA256", "rsa-server", "rsa-ca", false},
	{0x003D, "AES256-SHA256", "+RSA:+AES-256-CBC:+SHA256", "rsa-server", "rsa-ca", false},
	{0x009C, "AES128-GCM-SHA256", "+RSA:+AES-128-GCM:+AEAD", "rsa-server", "rsa-ca", false},
	{0x002F, "AES128-SHA", "+RSA:+AES-128-CBC:+SHA1", "rsa-server", "rsa-ca", false},
	{0x0035, "AES256-SHA", "+RSA:+AES-256-CBC:+SHA1", "rsa-server", "rsa-ca", false},
	{0xC023, "ECDHE-ECDSA-AES128-SHA256", "+ECDHE-ECDSA:+AES-128-CBC:+SHA256", "ec-server", "ec-ca", true},
	{0xC027, "ECDHE-RSA-AES128-SHA256", "+ECDHE-RSA:+AES-128-CBC:+SHA256", "rsa-server", "rsa-ca", true},
	{0xC02B, "ECDHE-ECDSA-AES128-GCM-SHA256", "+ECDHE-ECDSA:+AES-128-GCM:+AEAD", "ec-server", "ec-ca", true},
	{0xC02F, "ECDHE-RSA-AES128-GCM-SHA256", "+ECDHE-RSA:+AES-128-GCM:+AEAD", "rsa-server", "rsa-ca", true},
	{0xC009, "ECDHE-ECDSA-AES128-SHA", "+ECDHE-ECDSA:+AES-128-CBC:+SHA1", "ec-server", "ec-ca", true},
	{0xC00A, "ECDHE-ECDSA-AES256-SHA", "+ECDHE-ECDSA:+AES-256-CBC:+SHA1", "ec-server", "ec-ca", true},
	{0xC013, "ECDHE-RSA-AES128-SHA", "+ECDHE-RSA:+AES-128-CBC:+SHA1", "rsa-server", "rsa-ca", true},
	{0xC014, "ECDHE-RSA-AES256-SHA", "+ECDHE-RSA:+AES-256-CBC:+SHA1", "rsa-server", "rsa-ca", true},
	{0x0002, "NULL-SHA", "+RSA:+NULL:+SHA1", "rsa-server", "rsa-ca", false},
}

// deviceMode is the device's setup for s: a one-suite table, the identity
// (server) or its CA (client), NetX's groups for ECDHE, no PSK.
func (s certSuite) deviceMode() mode {
	m := mode{name: s.openssl, serverSuites: []nx.USHORT{s.id}, clientSuites: []nx.USHORT{s.id},
		serverCert: s.cert, clientTrusts: s.ca, noPSK: true, suite: s.id}
	if s.ecc {
		m.serverGroups, m.clientGroups = securedtls.CryptoECCSupportedGroups, securedtls.CryptoECCSupportedGroups
	}
	return m
}

// deviceClientIP is the client device's address in the bridged worlds.
var deviceClientIP = nx.IP_ADDRESS(192, 168, 1, 3)

// bridged is a wall-clock world with a bridge to one device.
type bridged struct {
	e      *rtos.Engine
	lan    *sim.Segment
	bridge *sim.Bridge
	done   bool // set by the device's application when it has finished
}

// newBridged makes the world on the host CPU profile and a bridge to
// target:port on the device.
func newBridged(t *testing.T, target nx.ULONG, port nx.UINT) *bridged {
	t.Helper()
	e := rtos.NewEngine(13, rtos.WithWallClock(), rtos.WithProfile(rtos.ProfileHost))
	t.Cleanup(e.Close)
	lan := sim.NewNetwork(e).Segment("lan")
	b, err := lan.Bridge("host", hostAddress, target, port, "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = b.Close() })
	return &bridged{e: e, lan: lan, bridge: b}
}

// start runs the world in the background until the device is done or
// limit has passed; wait waits for that.
func (w *bridged) start(limit time.Duration) (wait func(t *testing.T)) {
	finished := make(chan error, 1)
	go func() {
		var err error
		for step := time.Duration(0); err == nil && step < limit && !w.done; step += 100 * time.Millisecond {
			err = w.e.RunFor(100 * time.Millisecond)
		}
		finished <- err
	}()
	return func(t *testing.T) { t.Helper(); require.NoError(t, <-finished) }
}

// peer is a real DTLS tool run for one case: its stdin, and everything it
// printed.
type peer struct {
	cmd    *exec.Cmd
	stdin  io.WriteCloser
	out    bytes.Buffer
	exited chan struct{}
	done   bool // stopped
}

// startPeer starts the tool; the test's cleanup stops it.
func startPeer(t *testing.T, name string, args ...string) *peer {
	t.Helper()
	p := &peer{cmd: exec.Command(name, args...), exited: make(chan struct{})}
	var err error
	p.stdin, err = p.cmd.StdinPipe()
	require.NoError(t, err)
	p.cmd.Stdout, p.cmd.Stderr = &p.out, &p.out
	require.NoError(t, p.cmd.Start())
	go func() { _ = p.cmd.Wait(); close(p.exited) }()
	t.Cleanup(p.stop)
	return p
}

// say writes a line to the tool's stdin.
func (p *peer) say(line string) { _, _ = io.WriteString(p.stdin, line) }

// stop closes stdin, gives the tool a moment to finish and kills it
// after that; the output is complete once it returns.
func (p *peer) stop() {
	if p.done {
		return
	}
	p.done = true
	_ = p.stdin.Close()
	select {
	case <-p.exited:
	case <-time.After(300 * time.Millisecond):
		_ = p.cmd.Process.Kill()
		<-p.exited
	}
}

// output returns what the tool printed, after stopping it.
func (p *peer) output() string {
	p.stop()
	return p.out.String()
}

// deviceClient adds a client device that connects to the bridge's host
// port with mode m, sends hello, waits for one record back and ends the
// session.
func (w *bridged) deviceClient(t *testing.T, m mode, hostPort int, hello string) (start *nx.Status, got *[]byte) {
	st, data := nx.Status(0xFF), []byte(nil)
	var brd board
	wallDevice(w.e, w.lan.Driver, "client", deviceClientIP, &brd, func() {
		defer func() { w.done = true }()
		var c dtlsClient
		m.clientPort = clientPort
		c.createIn(t, &brd, m)
		to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
		to.NxdIPAddress.V4 = hostAddress
		st = securedtls.ClientSessionStart(&c.s, &brd.socket, to, nx.UINT(hostPort), 5*nx.NX_IP_PERIODIC_RATE)
		if st == nx.NX_SUCCESS {
			must(t, "send", send(t, &c.s, &brd.pool, []byte(hello)))
			data, _ = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
		}
		securedtls.SessionEnd(&c.s, nx.NX_IP_PERIODIC_RATE/5)
		c.close(&brd)
	})
	return &st, &data
}

// deviceServer adds a one-session server device with mode m that answers
// the first record with reply, then ends the session.
func (w *bridged) deviceServer(t *testing.T, m mode, reply string) (start *nx.Status, got *[]byte) {
	st, data := nx.Status(0xFF), []byte(nil)
	brd := board{packetSize: m.serverPacket}
	wallDevice(w.e, w.lan.Driver, "server", serverIP, &brd, func() {
		defer func() { w.done = true }()
		m.prepare(t, &brd, serverIPv6)
		var d dtlsServer
		d.createIn(t, &brd, 1, m)
		if s := d.next(10 * nx.NX_IP_PERIODIC_RATE); s != nil {
			st = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
			if st == nx.NX_SUCCESS {
				var r nx.Status
				if data, r = receive(s, 5*nx.NX_IP_PERIODIC_RATE); r == nx.NX_SUCCESS {
					must(t, "send", send(t, s, &brd.pool, []byte(reply)))
				}
			}
			securedtls.SessionEnd(s, nx.NX_IP_PERIODIC_RATE/5)
		}
		d.shutdown(t)
	})
	return &st, &data
}

// opensslCipher is the -cipher argument: security level 0 lets OpenSSL 3
// run the SHA-1 and NULL suites and sign with SHA-1, which a peer sending
// no signature_algorithms (NetX) implies.
func opensslCipher(s certSuite) string { return s.openssl + "@SECLEVEL=0" }

// needTool returns the tool's path or skips the test.
func needTool(t *testing.T, name string) string {
	path, err := exec.LookPath(name)
	if err != nil {
		t.Skipf("%s is not installed", name)
	}
	return path
}

// exchanged is what one interop case saw: the device's session_start,
// the line it received, everything the tool printed.
type exchanged struct {
	start nx.Status
	got   string
	out   string
}

// check asserts a completed exchange: the start succeeded, the device
// received want, and the tool printed printed ("" for nothing to check).
func (x exchanged) check(t *testing.T, want, printed string) {
	t.Helper()
	assert.Equal(t, nx.NX_SUCCESS, x.start, "the tool said:\n%s", x.out)
	assert.Equal(t, want, x.got)
	assert.Contains(t, x.out, printed)
}

// clientAgainst runs our client in mode m against a server tool started
// with args(port); the client sends "hello from nxsim\n" and reads one
// record; the tool is given line (if any) to send once connected.
func clientAgainst(t *testing.T, m mode, tool string, args func(port int) []string, line string) exchanged {
	w := newBridged(t, deviceClientIP, clientPort)
	port := freeUDPPort(t)
	srv := startPeer(t, tool, args(port)...)
	time.Sleep(300 * time.Millisecond) // the tool binds its socket
	start, got := w.deviceClient(t, m, port, "hello from nxsim\n")
	srv.say(line)
	w.start(8 * time.Second)(t)
	return exchanged{*start, string(*got), srv.output()}
}

// serverAgainst runs our one-session server in mode m, answering
// "hello from nxsim\n", against a client tool started with args(port of
// the bridge) that sends line.
func serverAgainst(t *testing.T, m mode, tool string, args func(port int) []string, line string) exchanged {
	w := newBridged(t, serverIP, serverPort)
	start, got := w.deviceServer(t, m, "hello from nxsim\n")
	wait := w.start(8 * time.Second)
	time.Sleep(200 * time.Millisecond) // the server device is up
	cli := startPeer(t, tool, args(w.bridge.LocalAddr().Port)...)
	cli.say(line)
	wait(t)
	return exchanged{*start, string(*got), cli.output()}
}

// forInteropSuites runs run for each of interopSuites in parallel
// subtests, each skipped while the engine does not negotiate its suite.
func forInteropSuites(t *testing.T, run func(t *testing.T, s certSuite)) {
	for _, s := range interopSuites {
		t.Run(s.openssl, func(t *testing.T) {
			t.Parallel()
			run(t, s)
		})
	}
}

// TestInteropCertClientAgainstOpenSSL: our client, openssl s_server with
// the suite's certificate; the client verifies the chain against the CA,
// and a line goes each way.
func TestInteropCertClientAgainstOpenSSL(t *testing.T) {
	openssl := needTool(t, "openssl")
	forInteropSuites(t, func(t *testing.T, s certSuite) {
		clientAgainst(t, s.deviceMode(), openssl, func(port int) []string {
			return []string{"s_server", "-dtls1_2", "-accept", "127.0.0.1:" + strconv.Itoa(port), "-mtu", "1200",
				"-cert", testcerts.Path(s.cert, "crt.pem"), "-key", testcerts.Path(s.cert, "key.pem"),
				"-cipher", opensslCipher(s), "-naccept", "1", "-no_ticket", "-quiet"}
		}, "hello from openssl\n").check(t, "hello from openssl\n", "hello from nxsim")
	})
}

// TestInteropCertServerAgainstOpenSSL: openssl s_client, verifying our
// server's certificate against the CA (-verify_return_error), our server.
// s_client needs -legacy_server_connect: NetX's ServerHello has no
// renegotiation_info.
func TestInteropCertServerAgainstOpenSSL(t *testing.T) {
	openssl := needTool(t, "openssl")
	forInteropSuites(t, func(t *testing.T, s certSuite) {
		serverAgainst(t, s.deviceMode(), openssl, func(port int) []string {
			return []string{"s_client", "-dtls1_2", "-connect", "127.0.0.1:" + strconv.Itoa(port), "-mtu", "1200",
				"-CAfile", testcerts.Path(s.ca, "crt.pem"), "-verify_return_error", "-cipher", opensslCipher(s),
				"-legacy_server_connect", "-quiet"}
		}, "hello from openssl\n").check(t, "hello from openssl\n", "hello from nxsim")
	})
}
