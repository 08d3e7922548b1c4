package netx_test

import (
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// ramOp is what the C RAM driver's advanced_packet_process_callback
// (test/regression/test/nx_ram_network_driver_test_1500.c) asks for one
// outgoing frame: NX_RAMDRIVER_OP_BYPASS, _DROP, _DELAY or _DUPLICATE.
type ramOp int

const (
	ramBypass ramOp = iota
	ramDrop
	ramDelay
	ramDuplicate
)

// ramHook is advanced_packet_process_callback: called with the sending
// instance and the packet (prepend at the IP or ARP header, as in C) of
// every frame sent, it returns the operation and, for ramDelay, the delay
// in ticks.
type ramHook func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG)

// ramDriver is the C RAM driver's send path in front of the segment: for
// frames sent while the interface's link is up it asks the hook, then drops
// the frame, delivers it later from a timer, or sends it and a copy; with
// the link down it drops every frame, as the C driver does.
func (c *cTest) ramDriver(hook ramHook) netx.Driver {
	return func(req *netx.IPDriver) {
		lan := c.lan.Driver
		p := req.NxIPDriverPacket
		switch req.NxIPDriverCommand {
		case nx.NX_LINK_PACKET_SEND, nx.NX_LINK_PACKET_BROADCAST, nx.NX_LINK_ARP_SEND, nx.NX_LINK_ARP_RESPONSE_SEND:
		default:
			lan(req)
			return
		}
		if !req.NxIPDriverInterface.LinkUp() {
			packetpool.TransmitRelease(p)
			return
		}
		op, delay := ramBypass, nx.ULONG(0)
		if hook != nil {
			op, delay = hook(c, req.NxIPDriverPtr, p)
		}
		switch op {
		case ramDrop:
			packetpool.TransmitRelease(p)
		case ramDelay:
			later := *req
			k := req.NxIPDriverPtr.Kernel()
			tick := time.Second / time.Duration(k.TicksPerSecond())
			k.Interrupt(k.Engine().Now()+time.Duration(delay)*tick, func() { lan(&later) })
		case ramDuplicate:
			var dup *packetpool.Packet
			packetpool.Copy(p, &dup, p.Pool(), nx.NX_NO_WAIT)
			lan(req)
			if dup != nil {
				again := *req
				again.NxIPDriverPacket = dup
				lan(&again)
			}
		default:
			lan(req)
		}
	}
}
