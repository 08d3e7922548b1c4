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

// TestRegressARPQueueDepth is netx_arp_queue_depth_test.c: pings to a host
// that never answers ARP time out (NX_NO_RESPONSE, no packet), and their
// requests wait on its ARP entry, at most NX_ARP_MAX_QUEUE_DEPTH of them:
// the pool lacks one packet per ping up to that depth.
func TestRegressARPQueueDepth(t *testing.T) {
	cfg := cConfig{payload: 256, poolBytes: 8192, arp: true, mtu: 256, define: func(c *cTest) {
		c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable")
	}}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		var total, free nx.ULONG
		packetpool.PoolInfoGet(&c.pool0, &total, &free, nil, nil, nil)
		c.check(free == total, "pool full at the start")
		for i := nx.ULONG(0); i < nx.NX_ARP_MAX_QUEUE_DEPTH+3; i++ {
			var response *packetpool.Packet
			st := netx.ICMPPingV4(&c.ip0, ip1Address, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), &response, 10)
			c.check(st == nx.NX_NO_RESPONSE && response == nil, "ping %d: %v", i, st)
			packetpool.PoolInfoGet(&c.pool0, nil, &free, nil, nil, nil)
			want := total - min(i+1, nx.NX_ARP_MAX_QUEUE_DEPTH)
			c.check(free == want, "after ping %d: %d free, want %d", i, free, want)
		}
		netx.ARPEntryDelete(&c.ip0, ip1Address) // the waiting requests go back to the pool
	}, nil)
}

// TestRegressARPEntryCache is netx_arp_entry_cache_test.c: a cache of 35
// entries recycles its least recently used dynamic entries (of 105 set,
// the last 35 remain); static entries take the places of dynamic ones, and
// with every entry static, both kinds of set are NX_NO_MORE_ENTRIES; then
// dynamic entries are invalidated.
func TestRegressARPEntryCache(t *testing.T) {
	const n = 35
	runC(t, cConfig{payload: 256, poolBytes: 8192, arp: true, arpBytes: n * 52, mtu: 256}, time.Second, func(c *cTest) {
		at := func(i int) nx.ULONG { return nx.IP_ADDRESS(1, 2, 3, nx.ULONG(5+i)) }
		mac := func(i int) nx.ULONG { return 0x22334457 + nx.ULONG(i) }
		for i := 0; i < 3*n; i++ {
			c.status(netx.ARPDynamicEntrySet(&c.ip0, at(i), 0x0011, mac(i)), nx.NX_SUCCESS, "dynamic entry set")
		}
		c.status(netx.ARPEntryDelete(&c.ip0, at(3*n)), nx.NX_ENTRY_NOT_FOUND, "delete one never set")
		for i := 3*n - 1; i >= 0; i-- {
			want := nx.NX_ENTRY_NOT_FOUND
			if i >= 2*n {
				want = nx.NX_SUCCESS
			}
			c.status(netx.ARPEntryDelete(&c.ip0, at(i)), want, "delete")
		}
		for i := 0; i < n; i++ {
			c.status(netx.ARPDynamicEntrySet(&c.ip0, at(i), 0x0011, mac(i)), nx.NX_SUCCESS, "dynamic entry set")
		}
		for i := n; i < 2*n; i++ {
			c.status(netx.ARPStaticEntryCreate(&c.ip0, at(i), 0x0011, mac(i)), nx.NX_SUCCESS, "static entry create")
		}
		c.status(netx.ARPStaticEntryCreate(&c.ip0, at(2*n), 0x0011, mac(2*n)), nx.NX_NO_MORE_ENTRIES, "static entry, all static")
		c.status(netx.ARPDynamicEntrySet(&c.ip0, at(2*n), 0x0011, mac(2*n)), nx.NX_NO_MORE_ENTRIES, "dynamic entry, all static")
		for i := 2*n - 1; i >= 0; i-- {
			want := nx.NX_ENTRY_NOT_FOUND
			if i >= n {
				want = nx.NX_SUCCESS
			}
			c.status(netx.ARPEntryDelete(&c.ip0, at(i)), want, "delete")
		}
		for i := 0; i < n; i++ {
			c.status(netx.ARPDynamicEntrySet(&c.ip0, at(i), 0x0011, mac(i)), nx.NX_SUCCESS, "dynamic entry set")
		}
		c.status(netx.ARPDynamicEntriesInvalidate(&c.ip0), nx.NX_SUCCESS, "invalidate")
	}, nil)
}

