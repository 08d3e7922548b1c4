package packetpool

import (
	"fmt"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// DataAppend is nx_packet_data_append: data is copied behind the packet's
// last byte. If the chain's last packet has too little room, packets of
// packet type 0 are allocated from poolPtr (which may be another pool),
// each waiting up to waitOption ticks, and chained behind. All or nothing:
// if an allocation fails, the new packets go back and the packet is
// unchanged. Allowed everywhere; waiting only in threads (the caller check
// applies to any wait, even when no chaining is needed).
//
//go:noinline
func DataAppend(packetPtr *Packet, data []byte, poolPtr *Pool, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opDataAppend, len(data)))
	if errorChecking {
		switch {
		case !validPool(poolPtr) || data == nil:
			return nx.NX_PTR_ERROR
		case len(data) == 0:
			return nx.NX_SIZE_ERROR
		}
		if st := nxePacket(packetPtr); st != nx.NX_SUCCESS {
			return st
		}
		if waitOption != nx.NX_NO_WAIT && !inThread() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ownKernel(packetPtr.pool) == nil || ownKernel(poolPtr) == nil {
		return nx.NX_CALLER_ERROR
	}
	return dataAppend(packetPtr, data, poolPtr, waitOption, callerPC())
}

// tail returns the packet NxPacketLast names (the head itself when it is
// nil): where an append starts. It need not be the chain's real end.
func (p *Packet) tail() *Packet {
	if p.NxPacketLast != nil {
		return p.NxPacketLast
	}
	return p
}

// dataAppend is _nx_packet_data_append. The free room is counted from the
// packet NxPacketLast names through every packet already chained behind it
// (nx_packet_data_append.c walks nx_packet_next from nx_packet_last), and
// those packets are filled before new ones are linked behind the chain's
// real end. With NxPacketLast nil, only the head's room counts, and new
// packets replace whatever NxPacketNext held, as in C.
func dataAppend(head *Packet, data []byte, pool *Pool, wait nx.ULONG, site uintptr) nx.Status {
	end := head
	room := len(head.NxPacketDataStart) - head.NxPacketAppendPtr
	if head.NxPacketLast != nil {
		room = 0
		for pkt := head.NxPacketLast; pkt != nil; pkt = pkt.NxPacketNext {
			room += len(pkt.NxPacketDataStart) - pkt.NxPacketAppendPtr
			end = pkt
		}
	}
	var added []*Packet
	for room < len(data) {
		var pkt *Packet
		if st := allocate(pool, &pkt, nx.NX_RECEIVE_PACKET, wait, site); st != nx.NX_SUCCESS {
			for _, a := range added {
				a.pool.put(a)
			}
			return st
		}
		added = append(added, pkt)
		room += len(pkt.NxPacketDataStart)
	}
	if len(added) > 0 {
		end.NxPacketNext = added[0]
		for i, pkt := range added[1:] {
			added[i].NxPacketNext = pkt
		}
	}
	head.NxPacketLength += nx.ULONG(len(data))
	rest := data
	for pkt := head.tail(); ; {
		n := copy(pkt.NxPacketDataStart[pkt.NxPacketAppendPtr:], rest)
		pkt.NxPacketAppendPtr += n
		rest = rest[n:]
		if len(rest) == 0 {
			break
		}
		pkt = pkt.NxPacketNext
		head.NxPacketLast = pkt
	}
	rtos.PreemptionPoint()
	return nx.NX_SUCCESS
}

// DataRetrieve is nx_packet_data_retrieve: the whole datagram, every packet
// of the chain, is copied into buffer and *bytesCopied is its length. C has
// no buffer size here and overwrites memory past a short buffer; nxsim
// panics instead, naming both sizes. NX_INVALID_PACKET (with *bytesCopied
// what was copied) when the chain holds fewer bytes than NxPacketLength.
func DataRetrieve(packetPtr *Packet, buffer []byte, bytesCopied *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opDataRetrieve, packetLength(packetPtr)))
	if errorChecking && (packetPtr == nil || buffer == nil || bytesCopied == nil) {
		return nx.NX_PTR_ERROR
	}
	if len(buffer) < int(packetPtr.NxPacketLength) {
		panic(fmt.Sprintf("nx_packet_data_retrieve: a %d-byte buffer for a %d-byte packet (C would overwrite memory)",
			len(buffer), packetPtr.NxPacketLength))
	}
	n := 0
	for pkt := packetPtr; pkt != nil && n < int(packetPtr.NxPacketLength); pkt = pkt.NxPacketNext {
		n += copy(buffer[n:packetPtr.NxPacketLength], pkt.Data())
	}
	*bytesCopied = nx.ULONG(n)
	if n < int(packetPtr.NxPacketLength) {
		return nx.NX_INVALID_PACKET
	}
	return nx.NX_SUCCESS
}

