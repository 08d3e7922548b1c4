package sim

import (
	"encoding/binary"
	"net"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/nx"
)

// Bridge lets real UDP peers (OpenSSL, a device, a Go program) talk to an
// emulated device. On the segment it is one more host, with a MAC, an IPv4
// address and a port like any device (so its traffic goes through the
// impairments and into the capture); on the host it is a UDP socket on
// 127.0.0.1. A datagram a real peer sends to the socket enters the segment
// from the bridge's address, with the peer's UDP port as its source port,
// to the target device's address and port; what the emulated side sends to
// the bridge's address goes out of the socket to 127.0.0.1 at the
// destination port, IP fragments reassembled first as the host's kernel
// would. The engine must run in wall-clock mode
// (rtos.WithWallClock).
type Bridge struct {
	port       *Port
	conn       *net.UDPConn
	address    nx.ULONG
	target     nx.ULONG
	targetPort uint16
	fragments  reassembler

	// Stats counts what crossed the bridge.
	Stats BridgeStats
}

// BridgeStats are a bridge's counters.
type BridgeStats struct {
	FromHost      uint64 // datagrams a real peer sent into the simulation
	ToHost        uint64 // datagrams sent out to a real peer
	ARPReplies    uint64
	NoTarget      uint64 // host datagrams dropped: no device has the target address yet
	NotForBridge  uint64 // frames for the bridge that are neither ARP nor UDP to its address
	HostSendFails uint64
	Reassembled   uint64 // datagrams rebuilt from IP fragments before going to the host
	BadFragments  uint64 // IP fragments the reassembler refused
}

// Bridge attaches a bridge named name with IPv4 address on the segment,
// forwarding what real peers send to target:targetPort. listen is the host
// socket's address ("127.0.0.1:0" picks a free port; see LocalAddr).
func (s *Segment) Bridge(name string, address, target nx.ULONG, targetPort nx.UINT, listen string) (*Bridge, error) {
	laddr, err := net.ResolveUDPAddr("udp4", listen)
	if err != nil {
		return nil, err
	}
	conn, err := net.ListenUDP("udp4", laddr)
	if err != nil {
		return nil, err
	}
	b := &Bridge{conn: conn, address: address, target: target, targetPort: uint16(targetPort)}
	b.port = s.attach(name)
	b.port.enabled = true
	b.port.deliver = func(at time.Duration, frame []byte, d delivery) {
		s.network.engine.At(at, func() {
			now := s.network.engine.Now()
			b.port.received(now, frame, d, b.receive(now, frame))
		})
	}
	go b.read(s.network)
	return b, nil
}

// LocalAddr is the host socket real peers send to.
func (b *Bridge) LocalAddr() *net.UDPAddr { return b.conn.LocalAddr().(*net.UDPAddr) }

// Port is the bridge's port on the segment.
func (b *Bridge) Port() *Port { return b.port }

// Close closes the host socket.
func (b *Bridge) Close() error { return b.conn.Close() }

// read takes datagrams from real peers and posts them to the engine.
func (b *Bridge) read(n *Network) {
	buf := make([]byte, 65536)
	for {
		k, from, err := b.conn.ReadFromUDP(buf)
		if err != nil {
			return
		}
		payload := append([]byte(nil), buf[:k]...)
		n.engine.Post(func() { b.fromHost(payload, uint16(from.Port)) })
	}
}

// fromHost puts a real peer's datagram on the segment, to the target
// device (found by its address among the segment's ports).
func (b *Bridge) fromHost(payload []byte, peerPort uint16) {
	var dst *Port
	for _, p := range b.port.segment.ports {
		if p.ifc != nil {
			if a, _ := p.ifc.Address(); a == b.target {
				dst = p
			}
		}
	}
	if dst == nil {
		b.Stats.NoTarget++
		return
	}
	src, dstMAC := b.port.MAC(), dst.MAC()
	eth := &layers.Ethernet{SrcMAC: src[:], DstMAC: dstMAC[:], EthernetType: layers.EthernetTypeIPv4}
	ip := &layers.IPv4{Version: 4, TTL: 64, Protocol: layers.IPProtocolUDP, SrcIP: ipv4(b.address), DstIP: ipv4(b.target)}
	udp := &layers.UDP{SrcPort: layers.UDPPort(peerPort), DstPort: layers.UDPPort(b.targetPort)}
	frame, ok := serialize(eth, ip, udp, payload)
	if !ok {
		return
	}
	b.Stats.FromHost++
	b.port.transmit(frame)
}

