package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// arpFrame is the ARP part (after the 14-byte Ethernet header) of a frame
// from a C test's byte array: hardware 1, protocol 0x0800, sizes 6 and 4.
func arpFrame(op uint16, senderMAC [6]byte, senderIP nx.ULONG, targetIP nx.ULONG) []byte {
	b := []byte{0, 1, 8, 0, 6, 4, byte(op >> 8), byte(op)}
	b = append(b, senderMAC[:]...)
	b = append(b, byte(senderIP>>24), byte(senderIP>>16), byte(senderIP>>8), byte(senderIP))
	b = append(b, 0, 0, 0, 0, 0, 0)
	b = append(b, byte(targetIP>>24), byte(targetIP>>16), byte(targetIP>>8), byte(targetIP))
	return append(b, make([]byte, 18)...) // the frame's padding
}

// deliverARP hands raw ARP bytes to an instance as its driver would, from
// the calling thread (the C tests call _nx_arp_packet_deferred_receive
// directly), and lets the IP thread process them.
func (c *cTest) deliverARP(ip *netx.IP, raw []byte) {
	c.t.Helper()
	var pkt *packetpool.Packet
	c.status(packetpool.Allocate(&c.pool0, &pkt, nx.NX_PHYSICAL_HEADER, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "nx_packet_allocate")
	copy(pkt.NxPacketDataStart[pkt.NxPacketPrependPtr:], raw)
	pkt.NxPacketLength = nx.ULONG(len(raw))
	pkt.NxPacketAppendPtr = pkt.NxPacketPrependPtr + len(raw)
	netx.ARPPacketDeferredReceive(ip, pkt)
}

// TestRegressARPInvalidType is netx_arp_invalid_type_test.c: an ARP message
// with operation 3 from an off-subnet sender (192.168.100.1) is counted in
// nx_ip_arp_invalid_messages and nothing is learnt from it.
func TestRegressARPInvalidType(t *testing.T) {
	runC(t, cConfig{arp: true}, time.Second, func(c *cTest) {
		c.deliverARP(&c.ip0, arpFrame(3, [6]byte{0x20, 0x0b, 0xc7, 0x94, 0x45, 0x96}, nx.IP_ADDRESS(192, 168, 100, 1), nx.IP_ADDRESS(192, 168, 100, 5)))
		c.check(c.ip0.Stats.ARPInvalidMessages == 1, "nx_ip_arp_invalid_messages = %d, want 1", c.ip0.Stats.ARPInvalidMessages)
		var msw, lsw nx.ULONG
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(192, 168, 100, 1), &msw, &lsw), nx.NX_ENTRY_NOT_FOUND, "no entry for the sender")
	}, nil)
}

// TestRegressARPDynamicEntrySet is netx_arp_dynamic_entry_set_test.c: a
// dynamic entry on the subnet is found both ways; an off-subnet address is
// NX_IP_ADDRESS_ERROR even with a gateway; an entry with a zero MSW is
// still a MAC.
func TestRegressARPDynamicEntrySet(t *testing.T) {
	cfg := cConfig{payload: 256, poolBytes: 8192, arp: true, mtu: 256}
	runC(t, cfg, time.Second, func(c *cTest) {
		var address, msw, lsw nx.ULONG
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 5), 0x0011, 0x22334457), nx.NX_SUCCESS, "dynamic entry set")
		st := netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 5), &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == 0x0011 && lsw == 0x22334457, "hardware address find: %v %#x %#x", st, msw, lsw)
		st = netx.ARPIPAddressFind(&c.ip0, &address, 0x0011, 0x22334457)
		c.check(st == nx.NX_SUCCESS && address == nx.IP_ADDRESS(1, 2, 3, 5), "ip address find: %v %#x", st, address)
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 4, 5), 0x0011, 0x22334458), nx.NX_IP_ADDRESS_ERROR, "off the subnet")
		c.status(netx.IPGatewayAddressSet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 1)), nx.NX_SUCCESS, "gateway set")
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 4, 5), 0x0011, 0x22334458), nx.NX_IP_ADDRESS_ERROR, "off the subnet, through the gateway")
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 15), 0x00, 0x22334459), nx.NX_SUCCESS, "zero MSW")
		st = netx.ARPIPAddressFind(&c.ip0, &address, 0x0000, 0x22334459)
		c.check(st == nx.NX_SUCCESS && address == nx.IP_ADDRESS(1, 2, 3, 15), "ip address find: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 15), &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == 0 && lsw == 0x22334459, "hardware address find: %v %#x %#x", st, msw, lsw)
	}, nil)
}

