package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// udpID marks a created socket (NX_UDP_ID).
const udpID = 0x55445020

// udpLayer is an instance's UDP state after nx_udp_enable.
type udpLayer struct {
	created    int // sockets created and not deleted (nx_ip_udp_created_sockets_count)
	bound      map[uint16]*UDPSocket
	bindQueues map[uint16]*rtos.WaitList // threads waiting for a port to be unbound
}

// UDPSocket is NX_UDP_SOCKET. Its zero value is "not created".
type UDPSocket struct {
	_    noCopy
	id   uint32
	name string

	// NxUDPSocketIPPtr is nx_udp_socket_ip_ptr, the IP instance the
	// socket was created on (nil before nx_udp_socket_create). NetX Secure
	// takes a DTLS client's handshake packets from its default pool.
	NxUDPSocketIPPtr *IP

	tos          uint8
	dontFragment bool
	ttl          uint8
	queueMaximum nx.ULONG
	checksumOff  bool

	port         uint16
	bound        bool
	bindWaiting  bool
	queue        []*packetpool.Packet // received, oldest first
	receivers    rtos.WaitList
	notify       func(*UDPSocket)
	bindSuspends *rtos.Thread // the thread waiting in this socket's bind

	// Stats are the socket's counters (nx_udp_socket_info_get).
	Stats UDPSocketStats
}

// UDPSocketStats are a socket's counters.
type UDPSocketStats struct {
	PacketsSent     nx.ULONG
	BytesSent       nx.ULONG
	PacketsReceived nx.ULONG
	BytesReceived   nx.ULONG
	ReceiveDropped  nx.ULONG // pushed out of a full queue (the oldest goes)
	ChecksumErrors  nx.ULONG
	InvalidPackets  nx.ULONG
}

func validSocket(s *UDPSocket) bool { return s != nil && s.id == udpID }

// UDPEnable is nx_udp_enable. Every other UDP service answers
// NX_NOT_ENABLED until it is called. Allowed from initialization, threads
// and timers.
func UDPEnable(ipPtr *IP) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPEnable))
	if errorChecking {
		if st := nxeIP(ipPtr, inISR()); st != nx.NX_SUCCESS {
			return st
		}
		if ipPtr.udp != nil {
			return nx.NX_ALREADY_ENABLED
		}
	}
	if ipPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ipPtr.udp = &udpLayer{bound: map[uint16]*UDPSocket{}, bindQueues: map[uint16]*rtos.WaitList{}}
	return nx.NX_SUCCESS
}

// nxeSocket checks a socket and that UDP is enabled on its instance.
func nxeSocket(s *UDPSocket, refused bool) nx.Status {
	switch {
	case !validSocket(s):
		return nx.NX_PTR_ERROR
	case s.NxUDPSocketIPPtr.udp == nil:
		return nx.NX_NOT_ENABLED
	case refused:
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// UDPSocketCreate is nx_udp_socket_create: typeOfService within
// NX_IP_TOS_MASK, fragment NX_FRAGMENT_OKAY or NX_DONT_FRAGMENT, timeToLive
// (NX_IP_TIME_TO_LIVE), and the receive queue depth in datagrams. Allowed
// from initialization and threads.
func UDPSocketCreate(ipPtr *IP, socketPtr *UDPSocket, name string, typeOfService, fragment nx.ULONG,
	timeToLive nx.UINT, queueMaximum nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketCreate))
	if errorChecking {
		switch {
		case !validIP(ipPtr) || socketPtr == nil || socketPtr.id == udpID:
			return nx.NX_PTR_ERROR
		case ipPtr.udp == nil:
			return nx.NX_NOT_ENABLED
		case typeOfService&^nx.NX_IP_TOS_MASK != 0 || (fragment != nx.NX_FRAGMENT_OKAY && fragment != nx.NX_DONT_FRAGMENT) || timeToLive > 0xFF000000:
			return nx.NX_OPTION_ERROR
		case notInitOrThreads():
			return nx.NX_CALLER_ERROR
		}
	}
	ip := ipPtr
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	*socketPtr = UDPSocket{id: udpID, NxUDPSocketIPPtr: ip, name: name, tos: uint8(typeOfService >> 16),
		dontFragment: fragment == nx.NX_DONT_FRAGMENT, ttl: uint8(timeToLive), queueMaximum: queueMaximum}
	ip.udp.created++
	return nx.NX_SUCCESS
}

