package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
)

// Wire sizes and protocol numbers.
const (
	ipv4HeaderSize = 20
	ipv6HeaderSize = 40
	udpHeaderSize  = 8
	arpMessageSize = 28
	protocolUDP    = 17
	ipv4MoreFrags  = 0x2000
	ipv4DontFrag   = 0x4000
	ipv4OffsetMask = 0x1FFF
)

// ipv4Header is an IPv4 header in a buffer (gVisor's header.IPv4 style):
// accessors over bytes that were length-checked once.
type ipv4Header []byte

func (h ipv4Header) headerLength() int   { return int(h[0]&0x0F) * 4 }
func (h ipv4Header) totalLength() int    { return int(binary.BigEndian.Uint16(h[2:])) }
func (h ipv4Header) id() uint16          { return binary.BigEndian.Uint16(h[4:]) }
func (h ipv4Header) flagsOffset() uint16 { return binary.BigEndian.Uint16(h[6:]) }
func (h ipv4Header) protocol() uint8     { return h[9] }
func (h ipv4Header) src() nx.ULONG       { return binary.BigEndian.Uint32(h[12:]) }
func (h ipv4Header) dst() nx.ULONG       { return binary.BigEndian.Uint32(h[16:]) }

// valid reports whether h starts a well-formed IPv4 header with a correct
// checksum whose total length fits in n received bytes.
func (h ipv4Header) valid(n int) bool {
	if len(h) < ipv4HeaderSize || h[0]>>4 != 4 || h.headerLength() < ipv4HeaderSize || h.headerLength() > len(h) {
		return false
	}
	if h.totalLength() < h.headerLength() || h.totalLength() > n {
		return false
	}
	return internetChecksum(h[:h.headerLength()]) == 0
}

// putIPv4Header writes a 20-byte header with its checksum.
func putIPv4Header(b []byte, tos uint8, total int, id uint16, flagsOffset uint16, ttl uint8, protocol uint8, src, dst nx.ULONG) {
	b[0] = 0x45
	b[1] = tos
	binary.BigEndian.PutUint16(b[2:], uint16(total))
	binary.BigEndian.PutUint16(b[4:], id)
	binary.BigEndian.PutUint16(b[6:], flagsOffset)
	b[8] = ttl
	b[9] = protocol
	b[10], b[11] = 0, 0
	binary.BigEndian.PutUint32(b[12:], src)
	binary.BigEndian.PutUint32(b[16:], dst)
	binary.BigEndian.PutUint16(b[10:], internetChecksum(b[:ipv4HeaderSize]))
}

// ipv6Header is an IPv6 header in a buffer.
type ipv6Header []byte

func (h ipv6Header) payloadLength() int { return int(binary.BigEndian.Uint16(h[4:])) }
func (h ipv6Header) nextHeader() uint8  { return h[6] }
func (h ipv6Header) src() [4]nx.ULONG   { return words16(h[8:24]) }
func (h ipv6Header) dst() [4]nx.ULONG   { return words16(h[24:40]) }

func words16(b []byte) [4]nx.ULONG {
	var w [4]nx.ULONG
	for i := range w {
		w[i] = binary.BigEndian.Uint32(b[4*i:])
	}
	return w
}

func putWords16(b []byte, w [4]nx.ULONG) {
	for i, x := range w {
		binary.BigEndian.PutUint32(b[4*i:], x)
	}
}

func putIPv6Header(b []byte, payload int, next uint8, hopLimit uint8, src, dst [4]nx.ULONG) {
	binary.BigEndian.PutUint32(b[0:], 6<<28)
	binary.BigEndian.PutUint16(b[4:], uint16(payload))
	b[6] = next
	b[7] = hopLimit
	putWords16(b[8:], src)
	putWords16(b[24:], dst)
}

// udpHeader is a UDP header in a buffer.
type udpHeader []byte

func (h udpHeader) dstPort() uint16  { return binary.BigEndian.Uint16(h[2:]) }
func (h udpHeader) length() int      { return int(binary.BigEndian.Uint16(h[4:])) }
func (h udpHeader) checksum() uint16 { return binary.BigEndian.Uint16(h[6:]) }

// arpMessage is an Ethernet/IPv4 ARP message (RFC 826).
type arpMessage []byte

const (
	arpRequest  = 1
	arpResponse = 2
)

func (m arpMessage) operation() uint16              { return binary.BigEndian.Uint16(m[6:]) }
func (m arpMessage) senderMAC() (msw, lsw nx.ULONG) { return macWords(m[8:14]) }
func (m arpMessage) senderIP() nx.ULONG             { return binary.BigEndian.Uint32(m[14:]) }
func (m arpMessage) targetIP() nx.ULONG             { return binary.BigEndian.Uint32(m[24:]) }

func putARP(b []byte, op uint16, senderMSW, senderLSW, senderIP, targetMSW, targetLSW, targetIP nx.ULONG) {
	binary.BigEndian.PutUint16(b[0:], 1)      // Ethernet
	binary.BigEndian.PutUint16(b[2:], 0x0800) // IPv4
	b[4], b[5] = 6, 4
	binary.BigEndian.PutUint16(b[6:], op)
	putMAC(b[8:], senderMSW, senderLSW)
	binary.BigEndian.PutUint32(b[14:], senderIP)
	putMAC(b[18:], targetMSW, targetLSW)
	binary.BigEndian.PutUint32(b[24:], targetIP)
}

// macWords splits a 6-byte MAC into NetX's msw (top 16 bits) and lsw.
func macWords(b []byte) (msw, lsw nx.ULONG) {
	return nx.ULONG(binary.BigEndian.Uint16(b)), binary.BigEndian.Uint32(b[2:])
}

func putMAC(b []byte, msw, lsw nx.ULONG) {
	binary.BigEndian.PutUint16(b, uint16(msw))
	binary.BigEndian.PutUint32(b[2:], lsw)
}
