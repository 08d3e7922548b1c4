package securedtls

import (
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// What runs where (nx_secure_dtls_receive_callback.c, dtls-semantics.md
// §2.1–§2.2). The IP thread runs only receiveCallback: it takes each
// datagram off the server socket, hands it to the session of its source
// address and port (the session's queue holds it from then on), wakes the
// thread waiting on that session, and calls connect_notify, receive_notify
// or error_notify. Everything else — the handshake, record processing,
// retransmission — runs in the thread that called a DTLS service, which
// takes each packet off the session queue and releases it.

// fullServerAlert is the plaintext fatal internal_error NetX sends to a
// peer no session is free for: type 21, DTLS 1.2, epoch 0, sequence 0,
// length 2, level 2, description 80.
var fullServerAlert = []byte{0x15, 0xFE, 0xFD, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x02, 0x50}

// receiveCallback is the server socket's receive notify, on the IP thread.
func (srv *Server) receiveCallback(sock *netx.UDPSocket) {
	var pkt *packetpool.Packet
	if netx.UDPSocketReceive(sock, &pkt, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return
	}
	var from nx.NXDAddress
	var port nx.UINT
	netx.UDPSourceExtract(pkt, &from, &port)
	if s := srv.lookup(&from, port); s != nil {
		s.queue = append(s.queue, pkt)
		s.holdQueued(pkt)
		if s.waiters.Len() > 0 {
			s.waiters.WakeFirst(nx.NX_SUCCESS, nil)
		}
		if s.NxSecureDTLSTLSSession.NxSecureTLSServerState >= stateFinished {
			srv.receiveNotify(s)
		}
		rtos.PreemptionPoint()
		return
	}
	if pkt.NxPacketLength < recordHeaderSize-8 || pkt.Data()[0] == contentAlert {
		// Short datagrams and alerts from unknown peers (a late
		// close_notify from an ended client) open no session.
		packetpool.Release(pkt)
		return
	}
	for i := range srv.sessions {
		s := &srv.sessions[i]
		if s.inUse {
			continue
		}
		s.remote, s.remotePort, s.localPort, s.inUse = from, port, srv.port, true
		if srv.versionOverride != 0 { // nx_secure_dtls_session_cache.c copies only a set override
			s.NxSecureDTLSTLSSession.NxSecureTLSProtocolVersionOverride = srv.versionOverride
		}
		s.queue = append(s.queue, pkt)
		s.holdQueued(pkt)
		addr := from
		srv.connectNotify(s, &addr, port)
		rtos.PreemptionPoint()
		return
	}
	packetpool.Release(pkt)
	srv.refuse(sock, &from, port)
}

// lookup finds the session of a peer: remote port, local port, IP version
// and address must match; in_use is not part of the test.
func (srv *Server) lookup(from *nx.NXDAddress, port nx.UINT) *Session {
	for i := range srv.sessions {
		s := &srv.sessions[i]
		if s.remotePort == port && s.localPort == srv.port && s.remote == *from {
			return s
		}
	}
	return nil
}

// refuse answers a peer no session is free for with the 15-byte fatal
// internal_error alert from the IP default pool without waiting, then calls
// error_notify(NULL, NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS); without a packet
// it returns before the notify, as NetX does.
func (srv *Server) refuse(sock *netx.UDPSocket, to *nx.NXDAddress, port nx.UINT) {
	pool := srv.ip.DefaultPool()
	var alert *packetpool.Packet
	typ := nx.ULONG(nx.NX_IPv4_UDP_PACKET)
	if to.NxdIPVersion != nx.NX_IP_VERSION_V4 {
		typ = nx.NX_IPv6_UDP_PACKET
	}
	if packetpool.Allocate(pool, &alert, typ, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		return
	}
	if packetpool.DataAppend(alert, fullServerAlert, pool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		packetpool.Release(alert)
		return
	}
	if netx.UDPSocketSend(sock, alert, to, port) != nx.NX_SUCCESS {
		packetpool.Release(alert)
	}
	if srv.errorNotify != nil {
		srv.errorNotify(nil, nx.UINT(nx.NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS))
	}
}