// UDPSocketDelete is nx_udp_socket_delete: NX_STILL_BOUND for a bound
// socket. Threads only.
func UDPSocketDelete(socketPtr *UDPSocket) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketDelete))
	if errorChecking {
		if st := nxeSocket(socketPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := socketPtr
	if s.NxUDPSocketIPPtr.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	if s.bound || s.bindWaiting {
		return nx.NX_STILL_BOUND
	}
	s.NxUDPSocketIPPtr.udp.created--
	s.id = 0
	return nx.NX_SUCCESS
}

// UDPSocketBind is nx_udp_socket_bind: port 0 (NX_ANY_PORT) picks a free
// port from a random start in 0xC000..0xFFFF. A port another socket holds
// answers NX_PORT_UNAVAILABLE with NX_NO_WAIT; otherwise the caller waits,
// first come first served, until that socket unbinds. Threads only.
func UDPSocketBind(socketPtr *UDPSocket, port nx.UINT, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketBind))
	if errorChecking {
		if st := nxeSocket(socketPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
		if port > nx.NX_MAX_PORT {
			return nx.NX_INVALID_PORT
		}
	}
	s := socketPtr
	ip := s.NxUDPSocketIPPtr
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ip.thread.Protect()
	if s.bound || s.bindWaiting {
		ip.thread.Unprotect()
		return nx.NX_ALREADY_BOUND
	}
	if port == nx.NX_ANY_PORT {
		start := nx.UINT(nx.NX_SEARCH_PORT_START + ip.rand.IntN(0x4000))
		var free nx.UINT
		if st := ip.freePortFind(start, &free); st != nx.NX_SUCCESS {
			ip.thread.Unprotect()
			return st
		}
		port = free
	}
	p := uint16(port)
	if ip.udp.bound[p] == nil {
		s.bindTo(p)
		ip.thread.Unprotect()
		return nx.NX_SUCCESS
	}
	ip.thread.Unprotect()
	if waitOption == nx.NX_NO_WAIT {
		return nx.NX_PORT_UNAVAILABLE
	}
	q := ip.udp.bindQueues[p]
	if q == nil {
		q = &rtos.WaitList{}
		ip.udp.bindQueues[p] = q
	}
	s.bindWaiting = true
	s.bindSuspends = rtos.ThreadIdentify()
	st, _ := q.Suspend(nx.TX_TCP_IP, waitOption, nx.NX_PORT_UNAVAILABLE, s)
	s.bindWaiting, s.bindSuspends = false, nil
	return st
}

// bindTo binds the socket to a free port.
func (s *UDPSocket) bindTo(p uint16) {
	s.port, s.bound = p, true
	s.NxUDPSocketIPPtr.udp.bound[p] = s
}

// UDPSocketUnbind is nx_udp_socket_unbind: queued datagrams are released,
// threads waiting in receive return NX_SOCKET_UNBOUND, and the first thread
// waiting to bind the port gets it. A socket whose own bind is waiting has
// that wait cancelled (NX_PORT_UNAVAILABLE for the binder). NX_NOT_BOUND
// otherwise. Threads only.
func UDPSocketUnbind(socketPtr *UDPSocket) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketUnbind))
	if errorChecking {
		if st := nxeSocket(socketPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := socketPtr
	ip := s.NxUDPSocketIPPtr
	if ip.ownKernel() == nil {
		return nx.NX_CALLER_ERROR
	}
	ip.thread.Protect()
	defer ip.thread.Unprotect()
	if s.bindWaiting && s.bindSuspends != nil {
		for _, q := range ip.udp.bindQueues {
			for _, t := range q.Threads() {
				if t.WaitInfo() == s {
					q.Wake(t, nx.NX_PORT_UNAVAILABLE, nil)
				}
			}
		}
		rtos.PreemptionPoint()
		return nx.NX_SUCCESS
	}
	if !s.bound {
		return nx.NX_NOT_BOUND
	}
	delete(ip.udp.bound, s.port)
	s.bound = false
	for _, pkt := range s.queue {
		packetpool.Release(pkt)
	}
	s.queue = nil
	s.receivers.WakeAll(nx.NX_SOCKET_UNBOUND)
	if q := ip.udp.bindQueues[s.port]; q != nil && q.Len() > 0 {
		t := q.First()
		next := t.WaitInfo().(*UDPSocket)
		next.bindTo(s.port)
		q.Wake(t, nx.NX_SUCCESS, nil)
	}
	rtos.PreemptionPoint()
	return nx.NX_SUCCESS
}

// UDPSocketPortGet is nx_udp_socket_port_get: NX_NOT_BOUND for an unbound
// socket. Threads only.
func UDPSocketPortGet(socketPtr *UDPSocket, portPtr *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketPortGet))
	if errorChecking {
		if portPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSocket(socketPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if !socketPtr.bound {
		return nx.NX_NOT_BOUND
	}
	*portPtr = nx.UINT(socketPtr.port)
	return nx.NX_SUCCESS
}

// UDPSocketReceiveNotify is nx_udp_socket_receive_notify: notify (nil to
// remove) runs once per received datagram, on the IP thread, after the
// datagram was queued or given to a waiting thread. Any context.
func UDPSocketReceiveNotify(socketPtr *UDPSocket, notify func(socketPtr *UDPSocket)) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketReceiveNotify))
	if errorChecking && !validSocket(socketPtr) {
		return nx.NX_PTR_ERROR
	}
	socketPtr.notify = notify
	return nx.NX_SUCCESS
}