// receive handles a frame the segment delivered to the bridge at virtual
// time now: ARP requests for its address are answered, UDP datagrams to its
// address go out to the host (and count in the port's FramesReceived). An
// IP-fragmented datagram is reassembled first, as the host's kernel would
// before its socket sees it; each fragment counts as a frame received. It
// returns what became of the frame ("" if it went to the host unfragmented).
func (b *Bridge) receive(now time.Duration, frame []byte) string {
	p := gopacket.NewPacket(frame, layers.LayerTypeEthernet, gopacket.Default)
	if arp, ok := p.Layer(layers.LayerTypeARP).(*layers.ARP); ok {
		if arp.Operation == layers.ARPRequest && binary.BigEndian.Uint32(arp.DstProtAddress) == b.address {
			b.answerARP(arp)
			return "answered by the bridge"
		}
		return "ARP, not for the bridge"
	}
	ip, _ := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4)
	if ip == nil || binary.BigEndian.Uint32(ip.DstIP.To4()) != b.address || ip.Protocol != layers.IPProtocolUDP {
		b.Stats.NotForBridge++
		return "dropped by the bridge: not UDP to its address"
	}
	whole, ok := b.fragments.add(now, ip)
	switch {
	case !ok:
		b.Stats.BadFragments++
		return "dropped by the bridge: an IP fragment no datagram can hold"
	case whole == nil:
		b.countReceived(frame)
		return "held by the bridge: an IP fragment awaiting the rest of its datagram"
	}
	udp, _ := gopacket.NewPacket(whole, layers.LayerTypeUDP, gopacket.Default).Layer(layers.LayerTypeUDP).(*layers.UDP)
	if udp == nil {
		b.Stats.NotForBridge++
		return "dropped by the bridge: not UDP to its address"
	}
	to := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: int(udp.DstPort)}
	if _, err := b.conn.WriteToUDP(udp.Payload, to); err != nil {
		b.Stats.HostSendFails++
		return "dropped by the bridge: the host socket failed"
	}
	b.Stats.ToHost++
	b.countReceived(frame)
	if ip.Flags&layers.IPv4MoreFragments != 0 || ip.FragOffset != 0 {
		b.Stats.Reassembled++
		return "completed its datagram: reassembled and sent to the host"
	}
	return ""
}

// countReceived counts a frame the bridge took in for the host.
func (b *Bridge) countReceived(frame []byte) {
	b.port.Stats.FramesReceived++
	b.port.Stats.BytesReceived += uint64(len(frame))
}

// answerARP replies "address is at" the bridge's MAC.
func (b *Bridge) answerARP(req *layers.ARP) {
	mac := b.port.MAC()
	eth := &layers.Ethernet{SrcMAC: mac[:], DstMAC: req.SourceHwAddress, EthernetType: layers.EthernetTypeARP}
	arp := &layers.ARP{AddrType: layers.LinkTypeEthernet, Protocol: layers.EthernetTypeIPv4, HwAddressSize: 6, ProtAddressSize: 4,
		Operation: layers.ARPReply, SourceHwAddress: mac[:], SourceProtAddress: ipv4(b.address).To4(),
		DstHwAddress: req.SourceHwAddress, DstProtAddress: req.SourceProtAddress}
	buf := gopacket.NewSerializeBuffer()
	if gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true}, eth, arp) != nil {
		return
	}
	b.Stats.ARPReplies++
	b.port.transmit(append([]byte(nil), buf.Bytes()...))
}

func ipv4(a nx.ULONG) net.IP { return net.IPv4(byte(a>>24), byte(a>>16), byte(a>>8), byte(a)) }

// serialize builds an Ethernet/IPv4/UDP frame with lengths and checksums.
func serialize(eth *layers.Ethernet, ip *layers.IPv4, udp *layers.UDP, payload []byte) ([]byte, bool) {
	if udp.SetNetworkLayerForChecksum(ip) != nil {
		return nil, false
	}
	buf := gopacket.NewSerializeBuffer()
	if gopacket.SerializeLayers(buf, gopacket.SerializeOptions{FixLengths: true, ComputeChecksums: true},
		eth, ip, udp, gopacket.Payload(payload)) != nil {
		return nil, false
	}
	return append([]byte(nil), buf.Bytes()...), true
}
