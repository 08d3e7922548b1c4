package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Handshake states of NX_SECURE_TLS_SESSION (nx_secure_tls.h): the values
// dtls-semantics.md names (IDLE 0, ALERT_SENT 2, HANDSHAKE_FINISHED 10) are
// NetX's; the intermediate ones only order the steps.
const (
	stateIdle         nx.UINT = 0
	stateError        nx.UINT = 1
	stateAlertSent    nx.UINT = 2
	stateHello        nx.UINT = 3 // client: waiting for ServerHello; server: ClientHello seen
	stateKeyExchange  nx.UINT = 6 // client: waiting for ServerHelloDone
	stateHelloDone    nx.UINT = 8 // client: flight 5 sent; server: waiting for the client's flight
	stateFinishedWait nx.UINT = 9 // CCS received, Finished expected
	stateFinished     nx.UINT = 10
)

// TLSSession is NX_SECURE_TLS_SESSION, the TLS session inside a DTLS
// session, with the fields C applications and the regression tests read or
// force.
type TLSSession struct {
	// NxSecureTLSID is NX_SECURE_TLS_ID while the session is created.
	NxSecureTLSID nx.ULONG
	// NxSecureTLSProtocolVersion is the negotiated version (0 before).
	NxSecureTLSProtocolVersion nx.USHORT
	// NxSecureTLSProtocolVersionOverride is the client's or server's
	// version override (0: none).
	NxSecureTLSProtocolVersionOverride nx.USHORT
	// negotiatedHighest is nx_secure_tls_negotiated_highest_protocol_version,
	// a server's cached version negotiation (version.go); reset keeps it.
	negotiatedHighest uint16
	// NxSecureTLSReceivedAlertLevel and NxSecureTLSReceivedAlertValue are
	// the last alert received. NetX never clears them, not even on reset
	// (netx-observed.md §4g).
	NxSecureTLSReceivedAlertLevel nx.UINT
	// NxSecureTLSReceivedAlertValue is the last alert's description.
	NxSecureTLSReceivedAlertValue nx.UINT
	// NxSecureTLSLocalSessionActive is 1 once records sent are protected.
	NxSecureTLSLocalSessionActive nx.UINT
	// NxSecureTLSRemoteSessionActive is 1 once records received are protected.
	NxSecureTLSRemoteSessionActive nx.UINT
	// NxSecureTLSLocalSequenceNumber is the next record sequence to send:
	// [0] the lower half, [1] the upper half, as nx_secure_dtls_send_record.c
	// counts it (the remote number below keeps the opposite order, as NetX's
	// sliding-window code does); the header carries its low 48 bits and the
	// 64-bit value may not wrap (0x43).
	NxSecureTLSLocalSequenceNumber [2]nx.ULONG
	// NxSecureTLSRemoteSequenceNumber is the highest record sequence
	// accepted in the current remote epoch ([0] upper, [1] lower half).
	NxSecureTLSRemoteSequenceNumber [2]nx.ULONG
	// NxSecureTLSClientState is the client handshake state.
	NxSecureTLSClientState nx.UINT
	// NxSecureTLSServerState is the server handshake state.
	NxSecureTLSServerState nx.UINT
	// NxSecureTLSSessionCiphersuite is the negotiated suite's IANA value (0: none).
	NxSecureTLSSessionCiphersuite nx.USHORT

	psks     []pskEntry
	timeFunc func() nx.ULONG
	certs    certStores
}

// pskEntry is one PSK store entry (NX_SECURE_TLS_PSK_STORE).
type pskEntry struct {
	key, identity, hint []byte
}

// TLSSessionTimeFunctionSet is nx_secure_tls_session_time_function_set: the
// function that fills gmt_unix_time of the hello randoms (NetX sends 0
// without one).
func TLSSessionTimeFunctionSet(tlsSession *TLSSession, timeFunc func() nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opTLSSessionTimeFunctionSet))
	if errorChecking && (tlsSession == nil || timeFunc == nil) {
		return nx.NX_PTR_ERROR
	}
	tlsSession.timeFunc = timeFunc
	return nx.NX_SUCCESS
}

// Session is NX_SECURE_DTLS_SESSION. Its zero value is "not created".
type Session struct {
	// NxSecureDTLSTLSSession is the inner TLS session
	// (nx_secure_dtls_tls_session).
	NxSecureDTLSTLSSession TLSSession
	// NxSecureDTLSLocalIPAddressIndex is nx_secure_dtls_local_ip_address_index:
	// 0xFFFFFFFF until the session processes its first datagram, then the
	// interface it came in on (IPv4) or the index of the IPv6 address the
	// peer targeted; records then leave from that address
	// (nxd_udp_socket_source_send). Tests force it, as the C
	// multiple_ip_address test does.
	NxSecureDTLSLocalIPAddressIndex nx.UINT

	dev             *device
	table           *CryptoTable
	reassembly      []byte
	remoteCertSlots int

	udpSocket  *netx.UDPSocket
	pool       *packetpool.Pool // the IP default pool of udpSocket's IP
	remote     nx.NXDAddress
	remotePort nx.UINT
	localPort  nx.UINT
	inUse      bool
	isClient   bool
	cookie     []byte
	server     *Server

	queue   []*packetpool.Packet // server sessions: datagrams the IP thread demultiplexed
	waiters rtos.WaitList        // the thread waiting on queue
	// queueHolder names the receive queue as the holder of its packets.
	queueHolder string

	window      nx.ULONG // nx_secure_dtls_sliding_window: replay bits, bit 0 = the highest sequence; never cleared (§2.11)
	localEpoch  uint16
	remoteEpoch uint16

	localMsgSeq    uint16
	expectedMsgSeq uint16
	reasm          reassemblyState

	retransmit      []*packetpool.Packet
	retransmitTimer nx.ULONG
	retries         nx.UINT

	in, out       halfConn
	pending       *keyBlock // keys negotiated, not yet switched on
	hs            handshakeState
	clientHello1  []byte // the ClientHello body, for CH#2
	renegotiation bool
	established   bool // the handshake completed (session_end then closes)
}

// Server is NX_SECURE_DTLS_SERVER. Its zero value is "not created".
type Server struct {
	ip              *netx.IP
	port            nx.UINT
	timeout         nx.ULONG
	sessions        []Session
	socket          netx.UDPSocket
	connectNotify   func(dtlsSession *Session, ipAddress *nx.NXDAddress, port nx.UINT) nx.Status
	receiveNotify   func(dtlsSession *Session) nx.Status
	disconnect      func(dtlsSession *Session) nx.Status
	errorNotify     func(dtlsSession *Session, errorCode nx.UINT) nx.Status
	versionOverride nx.USHORT
}

// initialized reports nx_secure_tls_id == NX_SECURE_TLS_ID.
func (s *Session) initialized() bool {
	return s.NxSecureDTLSTLSSession.NxSecureTLSID == nx.NX_SECURE_TLS_ID
}

// handshakeState returns the state of this session's side.
func (s *Session) state() nx.UINT {
	if s.isClient {
		return s.NxSecureDTLSTLSSession.NxSecureTLSClientState
	}
	return s.NxSecureDTLSTLSSession.NxSecureTLSServerState
}

// setState sets the state of this session's side.
func (s *Session) setState(v nx.UINT) {
	if s.isClient {
		s.NxSecureDTLSTLSSession.NxSecureTLSClientState = v
	} else {
		s.NxSecureDTLSTLSSession.NxSecureTLSServerState = v
	}
}