// UDPSocketChecksumDisable is nx_udp_socket_checksum_disable: IPv4 datagrams
// of a bound socket are sent with checksum 0 and received ones are not
// verified (IPv6 always checksums).
func UDPSocketChecksumDisable(socketPtr *UDPSocket) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketChecksumDisable))
	return setChecksum(socketPtr, true)
}

// UDPSocketChecksumEnable is nx_udp_socket_checksum_enable.
func UDPSocketChecksumEnable(socketPtr *UDPSocket) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketChecksumEnable))
	return setChecksum(socketPtr, false)
}

func setChecksum(s *UDPSocket, off bool) nx.Status {
	if errorChecking {
		if st := nxeSocket(s, inISR()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if !s.bound {
		return nx.NX_NOT_BOUND
	}
	s.checksumOff = off
	return nx.NX_SUCCESS
}

// UDPSocketBytesAvailable is nx_udp_socket_bytes_available: the payload
// bytes of the queued datagrams; NX_NOT_SUCCESSFUL for an unbound socket.
func UDPSocketBytesAvailable(socketPtr *UDPSocket, bytesAvailable *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketBytesAvailable))
	if errorChecking {
		if bytesAvailable == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeSocket(socketPtr, notThreads()); st != nx.NX_SUCCESS {
			return st
		}
	}
	if !socketPtr.bound {
		return nx.NX_NOT_SUCCESSFUL
	}
	var n nx.ULONG
	for _, pkt := range socketPtr.queue {
		n += pkt.NxPacketLength - udpHeaderSize
	}
	*bytesAvailable = n
	return nx.NX_SUCCESS
}

// UDPSocketInfoGet is nx_udp_socket_info_get. Any out-pointer may be nil.
func UDPSocketInfoGet(socketPtr *UDPSocket, packetsSent, bytesSent, packetsReceived, bytesReceived,
	packetsQueued, receivePacketsDropped, checksumErrors *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPSocketInfoGet))
	if errorChecking {
		if st := nxeSocket(socketPtr, inISR()); st != nx.NX_SUCCESS {
			return st
		}
	}
	s := socketPtr
	for _, f := range []struct {
		p *nx.ULONG
		v nx.ULONG
	}{{packetsSent, s.Stats.PacketsSent}, {bytesSent, s.Stats.BytesSent}, {packetsReceived, s.Stats.PacketsReceived},
		{bytesReceived, s.Stats.BytesReceived}, {packetsQueued, nx.ULONG(len(s.queue))},
		{receivePacketsDropped, s.Stats.ReceiveDropped}, {checksumErrors, s.Stats.ChecksumErrors}} {
		if f.p != nil {
			*f.p = f.v
		}
	}
	return nx.NX_SUCCESS
}

// UDPFreePortFind is nx_udp_free_port_find: the first unbound port from
// port upward. A search that started above NX_SEARCH_PORT_START wraps to
// it; one that started at or below it ends at 0xFFFF (NetX Duo 6.x's
// nx_udp_free_port_find.c; earlier releases looped forever there).
// NX_NO_FREE_PORTS if none.
func UDPFreePortFind(ipPtr *IP, port nx.UINT, freePortPtr *nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opUDPFreePortFind))
	if errorChecking {
		if !validIP(ipPtr) || freePortPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if ipPtr.udp == nil {
			return nx.NX_NOT_ENABLED
		}
		if port == 0 || port > nx.NX_MAX_PORT {
			return nx.NX_INVALID_PORT
		}
		if notThreads() {
			return nx.NX_CALLER_ERROR
		}
	}
	return ipPtr.freePortFind(port, freePortPtr)
}

func (ip *IP) freePortFind(start nx.UINT, free *nx.UINT) nx.Status {
	p := start
	for {
		if ip.udp.bound[uint16(p)] == nil {
			*free = p
			return nx.NX_SUCCESS
		}
		if p++; p > nx.NX_MAX_PORT {
			if start <= nx.NX_SEARCH_PORT_START {
				return nx.NX_NO_FREE_PORTS
			}
			p = nx.NX_SEARCH_PORT_START
		}
		if p == start {
			return nx.NX_NO_FREE_PORTS
		}
	}
}
