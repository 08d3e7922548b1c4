package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Initialize is nx_secure_dtls_initialize: it clears the calling device's
// lists of created sessions and servers.
func Initialize() {
	if d := current(); d != nil {
		d.sessions, d.servers = nil, nil
	}
}

// TLSInitialize is nx_secure_tls_initialize: once per device before the
// other services (it prepares the device's DTLS state).
func TLSInitialize() { current() }

// SessionCreate is nx_secure_dtls_session_create: a client session (server
// sessions are created by ServerCreate) on cryptoTable, with its metadata
// and handshake reassembly buffers and certsNumber remote-certificate slots.
func SessionCreate(dtlsSession *Session, cryptoTable *CryptoTable, metadataBuffer []byte,
	packetReassemblyBuffer []byte, certsNumber nx.UINT, remoteCertificateBuffer []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionCreate))
	if errorChecking {
		if st := nxeSessionCreate(dtlsSession, cryptoTable, metadataBuffer); st != nx.NX_SUCCESS {
			return st
		}
	}
	d := current()
	if d == nil {
		return nx.NX_CALLER_ERROR
	}
	return d.sessionCreate(dtlsSession, cryptoTable, metadataBuffer, packetReassemblyBuffer, certsNumber, remoteCertificateBuffer)
}

// sessionCreate is _nx_secure_dtls_session_create.
func (d *device) sessionCreate(s *Session, table *CryptoTable, metadata, reassembly []byte, certs nx.UINT, certBuffer []byte) nx.Status {
	if table == nil {
		return nx.NX_PTR_ERROR
	}
	if len(metadata) < d.metadataSize() {
		return nx.NX_INVALID_PARAMETERS
	}
	if certs > 0 {
		need := int(certs) * x509CertSize
		if len(certBuffer) < need || (len(certBuffer)-need)/int(certs) < minimumCertificateSize {
			return nx.NX_INVALID_PARAMETERS
		}
	}
	*s = Session{dev: d, table: table, reassembly: reassembly[:len(reassembly)&^3], remoteCertSlots: int(certs),
		NxSecureDTLSLocalIPAddressIndex: noLocalAddress}
	s.NxSecureDTLSTLSSession.NxSecureTLSID = nx.NX_SECURE_TLS_ID
	if certs > 0 {
		s.NxSecureDTLSTLSSession.certs.remoteSlotSize = (len(certBuffer) - int(certs)*x509CertSize) / int(certs)
	}
	d.sessions = append(d.sessions, s)
	return nx.NX_SUCCESS
}

// SessionDelete is nx_secure_dtls_session_delete: reset (nothing is sent),
// then the session leaves the created list.
func SessionDelete(dtlsSession *Session) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionDelete))
	if errorChecking {
		if st := nxeCreatedSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
	}
	dtlsSession.delete()
	return nx.NX_SUCCESS
}

// delete is _nx_secure_dtls_session_delete.
func (s *Session) delete() {
	s.reset()
	s.NxSecureDTLSTLSSession.NxSecureTLSID = 0
	if s.dev != nil {
		s.dev.unlink(s)
	}
}

// SessionReset is nx_secure_dtls_session_reset: the session forgets its
// peer and handshake without sending anything; a thread waiting in
// SessionReceive or ServerSessionStart on it wakes with
// NX_SECURE_TLS_SESSION_UNINITIALIZED.
func SessionReset(dtlsSession *Session) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionReset))
	if errorChecking {
		if st := nxeSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
	}
	dtlsSession.reset()
	return nx.NX_SUCCESS
}

// SessionStart is nx_secure_dtls_session_start, the generic handshake
// driver behind ClientSessionStart (isClient NX_TRUE) and
// ServerSessionStart (NX_FALSE).
func SessionStart(dtlsSession *Session, udpSocket *netx.UDPSocket, isClient nx.UINT, waitOption nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionStart))
	if errorChecking {
		if udpSocket == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
	}
	if isClient == nx.NX_FALSE && dtlsSession.server == nil {
		dtlsSession.dev.note("nx_secure_dtls_session_start",
			"a session created with nx_secure_dtls_session_create can be started as a server",
			"only the DTLS server's receive callback fills a server session's queue: a stand-alone server session never sees a datagram and returns NX_NO_PACKET")
	}
	return dtlsSession.start(udpSocket, isClient != nx.NX_FALSE, waitOption)
}

