package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// serverUDPQueueMaximum is the queue maximum NetX gives the server socket.
const serverUDPQueueMaximum = 8192

// ServerCreate is nx_secure_dtls_server_create: a server on ipPtr/port with
// len(sessionBuffer) sessions, sharing the metadata and reassembly buffers
// equally. timeout is the socket's time to live and the bind wait. Nothing
// is bound until ServerStart.
func ServerCreate(serverPtr *Server, ipPtr *netx.IP, port nx.UINT, timeout nx.ULONG,
	sessionBuffer []Session, cryptoTable *CryptoTable, cryptoMetadataBuffer []byte, packetReassemblyBuffer []byte,
	connectNotify func(dtlsSession *Session, ipAddress *nx.NXDAddress, port nx.UINT) nx.Status,
	receiveNotify func(dtlsSession *Session) nx.Status) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerCreate))
	d := current()
	if d == nil {
		return nx.NX_CALLER_ERROR
	}
	if errorChecking {
		if serverPtr == nil || ipPtr == nil || sessionBuffer == nil || cryptoMetadataBuffer == nil ||
			packetReassemblyBuffer == nil || connectNotify == nil || receiveNotify == nil || d.serverCreated(serverPtr) {
			return nx.NX_PTR_ERROR
		}
		for i := range sessionBuffer {
			if d.created(&sessionBuffer[i]) {
				return nx.NX_PTR_ERROR
			}
		}
	}
	n := len(sessionBuffer)
	if n == 0 {
		return nx.NX_INVALID_PARAMETERS
	}
	srv := serverPtr
	*srv = Server{ip: ipPtr, port: port, timeout: timeout, sessions: sessionBuffer,
		connectNotify: connectNotify, receiveNotify: receiveNotify}
	if st := netx.UDPSocketCreate(ipPtr, &srv.socket, "DTLS Server", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, timeout, serverUDPQueueMaximum); st != nx.NX_SUCCESS {
		return st
	}
	meta, reasm := len(cryptoMetadataBuffer)/n, len(packetReassemblyBuffer)/n&^3
	for i := range sessionBuffer {
		s := &sessionBuffer[i]
		st := d.sessionCreate(s, cryptoTable, cryptoMetadataBuffer[i*meta:(i+1)*meta], packetReassemblyBuffer[i*reasm:(i+1)*reasm], 0, nil)
		if st != nx.NX_SUCCESS {
			// Sessions 0..i-1 stay created, as in C.
			netx.UDPSocketDelete(&srv.socket)
			return st
		}
		s.server, s.localPort, s.udpSocket, s.pool = srv, port, &srv.socket, ipPtr.DefaultPool()
	}
	d.servers = append(d.servers, srv)
	return nx.NX_SUCCESS
}

// ServerDelete is nx_secure_dtls_server_delete: every session is deleted
// first, then the socket; a server still started fails there with
// NX_STILL_BOUND and stays registered (a later stop and delete succeed).
func ServerDelete(serverPtr *Server) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerDelete))
	d := current()
	if errorChecking && (serverPtr == nil || d == nil || !d.serverCreated(serverPtr)) {
		return nx.NX_PTR_ERROR
	}
	srv := serverPtr
	for i := range srv.sessions {
		srv.sessions[i].delete()
	}
	if st := netx.UDPSocketDelete(&srv.socket); st != nx.NX_SUCCESS {
		return st
	}
	d.unlinkServer(srv)
	return nx.NX_SUCCESS
}

// ServerStart is nx_secure_dtls_server_start: bind the server socket (wait:
// the server's timeout) and start demultiplexing on the IP thread.
func ServerStart(serverPtr *Server) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerStart))
	if errorChecking && serverPtr == nil {
		return nx.NX_PTR_ERROR
	}
	srv := serverPtr
	if st := netx.UDPSocketBind(&srv.socket, srv.port, srv.timeout); st != nx.NX_SUCCESS {
		return st
	}
	return netx.UDPSocketReceiveNotify(&srv.socket, srv.receiveCallback)
}

// ServerStop is nx_secure_dtls_server_stop: demultiplexing stops, every
// session is reset (nothing is sent, waiters wake with 0x101, queued
// datagrams are released), and the socket is unbound (NX_NOT_BOUND if it
// never was; the sessions are reset anyway).
func ServerStop(serverPtr *Server) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerStop))
	if errorChecking && serverPtr == nil {
		return nx.NX_PTR_ERROR
	}
	srv := serverPtr
	netx.UDPSocketReceiveNotify(&srv.socket, nil)
	for i := range srv.sessions {
		srv.sessions[i].reset()
	}
	return netx.UDPSocketUnbind(&srv.socket)
}

// ServerNotifySet is nx_secure_dtls_server_notify_set. NetX never calls
// disconnectNotify; errorNotify runs only as (nil, 0x123) when a new peer
// finds no free session.
func ServerNotifySet(serverPtr *Server,
	disconnectNotify func(dtlsSession *Session) nx.Status,
	errorNotify func(dtlsSession *Session, errorCode nx.UINT) nx.Status) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerNotifySet))
	if errorChecking && serverPtr == nil {
		return nx.NX_PTR_ERROR
	}
	serverPtr.disconnect, serverPtr.errorNotify = disconnectNotify, errorNotify
	if d := current(); d != nil && disconnectNotify != nil {
		d.note("nx_secure_dtls_server_notify_set", "disconnect_notify is called when a client disconnects",
			"disconnect_notify is never called; a closing client shows as receive_notify then session_receive returning 0x127")
	}
	return nx.NX_SUCCESS
}

// ServerPSKAdd is nx_secure_dtls_server_psk_add: the PSK goes into every
// session's store; the first error stops.
func ServerPSKAdd(serverPtr *Server, preSharedKey []byte, pskIdentity []byte, hint []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerPSKAdd))
	if errorChecking && serverPtr == nil {
		return nx.NX_PTR_ERROR
	}
	for i := range serverPtr.sessions {
		if st := serverPtr.sessions[i].pskAdd(preSharedKey, pskIdentity, hint); st != nx.NX_SUCCESS {
			return st
		}
	}
	return nx.NX_SUCCESS
}

// ServerProtocolVersionOverride is nx_secure_dtls_server_protocol_version_override:
// copied into a session when a new client claims it.
func ServerProtocolVersionOverride(dtlsServer *Server, protocolVersion nx.USHORT) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerProtocolVersionOverride))
	if errorChecking && (dtlsServer == nil || !validVersion(protocolVersion)) {
		return nx.NX_PTR_ERROR
	}
	dtlsServer.versionOverride = protocolVersion
	return nx.NX_SUCCESS
}

// validVersion reports a DTLS version the override services accept.
func validVersion(v nx.USHORT) bool {
	return v == nx.NX_SECURE_DTLS_VERSION_1_0 || v == nx.NX_SECURE_DTLS_VERSION_1_2
}
