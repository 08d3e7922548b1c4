package netx

import (
	"fmt"
	"net/netip"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// The holders of the packets IPv6 and ICMP keep (see holders.go).

// ipv6String writes an IPv6 address in its usual text form.
func ipv6String(a [4]nx.ULONG) string {
	var b [16]byte
	putWords16(b[:], a)
	return netip.AddrFrom16(b).String()
}

func (ip *IP) holdNDQueue(pkt *packetpool.Packet, neighbour [4]nx.ULONG) {
	packetpool.HandOver(pkt, fmt.Sprintf("ND queue of %q for %s", ip.name, ipv6String(neighbour)))
}

func (ip *IP) holdReassemblyV6(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, fmt.Sprintf("IPv6 reassembly list of %q", ip.name))
}

func (ip *IP) holdICMPQueue(pkt *packetpool.Packet) {
	packetpool.HandOver(pkt, fmt.Sprintf("ICMP queue of %q", ip.name))
}