// twoIPsARP is the world of most ARP tests: ip_0 and ip_1 with ARP, 256-byte
// packets on a 256-byte RAM driver.
var twoIPsARP = cConfig{payload: 256, poolBytes: 8192, twoIPs: true, arp: true, udp: true, mtu: 256}

// TestRegressARPBasic is netx_arp_basic_test.c: traffic from ip_0 to ip_1
// resolves ip_1 with ARP and arrives.
func TestRegressARPBasic(t *testing.T) {
	runC(t, twoIPsARP, 10*time.Second,
		func(c *cTest) { c.udpSendStandIn(&c.ip0, ip1Address) },
		func(c *cTest) { c.udpReceiveStandIn(&c.ip1) })
}

// TestRegressARPAutoEntry is netx_arp_auto_entry_test.c: an ARP request
// from 1.2.3.5 (20:0b:c7:94:45:96) for our address leaves a dynamic entry
// for its sender.
func TestRegressARPAutoEntry(t *testing.T) {
	runC(t, cConfig{arp: true}, time.Second, func(c *cTest) {
		c.deliverARP(&c.ip0, arpFrame(1, [6]byte{0x20, 0x0b, 0xc7, 0x94, 0x45, 0x96}, nx.IP_ADDRESS(1, 2, 3, 5), ip0Address))
		var msw, lsw nx.ULONG
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 5), &msw, &lsw), nx.NX_SUCCESS, "hardware address find")
		c.check(msw == 0x200b && lsw == 0xc7944596, "MAC %04x:%08x", msw, lsw)
	}, nil)
}

// TestRegressARPDynamicInvalidate is netx_arp_dynamic_invalidate_test.c:
// dynamic entries are found both ways; after traffic and a gratuitous ARP,
// nx_arp_dynamic_entries_invalidate leaves no dynamic entry and the only
// request sent is the gratuitous one.
func TestRegressARPDynamicInvalidate(t *testing.T) {
	arpTableThenTraffic(t, netx.ARPDynamicEntrySet, 0x0011, netx.ARPDynamicEntriesInvalidate)
}

// TestRegressARPStaticEntriesDelete is netx_arp_static_entries_delete_test.c:
// the same with static entries (the last one with a zero MSW) and
// nx_arp_static_entries_delete.
func TestRegressARPStaticEntriesDelete(t *testing.T) {
	arpTableThenTraffic(t, netx.ARPStaticEntryCreate, 0x0000, netx.ARPStaticEntriesDelete)
}

