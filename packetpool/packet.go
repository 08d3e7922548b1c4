package packetpool

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// Ownership markers (nx_packet.h): NX_PACKET_FREE in the pool,
// NX_PACKET_ALLOCATED when someone owns the packet.
const (
	stateFree      = 0xFFFFFFFF
	stateAllocated = 0xAAAAAAAA
)

// Packet is NX_PACKET. Packets exist only inside a pool; Allocate hands
// them out.
type Packet struct {
	_    noCopy
	pool *Pool

	// NxPacketDataStart is the packet's whole payload area
	// (nx_packet_data_start to nx_packet_data_end).
	NxPacketDataStart []byte
	// NxPacketPrependPtr is the offset in NxPacketDataStart of the first
	// valid byte; protocols move it back to add headers.
	NxPacketPrependPtr int
	// NxPacketAppendPtr is the offset one past the last valid byte.
	NxPacketAppendPtr int
	// NxPacketLength is the datagram's length over the whole chain (head
	// packet only).
	NxPacketLength nx.ULONG
	// NxPacketNext is the next packet of the chain, nil for the last.
	NxPacketNext *Packet
	// NxPacketLast is, in the head packet, the chain's last packet (nil
	// when the chain has one packet).
	NxPacketLast *Packet
	// NxPacketIPVersion is 4 or 6: set to 4 by Allocate, set by netx on
	// send and receive.
	NxPacketIPVersion nx.UCHAR
	// NxPacketIPHeader is, on receive, the offset in NxPacketDataStart of
	// the IP header that precedes the data (nx_packet_ip_header).
	NxPacketIPHeader int
	// NxPacketAddress is netx's interface or address entry for the packet
	// (nx_packet_address); Allocate clears it.
	NxPacketAddress any
	// NxPacketQueueNext links the packet on queues (UDP receive, deferred
	// receive, ARP wait).
	NxPacketQueueNext *Packet

	state  uint32
	site   uintptr // program counter of the Allocate (or chaining) call
	holder holder  // who holds it while it is out of the pool (holder.go)
}

// Data returns the valid bytes of this packet of the chain, from the
// prepend offset to the append offset.
func (p *Packet) Data() []byte { return p.NxPacketDataStart[p.NxPacketPrependPtr:p.NxPacketAppendPtr] }

// Pool returns the pool the packet belongs to (nx_packet_pool_owner).
func (p *Packet) Pool() *Pool { return p.pool }

// Allocate is nx_packet_allocate: the packet at the head of the pool's free
// list, with packetType bytes reserved in front for headers (NX_UDP_PACKET,
// NX_IPv4_UDP_PACKET, NX_RECEIVE_PACKET...). On an empty pool the caller
// waits up to waitOption ticks, first come first served (NX_NO_PACKET after
// that or with NX_NO_WAIT). NX_INVALID_PARAMETERS if packetType is larger
// than the payload. Allowed everywhere; waiting only in threads.
//
//go:noinline
func Allocate(poolPtr *Pool, packetPtr **Packet, packetType nx.ULONG, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opAllocate))
	if errorChecking {
		switch {
		case !validPool(poolPtr) || packetPtr == nil:
			return nx.NX_PTR_ERROR
		case packetType%packetAlignment != 0:
			return nx.NX_OPTION_ERROR
		case waitOption != nx.NX_NO_WAIT && !inThread():
			return nx.NX_CALLER_ERROR
		}
	}
	if ownKernel(poolPtr) == nil {
		return nx.NX_CALLER_ERROR
	}
	return allocate(poolPtr, packetPtr, packetType, waitOption, callerPC())
}

func inThread() bool {
	c, _ := rtos.CurrentContext()
	return c == rtos.ContextThread
}

// allocate is the core of nx_packet_allocate (_nx_packet_allocate.c).
func allocate(p *Pool, packetPtr **Packet, packetType, wait nx.ULONG, site uintptr) nx.Status {
	if packetType > p.payloadSize {
		return nx.NX_INVALID_PARAMETERS
	}
	*packetPtr = nil
	if n := len(p.free); n > 0 {
		pkt := p.free[n-1]
		p.free = p.free[:n-1]
		pkt.prepare(packetType, site, contextHolder())
		*packetPtr = pkt
		return nx.NX_SUCCESS
	}
	p.emptyRequests++
	if wait == nx.NX_NO_WAIT {
		return nx.NX_NO_PACKET
	}
	p.emptySuspensions++
	st, got := p.waiters.Suspend(nx.TX_TCP_IP, wait, nx.NX_NO_PACKET, waiterRequest{packetType, site, contextHolder()})
	if st == nx.NX_SUCCESS {
		*packetPtr = got.(*Packet)
	}
	return st
}

