package scenarios

// The built-in DTLS applications: a server that echoes (or only counts)
// application data, and a client that is a periodic sender, a
// request/response client, or a session churner. They use the
// nx_secure_dtls_* services as a C application does, report every
// handshake (Device.Handshake) and every service status, and send each
// session's secrets to the capture.

import (
	"fmt"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
)

func init() {
	Register("dtls-server", DTLSServerParams{Port: 4433, Sessions: 2, Echo: true, EndFailedSessions: true, PSK: defaultPSK}, dtlsServer)
	Register("dtls-client", DTLSClientParams{Port: 4433, Sessions: 1, Messages: 5, Interval: Duration(1e9), Size: 32,
		Pause: Duration(1e9), End: true, PSK: defaultPSK}, dtlsClient)
	NotesFrom(func(k *rtos.Kernel) []string {
		var out []string
		for _, n := range securedtls.Notes(k) {
			out = append(out, n.String())
		}
		return out
	})
	OnNetwork(func(e *rtos.Engine, n *sim.Network) func() {
		securedtls.SetKeyLog(e, n.KeyLog)
		return func() { securedtls.SetKeyLog(e, nil) }
	})
}

// The buffers of the C regression tests' fixture (dtls-semantics.md §4).
const (
	dtlsReassemblySize = 4000
	dtlsStackSize      = 4096
)

// PSKParams are a pre-shared key, its identity and hint.
type PSKParams struct {
	Key      string `yaml:"key"`
	Identity string `yaml:"identity"`
	Hint     string `yaml:"hint"`
}

var defaultPSK = PSKParams{Key: "simple_psk", Identity: "psk_test", Hint: "psk_hint"}

// DTLSServerParams are the parameters of "dtls-server": a server on Port
// with Sessions slots (the session buffer) and the cipher suites Suites
// (IANA numbers; default TLS_PSK_WITH_AES_128_CBC_SHA256). With
// EndFailedSessions a session whose handshake failed is reset, which frees
// its slot; without, the slot stays in use as NetX leaves it
// (dtls-semantics.md §2.2).
type DTLSServerParams struct {
	Port              uint16    `yaml:"port"`
	Sessions          int       `yaml:"sessions"`
	Suites            []uint16  `yaml:"suites"`
	PSK               PSKParams `yaml:"psk"`
	Echo              bool      `yaml:"echo"`
	StartWait         Duration  `yaml:"start_wait"` // server_session_start's wait (0: NX_WAIT_FOREVER)
	EndFailedSessions bool      `yaml:"end_failed_sessions"`
}

// suiteList returns the suites the parameters give.
func (p *DTLSServerParams) suiteList() []uint16 { return p.Suites }

// Check bounds the session buffer.
func (p *DTLSServerParams) Check(*Scenario) error {
	if p.Sessions < 1 || p.Sessions > 1000 {
		return fmt.Errorf("sessions: from 1 to 1000, got %d", p.Sessions)
	}
	return nil
}

// DTLSClientParams are the parameters of "dtls-client": Sessions
// successive sessions to device To's Port (more than one: session churn),
// each sending Messages of Size bytes, one every Interval, waiting
// ReplyTimeout for each echo when set, then ending the session (End: with
// close_notify, else a reset) and pausing Pause.
type DTLSClientParams struct {
	To            string    `yaml:"to"`
	Port          uint16    `yaml:"port"`
	Suites        []uint16  `yaml:"suites"`
	PSK           PSKParams `yaml:"psk"`
	Sessions      int       `yaml:"sessions"`
	Messages      int       `yaml:"messages"`
	Interval      Duration  `yaml:"interval"`
	Size          int       `yaml:"size"`
	Start         Duration  `yaml:"start"`
	HandshakeWait Duration  `yaml:"handshake_wait"` // client_session_start's wait (0: NX_WAIT_FOREVER)
	ReplyTimeout  Duration  `yaml:"reply_timeout"`
	Pause         Duration  `yaml:"pause"`
	End           bool      `yaml:"end"`
}

// suiteList returns the suites the parameters give.
func (p *DTLSClientParams) suiteList() []uint16 { return p.Suites }

// Check checks the destination and sizes.
func (p *DTLSClientParams) Check(s *Scenario) error {
	return checkSender(s, p.To, p.Messages, p.Size, p.Size)
}

// cryptoTable returns the table of the given suites (default PSK AES-128-CBC-SHA256).
func (d *Device) cryptoTable(suites []uint16) *securedtls.CryptoTable {
	if len(suites) == 0 {
		suites = []uint16{0x00AE}
	}
	t, err := securedtls.NewCryptoTable(suites...) // nx.USHORT is uint16
	if err != nil {
		d.Fail("cipher suites %v: %v", suites, err)
		return securedtls.CryptoTLSCiphers
	}
	return t
}

