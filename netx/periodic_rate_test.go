package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// On a device at 1000 ticks a second, NX_IP_PERIODIC_RATE is 1000 ticks:
// NetX's one-second work runs once a second, so an unanswered ARP request
// is repeated after NX_ARP_UPDATE_RATE seconds, not tenths of them.
func TestNetXTimingFollowsTheDeviceTickRate(t *testing.T) {
	var rate, ticks nx.ULONG
	c := runC(t, cConfig{arp: true, udp: true, ticks: 1000}, 15*time.Second, func(c *cTest) {
		rate, ticks = netx.IPPeriodicRate(), rtos.TimerTicksPerSecond()
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&s, 0x88, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind")
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT), nx.NX_SUCCESS, "allocate")
		c.status(netx.UDPSocketSendV4(&s, pkt, nx.IP_ADDRESS(1, 2, 3, 9), 0x89), nx.NX_SUCCESS, "send to a host that never answers")
		rtos.ThreadSleep(14 * rate)
		netx.ARPEntryDelete(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 9)) // the waiting datagram goes back to its pool
		netx.UDPSocketUnbind(&s)
		netx.UDPSocketDelete(&s)
	}, nil)
	if rate != 1000 || ticks != 1000 {
		t.Errorf("IPPeriodicRate %d, TimerTicksPerSecond %d: want 1000", rate, ticks)
	}
	if got := c.ip0.Stats.ARPRequestsSent; got != 2 {
		t.Errorf("ARP requests in 14 s: %d, want 2 (at 0 s and after NX_ARP_UPDATE_RATE = 10 s)", got)
	}
}
