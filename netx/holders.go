package netx

import (
	"fmt"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// The names netx gives the holders of packets it keeps (packetpool's
// HandOver), so that a leak report says which of NetX's queues holds a
// packet that never went back to its pool.

// dottedQuad writes a host-order IPv4 address as a.b.c.d.
func dottedQuad(a nx.ULONG) string {
	return fmt.Sprintf("%d.%d.%d.%d", a>>24, a>>16&0xFF, a>>8&0xFF, a&0xFF)
}

func (ip *IP) holdDeferred(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, fmt.Sprintf("IP thread deferred receive queue of %q", ip.name))
}

func (ip *IP) holdDeferredARP(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, fmt.Sprintf("IP thread deferred ARP queue of %q", ip.name))
}

func (ip *IP) holdARPQueue(pkt *packetpool.Packet, nextHop nx.ULONG) {
	packetpool.HandOver(pkt, fmt.Sprintf("ARP queue of %q for %s", ip.name, dottedQuad(nextHop)))
}

func (ip *IP) holdReassembly(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, fmt.Sprintf("IPv4 reassembly list of %q", ip.name))
}

func (f *Interface) holdDriver(pkt *packetpool.Packet) {
	packetpool.HandOverOutside(pkt, fmt.Sprintf("driver of interface %q of %q", f.name, f.ip.name))
}

func (s *UDPSocket) holdQueue(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, fmt.Sprintf("UDP socket %q receive queue (port %d)", s.name, s.port))
}