// DataExtractOffset is nx_packet_data_extract_offset: up to len(buffer)
// bytes from offset bytes into the datagram. NX_PACKET_OFFSET_ERROR when
// offset is at or past NxPacketLength (offset 0 of an empty packet copies
// nothing and succeeds), and also when the chain's bytes end before offset
// although NxPacketLength is larger (nx_packet_data_extract_offset.c finds
// no source packet). *bytesCopied is min(NxPacketLength-offset,
// len(buffer)), as C reports it, even when the chain holds fewer bytes.
func DataExtractOffset(packetPtr *Packet, offset nx.ULONG, buffer []byte, bytesCopied *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opDataExtractOffst, len(buffer)))
	if errorChecking && (packetPtr == nil || buffer == nil || bytesCopied == nil) {
		return nx.NX_PTR_ERROR
	}
	length := packetPtr.NxPacketLength
	if offset >= length {
		if offset == 0 {
			*bytesCopied = 0
			return nx.NX_SUCCESS
		}
		return nx.NX_PACKET_OFFSET_ERROR
	}
	pkt, skip := packetPtr, int(offset)
	for pkt != nil && skip >= len(pkt.Data()) {
		skip -= len(pkt.Data())
		pkt = pkt.NxPacketNext
	}
	if pkt == nil {
		return nx.NX_PACKET_OFFSET_ERROR
	}
	want := min(int(length-offset), len(buffer))
	*bytesCopied = nx.ULONG(want)
	for n := 0; pkt != nil && n < want; pkt, skip = pkt.NxPacketNext, 0 {
		n += copy(buffer[n:want], pkt.Data()[skip:])
	}
	return nx.NX_SUCCESS
}

// LengthGet is nx_packet_length_get.
func LengthGet(packetPtr *Packet, length *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opLengthGet))
	if errorChecking && (packetPtr == nil || !validPool(packetPtr.pool) || length == nil) {
		return nx.NX_PTR_ERROR
	}
	*length = packetPtr.NxPacketLength
	return nx.NX_SUCCESS
}

// Copy is nx_packet_copy: a new packet (chain) from poolPtr holding the same
// bytes, with the same headroom in front and the same IP header offset and
// version. *newPacketPtr is nil on failure. NX_INVALID_PACKET for an empty
// source.
//
//go:noinline
func Copy(packetPtr *Packet, newPacketPtr **Packet, poolPtr *Pool, waitOption nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.EnterBytes(opCopy, packetLength(packetPtr)))
	if errorChecking {
		if newPacketPtr == nil || !validPool(poolPtr) {
			return nx.NX_PTR_ERROR
		}
		if st := nxePacket(packetPtr); st != nx.NX_SUCCESS {
			return st
		}
		if waitOption != nx.NX_NO_WAIT && !inThread() {
			return nx.NX_CALLER_ERROR
		}
	}
	if ownKernel(poolPtr) == nil {
		return nx.NX_CALLER_ERROR
	}
	site := callerPC()
	*newPacketPtr = nil
	src := packetPtr
	if src.NxPacketLength == 0 {
		return nx.NX_INVALID_PACKET
	}
	var cp *Packet
	if st := allocate(poolPtr, &cp, nx.NX_RECEIVE_PACKET, waitOption, site); st != nx.NX_SUCCESS {
		return st
	}
	headroom := src.NxPacketDataStart[:src.NxPacketPrependPtr]
	bytes := make([]byte, 0, len(headroom)+int(src.NxPacketLength))
	bytes = append(bytes, headroom...)
	for pkt := src; pkt != nil; pkt = pkt.NxPacketNext {
		bytes = append(bytes, pkt.Data()...)
	}
	if st := dataAppend(cp, bytes, poolPtr, waitOption, site); st != nx.NX_SUCCESS {
		release(cp)
		return st
	}
	cp.NxPacketPrependPtr = src.NxPacketPrependPtr
	cp.NxPacketLength -= nx.ULONG(len(headroom))
	if cp.NxPacketLength != src.NxPacketLength {
		release(cp)
		return nx.NX_INVALID_PACKET
	}
	cp.NxPacketIPHeader = src.NxPacketIPHeader
	cp.NxPacketIPVersion = src.NxPacketIPVersion
	cp.NxPacketAddress = src.NxPacketAddress
	*newPacketPtr = cp
	return nx.NX_SUCCESS
}