// ClientSessionStart is nx_secure_dtls_client_session_start: the whole
// client handshake with the server at ipAddress/port, in the calling
// thread. The socket must be created and bound by the application.
func ClientSessionStart(dtlsSession *Session, udpSocket *netx.UDPSocket, ipAddress *nx.NXDAddress, port nx.UINT, waitOption nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opClientSessionStart))
	if errorChecking {
		if udpSocket == nil || ipAddress == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := dtlsSession
	for _, o := range s.dev.sessions {
		if o != s && o.inUse && o.isClient && o.udpSocket == udpSocket {
			s.dev.note("nx_secure_dtls_client_session_start",
				"each client session reads its own server's datagrams",
				"client sessions read the application's UDP socket directly and drop datagrams from other sources: two client sessions must not share a socket")
		}
	}
	s.remote, s.remotePort, s.inUse = *ipAddress, port, true
	return s.start(udpSocket, true, waitOption)
}

// ServerSessionStart is nx_secure_dtls_server_session_start: the server
// handshake of a session handed out by connect_notify, in the calling
// thread.
func ServerSessionStart(sessionPtr *Session, waitOption nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerSessionStart))
	if errorChecking {
		if sessionPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if sessionPtr.udpSocket == nil || !sessionPtr.inUse || !sessionPtr.initialized() {
			return nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
		}
	}
	return sessionPtr.start(sessionPtr.udpSocket, false, waitOption)
}

// SessionReceive is nx_secure_dtls_session_receive: the plaintext of the
// next application_data record (prepend at the data, NxPacketLength its
// length); the caller releases it. Timeout is NX_NO_PACKET; a received
// alert is NX_SECURE_TLS_ALERT_RECEIVED (or _CLOSE_NOTIFY_RECEIVED) with its
// level and value kept in NxSecureDTLSTLSSession.
func SessionReceive(dtlsSession *Session, packetPtrPtr **packetpool.Packet, waitOption nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionReceive))
	if errorChecking {
		if packetPtrPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
	}
	st, pkt := dtlsSession.receive(waitOption, false)
	if pkt != nil {
		packetpool.HandToCaller(pkt)
	}
	*packetPtrPtr = pkt
	return st
}

// SessionEnd is nx_secure_dtls_session_end: if the handshake completed, a
// warning close_notify goes out and the peer's alert is awaited (unless one
// was received before); the session is reset on every path. NX_NO_PACKET
// when the peer stayed silent.
func SessionEnd(dtlsSession *Session, waitOption nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionEnd))
	if errorChecking {
		if st := nxeSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
		if !dtlsSession.inUse {
			return nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
		}
	}
	s := dtlsSession
	tls := &s.NxSecureDTLSTLSSession
	defer s.reset()
	if !s.established {
		// A handshake that never completed ends with a plain reset, even
		// after the peer's CCS (netx-observed.md §4e: 0x00 on both sides).
		return nx.NX_SUCCESS
	}
	if st := s.sendAlert(nx.NX_SECURE_TLS_ALERT_LEVEL_WARNING, alertCloseNotify, waitOption); st != nx.NX_SUCCESS {
		return st
	}
	if tls.NxSecureTLSReceivedAlertLevel == nx.NX_SECURE_TLS_ALERT_LEVEL_WARNING && tls.NxSecureTLSReceivedAlertValue == alertCloseNotify {
		return nx.NX_SUCCESS
	}
	for {
		st, pkt := s.receive(waitOption, false)
		if pkt != nil {
			packetpool.Release(pkt)
			continue
		}
		if st == nx.NX_SECURE_TLS_ALERT_RECEIVED || st == nx.NX_SECURE_TLS_CLOSE_NOTIFY_RECEIVED {
			return nx.NX_SUCCESS
		}
		return st
	}
}

