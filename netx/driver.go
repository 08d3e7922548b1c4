package netx

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// This file is the boundary between NetX and its drivers (NX_IP_DRIVER in
// nx_api.h). A driver is one function; NetX calls it with a request, and the
// driver calls back into NetX through the deferred-receive entries below.

// Driver is a NetX link driver: VOID driver(NX_IP_DRIVER *request).
type Driver func(request *IPDriver)

// IPDriver is NX_IP_DRIVER, one request to a driver.
//
// Ownership by command:
//   - NX_LINK_PACKET_SEND, NX_LINK_PACKET_BROADCAST, NX_LINK_ARP_SEND,
//     NX_LINK_ARP_RESPONSE_SEND: NxIPDriverPacket belongs to the driver from
//     the call on, whatever it does. Its prepend offset is at the IP (or
//     ARP) header with NX_PHYSICAL_HEADER bytes of headroom for the link
//     header. The driver puts the frame on the wire (copying it: the wire is
//     a copy boundary), removes its link header, and gives the packet back
//     with packetpool.TransmitRelease. NetX never touches it again.
//   - Every other command carries no packet.
//
// The driver is called synchronously in the context of whoever asked: the
// sending thread for a UDP send, the IP thread for start-up, ARP and
// retransmissions.
type IPDriver struct {
	// NxIPDriverCommand is the request: NX_LINK_PACKET_SEND, NX_LINK_INITIALIZE, ...
	NxIPDriverCommand nx.UINT
	// NxIPDriverStatus is set by the driver: NX_SUCCESS, or NX_UNHANDLED_COMMAND.
	NxIPDriverStatus nx.Status
	// NxIPDriverPhysicalAddressMsw and Lsw are the destination MAC of a send:
	// top 16 bits and low 32 bits.
	NxIPDriverPhysicalAddressMsw nx.ULONG
	NxIPDriverPhysicalAddressLsw nx.ULONG
	// NxIPDriverPacket is the packet of a send request.
	NxIPDriverPacket *packetpool.Packet
	// NxIPDriverReturnPtr receives a value for NX_LINK_GET_* requests.
	NxIPDriverReturnPtr *nx.ULONG
	// NxIPDriverPtr is the IP instance making the request.
	NxIPDriverPtr *IP
	// NxIPDriverInterface is the interface the request is for.
	NxIPDriverInterface *Interface
}

// The driver's receive work is charged to the device per frame
// (opDriverReceive), as the ISR's CPU time.

// IPPacketDeferredReceive is _nx_ip_packet_deferred_receive, how a driver
// hands NetX a received IPv4 or IPv6 packet: its prepend offset at the IP
// header, NxPacketLength the bytes from there, NxPacketAddress the receiving
// *Interface (nil means interface 0). The packet is queued for the IP
// thread, which owns it from now on. Drivers call it from interrupt
// context.
func IPPacketDeferredReceive(ipPtr *IP, packetPtr *packetpool.Packet) {
	rtos.Charge(opDriverReceive, 0)
	ipPtr.holdDeferred(packetPtr)
	ipPtr.thread.DeferredReceive(packetPtr)
}

// ARPPacketDeferredReceive is _nx_arp_packet_deferred_receive: as
// IPPacketDeferredReceive, for a received ARP message. Without ARP enabled
// the IP thread drops it.
func ARPPacketDeferredReceive(ipPtr *IP, packetPtr *packetpool.Packet) {
	rtos.Charge(opDriverReceive, 0)
	ipPtr.holdDeferredARP(packetPtr)
	ipPtr.thread.DeferredARPReceive(packetPtr)
}

// IPPacketReceive is _nx_ip_packet_receive, the direct path: the whole
// IP/UDP processing, receive notify included, runs at once in the driver's
// context (NetX's NX_DIRECT_ISR_CALL builds). The packet is NetX's.
func IPPacketReceive(ipPtr *IP, packetPtr *packetpool.Packet) {
	rtos.Charge(opDriverReceive, 0)
	ipPtr.packetReceive(packetPtr)
}
