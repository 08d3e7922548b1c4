package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/packetpool"
)

// checksumAdd folds b into a running one's-complement sum (RFC 1071).
func checksumAdd(sum uint32, b []byte) uint32 {
	for len(b) >= 2 {
		sum += uint32(binary.BigEndian.Uint16(b))
		b = b[2:]
	}
	if len(b) == 1 {
		sum += uint32(b[0]) << 8
	}
	return sum
}

// checksumFinish folds the carries and complements the sum.
func checksumFinish(sum uint32) uint16 {
	for sum>>16 != 0 {
		sum = sum&0xFFFF + sum>>16
	}
	return ^uint16(sum)
}

// internetChecksum is the checksum of b alone (IPv4 header).
func internetChecksum(b []byte) uint16 { return checksumFinish(checksumAdd(0, b)) }

// pseudoHeaderSum is the UDP pseudo-header's contribution for IPv4 or IPv6
// source and destination addresses (4 or 16 bytes each).
func pseudoHeaderSum(src, dst []byte, protocol uint8, length int) uint32 {
	sum := checksumAdd(0, src)
	sum = checksumAdd(sum, dst)
	sum += uint32(protocol)
	sum += uint32(length>>16) + uint32(length&0xFFFF)
	return sum
}

// chainSum adds the bytes of a packet chain, from the head's prepend offset
// on, to sum, carrying odd bytes across packet boundaries.
func chainSum(sum uint32, pkt *packetpool.Packet, length int) uint32 {
	var odd byte
	haveOdd := false
	for p := pkt; p != nil && length > 0; p = p.NxPacketNext {
		d := p.Data()
		if len(d) > length {
			d = d[:length]
		}
		length -= len(d)
		if haveOdd && len(d) > 0 {
			sum += uint32(odd)<<8 | uint32(d[0])
			d = d[1:]
			haveOdd = false
		}
		if len(d)%2 == 1 {
			odd, haveOdd = d[len(d)-1], true
			d = d[:len(d)-1]
		}
		sum = checksumAdd(sum, d)
	}
	if haveOdd {
		sum += uint32(odd) << 8
	}
	return sum
}
