package sim

import (
	"encoding/binary"
	"fmt"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
)

// ipLength is the length of a frame's IP packet (what an MTU limits): the
// frame less its Ethernet header, or the IP total length where it says so
// (short frames are padded).
func ipLength(frame []byte) int {
	if len(frame) < ethernetHeaderSize {
		return 0
	}
	n := len(frame) - ethernetHeaderSize
	ip := frame[ethernetHeaderSize:]
	switch binary.BigEndian.Uint16(frame[12:]) {
	case etherTypeIPv4:
		if len(ip) >= 4 {
			n = min(n, int(binary.BigEndian.Uint16(ip[2:])))
		}
	case etherTypeIPv6:
		if len(ip) >= 6 {
			n = min(n, 40+int(binary.BigEndian.Uint16(ip[4:])))
		}
	}
	return n
}

// ipPacket is what a frame's IP header says: addresses, protocol,
// fragmentation (IPv4) and where the IP payload lies in the frame.
type ipPacket struct {
	src, dst    []byte // slices of the frame
	proto       byte
	id          uint16 // IPv4 identification
	offset      int    // IPv4 fragment offset, in bytes
	more        bool   // IPv4 more-fragments flag
	bodyAt, end int    // the IP payload, as offsets in the frame
}

// train names the fragments of one IPv4 datagram: addresses and
// identification.
func (p ipPacket) train() string { return fmt.Sprintf("%x>%x#%d", p.src, p.dst, p.id) }

// fragment says whether the packet is an IPv4 fragment.
func (p ipPacket) fragment() bool { return p.offset > 0 || p.more }

// parseIP reads a frame's IPv4 or IPv6 header, checking every length once
// (IPv6 extension headers are not followed: proto is the first next header).
func parseIP(frame []byte) (ipPacket, bool) {
	if len(frame) < ethernetHeaderSize {
		return ipPacket{}, false
	}
	ip := frame[ethernetHeaderSize:]
	switch binary.BigEndian.Uint16(frame[12:]) {
	case etherTypeIPv4:
		if len(ip) < 20 || ip[0]>>4 != 4 {
			return ipPacket{}, false
		}
		hl, total := int(ip[0]&0x0F)*4, int(binary.BigEndian.Uint16(ip[2:]))
		if hl < 20 || total < hl || total > len(ip) {
			return ipPacket{}, false
		}
		flags := binary.BigEndian.Uint16(ip[6:])
		return ipPacket{src: ip[12:16], dst: ip[16:20], proto: ip[9], id: binary.BigEndian.Uint16(ip[4:]),
			offset: int(flags&0x1FFF) * 8, more: flags&0x2000 != 0,
			bodyAt: ethernetHeaderSize + hl, end: ethernetHeaderSize + total}, true
	case etherTypeIPv6:
		if len(ip) < 40 {
			return ipPacket{}, false
		}
		total := 40 + int(binary.BigEndian.Uint16(ip[4:]))
		if total > len(ip) {
			return ipPacket{}, false
		}
		return ipPacket{src: ip[8:24], dst: ip[24:40], proto: ip[6], bodyAt: ethernetHeaderSize + 40,
			end: ethernetHeaderSize + total}, true
	}
	return ipPacket{}, false
}

// udpDatagram is where a frame's UDP header and payload are.
type udpDatagram struct {
	srcPort, dstPort uint16
	payload          []byte // a slice of the frame
	payloadAt        int    // offset of the payload in the frame
}

// parseUDP finds the UDP datagram of a frame that carries a whole one over
// IPv4 or IPv6.
func parseUDP(frame []byte) (udpDatagram, bool) {
	ip, ok := parseIP(frame)
	if !ok || ip.proto != 17 || ip.fragment() {
		return udpDatagram{}, false
	}
	return udpIn(frame, ip, false)
}

// parseFirstUDP is parseUDP that also takes the first fragment of a
// fragmented datagram: its payload is then the part in this fragment.
func parseFirstUDP(frame []byte) (udpDatagram, ipPacket, bool) {
	ip, ok := parseIP(frame)
	if !ok || ip.proto != 17 || ip.offset > 0 {
		return udpDatagram{}, ip, false
	}
	d, ok := udpIn(frame, ip, ip.more)
	return d, ip, ok
}

// udpIn reads the UDP header at the start of the IP payload; a first
// fragment holds only part of the datagram.
func udpIn(frame []byte, ip ipPacket, partial bool) (udpDatagram, bool) {
	u := frame[ip.bodyAt:ip.end]
	if len(u) < 8 {
		return udpDatagram{}, false
	}
	ulen := int(binary.BigEndian.Uint16(u[4:]))
	if ulen < 8 || (!partial && ulen > len(u)) {
		return udpDatagram{}, false
	}
	return udpDatagram{srcPort: binary.BigEndian.Uint16(u[0:]), dstPort: binary.BigEndian.Uint16(u[2:]),
		payload: u[8:min(ulen, len(u))], payloadAt: ip.bodyAt + 8}, true
}

// checksum is the UDP checksum field of the datagram in frame.
func (d udpDatagram) checksum(frame []byte) uint16 {
	return binary.BigEndian.Uint16(frame[d.payloadAt-2:])
}

// udpChecksumOK says whether the datagram's UDP checksum is right (RFC 768
// pseudo-header; RFC 8200 §8.1 for IPv6). An IPv4 checksum of zero means
// "none" and is right.
func udpChecksumOK(frame []byte, d udpDatagram) bool {
	udpAt := d.payloadAt - 8
	length := 8 + len(d.payload)
	ip := frame[ethernetHeaderSize:]
	var sum uint32
	add := func(b []byte) {
		for i := 0; i+1 < len(b); i += 2 {
			sum += uint32(b[i])<<8 | uint32(b[i+1])
		}
		if len(b)%2 == 1 {
			sum += uint32(b[len(b)-1]) << 8
		}
	}
	if binary.BigEndian.Uint16(frame[12:]) == etherTypeIPv4 {
		if d.checksum(frame) == 0 {
			return true
		}
		add(ip[12:20])
	} else {
		add(ip[8:40])
	}
	sum += 17 + uint32(length)
	add(frame[udpAt : udpAt+length])
	for sum>>16 != 0 {
		sum = sum&0xFFFF + sum>>16
	}
	return sum == 0xFFFF
}

// withUDPPayload returns a new frame: the same Ethernet, IP and UDP headers
// around a new payload, with lengths and checksums made right (gopacket
// serializes it). ok is false if the frame is not a UDP datagram.
func withUDPPayload(frame, payload []byte) ([]byte, bool) {
	p := gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.NoCopy)
	eth, _ := p.Layer(layers.LayerTypeEthernet).(*layers.Ethernet)
	udp, _ := p.Layer(layers.LayerTypeUDP).(*layers.UDP)
	if eth == nil || udp == nil {
		return nil, false
	}
	var network gopacket.SerializableLayer
	switch ip := p.NetworkLayer().(type) {
	case *layers.IPv4:
		network = ip
		if udp.SetNetworkLayerForChecksum(ip) != nil {
			return nil, false
		}
	case *layers.IPv6:
		network = ip
		if udp.SetNetworkLayerForChecksum(ip) != nil {
			return nil, false
		}
	default:
		return nil, false
	}
	buf := gopacket.NewSerializeBuffer()
	opts := gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true}
	if gopacket.SerializeLayers(buf, opts, eth, network, udp, gopacket.Payload(payload)) != nil {
		return nil, false
	}
	out := buf.Bytes()
	for len(out) < minimumFrame {
		out = append(out, 0)
	}
	return out, true
}
