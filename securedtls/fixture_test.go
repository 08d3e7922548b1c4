package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
)

// The regression tests' fixture (dtls-semantics.md §4): 24 packets of 1536
// bytes per pool, 16000 bytes of metadata and 4000 of reassembly buffer
// per session, server port 4433.
const (
	serverPort  = 4433
	metaPerSess = 16000
	reasmPerSes = 4000
)

var (
	serverIP  = nx.IP_ADDRESS(192, 168, 1, 2)
	psk       = []byte("simple_psk")
	pskID     = []byte("psk_test")
	pskHint   = []byte("psk_hint")
	pskSuites = []nx.USHORT{0x00AE}
)

// board is one device: pool, IP instance with ARP and UDP, a UDP socket and
// its application thread.
type board struct {
	pool   packetpool.Pool
	ip     netx.IP
	socket netx.UDPSocket
	thread rtos.Thread
	arp    [10 * 52]byte
	kernel *rtos.Kernel
	// packetSize, if set, is the pool's packet payload instead of the
	// fixture's 1536 bytes (12 packets instead of 24).
	packetSize nx.ULONG
}

// world is a simulated LAN of boards.
type world struct {
	t   *testing.T
	e   *rtos.Engine
	net *sim.Network
	lan *sim.Segment
}

func newWorld(t *testing.T, seed uint64, opts ...rtos.EngineOption) *world {
	t.Helper()
	// The ports of the C regression tests run on the host profile,
	// calibrated to the real regression build (netx-observed.md §5);
	// opts may choose another.
	e := rtos.NewEngine(seed, append([]rtos.EngineOption{rtos.WithProfile(rtos.ProfileHost)}, opts...)...)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	n := sim.NewNetwork(e)
	lan := n.Segment("lan")
	lan.Latency = 100 * time.Microsecond
	securedtls.SetKeyLog(e, n.KeyLog)
	t.Cleanup(func() { securedtls.SetKeyLog(e, nil) })
	return &world{t: t, e: e, net: n, lan: lan}
}

// add creates a device at address whose application thread (priority
// prio) runs app.
func (w *world) add(name string, address nx.ULONG, prio nx.UINT, app func(b *board)) *board {
	return w.addSized(name, address, prio, 0, app)
}

// addSized is add with the pool's packet payload (0: the fixture's).
func (w *world) addSized(name string, address nx.ULONG, prio nx.UINT, packetSize nx.ULONG, app func(b *board)) *board {
	b := &board{packetSize: packetSize}
	b.kernel = w.e.AddKernel(name, b.define(w.lan.Driver, address, prio, func() { app(b) }))
	return b
}

