package packetpool

import "github.com/nxsim/nxsim/nx"

// The nxe_packet_*.c checks shared by several services.

// nxePoolCreate checks nx_packet_pool_create's arguments.
func nxePoolCreate(p *Pool, payloadSize nx.ULONG, memory []byte) nx.Status {
	// _nxe_packet_pool_create checks the sizes (room for one packet)
	// before whether the pool or its memory is already a pool's.
	switch {
	case p == nil || memory == nil:
		return nx.NX_PTR_ERROR
	case len(memory) <= packetAlignment || payloadSize == 0:
		return nx.NX_SIZE_ERROR
	}
	if _, _, _, count := layout(payloadSize, memory); count == 0 {
		return nx.NX_SIZE_ERROR
	}
	if p.id == poolID || overlapsAPool(memory) {
		return nx.NX_PTR_ERROR
	}
	if inISROrTimer() {
		return nx.NX_CALLER_ERROR
	}
	return nx.NX_SUCCESS
}

// nxePacket checks a packet pointer and its prepend/append offsets.
func nxePacket(pkt *Packet) nx.Status {
	switch {
	case pkt == nil || !validPool(pkt.pool):
		return nx.NX_PTR_ERROR
	case pkt.NxPacketPrependPtr < 0:
		return nx.NX_UNDERFLOW
	case pkt.NxPacketAppendPtr > len(pkt.NxPacketDataStart):
		return nx.NX_OVERFLOW
	}
	return nx.NX_SUCCESS
}