// TestRegressARPNoDuplicateEntry is netx_arp_no_duplicate_entry_test.c: a
// request from 1.2.3.5 makes its entry; a second one from another MAC
// updates it (the old MAC is found no more); a reply from 1.2.3.44 makes
// an entry for its sender only, not its target; a probe (sender 0.0.0.0)
// makes none; a repeated request leaves one entry for 1.2.3.5 (the C test
// walks the hash chain; here the count of dynamic entries is 2).
func TestRegressARPNoDuplicateEntry(t *testing.T) {
	runC(t, cConfig{arp: true}, time.Second, func(c *cTest) {
		mac96 := [6]byte{0x20, 0x0b, 0xc7, 0x94, 0x45, 0x96}
		mac97 := [6]byte{0x20, 0x0b, 0xc7, 0x94, 0x45, 0x97}
		var msw, lsw, address nx.ULONG
		find := func(a nx.ULONG, wantMSW, wantLSW nx.ULONG) {
			c.t.Helper()
			st := netx.ARPHardwareAddressFind(&c.ip0, a, &msw, &lsw)
			c.check(st == nx.NX_SUCCESS && msw == wantMSW && lsw == wantLSW, "%#x: %v %04x:%08x", a, st, msw, lsw)
		}
		c.deliverARP(&c.ip0, arpFrame(1, mac96, nx.IP_ADDRESS(1, 2, 3, 5), ip0Address))
		find(nx.IP_ADDRESS(1, 2, 3, 5), 0x200b, 0xc7944596)
		c.deliverARP(&c.ip0, arpFrame(1, mac97, nx.IP_ADDRESS(1, 2, 3, 5), ip0Address))
		find(nx.IP_ADDRESS(1, 2, 3, 5), 0x200b, 0xc7944597)
		c.status(netx.ARPIPAddressFind(&c.ip0, &address, 0x200b, 0xc7944596), nx.NX_ENTRY_NOT_FOUND, "the old MAC")
		c.deliverARP(&c.ip0, arpFrame(2, [6]byte{0x30, 0x1b, 0xd7, 0xa4, 0x55, 0xa6}, nx.IP_ADDRESS(1, 2, 3, 44), nx.IP_ADDRESS(1, 2, 3, 6)))
		find(nx.IP_ADDRESS(1, 2, 3, 44), 0x301b, 0xd7a455a6)
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 6), &msw, &lsw), nx.NX_ENTRY_NOT_FOUND, "the reply's target")
		c.deliverARP(&c.ip0, arpFrame(1, [6]byte{0x00, 0xb1, 0x7d, 0x4a, 0x55, 0x6a}, 0, nx.IP_ADDRESS(1, 2, 3, 85)))
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 85), &msw, &lsw), nx.NX_ENTRY_NOT_FOUND, "the probe's target")
		c.status(netx.ARPIPAddressFind(&c.ip0, &address, 0x00b1, 0x7d4a556a), nx.NX_ENTRY_NOT_FOUND, "the probe's sender")
		c.deliverARP(&c.ip0, arpFrame(1, mac97, nx.IP_ADDRESS(1, 2, 3, 5), ip0Address))
		a := c.arpInfo(&c.ip0)
		c.check(a.dynamicEntries == 2, "dynamic entries %d, want 2 (1.2.3.5 once, 1.2.3.44)", a.dynamicEntries)
	}, nil)
}