// arpTableThenTraffic is the body the two tests above share: ip_1's entry
// and five others made with set on ip_0 (the last with MSW lastMSW), found
// both ways; a gratuitous ARP; traffic from ip_0 to ip_1, which has its own
// entry for ip_0; then clear, after which ip_0 has no entry and has sent one
// request, the gratuitous one.
func arpTableThenTraffic(t *testing.T, set func(*netx.IP, nx.ULONG, nx.ULONG, nx.ULONG) nx.Status, lastMSW nx.ULONG, clear func(*netx.IP) nx.Status) {
	runC(t, twoIPsARP, 10*time.Second, func(c *cTest) {
		msw1, lsw1 := c.mac(&c.ip1)
		st := set(&c.ip0, ip1Address, msw1, lsw1)
		for i, last := range []nx.ULONG{6, 7, 39, 37} {
			st |= set(&c.ip0, nx.IP_ADDRESS(1, 2, 3, last), 0x0011, 0x22334458+nx.ULONG(i))
		}
		st |= set(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 69), lastMSW, 0x2233445c)
		c.status(st, nx.NX_SUCCESS, "entries set")
		var address, msw, lsw nx.ULONG
		st = netx.ARPIPAddressFind(&c.ip0, &address, msw1, lsw1)
		c.check(st == nx.NX_SUCCESS && address == ip1Address, "ip address find: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, ip1Address, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == msw1 && lsw == lsw1, "hardware address find: %v", st)
		st = netx.ARPIPAddressFind(&c.ip0, &address, lastMSW, 0x2233445c)
		c.check(st == nx.NX_SUCCESS && address == nx.IP_ADDRESS(1, 2, 3, 69), "ip address find, last entry: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 69), &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == lastMSW && lsw == 0x2233445c, "hardware address find, last entry: %v", st)
		c.status(netx.ARPGratuitousSend(&c.ip0, nil), nx.NX_SUCCESS, "gratuitous send")
		c.udpSendStandIn(&c.ip0, ip1Address)
		clear(&c.ip0)
		a := c.arpInfo(&c.ip0)
		c.check(a.requestsReceived == 0 && a.responsesSent == 0 && a.responsesReceived == 0 && a.dynamicEntries == 0 &&
			a.staticEntries == 0 && a.agedEntries == 0 && a.invalidMessages == 0, "arp info %+v", a)
		c.check(a.requestsSent == 1, "requests sent %d, want 1 (the gratuitous one)", a.requestsSent)
	}, func(c *cTest) {
		msw0, lsw0 := c.mac(&c.ip0)
		c.status(set(&c.ip1, ip0Address, msw0, lsw0), nx.NX_SUCCESS, "ip_1 entry for ip_0")
		c.udpReceiveStandIn(&c.ip1)
	})
}

// TestRegressARPStaticEntry is netx_arp_static_entry_test.c: deleting an
// entry that is not there fails; a static entry is found both ways; one
// off the subnet is NX_IP_ADDRESS_ERROR; traffic over a static entry sends
// no ARP; deleting needs the right MAC.
func TestRegressARPStaticEntry(t *testing.T) {
	runC(t, twoIPsARP, 10*time.Second, func(c *cTest) {
		msw1, lsw1 := c.mac(&c.ip1)
		c.check(netx.ARPStaticEntryDelete(&c.ip0, ip1Address, msw1, lsw1) != nx.NX_SUCCESS, "delete before create")
		c.status(netx.ARPStaticEntryCreate(&c.ip0, ip1Address, msw1, lsw1), nx.NX_SUCCESS, "static entry create")
		var address, msw, lsw nx.ULONG
		st := netx.ARPIPAddressFind(&c.ip0, &address, msw1, lsw1)
		c.check(st == nx.NX_SUCCESS && address == ip1Address, "ip address find: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, ip1Address, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == msw1 && lsw == lsw1, "hardware address find: %v", st)
		c.status(netx.ARPStaticEntryCreate(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 5), 0x0011, 0x22334458), nx.NX_IP_ADDRESS_ERROR, "off the subnet")
		c.status(netx.ARPIPAddressFind(&c.ip0, &address, 0x0011, 0x22334458), nx.NX_ENTRY_NOT_FOUND, "ip address find, not created")
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 5), &msw, &lsw), nx.NX_ENTRY_NOT_FOUND, "hardware address find, not created")
		c.udpSendStandIn(&c.ip0, ip1Address)
		a := c.arpInfo(&c.ip0)
		c.check(a.requestsSent == 0 && a.requestsReceived == 0 && a.responsesSent == 0 && a.responsesReceived == 0 &&
			a.staticEntries == 1 && a.agedEntries == 0 && a.invalidMessages == 0 && a.dynamicEntries == 0, "arp info %+v", a)
		c.check(netx.ARPStaticEntryDelete(&c.ip0, ip1Address, 0, lsw1) != nx.NX_SUCCESS, "delete with the wrong MAC")
		c.status(netx.ARPStaticEntryDelete(&c.ip0, ip1Address, msw1, lsw1), nx.NX_SUCCESS, "delete")
		a = c.arpInfo(&c.ip0)
		c.check(a.staticEntries == 0 && a.dynamicEntries == 0 && a.requestsSent == 0, "arp info after delete %+v", a)
		c.status(netx.ARPStaticEntryCreate(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 15), 0x0011, 0x00000000), nx.NX_SUCCESS, "zero LSW")
		c.status(netx.ARPStaticEntryDelete(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 15), 0x0011, 0x00000001), nx.NX_ENTRY_NOT_FOUND, "delete, other LSW")
		c.status(netx.ARPStaticEntryDelete(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 15), 0x0011, 0x00000000), nx.NX_SUCCESS, "delete, zero LSW")
	}, func(c *cTest) {
		msw0, lsw0 := c.mac(&c.ip0)
		c.status(netx.ARPStaticEntryCreate(&c.ip1, ip0Address, msw0, lsw0), nx.NX_SUCCESS, "ip_1 static entry create")
		c.udpReceiveStandIn(&c.ip1)
	})
}