// reset is _nx_secure_dtls_session_reset (dtls-semantics.md §1): keeps the
// table, PSKs, certificates, version override, socket, parent server, the
// replay window and the received alert; forgets everything else.
func (s *Session) reset() {
	s.NxSecureDTLSLocalIPAddressIndex, s.localPort, s.remote, s.remotePort, s.inUse = noLocalAddress, 0, nx.NXDAddress{}, 0, false
	s.cookie, s.reasm, s.localMsgSeq, s.expectedMsgSeq, s.localEpoch, s.remoteEpoch = nil, reassemblyState{}, 0, 0, 0, 0
	woke := false
	if t := s.waiters.First(); t != nil {
		s.waiters.Wake(t, nx.NX_WAIT_ABORTED, nil)
		woke = true
	}
	s.dropQueue()
	s.flushRetransmit()
	tls := &s.NxSecureDTLSTLSSession
	tls.NxSecureTLSProtocolVersion, tls.NxSecureTLSSessionCiphersuite = 0, 0
	tls.NxSecureTLSLocalSessionActive, tls.NxSecureTLSRemoteSessionActive = 0, 0
	tls.NxSecureTLSLocalSequenceNumber, tls.NxSecureTLSRemoteSequenceNumber = [2]nx.ULONG{}, [2]nx.ULONG{}
	tls.NxSecureTLSClientState, tls.NxSecureTLSServerState = stateIdle, stateIdle
	s.in, s.out, s.pending, s.hs, s.clientHello1, s.established = halfConn{}, halfConn{}, nil, handshakeState{}, nil, false
	if woke {
		rtos.PreemptionPoint()
	}
}

// PSKAdd is nx_secure_dtls_psk_add: one more entry of the session's PSK
// store (a copy of key, identity and hint).
func PSKAdd(sessionPtr *Session, preSharedKey []byte, pskIdentity []byte, hint []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opPSKAdd))
	if errorChecking {
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	return sessionPtr.pskAdd(preSharedKey, pskIdentity, hint)
}

// pskAdd is _nx_secure_dtls_psk_add: accepted while count + 1 <
// NX_SECURE_TLS_MAX_PSK_KEYS (4 entries by default) and within the size
// limits, else NX_SECURE_TLS_NO_MORE_PSK_SPACE.
func (s *Session) pskAdd(key, identity, hint []byte) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	cfg := current().config
	if nx.UINT(len(tls.psks)+1) >= cfg.MaxPSKKeys || nx.UINT(len(key)) > cfg.MaxPSKSize ||
		nx.UINT(len(identity)) > cfg.MaxPSKIDSize || nx.UINT(len(hint)) > cfg.MaxPSKIDSize {
		return nx.NX_SECURE_TLS_NO_MORE_PSK_SPACE
	}
	tls.psks = append(tls.psks, pskEntry{key: append([]byte(nil), key...),
		identity: append([]byte(nil), identity...), hint: append([]byte(nil), hint...)})
	return nx.NX_SUCCESS
}

// ClientProtocolVersionOverride is nx_secure_dtls_client_protocol_version_override:
// the ClientHello offers exactly this version.
func ClientProtocolVersionOverride(dtlsSession *Session, protocolVersion nx.USHORT) nx.Status {
	defer rtos.Leave(rtos.Enter(opClientProtocolVersionOverride))
	if errorChecking {
		// nxe_secure_dtls_client_protocol_version_override.c: NULL, then
		// not created (0x101), then a version other than 0xFEFF/0xFEFD (0x07).
		if st := nxeSession(dtlsSession); st != nx.NX_SUCCESS {
			return st
		}
		if !validVersion(protocolVersion) {
			return nx.NX_PTR_ERROR
		}
	}
	dtlsSession.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersionOverride = protocolVersion
	return nx.NX_SUCCESS
}

// SessionClientInfoGet is nx_secure_dtls_session_client_info_get: the peer's
// address and port and the local port — only while the session's UDP
// socket has a datagram waiting in its NetX queue, else NX_NOT_CONNECTED
// (so normally 0x38 on server sessions, whose datagrams the IP thread
// dequeues at once).
func SessionClientInfoGet(sessionPtr *Session, clientIPAddress *nx.NXDAddress, clientPort *nx.UINT, localPort *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionClientInfoGet))
	if errorChecking {
		if clientIPAddress == nil || clientPort == nil || localPort == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
		if sessionPtr.udpSocket == nil {
			return nx.NX_INVALID_SOCKET
		}
	}
	s := sessionPtr
	var queued nx.ULONG
	if s.udpSocket == nil || netx.UDPSocketBytesAvailable(s.udpSocket, &queued) != nx.NX_SUCCESS || queued == 0 {
		s.dev.note("nx_secure_dtls_session_client_info_get", "returns the client's address and port",
			"NX_NOT_CONNECTED unless a datagram waits in the UDP socket's own queue, which a server session's socket almost never has")
		return nx.NX_NOT_CONNECTED
	}
	*clientIPAddress, *clientPort, *localPort = s.remote, s.remotePort, s.localPort
	return nx.NX_SUCCESS
}
