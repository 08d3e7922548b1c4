package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// ipv6FragmentHeader is the fragment extension header's next-header value.
const ipv6FragmentHeader = 44

// fragmentSendV6 is _nx_ipv6_fragment_process. Not emulated yet: the
// datagram is dropped and counted.
func (ip *IP) fragmentSendV6(pkt *packetpool.Packet, _ *Interface, _, _ nx.ULONG) {
	ip.Stats.SendPacketsDropped++
	packetpool.TransmitRelease(pkt)
}

// fragmentReceiveV6 is _nx_ipv6_process_fragment_option. Not emulated
// yet: the fragment is dropped and counted.
func (ip *IP) fragmentReceiveV6(pkt *packetpool.Packet) {
	ip.Stats.FragmentsReceived++
	ip.Stats.FragmentsDropped++
	ip.drop(pkt)
}
