package sim

import (
	"fmt"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
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
// and multicast — after Latency, through the impairments configured on the
// way (see impair.go).
type Segment struct {
	network *Network
	name    string
	index   int
	ports   []*Port

	// Latency is the one-way delay from a send to the receiving driver's
	// interrupt.
	Latency time.Duration
	// MTU is the IP MTU the driver reports to NetX at NX_LINK_INITIALIZE
	// (1500 unless set before the devices start).
	MTU nx.ULONG

	chains   chains
	attached int // ports ever attached: the next MAC
	frameNo  uint64
	byMAC    map[[6]byte]*Port // the forwarding table, filled at attach
	flights  flightTracker     // DTLS flights numbered as sent

	// Stats counts what the segment could not forward.
	Stats SegmentStats
}

// SegmentStats are a segment's counters.
type SegmentStats struct {
	Frames         uint64 // frames ports put on the segment
	UnknownUnicast uint64 // copies to a unicast MAC no port has (dropped)
	OutageDrops    uint64 // frames whose sender was out, and copies whose receiver was out at arrival
	PartitionDrops uint64 // copies sent or arriving inside a partition between their ends
}

// Name returns the segment's name.
func (s *Segment) Name() string { return s.name }

// Ports returns the attached ports in attach order.
func (s *Segment) Ports() []*Port { return append([]*Port(nil), s.ports...) }

// Port returns the port of that name (a device's first port is named after
// it; see Port.Name), or nil.
func (s *Segment) Port(name string) *Port {
	for _, p := range s.ports {
		if p.name == name {
			return p
		}
	}
	return nil
}

var _ netx.Driver = (*Segment)(nil).Driver

// Driver is the segment's NetX driver: give it to netx.IPCreate or
// netx.IPInterfaceAttach. It serves NX_LINK_INTERFACE_ATTACH (a port with a
// locally administered MAC 02:00:00:SS:PP:PP), NX_LINK_INITIALIZE (the
// segment's MTU, the MAC, ARP needed), enable/disable, the four send
// requests, multicast join/leave, NX_LINK_SET_PHYSICAL_ADDRESS,
// NX_LINK_GET_STATUS and NX_LINK_UNINITIALIZE; other requests get
// NX_UNHANDLED_COMMAND.
func (s *Segment) Driver(req *netx.IPDriver) {
	ifc := req.NxIPDriverInterface
	p, _ := ifc.AdditionalLinkInfo.(*Port)
	switch req.NxIPDriverCommand {
	case nx.NX_LINK_INTERFACE_ATTACH:
		p = s.attach(ifc.IP().Kernel().Name())
		p.ifc = ifc
		p.deliver = p.interrupt
		ifc.AdditionalLinkInfo = p
	case nx.NX_LINK_INITIALIZE:
		ip, idx := req.NxIPDriverPtr, nx.UINT(ifc.Index())
		netx.IPInterfaceMTUSet(ip, idx, s.mtu())
		netx.IPInterfacePhysicalAddressSet(ip, idx, p.msw, p.lsw, nx.NX_FALSE)
		netx.IPInterfaceAddressMappingConfigure(ip, idx, nx.NX_TRUE)
	case nx.NX_LINK_ENABLE:
		// As NetX Duo's RAM driver, the driver reports the link state
		// in nx_interface_link_up.
		p.enabled = true
		ifc.SetLinkUp(true)
	case nx.NX_LINK_DISABLE:
		p.enabled = false
		ifc.SetLinkUp(false)
	case nx.NX_LINK_PACKET_SEND, nx.NX_LINK_PACKET_BROADCAST, nx.NX_LINK_ARP_SEND, nx.NX_LINK_ARP_RESPONSE_SEND:
		p.send(req)
	case nx.NX_LINK_MULTICAST_JOIN:
		p.Stats.MulticastJoined++
	case nx.NX_LINK_MULTICAST_LEAVE:
		p.Stats.MulticastLeft++
	case nx.NX_LINK_SET_PHYSICAL_ADDRESS:
		// The interface takes a new MAC (nx_ip_interface_physical_address_set
		// with update_driver): the forwarding table follows it.
		delete(s.byMAC, p.MAC())
		p.msw, p.lsw = req.NxIPDriverPhysicalAddressMsw, req.NxIPDriverPhysicalAddressLsw
		s.byMAC[p.MAC()] = p
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

func (s *Segment) mtu() nx.ULONG {
	if s.MTU == 0 {
		return ethernetMTU
	}
	return s.MTU
}

// attach adds a port for a device, with the next MAC of the segment, to the
// forwarding table and to the capture.
func (s *Segment) attach(device string) *Port {
	s.attached++
	p := &Port{segment: s, device: device, name: device, msw: 0x0200, lsw: nx.ULONG(s.index)<<16 | nx.ULONG(s.attached)}
	for k := 2; s.Port(p.name) != nil; k++ {
		p.name = fmt.Sprintf("%s.%d", device, k)
	}
	s.ports = append(s.ports, p)
	if s.byMAC == nil {
		s.byMAC = map[[6]byte]*Port{}
	}
	s.byMAC[p.MAC()] = p
	if c := s.network.capture; c != nil {
		c.fail(c.add(receiveInterface(p)))
	}
	return p
}

func boolULONG(b bool) nx.ULONG {
	if b {
		return nx.NX_TRUE
	}
	return nx.NX_FALSE
}

func (s *Segment) detach(p *Port) {
	delete(s.byMAC, p.MAC())
	for i, q := range s.ports {
		if q == p {
			s.ports = append(s.ports[:i], s.ports[i+1:]...)
			return
		}
	}
}

// receivers returns the ports a frame is for: the one the forwarding table
// has for its destination MAC (an exact match, whatever the number of
// ports), or every other port, in attach order, for a group address. A
// unicast frame for a MAC no port has, or for its own sender, goes nowhere
// and is counted.
func (s *Segment) receivers(from *Port, frame []byte) []*Port {
	if frame[0]&1 == 0 {
		to := s.byMAC[[6]byte(frame[0:6])]
		if to == nil || to == from {
			s.Stats.UnknownUnicast++
			return nil
		}
		return []*Port{to}
	}
	out := make([]*Port, 0, len(s.ports))
	for _, to := range s.ports {
		if to != from {
			out = append(out, to)
		}
	}
	return out
}