// waiterRequest is what a thread waiting for a packet asked for.
type waiterRequest struct {
	packetType nx.ULONG
	site       uintptr
	holder     string
}

// prepare resets a packet for a new owner: empty, not chained, packetType
// bytes of headroom, held by holder.
func (pkt *Packet) prepare(packetType nx.ULONG, site uintptr, holderName string) {
	pkt.NxPacketPrependPtr = int(packetType)
	pkt.NxPacketAppendPtr = int(packetType)
	pkt.NxPacketLength = 0
	pkt.NxPacketNext, pkt.NxPacketLast, pkt.NxPacketQueueNext = nil, nil, nil
	pkt.NxPacketIPVersion = nx.NX_IP_VERSION_V4
	pkt.NxPacketIPHeader = 0
	pkt.NxPacketAddress = nil
	pkt.state = stateAllocated
	pkt.site = site
	pkt.holder = holder{what: holderName}
}

// Release is nx_packet_release: every packet of the chain goes back to its
// pool, or straight to the first thread waiting there. A packet that is not
// allocated (a double release) stops the walk with NX_PTR_ERROR and counts
// in its pool's invalid releases; the packets before it were released.
// A packet the application handed to NetX and that one of NetX's queues
// still holds (an ARP or ND queue, a socket's receive queue, the
// reassembly list) is not the application's to release: NX_PTR_ERROR,
// counted the same way (in C, the nxe_ layer nulled the caller's pointer
// when the send took the packet). A packet a queue links through
// nx_packet_union_next (LinkThroughUnion) is refused even without error
// checking: _nx_packet_release checks that field itself. Allowed
// everywhere.
//
//go:noinline
func Release(packetPtr *Packet) nx.Status {
	defer rtos.Leave(rtos.Enter(opRelease))
	if errorChecking {
		if st := nxePacket(packetPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	if releasedFromOutside(packetPtr) {
		packetPtr.pool.invalidReleases++
		return nx.NX_PTR_ERROR
	}
	if ownKernel(packetPtr.pool) == nil {
		return nx.NX_CALLER_ERROR
	}
	st := release(packetPtr)
	rtos.PreemptionPoint()
	return st
}

// TransmitRelease is nx_packet_transmit_release, what a driver calls once a
// frame is on the wire (after removing its link header). Without TCP
// retransmission queues it is Release.
func TransmitRelease(packetPtr *Packet) nx.Status {
	defer rtos.Leave(rtos.Enter(opTransmitRelease))
	return Release(packetPtr)
}

// release is the core of nx_packet_release (_nx_packet_release.c).
func release(head *Packet) nx.Status {
	for pkt := head; pkt != nil; {
		next := pkt.NxPacketNext
		if pkt.state != stateAllocated {
			pkt.pool.invalidReleases++
			return nx.NX_PTR_ERROR
		}
		pkt.pool.put(pkt)
		pkt = next
	}
	return nx.NX_SUCCESS
}

// put returns one packet to its pool, handing it to the first waiter
// prepared with that waiter's packet type.
func (p *Pool) put(pkt *Packet) {
	if w := p.waiters.First(); w != nil {
		req := w.WaitInfo().(waiterRequest)
		pkt.prepare(req.packetType, req.site, req.holder)
		p.waiters.Wake(w, nx.NX_SUCCESS, pkt)
		return
	}
	pkt.state = stateFree
	pkt.NxPacketNext, pkt.NxPacketLast, pkt.NxPacketQueueNext = nil, nil, nil
	p.free = append(p.free, pkt)
}

// Allocated reports whether the packet is owned by someone (the
// NX_PACKET_ALLOCATED marker), as NetX's checks of a packet handed to a
// send service do: a packet already released or sent is not.
func Allocated(p *Packet) bool { return p != nil && p.state == stateAllocated }