// define is the board's tx_application_define: pool, IP instance on the
// segment, ARP, UDP, DTLS initialization and the application thread.
func (b *board) define(driver netx.Driver, address nx.ULONG, prio nx.UINT, app func()) func([]byte) {
	return func(mem []byte) {
		take := func(n int) []byte { x := mem[:n:n]; mem = mem[n:]; return x }
		netx.SystemInitialize()
		securedtls.TLSInitialize()
		securedtls.Initialize()
		size, count := nx.ULONG(1536), 24
		if b.packetSize != 0 {
			size, count = b.packetSize, 12
		}
		packetpool.PoolCreate(&b.pool, "pool", size, take(count*int(size+60)))
		netx.IPCreate(&b.ip, "ip", address, 0xFFFFFF00, &b.pool, driver, take(2048), 1)
		netx.ARPEnable(&b.ip, b.arp[:])
		netx.UDPEnable(&b.ip)
		rtos.ThreadCreate(&b.thread, "app", func(nx.ULONG) { app() }, 0, take(4096), prio, prio, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	}
}

// run advances virtual time.
func (w *world) run(d time.Duration) {
	w.t.Helper()
	if err := w.e.RunFor(d); err != nil {
		w.t.Fatal(err)
	}
}

// table builds a crypto table.
func table(t testing.TB, suites ...nx.USHORT) *securedtls.CryptoTable {
	t.Helper()
	tab, err := securedtls.NewCryptoTable(suites...)
	if err != nil {
		t.Fatal(err)
	}
	return tab
}

// dtlsServer is a DTLS server application: n sessions, PSK, and the
// sessions connect_notify handed out, in order.
type dtlsServer struct {
	srv       securedtls.Server
	sessions  []securedtls.Session
	meta      []byte
	reasm     []byte
	connected []*securedtls.Session
	sem       rtos.Semaphore
	receives  int
	errors    []nx.UINT
	taken     int // sessions next handed out
}

// create makes and starts the PSK server on b with table tab (modes_test.go
// builds it).
func (d *dtlsServer) create(t testing.TB, b *board, n int, tab *securedtls.CryptoTable) {
	d.build(t, b, n, tab, pskMode)
}

// next waits for the next connect_notify and returns its session, in the
// order the notifies came.
func (d *dtlsServer) next(wait nx.ULONG) *securedtls.Session {
	if rtos.SemaphoreGet(&d.sem, wait) != nx.NX_SUCCESS {
		return nil
	}
	d.taken++
	return d.connected[d.taken-1]
}

// dtlsClient is a client application's session and buffers.
type dtlsClient struct {
	s     securedtls.Session
	meta  [metaPerSess]byte
	reasm [reasmPerSes]byte
}

// create makes the session with the PSK and binds b's socket.
func (c *dtlsClient) create(t testing.TB, b *board, tab *securedtls.CryptoTable) {
	c.build(t, b, tab, pskMode)
}

// close deletes the session and releases the socket with what it queued.
func (c *dtlsClient) close(b *board) {
	securedtls.SessionDelete(&c.s)
	netx.UDPSocketUnbind(&b.socket)
	netx.UDPSocketDelete(&b.socket)
}

// start runs the client handshake against the server.
func (c *dtlsClient) start(b *board, wait nx.UINT) nx.Status {
	addr := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	addr.NxdIPAddress.V4 = serverIP
	return securedtls.ClientSessionStart(&c.s, &b.socket, addr, serverPort, wait)
}

// send sends data on s with ServerSessionSend (C's client_session_send too).
func send(t testing.TB, s *securedtls.Session, pool *packetpool.Pool, data []byte) nx.Status {
	var pkt *packetpool.Packet
	must(t, "packet_allocate", securedtls.PacketAllocate(s, pool, &pkt, nx.NX_WAIT_FOREVER))
	must(t, "packet_data_append", packetpool.DataAppend(pkt, data, pool, nx.NX_WAIT_FOREVER))
	st := securedtls.ServerSessionSend(s, pkt)
	if st != nx.NX_SUCCESS {
		packetpool.Release(pkt)
	}
	return st
}

// receive returns the next application data on s.
func receive(s *securedtls.Session, wait nx.UINT) ([]byte, nx.Status) {
	var pkt *packetpool.Packet
	st := securedtls.SessionReceive(s, &pkt, wait)
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	data := append([]byte(nil), pkt.Data()...)
	packetpool.Release(pkt)
	return data, st
}

// must fails the test (from an emulated thread: with t.Errorf) if st is not
// NX_SUCCESS.
func must(t testing.TB, what string, st nx.Status) {
	t.Helper()
	if st != nx.NX_SUCCESS {
		t.Errorf("%s: %v", what, st)
	}
}

// shutdown stops and deletes the server.
func (d *dtlsServer) shutdown(t testing.TB) {
	must(t, "server_stop", securedtls.ServerStop(&d.srv))
	must(t, "server_delete", securedtls.ServerDelete(&d.srv))
}

// addOneSessionServer adds the server device of the scripted-peer tests: a
// one-slot PSK server that starts the first session with a one-second wait,
// stores what server_session_start returned in status, then ends the
// session and deletes the server.
func (w *world) addOneSessionServer(t *testing.T, status *nx.Status) {
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 1, table(t, pskSuites...))
		s := d.next(nx.NX_WAIT_FOREVER)
		*status = securedtls.ServerSessionStart(s, nx.NX_IP_PERIODIC_RATE)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		d.shutdown(t)
	})
}

// openRawSocket creates and binds the board's socket for a scripted peer
// that writes datagrams by hand.
func (b *board) openRawSocket(port nx.UINT) {
	netx.UDPSocketCreate(&b.ip, &b.socket, "raw", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 8)
	netx.UDPSocketBind(&b.socket, port, nx.NX_WAIT_FOREVER)
}