// metadataSize is nx_secure_tls_metadata_size_calculate for the table.
func (d *Device) metadataSize(t *securedtls.CryptoTable) int {
	var n nx.ULONG
	d.mustSucceed("nx_secure_tls_metadata_size_calculate", securedtls.TLSMetadataSizeCalculate(t, &n))
	return int(n)
}

// waitTicks is a wait option: NX_WAIT_FOREVER for 0.
func (d *Device) waitTicks(span Duration) nx.UINT {
	if span == 0 {
		return nx.NX_WAIT_FOREVER
	}
	return d.Ticks(span)
}

// serverEvent is what the server's callbacks hand its thread.
type serverEvent struct {
	connect bool
	session *securedtls.Session
}

// dtlsServerApp is the server application's state (its C globals).
type dtlsServerApp struct {
	server   securedtls.Server
	sessions []securedtls.Session
	events   []serverEvent
	signal   rtos.Semaphore
	thread   rtos.Thread
}

func dtlsServer(d *Device, p *DTLSServerParams) {
	a := &dtlsServerApp{sessions: make([]securedtls.Session, p.Sessions)}
	securedtls.TLSInitialize()
	securedtls.Initialize()
	table := d.dtlsTable(p.Suites)
	meta := make([]byte, p.Sessions*d.metadataSize(table))
	reassembly := make([]byte, p.Sessions*dtlsReassemblySize)
	d.mustSucceed("tx_semaphore_create", rtos.SemaphoreCreate(&a.signal, "dtls events", 0))
	// Both notifications run on the IP thread: they only queue the session
	// for the application thread (nx_secure_dtls_server_create documentation).
	queue := func(s *securedtls.Session, connect bool) nx.Status {
		a.events = append(a.events, serverEvent{connect: connect, session: s})
		rtos.SemaphorePut(&a.signal)
		return nx.NX_SUCCESS
	}
	// The server is created and started in the application thread:
	// nx_secure_dtls_server_start is not allowed from initialization.
	d.mustSucceed("tx_thread_create", rtos.ThreadCreate(&a.thread, "dtls-server", func(nx.ULONG) {
		d.mustSucceed("nx_secure_dtls_server_create", securedtls.ServerCreate(&a.server, &d.IP, nx.UINT(p.Port), nx.NX_IP_PERIODIC_RATE,
			a.sessions, table, meta, reassembly,
			func(s *securedtls.Session, _ *nx.NXDAddress, _ nx.UINT) nx.Status { return queue(s, true) },
			func(s *securedtls.Session) nx.Status { return queue(s, false) }))
		d.mustSucceed("nx_secure_dtls_server_notify_set", securedtls.ServerNotifySet(&a.server,
			func(*securedtls.Session) nx.Status { d.Count("disconnect_notify", 1); return nx.NX_SUCCESS },
			func(_ *securedtls.Session, code nx.UINT) nx.Status {
				d.Count("error_notify."+statusName("nx_secure", nx.Status(code)), 1)
				return nx.NX_SUCCESS
			}))
		d.setupServer(&a.server, table, p.Sessions)
		d.mustSucceed("nx_secure_dtls_server_psk_add", securedtls.ServerPSKAdd(&a.server, []byte(p.PSK.Key), []byte(p.PSK.Identity), []byte(p.PSK.Hint)))
		d.mustSucceed("nx_secure_dtls_server_start", securedtls.ServerStart(&a.server))
		for d.Status("tx_semaphore_get", rtos.SemaphoreGet(&a.signal, nx.TX_WAIT_FOREVER)) == nx.TX_SUCCESS {
			ev := a.events[0]
			a.events = a.events[1:]
			if ev.connect {
				a.start(d, p, ev.session)
			} else {
				a.receive(d, p, ev.session)
			}
		}
	}, 0, d.Take(dtlsStackSize), appPriority, appPriority, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
}

// start runs a new session's handshake; a failed one is reset when the
// scenario says so.
func (a *dtlsServerApp) start(d *Device, p *DTLSServerParams, s *securedtls.Session) {
	st := d.Handshake(d.Status("nx_secure_dtls_server_session_start", securedtls.ServerSessionStart(s, d.waitTicks(p.StartWait))))
	if st != nx.NX_SUCCESS && p.EndFailedSessions {
		d.Status("nx_secure_dtls_session_reset", securedtls.SessionReset(s))
	}
}

// receive takes the record receive_notify announced, and echoes it.
func (a *dtlsServerApp) receive(d *Device, p *DTLSServerParams, s *securedtls.Session) {
	var pkt *packetpool.Packet
	switch st := d.Status("nx_secure_dtls_session_receive", securedtls.SessionReceive(s, &pkt, nx.NX_NO_WAIT)); st {
	case nx.NX_SUCCESS:
	case nx.NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED:
		d.Count("sessions_closed", 1)
		d.Status("nx_secure_dtls_session_reset", securedtls.SessionReset(s))
		return
	default:
		return
	}
	d.Count("datagrams_received", 1)
	d.Count("bytes_received", uint64(pkt.NxPacketLength))
	data := append([]byte(nil), pkt.Data()...)
	d.Status("nx_packet_release", packetpool.Release(pkt))
	if p.Echo {
		d.dtlsSend(s, data, securedtls.ServerSessionSend, "nx_secure_dtls_server_session_send")
	}
}

// dtlsSend sends data on a session; the packet goes back to the pool when
// the send fails.
func (d *Device) dtlsSend(s *securedtls.Session, data []byte, send func(*securedtls.Session, *packetpool.Packet) nx.Status, call string) bool {
	var pkt *packetpool.Packet
	if d.Status("nx_secure_dtls_packet_allocate", securedtls.PacketAllocate(s, &d.Pool, &pkt, nx.NX_WAIT_FOREVER)) != nx.NX_SUCCESS {
		return false
	}
	if d.Status("nx_packet_data_append", packetpool.DataAppend(pkt, data, &d.Pool, nx.NX_WAIT_FOREVER)) != nx.NX_SUCCESS ||
		d.Status(call, send(s, pkt)) != nx.NX_SUCCESS {
		d.Status("nx_packet_release", packetpool.Release(pkt))
		return false
	}
	d.Count("datagrams_sent", 1)
	d.Count("bytes_sent", uint64(len(data)))
	return true
}

func dtlsClient(d *Device, p *DTLSClientParams) {
	securedtls.TLSInitialize()
	securedtls.Initialize()
	table := d.dtlsTable(p.Suites)
	meta := make([]byte, d.metadataSize(table))
	reassembly := make([]byte, dtlsReassemblySize)
	certs := d.remoteCertificates()
	remote := make([]byte, certs*remoteCertificateSize)
	d.sender("dtls-client", p.To, p.Start, func(to nx.ULONG) {
		addr := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
		addr.NxdIPAddress.V4 = to
		for i := 0; i < p.Sessions; i++ {
			var s securedtls.Session
			var sock netx.UDPSocket
			d.Status("nx_secure_dtls_session_create", securedtls.SessionCreate(&s, table, meta, reassembly, nx.UINT(certs), remote))
			d.setupSession(&s, table)
			d.Status("nx_secure_dtls_psk_add", securedtls.PSKAdd(&s, []byte(p.PSK.Key), []byte(p.PSK.Identity), []byte(p.PSK.Hint)))
			if d.socket(&sock, nx.NX_ANY_PORT) {
				d.clientSession(p, &s, &sock, addr)
				d.closeSocket(&sock)
			}
			d.Status("nx_secure_dtls_session_delete", securedtls.SessionDelete(&s))
			d.sleep(p.Pause)
		}
	})
}

// clientSession runs one session: handshake, messages, end.
func (d *Device) clientSession(p *DTLSClientParams, s *securedtls.Session, sock *netx.UDPSocket, addr *nx.NXDAddress) {
	st := d.Status("nx_secure_dtls_client_session_start", securedtls.ClientSessionStart(s, sock, addr, nx.UINT(p.Port), d.waitTicks(p.HandshakeWait)))
	if d.Handshake(st) != nx.NX_SUCCESS {
		d.Status("nx_secure_dtls_session_reset", securedtls.SessionReset(s))
		return
	}
	payload := make([]byte, p.Size)
	for i := 0; i < p.Messages; i++ {
		copy(payload, d.def.Name+" says hello ")
		if d.dtlsSend(s, payload, securedtls.ClientSessionSend, "nx_secure_dtls_client_session_send") && p.ReplyTimeout > 0 {
			var reply *packetpool.Packet
			d.countReply(d.Status("nx_secure_dtls_session_receive", securedtls.SessionReceive(s, &reply, d.Ticks(p.ReplyTimeout))), reply)
		}
		d.sleep(p.Interval)
	}
	if p.End {
		d.Status("nx_secure_dtls_session_end", securedtls.SessionEnd(s, d.Ticks(Duration(1e9))))
	} else {
		d.Status("nx_secure_dtls_session_reset", securedtls.SessionReset(s))
	}
}