// TestRegressARPStaticEntryCreate is netx_arp_static_entry_create_test.c: an
// ARP cache of 35 entries takes 34 static ones and a dynamic one, which a
// static entry for the same address then replaces; lookups of what is not
// there fail.
func TestRegressARPStaticEntryCreate(t *testing.T) {
	const entries = 35
	runC(t, cConfig{payload: 256, poolBytes: 8192, arp: true, arpBytes: entries * 52, mtu: 256}, time.Second, func(c *cTest) {
		c.status(netx.IPGatewayAddressSet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 1)), nx.NX_SUCCESS, "gateway set")
		c.check(c.arpInfo(&c.ip0).staticEntries == 0, "no static entry")
		c.status(netx.ARPStaticEntryCreate(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 5), 0x0022, 0x22334457), nx.NX_IP_ADDRESS_ERROR, "off the subnet, through the gateway")
		c.check(c.arpInfo(&c.ip0).staticEntries == 0, "no static entry")
		address, msw, lsw := nx.ULONG(5), nx.ULONG(0x0011), nx.ULONG(0x22334457)
		for i := 0; i < entries-1; i++ {
			c.status(netx.ARPStaticEntryCreate(&c.ip0, nx.IP_ADDRESS(1, 2, 3, address), msw, lsw), nx.NX_SUCCESS, "static entry create")
			address++
			lsw++
		}
		c.check(c.arpInfo(&c.ip0).staticEntries == entries-1, "static entries %d", c.arpInfo(&c.ip0).staticEntries)
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, address), msw, lsw), nx.NX_SUCCESS, "the last entry, dynamic")
		c.check(c.arpInfo(&c.ip0).staticEntries == entries-1, "static entries %d", c.arpInfo(&c.ip0).staticEntries)
		var found, fmsw, flsw nx.ULONG
		st := netx.ARPIPAddressFind(&c.ip0, &found, msw, lsw)
		c.check(st == nx.NX_SUCCESS && found == nx.IP_ADDRESS(1, 2, 3, address), "ip address find: %v", st)
		st = netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, address), &fmsw, &flsw)
		c.check(st == nx.NX_SUCCESS && fmsw == msw && flsw == lsw, "hardware address find: %v", st)
		lsw++
		c.status(netx.ARPStaticEntryCreate(&c.ip0, nx.IP_ADDRESS(1, 2, 3, address), msw, lsw), nx.NX_SUCCESS, "static over the dynamic entry")
		c.check(c.arpInfo(&c.ip0).staticEntries == entries, "static entries %d", c.arpInfo(&c.ip0).staticEntries)
		st = netx.ARPIPAddressFind(&c.ip0, &found, msw, lsw)
		c.check(st == nx.NX_SUCCESS && found == nx.IP_ADDRESS(1, 2, 3, address), "ip address find: %v", st)
		st = netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, address), &fmsw, &flsw)
		c.check(st == nx.NX_SUCCESS && fmsw == msw && flsw == lsw, "hardware address find: %v", st)
		c.status(netx.ARPIPAddressFind(&c.ip0, &found, 0x0000, 0xaabbccdd), nx.NX_ENTRY_NOT_FOUND, "ip address find, unknown MAC")
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 200), &fmsw, &flsw), nx.NX_ENTRY_NOT_FOUND, "hardware address find, unknown address")
	}, nil)
}

// TestRegressARPQueueDepth is netx_arp_queue_depth_test.c with UDP sends in
// place of its pings (ICMP is another engineer's work): datagrams to a host
// that never answers wait on its ARP entry, at most NX_ARP_MAX_QUEUE_DEPTH
// of them, so the pool loses one packet per send up to that depth.
func TestRegressARPQueueDepth(t *testing.T) {
	runC(t, cConfig{payload: 256, poolBytes: 8192, arp: true, udp: true, mtu: 256}, 5*time.Second, func(c *cTest) {
		var total, free nx.ULONG
		packetpool.PoolInfoGet(&c.pool0, &total, &free, nil, nil, nil)
		c.check(free == total, "pool full at the start")
		var s netx.UDPSocket
		netx.UDPSocketCreate(&c.ip0, &s, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 5)
		netx.UDPSocketBind(&s, 0x88, nx.NX_NO_WAIT)
		for i := nx.ULONG(0); i < nx.NX_ARP_MAX_QUEUE_DEPTH+3; i++ {
			var pkt *packetpool.Packet
			packetpool.Allocate(&c.pool0, &pkt, nx.NX_UDP_PACKET, nx.NX_NO_WAIT)
			packetpool.DataAppend(pkt, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), &c.pool0, nx.NX_NO_WAIT)
			c.status(netx.UDPSocketSendV4(&s, pkt, ip1Address, 0x89), nx.NX_SUCCESS, "send")
			rtos.ThreadSleep(10)
			packetpool.PoolInfoGet(&c.pool0, nil, &free, nil, nil, nil)
			want := total - min(i+1, nx.NX_ARP_MAX_QUEUE_DEPTH)
			c.check(free == want, "after send %d: %d free, want %d", i, free, want)
		}
		netx.ARPEntryDelete(&c.ip0, ip1Address)
		netx.UDPSocketUnbind(&s)
		netx.UDPSocketDelete(&s)
	}, nil)
}
