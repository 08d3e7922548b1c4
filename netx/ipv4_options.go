package netx

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// IPv4 options NetX looks at (nx_ip.h) and the ICMP message it answers a
// bad one with (nx_icmpv4.h).
const (
	ipv4OptionEnd               = 0  // NX_IP_OPTION_END
	ipv4OptionNoOperation       = 1  // NX_IP_OPTION_NO_OPERATION
	ipv4OptionInternetTimestamp = 68 // NX_IP_OPTION_INTERNET_TIMESTAMP (RFC 781)
	icmpParameterProblem        = 12 // NX_ICMP_PARAMETER_PROB_TYPE
)

// ipv4OptionsValid is _nx_ipv4_option_process (nx_ipv4_option_process.c)
// for a received IPv4 datagram (prepend at its IP header) whose header is
// longer than 20 bytes. It walks the options up to an end option: no-ops
// are skipped, and only the internet timestamp is checked — a second one,
// a length outside 8..40 or not a multiple of 4, a pointer below 5 or even,
// an overflow of 15, or flags other than 0, 1 and 3 make it false after an
// ICMPv4 parameter problem (code 0) pointing at the offending octet. Every
// other option is skipped by its length; a length below 2 or past the
// options makes it false without a message.
func (ip *IP) ipv4OptionsValid(pkt *packetpool.Packet) bool {
	h := ipv4Header(pkt.Data())
	opts := h[ipv4HeaderSize:h.headerLength()]
	problem := func(at int) bool {
		pkt.NxPacketIPHeader = pkt.NxPacketPrependPtr
		ip.icmpv4Error(pkt, icmpParameterProblem, 0, uint8(ipv4HeaderSize+at))
		return false
	}
	timestamps := 0
	for i := 0; i < len(opts); {
		switch opts[i] {
		case ipv4OptionEnd:
			return true
		case ipv4OptionNoOperation:
			i++
			continue
		case ipv4OptionInternetTimestamp:
			// NetX reads the four octets of the option's head without
			// checking that they are inside the options: at their end it
			// reads the payload's first octets.
			head := make([]byte, 4)
			copy(head, h[ipv4HeaderSize+i:])
			length, pointer, overflow, flags := head[1], head[2], head[3]>>4, head[3]&0xF
			if timestamps++; timestamps > 1 || length < 8 || length > 40 || length%4 != 0 {
				return problem(i + 2)
			}
			if pointer < 5 || pointer%2 == 0 {
				return problem(i + 3)
			}
			if overflow == 15 || (flags != 0 && flags != 1 && flags != 3) {
				return problem(i + 4)
			}
		}
		if i+1 >= len(opts) {
			return false
		}
		length := int(opts[i+1])
		if length < 2 || i+length > len(opts) {
			return false
		}
		i += length
	}
	return true
}

// ipv4StripOptions removes the options of a datagram they were valid for,
// as _nx_ipv4_packet_receive does before handling it: the 20-byte header
// moves up against the payload with a header length of 5 words. NetX keeps
// the old total length and checksum; here the total length is the new one,
// so the reassembly that reads it (fragment.go) sees the datagram's size.
func ipv4StripOptions(pkt *packetpool.Packet) {
	h := ipv4Header(pkt.Data())
	extra := h.headerLength() - ipv4HeaderSize
	copy(h[extra:extra+ipv4HeaderSize], h[:ipv4HeaderSize])
	pkt.NxPacketPrependPtr += extra
	pkt.NxPacketLength -= nx.ULONG(extra)
	h = ipv4Header(pkt.Data())
	h[0] = 0x45
	binary.BigEndian.PutUint16(h[2:], uint16(h.totalLength()-extra))
}
