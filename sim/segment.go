package sim

import (
	"encoding/binary"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// Ethernet framing.
const (
	ethernetHeaderSize = 14
	etherTypeIPv4      = 0x0800
	etherTypeARP       = 0x0806
	etherTypeIPv6      = 0x86DD
	ethernetMTU        = 1500
	minimumFrame       = 60 // without FCS: short frames are padded
)

// Segment is a switched Ethernet segment: every frame a port sends reaches
// the port whose MAC it is addressed to — or every other port for broadcast
// and multicast — after Latency.
type Segment struct {
	network *Network
	name    string
	index   int
	ports   []*Port

	// Latency is the one-way delay from a send to the receiving driver's
	// interrupt. Change it between runs, or from emulated code.
	Latency time.Duration
}

// Name returns the segment's name.
func (s *Segment) Name() string { return s.name }

// Ports returns the attached ports in attach order.
func (s *Segment) Ports() []*Port { return append([]*Port(nil), s.ports...) }

// Port is one device interface on a segment.
type Port struct {
	segment  *Segment
	ifc      *netx.Interface
	msw, lsw nx.ULONG
	enabled  bool

	// Stats counts what the port sent and received.
	Stats PortStats
}

// PortStats are a port's counters. Every frame the port did not deliver to
// NetX is counted under the reason.
type PortStats struct {
	FramesSent      uint64
	FramesReceived  uint64 // handed to NetX
	RxNoPacket      uint64 // the receiving pool had no packet (NX_NO_WAIT)
	RxUnknownType   uint64 // an ether type NetX does not take
	RxLinkDown      uint64 // arrived while the port was disabled
	TxUnhandled     uint64 // driver requests answered NX_UNHANDLED_COMMAND
	MulticastJoined uint64
	MulticastLeft   uint64
	BytesSent       uint64
	BytesReceived   uint64
}

// Interface returns the NetX interface behind the port.
func (p *Port) Interface() *netx.Interface { return p.ifc }

// MAC returns the port's MAC as six bytes.
func (p *Port) MAC() [6]byte {
	var m [6]byte
	binary.BigEndian.PutUint16(m[:], uint16(p.msw))
	binary.BigEndian.PutUint32(m[2:], p.lsw)
	return m
}

var _ netx.Driver = (*Segment)(nil).Driver

// Driver is the segment's NetX driver: give it to netx.IPCreate or
// netx.IPInterfaceAttach. It serves NX_LINK_INTERFACE_ATTACH (a port with a
// locally administered MAC 02:00:00:SS:PP:PP), NX_LINK_INITIALIZE (MTU
// 1500, the MAC, ARP needed), enable/disable, the four send requests,
// multicast join/leave, NX_LINK_GET_STATUS and NX_LINK_UNINITIALIZE; other
// requests get NX_UNHANDLED_COMMAND.
func (s *Segment) Driver(req *netx.IPDriver) {
	ifc := req.NxIPDriverInterface
	p, _ := ifc.AdditionalLinkInfo.(*Port)
	switch req.NxIPDriverCommand {
	case nx.NX_LINK_INTERFACE_ATTACH:
		p = &Port{segment: s, ifc: ifc, msw: 0x0200, lsw: nx.ULONG(s.index)<<16 | nx.ULONG(len(s.ports)+1)}
		s.ports = append(s.ports, p)
		ifc.AdditionalLinkInfo = p
	case nx.NX_LINK_INITIALIZE:
		ip, idx := req.NxIPDriverPtr, nx.UINT(ifc.Index())
		netx.IPInterfaceMTUSet(ip, idx, ethernetMTU)
		netx.IPInterfacePhysicalAddressSet(ip, idx, p.msw, p.lsw, nx.NX_FALSE)
		netx.IPInterfaceAddressMappingConfigure(ip, idx, nx.NX_TRUE)
	case nx.NX_LINK_ENABLE:
		p.enabled = true
	case nx.NX_LINK_DISABLE:
		p.enabled = false
	case nx.NX_LINK_PACKET_SEND, nx.NX_LINK_PACKET_BROADCAST, nx.NX_LINK_ARP_SEND, nx.NX_LINK_ARP_RESPONSE_SEND:
		p.send(req)
	case nx.NX_LINK_MULTICAST_JOIN:
		p.Stats.MulticastJoined++
	case nx.NX_LINK_MULTICAST_LEAVE:
		p.Stats.MulticastLeft++
	case nx.NX_LINK_GET_STATUS:
		if req.NxIPDriverReturnPtr != nil {
			*req.NxIPDriverReturnPtr = boolULONG(p != nil && p.enabled)
		}
	case nx.NX_LINK_UNINITIALIZE:
		if p != nil {
			p.enabled = false
			s.detach(p)
		}
	default:
		if p != nil {
			p.Stats.TxUnhandled++
		}
		req.NxIPDriverStatus = nx.NX_UNHANDLED_COMMAND
	}
}

func boolULONG(b bool) nx.ULONG {
	if b {
		return nx.NX_TRUE
	}
	return nx.NX_FALSE
}

func (s *Segment) detach(p *Port) {
	for i, q := range s.ports {
		if q == p {
			s.ports = append(s.ports[:i], s.ports[i+1:]...)
			return
		}
	}
}

// send frames a send request's packet, copies it to the wire and gives the
// packet back to NetX's pool (nx_packet_transmit_release): the driver owns
// it from the request on.
func (p *Port) send(req *netx.IPDriver) {
	pkt := req.NxIPDriverPacket
	etherType := uint16(etherTypeIPv4)
	switch {
	case req.NxIPDriverCommand == nx.NX_LINK_ARP_SEND || req.NxIPDriverCommand == nx.NX_LINK_ARP_RESPONSE_SEND:
		etherType = etherTypeARP
	case pkt.NxPacketIPVersion == nx.NX_IP_VERSION_V6:
		etherType = etherTypeIPv6
	}
	frame := make([]byte, ethernetHeaderSize, ethernetHeaderSize+int(pkt.NxPacketLength))
	binary.BigEndian.PutUint16(frame[0:], uint16(req.NxIPDriverPhysicalAddressMsw))
	binary.BigEndian.PutUint32(frame[2:], req.NxIPDriverPhysicalAddressLsw)
	binary.BigEndian.PutUint16(frame[6:], uint16(p.msw))
	binary.BigEndian.PutUint32(frame[8:], p.lsw)
	binary.BigEndian.PutUint16(frame[12:], etherType)
	for q := pkt; q != nil; q = q.NxPacketNext {
		frame = append(frame, q.Data()...)
	}
	for len(frame) < minimumFrame {
		frame = append(frame, 0)
	}
	packetpool.TransmitRelease(pkt)
	p.Stats.FramesSent++
	p.Stats.BytesSent += uint64(len(frame))
	p.segment.carry(p, frame)
}

// carry puts a frame on the segment: into the capture, then to each port it
// is for, as an interrupt on that device after the latency.
func (s *Segment) carry(from *Port, frame []byte) {
	n := s.network
	now := n.engine.Now()
	if n.capture != nil {
		n.capture.frame(s, now, frame)
	}
	dst := frame[0:6]
	group := dst[0]&1 == 1
	for _, to := range s.ports {
		if to == from {
			continue
		}
		mac := to.MAC()
		if !group && string(dst) != string(mac[:]) {
			continue
		}
		to.deliver(now+s.Latency, append([]byte(nil), frame...))
	}
}

// deliver raises the receiving device's interrupt at the instant the frame
// arrives.
func (p *Port) deliver(at time.Duration, frame []byte) {
	k := p.ifc.IP().Kernel()
	k.Interrupt(at, func() { p.receive(frame) })
}

// receive is the driver's receive interrupt: a packet from the instance's
// default pool (NX_NO_WAIT), the frame copied in 2 bytes from the start so
// that the IP header is 4-byte aligned, the Ethernet header stripped, and
// the packet handed to NetX's deferred receive by ether type.
func (p *Port) receive(frame []byte) {
	if !p.enabled {
		p.Stats.RxLinkDown++
		return
	}
	ip := p.ifc.IP()
	pool := ip.DefaultPool()
	var pkt *packetpool.Packet
	if packetpool.Allocate(pool, &pkt, nx.NX_RECEIVE_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		p.Stats.RxNoPacket++
		return
	}
	pkt.NxPacketPrependPtr, pkt.NxPacketAppendPtr = 2, 2
	if packetpool.DataAppend(pkt, frame, pool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		p.Stats.RxNoPacket++
		return
	}
	etherType := binary.BigEndian.Uint16(frame[12:])
	pkt.NxPacketPrependPtr += ethernetHeaderSize
	pkt.NxPacketLength -= ethernetHeaderSize
	pkt.NxPacketAddress = p.ifc
	p.Stats.FramesReceived++
	p.Stats.BytesReceived += uint64(len(frame))
	switch etherType {
	case etherTypeIPv4, etherTypeIPv6:
		netx.IPPacketDeferredReceive(ip, pkt)
	case etherTypeARP:
		netx.ARPPacketDeferredReceive(ip, pkt)
	default:
		p.Stats.RxUnknownType++
		packetpool.Release(pkt)
	}
}