// TestRegressARPDynamicEntry is netx_arp_dynamic_entry_test.c: a dynamic
// entry on the subnet is found both ways, one off it is
// NX_IP_ADDRESS_ERROR and not found; traffic over the entries sends no ARP
// message; the entry is then deleted.
func TestRegressARPDynamicEntry(t *testing.T) {
	runC(t, twoIPsARP, 10*time.Second, func(c *cTest) {
		msw1, lsw1 := c.mac(&c.ip1)
		c.status(netx.ARPDynamicEntrySet(&c.ip0, ip1Address, msw1, lsw1), nx.NX_SUCCESS, "dynamic entry set")
		var address, msw, lsw nx.ULONG
		st := netx.ARPIPAddressFind(&c.ip0, &address, msw1, lsw1)
		c.check(st == nx.NX_SUCCESS && address == ip1Address, "ip address find: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, ip1Address, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == msw1 && lsw == lsw1, "hardware address find: %v", st)
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 5), 0x0011, 0x22334458), nx.NX_IP_ADDRESS_ERROR, "off the subnet")
		c.status(netx.ARPIPAddressFind(&c.ip0, &address, 0x0011, 0x22334458), nx.NX_ENTRY_NOT_FOUND, "ip address find, not set")
		c.status(netx.ARPHardwareAddressFind(&c.ip0, nx.IP_ADDRESS(2, 2, 3, 5), &msw, &lsw), nx.NX_ENTRY_NOT_FOUND, "hardware address find, not set")
		c.udpSendStandIn(&c.ip0, ip1Address)
		c.status(netx.ARPInfoGet(&c.ip0, nil, nil, nil, nil, nil, nil, nil, nil), nx.NX_SUCCESS, "arp info get, nothing asked")
		a := c.arpInfo(&c.ip0)
		c.check(a.requestsReceived == 0 && a.requestsSent == 0 && a.responsesSent == 0 && a.responsesReceived == 0 &&
			a.dynamicEntries == 1 && a.staticEntries == 0 && a.agedEntries == 0 && a.invalidMessages == 0, "arp info %+v", a)
		c.status(netx.ARPEntryDelete(&c.ip0, ip1Address), nx.NX_SUCCESS, "entry delete")
	}, func(c *cTest) {
		msw0, lsw0 := c.mac(&c.ip0)
		c.status(netx.ARPDynamicEntrySet(&c.ip1, ip0Address, msw0, lsw0), nx.NX_SUCCESS, "ip_1 dynamic entry set")
		c.udpReceiveStandIn(&c.ip1)
	})
}

// An ARP message from another MAC claiming ip_0's own address is a
// conflict: NetX announces its address (once per NX_ARP_DEFEND_INTERVAL,
// 10 s), learns nothing, and hands the message to the handler
// nx_arp_gratuitous_send installed, which releases it
// (nx_arp_packet_receive.c).
func TestARPConflictIsDefended(t *testing.T) {
	handled := 0
	runC(t, cConfig{arp: true}, 30*time.Second, func(c *cTest) {
		claim := arpFrame(1, [6]byte{0x20, 0x0b, 0xc7, 0x94, 0x45, 0x96}, ip0Address, ip0Address)
		c.status(netx.ARPGratuitousSend(&c.ip0, func(ip *netx.IP, pkt *packetpool.Packet) {
			handled++
			packetpool.Release(pkt)
		}), nx.NX_SUCCESS, "gratuitous send")
		c.deliverARP(&c.ip0, claim)
		c.deliverARP(&c.ip0, claim)
		a := c.arpInfo(&c.ip0)
		c.check(a.requestsSent == 2, "requests sent %d, want 2 (the gratuitous one, one defence)", a.requestsSent)
		c.check(a.dynamicEntries == 0, "a conflict taught an entry")
		rtos.ThreadSleep(11 * nx.NX_IP_PERIODIC_RATE)
		c.deliverARP(&c.ip0, claim)
		c.check(c.arpInfo(&c.ip0).requestsSent == 3, "a second defence after the interval")
	}, nil)
	if handled != 3 {
		t.Errorf("the gratuitous response handler ran %d times, want 3", handled)
	}
}

// icmpOn enables ICMP on the instances of a C test's world.
func icmpOn(c *cTest) {
	c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0")
	if c.ip1.Name() != "" {
		c.status(netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable ip_1")
	}
}

// TestRegressARPStaticEntryPollute is netx_arp_static_entry_pollute_test.c:
// a static entry keeps its MAC when the host it names sends ARP with
// another one (ip_1 pings ip_0 and resolves it by ARP).
func TestRegressARPStaticEntryPollute(t *testing.T) {
	cfg := twoIPsARP
	cfg.define = icmpOn
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		c.status(netx.ARPStaticEntryCreate(&c.ip0, ip1Address, 0x00FF, 0x22334457), nx.NX_SUCCESS, "static entry create")
		var msw, lsw nx.ULONG
		st := netx.ARPHardwareAddressFind(&c.ip0, ip1Address, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == 0x00FF && lsw == 0x22334457, "before: %v %04x:%08x", st, msw, lsw)
		var response *packetpool.Packet
		if netx.ICMPPingV4(&c.ip1, ip0Address, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), &response, nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
			packetpool.Release(response)
		}
		st = netx.ARPHardwareAddressFind(&c.ip0, ip1Address, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == 0x00FF && lsw == 0x22334457, "after: %v %04x:%08x", st, msw, lsw)
	}, nil)
}

