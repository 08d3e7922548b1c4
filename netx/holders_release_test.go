package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// A packet the application sent and that NetX still holds — here on the
// ARP queue of a host that does not answer — is not the application's to
// release: NX_PTR_ERROR, counted in the pool's invalid releases, and the
// packet stays with the ARP queue, which drops it when the entry ages out
// (in C the nxe_ layer nulled the pointer at the send).
func TestReleasingAPacketNetXHoldsIsAPointerError(t *testing.T) {
	runC(t, cConfig{arp: true, udp: true}, 200*time.Second, func(c *cTest) {
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&s, 0x88, nx.NX_NO_WAIT), nx.NX_SUCCESS, "bind")
		var pkt *packetpool.Packet
		c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT), nx.NX_SUCCESS, "allocate")
		c.status(packetpool.DataAppend(pkt, []byte(tcpStandInData), &c.pool0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "append")
		c.status(netx.UDPSocketSendV4(&s, pkt, nx.IP_ADDRESS(1, 2, 3, 99), 0x89), nx.NX_SUCCESS, "send to a silent host")
		c.check(pkt.Holder() == `ARP queue of "NetX IP Instance 0" for 1.2.3.99`, "holder %q", pkt.Holder())
		if netx.ErrorChecking {
			c.status(packetpool.Release(pkt), nx.NX_PTR_ERROR, "release of a packet on the ARP queue")
			var invalid nx.ULONG
			c.status(packetpool.PoolInfoGet(&c.pool0, nil, nil, nil, nil, &invalid), nx.NX_SUCCESS, "pool info")
			c.check(invalid == 1, "invalid releases %d, want 1", invalid)
			c.check(pkt.Holder() == `ARP queue of "NetX IP Instance 0" for 1.2.3.99`, "holder after the refused release %q", pkt.Holder())
		}
		// NX_ARP_MAXIMUM_RETRIES requests NX_ARP_UPDATE_RATE apart, the entry
		// and its queue go.
		for i := 0; i < 195 && pkt.Holder() != "pool"; i++ {
			rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		}
		c.check(pkt.Holder() == "pool", "the ARP queue kept the packet: %q", pkt.Holder())
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "delete")
	}, nil)
}
