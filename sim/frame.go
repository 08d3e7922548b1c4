package sim

import (
	"encoding/binary"

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

// udpDatagram is where a frame's UDP header and payload are, if it carries
// an unfragmented UDP datagram over IPv4 or IPv6.
type udpDatagram struct {
	srcPort, dstPort uint16
	payload          []byte // a slice of the frame
	payloadAt        int    // offset of the payload in the frame
}

// parseUDP finds the UDP datagram of a frame, checking every length once.
func parseUDP(frame []byte) (udpDatagram, bool) {
	if len(frame) < ethernetHeaderSize {
		return udpDatagram{}, false
	}
	ip := frame[ethernetHeaderSize:]
	var udpAt, end int
	switch binary.BigEndian.Uint16(frame[12:]) {
	case etherTypeIPv4:
		if len(ip) < 20 || ip[0]>>4 != 4 || ip[9] != 17 {
			return udpDatagram{}, false
		}
		hl, total := int(ip[0]&0x0F)*4, int(binary.BigEndian.Uint16(ip[2:]))
		if hl < 20 || total < hl+8 || total > len(ip) || binary.BigEndian.Uint16(ip[6:])&0x3FFF != 0 {
			return udpDatagram{}, false
		}
		udpAt, end = ethernetHeaderSize+hl, ethernetHeaderSize+total
	case etherTypeIPv6:
		if len(ip) < 48 || ip[6] != 17 {
			return udpDatagram{}, false
		}
		total := 40 + int(binary.BigEndian.Uint16(ip[4:]))
		if total < 48 || total > len(ip) {
			return udpDatagram{}, false
		}
		udpAt, end = ethernetHeaderSize+40, ethernetHeaderSize+total
	default:
		return udpDatagram{}, false
	}
	u := frame[udpAt:end]
	ulen := int(binary.BigEndian.Uint16(u[4:]))
	if ulen < 8 || ulen > len(u) {
		return udpDatagram{}, false
	}
	return udpDatagram{srcPort: binary.BigEndian.Uint16(u[0:]), dstPort: binary.BigEndian.Uint16(u[2:]),
		payload: u[8:ulen], payloadAt: udpAt + 8}, true
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