// TestRegressARPDynamicEntryFail is netx_arp_dynamic_entry_fail_test.c:
// pings to two hosts that never answer ARP leave their requests on the
// entries (two packets out of the pool); once the entries give up after
// NX_ARP_MAXIMUM_RETRIES, the pool is full again.
func TestRegressARPDynamicEntryFail(t *testing.T) {
	cfg := cConfig{payload: 256, poolBytes: 8192, arp: true, mtu: 256, define: icmpOn}
	runC(t, cfg, 300*time.Second, func(c *cTest) {
		var total, free nx.ULONG
		packetpool.PoolInfoGet(&c.pool0, &total, &free, nil, nil, nil)
		c.check(free == total, "pool full at the start")
		for _, to := range []nx.ULONG{ip1Address, nx.IP_ADDRESS(1, 2, 3, 37)} {
			var response *packetpool.Packet
			st := netx.ICMPPingV4(&c.ip0, to, []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), &response, nx.NX_IP_PERIODIC_RATE)
			c.check(st == nx.NX_NO_RESPONSE && response == nil, "ping %#x: %v", to, st)
		}
		packetpool.PoolInfoGet(&c.pool0, nil, &free, nil, nil, nil)
		c.check(free == total-2, "%d free, want %d (two requests wait for ARP)", free, total-2)
		rtos.ThreadSleep((nx.NX_ARP_MAXIMUM_RETRIES + 1) * nx.NX_ARP_UPDATE_RATE * nx.NX_IP_PERIODIC_RATE)
		packetpool.PoolInfoGet(&c.pool0, nil, &free, nil, nil, nil)
		c.check(free == total, "%d free after the entries gave up, want %d", free, total)
	}, nil)
}

// TestRegressARPGratuitous is netx_arp_gratuitous_test.c: a gratuitous ARP
// goes out as an announcement (sender MAC and address set, target MAC 0,
// target address set), counts as the one request sent, and traffic over
// dynamic entries adds no ARP message. As in the C test, the driver takes
// the announcements off the wire while it watches.
func TestRegressARPGratuitous(t *testing.T) {
	var lan netx.Driver
	watching, announces := false, 0
	cfg := twoIPsARP
	cfg.define = func(c *cTest) { lan = c.lan.Driver }
	cfg.driver = func(req *netx.IPDriver) {
		if watching && req.NxIPDriverCommand == nx.NX_LINK_ARP_SEND {
			m := req.NxIPDriverPacket.Data()
			if len(m) == 28 && m[7] == 1 && string(m[8:14]) != string(make([]byte, 6)) && string(m[14:18]) != "\x00\x00\x00\x00" &&
				string(m[18:24]) == string(make([]byte, 6)) && string(m[24:28]) != "\x00\x00\x00\x00" {
				announces++
			}
			packetpool.TransmitRelease(req.NxIPDriverPacket)
			return
		}
		lan(req)
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		msw1, lsw1 := c.mac(&c.ip1)
		c.status(netx.ARPDynamicEntrySet(&c.ip0, ip1Address, msw1, lsw1), nx.NX_SUCCESS, "dynamic entry set")
		var address, msw, lsw nx.ULONG
		st := netx.ARPIPAddressFind(&c.ip0, &address, msw1, lsw1)
		c.check(st == nx.NX_SUCCESS && address == ip1Address, "ip address find: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, ip1Address, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == msw1 && lsw == lsw1, "hardware address find: %v", st)
		watching = true
		c.status(netx.ARPGratuitousSend(&c.ip0, nil), nx.NX_SUCCESS, "gratuitous send")
		watching = false
		c.udpSendStandIn(&c.ip0, ip1Address)
		a := c.arpInfo(&c.ip0)
		c.check(a.requestsReceived == 0 && a.responsesSent == 0 && a.responsesReceived == 0 && a.dynamicEntries == 1 &&
			a.staticEntries == 0 && a.agedEntries == 0 && a.invalidMessages == 0, "arp info %+v", a)
		c.check(a.requestsSent == 1, "requests sent %d, want 1", a.requestsSent)
		c.check(announces > 0, "no announcement seen")
	}, func(c *cTest) {
		msw0, lsw0 := c.mac(&c.ip0)
		c.status(netx.ARPDynamicEntrySet(&c.ip1, ip0Address, msw0, lsw0), nx.NX_SUCCESS, "ip_1 dynamic entry set")
		c.udpReceiveStandIn(&c.ip1)
	})
}
