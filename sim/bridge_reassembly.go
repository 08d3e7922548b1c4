package sim

import (
	"time"

	"github.com/google/gopacket/layers"
)

// bridgeReassemblyTime is how long the bridge keeps an incomplete
// datagram's fragments after the first arrived, in virtual time: Linux's
// default ipfrag_time (30 s), as the host whose socket the bridge stands
// for would.
const bridgeReassemblyTime = 30 * time.Second

// fragmentKey identifies the datagram a fragment belongs to (RFC 791:
// source, destination, protocol and identification).
type fragmentKey struct {
	src, dst [4]byte
	protocol layers.IPProtocol
	id       uint16
}

// partialDatagram is a datagram whose fragments are still arriving: its
// payload so far, which 8-byte blocks of it are filled, its length once
// the last fragment told it, and when its first fragment arrived.
type partialDatagram struct {
	payload []byte
	filled  []bool
	length  int // -1 until the fragment without More Fragments arrives
	started time.Duration
}

// reassembler rebuilds IPv4 datagrams from their fragments, as the host's
// kernel does before a socket sees them.
type reassembler struct {
	pending map[fragmentKey]*partialDatagram
}

// add takes an IPv4 datagram received at now. It returns the whole IP
// payload once every fragment is in (at once for a datagram that is not a
// fragment), nil while fragments are missing, and false for a fragment no
// datagram can hold (past 65535 bytes, or a non-final one whose length is
// not a multiple of 8). Datagrams whose first fragment arrived
// bridgeReassemblyTime ago are forgotten first.
func (r *reassembler) add(now time.Duration, ip *layers.IPv4) ([]byte, bool) {
	more := ip.Flags&layers.IPv4MoreFragments != 0
	if !more && ip.FragOffset == 0 {
		return ip.Payload, true
	}
	for k, p := range r.pending {
		if now-p.started >= bridgeReassemblyTime {
			delete(r.pending, k)
		}
	}
	offset, data := int(ip.FragOffset)*8, ip.Payload
	end := offset + len(data)
	if end > 65535-int(ip.IHL)*4 || (more && len(data)%8 != 0) {
		return nil, false
	}
	key := fragmentKey{protocol: ip.Protocol, id: ip.Id}
	copy(key.src[:], ip.SrcIP.To4())
	copy(key.dst[:], ip.DstIP.To4())
	if r.pending == nil {
		r.pending = map[fragmentKey]*partialDatagram{}
	}
	p := r.pending[key]
	if p == nil {
		p = &partialDatagram{length: -1, started: now}
		r.pending[key] = p
	}
	if end > len(p.payload) {
		p.payload = append(p.payload, make([]byte, end-len(p.payload))...)
		p.filled = append(p.filled, make([]bool, (end+7)/8-len(p.filled))...)
	}
	copy(p.payload[offset:], data)
	for b := offset / 8; b < (end+7)/8; b++ {
		p.filled[b] = true
	}
	if !more {
		p.length = end
	}
	if p.length < 0 || len(p.payload) != p.length {
		return nil, true
	}
	for _, f := range p.filled {
		if !f {
			return nil, true
		}
	}
	delete(r.pending, key)
	return p.payload, true
}
