// Package dtlsecho is the seed documentation's DTLS server and client
// examples (nx_secure_dtls_server_create, nx_secure_dtls_client_session_start)
// transliterated to Go and run on a simulated network: a server device
// answering every record it receives, and a client that connects, sends one
// record, reads the answer and closes.
//
// Part 1 of the DTLS engine has PSK suites only, so where the C examples add
// an X.509 certificate the Go ones add a PSK (marked "PSK:"). Every fix of a
// documentation bug is marked "FIX:". ServeLiteral keeps the server example
// as printed — flags never cleared, the received packet never released — so
// that a run shows what the real stack does with it: the rehearsal notes
// (0x43 from repeated server_session_start) and the leak report.
package dtlsecho

import (
	"errors"
	"io"
	"strings"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
)

// Addresses and ports of the example (the C example's 192.168.1.150:4443).
var (
	ServerAddress = nx.IP_ADDRESS(192, 168, 1, 150)
	ClientAddress = nx.IP_ADDRESS(192, 168, 1, 151)
)

// LocalServerPort is LOCAL_SERVER_PORT.
const LocalServerPort = 4443

// DTLSServerSessions is DTLS_SERVER_SESSIONS.
const DTLSServerSessions = 3

// The shared secret (PSK: stands in for the examples' certificates).
var (
	PSK         = []byte("nxsim example psk")
	PSKIdentity = []byte("client")
	PSKHint     = []byte("server")
)

// Board is one device: its packet pool, IP instance and application thread.
type Board struct {
	Pool   packetpool.Pool
	IP     netx.IP
	Socket netx.UDPSocket
	thread rtos.Thread
	arp    [10 * 52]byte
}

// define returns the board's tx_application_define.
func (b *Board) define(lan *sim.Segment, address nx.ULONG, app func(b *Board)) func([]byte) {
	return func(mem []byte) {
		take := func(n int) []byte { x := mem[:n:n]; mem = mem[n:]; return x }
		netx.SystemInitialize()
		securedtls.TLSInitialize()
		securedtls.Initialize()
		packetpool.PoolCreate(&b.Pool, "pool", 1536, take(24*(1536+60)))
		netx.IPCreate(&b.IP, "ip", address, 0xFFFFFF00, &b.Pool, lan.Driver, take(2048), 1)
		netx.ARPEnable(&b.IP, b.arp[:])
		netx.UDPEnable(&b.IP)
		rtos.ThreadCreate(&b.thread, "app", func(nx.ULONG) { app(b) }, 0, take(8192), 10, 10, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	}
}

// Result is what one run did.
type Result struct {
	// ClientLog is what the client application printed ("done" last when
	// it finished).
	ClientLog []string
	// Notes are the rehearsal notes of both devices.
	Notes []securedtls.Note
	// Leaks is the packet-leak report (nil when every pool is full).
	Leaks error
	// KeyLog is the run's NSS key log; TraceHash the engine's event hash.
	KeyLog    string
	TraceHash uint64
}

// Run runs the client against the server (ServeLiteral when literal) for
// the given virtual time, writing the capture to capture (nil: none).
func Run(seed uint64, literal bool, runFor time.Duration, capture io.Writer) (Result, error) {
	var res Result
	e := rtos.NewEngine(seed)
	defer e.Close()
	network := sim.NewNetwork(e)
	lan := network.Segment("lan")
	lan.Latency = 200 * time.Microsecond
	if capture != nil {
		// The wire as sent: every datagram once (the receivers' views are
		// capture points of their own).
		if err := network.Capture(capture, "lan"); err != nil {
			return res, err
		}
	}
	var keyLog strings.Builder
	network.KeyLogTo(&keyLog)
	securedtls.SetKeyLog(e, network.KeyLog)
	defer securedtls.SetKeyLog(e, nil)
	serve := Serve
	if literal {
		serve = ServeLiteral
	}
	var server, client Board
	sk := e.AddKernel("server", server.define(lan, ServerAddress, serve))
	ck := e.AddKernel("client", client.define(lan, ClientAddress, func(b *Board) {
		Client(b, &res.ClientLog)
	}))
	err := e.RunFor(runFor)
	res.Notes = append(securedtls.Notes(sk), securedtls.Notes(ck)...)
	res.Leaks = packetpool.CheckFull(e)
	res.KeyLog, res.TraceHash = keyLog.String(), e.TraceHash()
	return res, errors.Join(err, network.CaptureErr())
}
