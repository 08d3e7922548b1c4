package sim

import (
	"encoding/binary"
	"fmt"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// opDriverReceive is the driver's receive interrupt, charged to the
// receiving device per frame and per byte copied into the packet. MCU
// figures (an estimate, cycles on the default Cortex-M4): 12 cycles of
// exception entry and 12 of return (Cortex-M4 Technical Reference Manual,
// "Exception model" latency), about 150 for nx_packet_allocate and 150 for
// the header checks and nx_ip_packet_deferred_receive's queueing, and a
// word-wise copy from the DMA buffer at about one cycle per byte with flash
// wait states. Host: a few hundred nanoseconds, the copy negligible.
var opDriverReceive = rtos.NewOp("driver_receive_isr", map[string]rtos.Cost{
	rtos.FamilyMCU:  {Cycles: 324, CyclesPerByte: 1},
	rtos.FamilyHost: {Cycles: 300},
})

// Port is one attachment to a segment: a device's NetX interface, or a
// bridge to a real UDP socket.
type Port struct {
	segment *Segment
	device  string // the device (kernel) name, or the bridge's name
	name    string // the device's name, then "device.2", "device.3" for its next ports on the segment
	ifc     *netx.Interface
	msw     nx.ULONG
	lsw     nx.ULONG
	enabled bool
	deliver func(at time.Duration, frame []byte, d delivery)

	// Stats counts what the port sent and received.
	Stats PortStats
}

// PortStats are a port's counters. Every frame the port did not deliver to
// NetX is counted under the reason: for a device's port, the copies its
// receive interrupt took (those in its receive capture point) are
//
//	FramesReceived + RxNoPacket + RxUnknownType + RxLinkDown
type PortStats struct {
	FramesSent      uint64
	FramesReceived  uint64 // handed to NetX (or to the bridge's socket)
	RxNoPacket      uint64 // the receiving pool had no packet (NX_NO_WAIT)
	RxUnknownType   uint64 // an ether type NetX does not take
	RxLinkDown      uint64 // arrived while the port was disabled
	TxLinkDown      uint64 // sends released unsent while the port was disabled
	TxNoHeadroom    uint64 // sends released unsent: no room in front for the Ethernet header
	TxUnhandled     uint64 // driver requests answered NX_UNHANDLED_COMMAND
	MulticastJoined uint64
	MulticastLeft   uint64
	BytesSent       uint64
	BytesReceived   uint64
}

// Device returns the name of the device behind the port.
func (p *Port) Device() string { return p.device }

// Name returns the port's name on its segment: the device's name for its
// first port there, "device.2", "device.3", ... for the next ones (two IP
// instances of one device, or one instance attached twice).
func (p *Port) Name() string { return p.name }

// receivePoint names the port's receive side as a capture point.
func (p *Port) receivePoint() string { return p.segment.name + "/" + p.name }

// Interface returns the NetX interface behind the port (nil for a bridge).
func (p *Port) Interface() *netx.Interface { return p.ifc }

// MAC returns the port's MAC as six bytes.
func (p *Port) MAC() [6]byte {
	var m [6]byte
	binary.BigEndian.PutUint16(m[:], uint16(p.msw))
	binary.BigEndian.PutUint32(m[2:], p.lsw)
	return m
}

// send frames a driver send request's packet, gives the packet back to
// NetX's pool (nx_packet_transmit_release: the driver owns it from the
// request on) and puts the frame on the segment.
func (p *Port) send(req *netx.IPDriver) {
	pkt := req.NxIPDriverPacket
	if !p.enabled {
		// A disabled link sends nothing: the driver releases the packet,
		// as the RAM driver does with nx_interface_link_up false.
		p.Stats.TxLinkDown++
		packetpool.TransmitRelease(pkt)
		return
	}
	if pkt.NxPacketPrependPtr < ethernetHeaderSize {
		// The driver builds the Ethernet header in front of the packet;
		// without room for it the packet is dropped, as NetX Duo's RAM
		// driver does (nx_ram_network_driver.c, "If the physical header
		// won't fit").
		p.Stats.TxNoHeadroom++
		packetpool.TransmitRelease(pkt)
		return
	}
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
	packetpool.TransmitRelease(pkt)
	p.transmit(frame)
}

// transmit pads a frame to Ethernet's minimum and hands it to the segment.
func (p *Port) transmit(frame []byte) {
	for len(frame) < minimumFrame {
		frame = append(frame, 0)
	}
	p.Stats.FramesSent++
	p.Stats.BytesSent += uint64(len(frame))
	p.segment.carry(p, frame)
}

// interrupt raises the receiving device's interrupt at the instant the
// frame arrives; the receive side's capture point gets the frame as the
// interrupt took it, at the instant the interrupt ran.
func (p *Port) interrupt(at time.Duration, frame []byte, d delivery) {
	e := p.segment.network.engine
	p.ifc.IP().Kernel().Interrupt(at, func() { p.received(e.Now(), frame, d, p.receive(frame)) })
}

// received writes a delivered copy to the port's receive capture point,
// with a comment that points back to the frame as sent and says what the
// driver did with it if it did not hand it on.
func (p *Port) received(at time.Duration, frame []byte, d delivery, outcome string) {
	c := p.segment.network.capture
	if c == nil {
		return
	}
	sent := fmt.Sprintf("%s frame %d", p.segment.name, d.sent.no)
	if d.sent.captured > 0 {
		sent = fmt.Sprintf("frame #%d (%s)", d.sent.captured, sent)
	}
	comment := fmt.Sprintf("received by %s: %s sent by %s at %v, %v on the way", p.name, sent, d.sent.from.name, d.sent.at, at-d.sent.at)
	if d.copies > 1 {
		comment += fmt.Sprintf("; copy %d of %d", d.copy, d.copies)
	}
	if outcome != "" {
		comment += "; " + outcome
	}
	c.frame(p.receivePoint(), at, frame, comment)
}

// receive is the driver's receive interrupt: a packet from the instance's
// default pool (NX_NO_WAIT), the frame copied in 2 bytes from the start so
// that the IP header is 4-byte aligned, the Ethernet header stripped, and
// the packet handed to NetX's deferred receive by ether type. It returns
// why the driver dropped the frame ("" if it handed it on).
func (p *Port) receive(frame []byte) string {
	rtos.Charge(opDriverReceive, len(frame))
	if !p.enabled {
		p.Stats.RxLinkDown++
		return "dropped by the driver: link disabled"
	}
	ip := p.ifc.IP()
	pool := ip.DefaultPool()
	var pkt *packetpool.Packet
	if packetpool.Allocate(pool, &pkt, nx.NX_RECEIVE_PACKET, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		p.Stats.RxNoPacket++
		return "dropped by the driver: no packet in the pool"
	}
	pkt.NxPacketPrependPtr, pkt.NxPacketAppendPtr = 2, 2
	if packetpool.DataAppend(pkt, frame, pool, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
		packetpool.Release(pkt)
		p.Stats.RxNoPacket++
		return "dropped by the driver: no packet in the pool"
	}
	etherType := binary.BigEndian.Uint16(frame[12:])
	pkt.NxPacketPrependPtr += ethernetHeaderSize
	pkt.NxPacketLength -= ethernetHeaderSize
	pkt.NxPacketAddress = p.ifc
	switch etherType {
	case etherTypeIPv4, etherTypeIPv6:
		netx.IPPacketDeferredReceive(ip, pkt)
	case etherTypeARP:
		netx.ARPPacketDeferredReceive(ip, pkt)
	default:
		p.Stats.RxUnknownType++
		packetpool.Release(pkt)
		return "dropped by the driver: unknown ether type"
	}
	p.Stats.FramesReceived++
	p.Stats.BytesReceived += uint64(len(frame))
	return ""
}
