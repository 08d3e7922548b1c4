package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// takeAll allocates every free packet of pool_0, as the C tests do to
// empty it; each must belong to the pool.
func (c *cTest) takeAll() []*packetpool.Packet {
	c.t.Helper()
	var held []*packetpool.Packet
	for {
		var p *packetpool.Packet
		if packetpool.Allocate(&c.pool0, &p, 0, nx.NX_NO_WAIT) != nx.NX_SUCCESS {
			return held
		}
		c.check(p.Pool() == &c.pool0, "a packet of the pool belongs to another")
		held = append(held, p)
	}
}

// freePackets is pool_0's nx_packet_pool_available.
func (c *cTest) freePackets() nx.ULONG {
	c.t.Helper()
	var free nx.ULONG
	c.status(packetpool.PoolInfoGet(&c.pool0, nil, &free, nil, nil, nil), nx.NX_SUCCESS, "pool info")
	return free
}

// TestRegressARPDynamicEntry2 is netx_arp_dynamic_entry_test2.c: ip_1 has
// no ARP, so ip_0's ping finds nobody (NX_NO_RESPONSE) and its request
// stays on the ARP queue (one packet out of the pool) until
// nx_arp_dynamic_entries_invalidate releases it. A second ping is
// answered: when its ARP request goes out the RAM driver hook sets ip_0's
// entry for ip_1, enables ARP on ip_1 and sets its entry for ip_0. The
// counters: 2 sent, 1 timeout, 1 response, nothing suspended, no errors.
func TestRegressARPDynamicEntry2(t *testing.T) {
	hooked := false
	cfg := cConfig{payload: 256, poolBytes: 8192, twoIPs: true, mask: 0xFFFFFF00, define: func(c *cTest) {
		c.status(netx.ARPEnable(&c.ip0, make([]byte, 1024)), nx.NX_SUCCESS, "arp enable ip_0")
		icmpOn(c)
	}}
	cfg.hook = func(c *cTest, _ *netx.IP, _ *packetpool.Packet) (ramOp, nx.ULONG) {
		if hooked {
			hooked = false
			msw1, lsw1 := c.mac(&c.ip1)
			msw0, lsw0 := c.mac(&c.ip0)
			c.status(netx.ARPDynamicEntrySet(&c.ip0, ip1Address, msw1, lsw1), nx.NX_SUCCESS, "ip_0 dynamic entry set")
			c.status(netx.ARPEnable(&c.ip1, make([]byte, 1024)), nx.NX_SUCCESS, "arp enable ip_1")
			c.status(netx.ARPDynamicEntrySet(&c.ip1, ip0Address, msw0, lsw0), nx.NX_SUCCESS, "ip_1 dynamic entry set")
		}
		return ramBypass, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		total := c.freePackets()
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, ip1Address, []byte(tcpStandInData), &resp, nx.NX_IP_PERIODIC_RATE)
		c.check(st == nx.NX_NO_RESPONSE && resp == nil, "first ping: %v", st)
		c.check(c.freePackets() == total-1, "%d packets free, want %d (the request on the ARP queue)", c.freePackets(), total-1)
		c.status(netx.ARPDynamicEntriesInvalidate(&c.ip0), nx.NX_SUCCESS, "invalidate")
		c.check(c.freePackets() == total, "%d packets free after invalidate, want %d", c.freePackets(), total)
		hooked = true
		st = netx.ICMPPingV4(&c.ip0, ip1Address, []byte("PjCZEZGZIZKZMZOZQZSZUZWZYZ\x00\x00"), &resp, 2*nx.NX_IP_PERIODIC_RATE)
		var sent, timeouts, suspended, responses, checksumErrors, unhandled nx.ULONG
		c.status(netx.ICMPInfoGet(&c.ip0, &sent, &timeouts, &suspended, &responses, &checksumErrors, &unhandled), nx.NX_SUCCESS, "icmp info")
		c.check(timeouts == 1 && sent == 2 && responses == 1, "sent %d, timeouts %d, responses %d", sent, timeouts, responses)
		c.check(st == nx.NX_SUCCESS && resp != nil && resp.NxPacketLength == 28 && suspended+checksumErrors+unhandled == 0,
			"second ping: %v, suspended %d, checksum errors %d, unhandled %d", st, suspended, checksumErrors, unhandled)
		if resp != nil {
			packetpool.Release(resp)
		}
	}, nil)
}

// TestRegressARPDynamicEntry3 is netx_arp_dynamic_entry_test3.c: an entry
// set without a MAC sends an ARP request, which the RAM driver delays by a
// second; a ping sent meanwhile waits on the entry and is answered once
// the reply comes. (The C test checks nothing but survival; the port
// checks the ping's answer and the pool.)
func TestRegressARPDynamicEntry3(t *testing.T) {
	delayed := false
	cfg := cConfig{payload: 512, poolBytes: 4096, twoIPs: true, arp: true, mask: 0xFFFFFF00, define: icmpOn}
	cfg.hook = func(*cTest, *netx.IP, *packetpool.Packet) (ramOp, nx.ULONG) {
		if delayed {
			return ramBypass, 0
		}
		delayed = true
		return ramDelay, nx.NX_IP_PERIODIC_RATE
	}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		c.status(netx.ARPDynamicEntrySet(&c.ip0, ip1Address, 0, 0), nx.NX_SUCCESS, "dynamic entry set without a MAC")
		var resp *packetpool.Packet
		st := netx.ICMPPingV4(&c.ip0, ip1Address, []byte("Test"), &resp, 2*nx.NX_IP_PERIODIC_RATE)
		c.check(st == nx.NX_SUCCESS && resp != nil && resp.NxPacketLength == 4, "ping: %v", st)
		if resp != nil {
			packetpool.Release(resp)
		}
	}, nil)
}

// TestRegressARPPacketAllocate is netx_arp_packet_allocate_test.c: with
// every packet of the pool taken, nx_arp_dynamic_entry_set without a MAC
// sends no ARP request (no packet to build it in) and still succeeds; with
// the packets back, the next one sends its request.
func TestRegressARPPacketAllocate(t *testing.T) {
	requests := 0
	cfg := cConfig{payload: 256, poolBytes: 2048, arp: true, mask: 0xFFFFFF00}
	cfg.hook = func(_ *cTest, _ *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if isARP(p) {
			requests++
		}
		return ramBypass, 0
	}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		held := c.takeAll()
		c.check(c.freePackets() == 0, "the pool is not empty")
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 5), 0, 0), nx.NX_SUCCESS, "entry set, pool empty")
		c.check(requests == 0, "%d ARP requests without a packet", requests)
		for _, p := range held {
			c.status(packetpool.Release(p), nx.NX_SUCCESS, "release")
		}
		c.status(netx.ARPDynamicEntrySet(&c.ip0, nx.IP_ADDRESS(1, 2, 3, 6), 0, 0), nx.NX_SUCCESS, "entry set")
		c.check(requests == 1, "%d ARP requests, want 1", requests)
	}, nil)
}

// isARP reports whether a sent packet is an ARP message (28 bytes starting
// with hardware type 1 and protocol type 0x0800).
func isARP(p *packetpool.Packet) bool {
	b := p.Data()
	return p.NxPacketLength == 28 && b[0] == 0 && b[1] == 1 && b[2] == 8 && b[3] == 0
}

// TestRegressARPConflict is netx_arp_conflict_test.c: ip_0 and ip_1 both
// have 1.2.3.4. ip_0's announcement of its address (the C test calls
// _nx_arp_packet_send; here nx_arp_gratuitous_send sends the same request)
// makes ip_1 defend its address and ip_0 defend in turn: 3 ARP messages. A
// second announcement within NX_ARP_DEFEND_INTERVAL is not defended (4);
// one after it is, by both (7).
func TestRegressARPConflict(t *testing.T) {
	arps := 0
	cfg := cConfig{payload: 256, poolBytes: 8192, twoIPs: true, arp: true, mask: 0xFFFFFF00,
		addresses: [2]nx.ULONG{ip0Address, ip0Address}}
	cfg.hook = func(_ *cTest, _ *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if isARP(p) {
			arps++
		}
		return ramBypass, 0
	}
	runC(t, cfg, 20*time.Second, func(c *cTest) {
		c.status(netx.ARPGratuitousSend(&c.ip0, nil), nx.NX_SUCCESS, "announce")
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
		c.check(arps == 3, "%d ARP messages, want 3", arps)
		c.status(netx.ARPGratuitousSend(&c.ip0, nil), nx.NX_SUCCESS, "announce again")
		rtos.ThreadSleep(1)
		c.check(arps == 4, "%d ARP messages, want 4", arps)
		rtos.ThreadSleep(10 * nx.NX_IP_PERIODIC_RATE)
		c.status(netx.ARPGratuitousSend(&c.ip0, nil), nx.NX_SUCCESS, "announce after the interval")
		rtos.ThreadSleep(1)
		c.check(arps == 7, "%d ARP messages, want 7", arps)
	}, nil)
}

// TestRegressARPEntryAbnormalOperation is
// netx_arp_entry_abnormal_operation_test.c: every frame ip_0 sends is
// taken off the wire and noted as ARP or ICMP. A ping to 2.2.3.5 (on the
// second interface) sends only an ARP request and leaves one dynamic
// entry; setting that entry's MAC sends the queued ICMP request; a second
// ping goes out as ICMP at once; a static entry for the address replaces
// the dynamic one (0 dynamic, 1 static) and is found both ways; pings then
// use it; and a dynamic entry cannot replace it. (The interface detach at
// the end is out of nxsim.)
func TestRegressARPEntryAbnormalOperation(t *testing.T) {
	arpSent, icmpSent := false, false
	cfg := cConfig{payload: 256, poolBytes: 8192, arp: true, mask: 0xFFFFFF00, interfaces: 2}
	cfg.define = func(c *cTest) {
		c.status(netx.IPInterfaceAttach(&c.ip0, "Second Interface", nx.IP_ADDRESS(2, 2, 3, 4), 0xFFFFFF00, c.driver), nx.NX_SUCCESS, "attach")
		c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable")
	}
	cfg.hook = func(_ *cTest, _ *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if p.NxPacketLength >= 28 {
			if b := p.Data(); b[0]>>4 == 4 && b[9] == 1 {
				icmpSent = true
			} else {
				arpSent = true
			}
		}
		return ramDrop, 0
	}
	target := nx.IP_ADDRESS(2, 2, 3, 5)
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		expect := func(what string, arp, icmp bool, dynamic, static nx.ULONG) {
			c.t.Helper()
			a := c.arpInfo(&c.ip0)
			c.check(arpSent == arp && icmpSent == icmp, "%s: ARP sent %v, ICMP sent %v", what, arpSent, icmpSent)
			c.check(a.dynamicEntries == dynamic && a.staticEntries == static, "%s: %d dynamic, %d static entries", what, a.dynamicEntries, a.staticEntries)
			arpSent, icmpSent = false, false
		}
		ping := func(wait nx.ULONG) {
			c.t.Helper()
			var resp *packetpool.Packet
			st := netx.ICMPPingV4(&c.ip0, target, []byte(tcpStandInData), &resp, wait)
			c.check(st == nx.NX_NO_RESPONSE && resp == nil, "ping: %v", st)
		}
		ping(nx.NX_IP_PERIODIC_RATE)
		expect("first ping", true, false, 1, 0)
		c.status(netx.ARPDynamicEntrySet(&c.ip0, target, 0x0011, 0x22334467), nx.NX_SUCCESS, "dynamic entry set")
		expect("dynamic entry set", false, true, 1, 0)
		ping(50)
		expect("second ping", false, true, 1, 0)
		c.status(netx.ARPStaticEntryCreate(&c.ip0, target, 0x0011, 0x22334467), nx.NX_SUCCESS, "static entry create")
		expect("static entry create", false, false, 0, 1)
		var address, msw, lsw nx.ULONG
		st := netx.ARPIPAddressFind(&c.ip0, &address, 0x0011, 0x22334467)
		c.check(st == nx.NX_SUCCESS && address == target, "ip address find: %v %#x", st, address)
		st = netx.ARPHardwareAddressFind(&c.ip0, target, &msw, &lsw)
		c.check(st == nx.NX_SUCCESS && msw == 0x0011 && lsw == 0x22334467, "hardware address find: %v %04x:%08x", st, msw, lsw)
		ping(nx.NX_IP_PERIODIC_RATE)
		expect("ping over the static entry", false, true, 0, 1)
		c.check(netx.ARPDynamicEntrySet(&c.ip0, target, 0x0011, 0x22334467) != nx.NX_SUCCESS, "a dynamic entry replaced the static one")
		expect("dynamic entry set over a static one", false, false, 0, 1)
	}, nil)
}

// TestRegressARPNXEAPI is netx_arp_nxe_api_test.c: the status codes of the
// ARP services' parameter checks (nxe_arp_*.c). The C test makes an
// instance invalid or unhooks its ARP by writing control-block fields;
// here the invalid instance is one never created and "ARP not enabled" is
// ip_1, which never had nx_arp_enable. (Its gratuitous-send row for an
// instance with address 0 but a valid ID has no Go form: a control block
// is valid only once created.)
func TestRegressARPNXEAPI(t *testing.T) {
	skipWithoutErrorChecking(t)
	cfg := cConfig{payload: 256, poolBytes: 4096, twoIPs: true, mask: 0xFFFFF000}
	runC(t, cfg, time.Second, func(c *cTest) {
		var invalid netx.IP
		var address, msw, lsw, n nx.ULONG
		memory := make([]byte, 1024)
		handler := func(*netx.IP, *packetpool.Packet) {}
		info := func(ip *netx.IP) nx.Status { return netx.ARPInfoGet(ip, &n, &n, &n, &n, &n, &n, &n, &n) }
		for _, r := range []struct {
			name string
			got  nx.Status
			want nx.Status
		}{
			{"enable NULL", netx.ARPEnable(nil, memory), nx.NX_PTR_ERROR},
			{"enable invalid", netx.ARPEnable(&invalid, memory), nx.NX_PTR_ERROR},
			{"enable no memory", netx.ARPEnable(&c.ip0, nil), nx.NX_PTR_ERROR},
			{"enable 2 bytes", netx.ARPEnable(&c.ip0, memory[:2]), nx.NX_SIZE_ERROR},
			{"enable", netx.ARPEnable(&c.ip0, memory), nx.NX_SUCCESS},
			{"enable again", netx.ARPEnable(&c.ip0, make([]byte, 1024)), nx.NX_ALREADY_ENABLED},
			{"entry delete NULL", netx.ARPEntryDelete(nil, ip0Address), nx.NX_PTR_ERROR},
			{"entry delete invalid", netx.ARPEntryDelete(&invalid, ip0Address), nx.NX_PTR_ERROR},
			{"entry delete address 0", netx.ARPEntryDelete(&c.ip0, 0), nx.NX_IP_ADDRESS_ERROR},
			{"gratuitous send NULL", netx.ARPGratuitousSend(nil, handler), nx.NX_PTR_ERROR},
			{"gratuitous send invalid", netx.ARPGratuitousSend(&invalid, handler), nx.NX_PTR_ERROR},
			{"gratuitous send, ARP not enabled", netx.ARPGratuitousSend(&c.ip1, handler), nx.NX_NOT_ENABLED},
			{"hardware address find NULL", netx.ARPHardwareAddressFind(nil, ip0Address, &msw, &lsw), nx.NX_PTR_ERROR},
			{"hardware address find invalid", netx.ARPHardwareAddressFind(&invalid, ip0Address, &msw, &lsw), nx.NX_PTR_ERROR},
			{"hardware address find no msw", netx.ARPHardwareAddressFind(&c.ip0, ip0Address, nil, &lsw), nx.NX_PTR_ERROR},
			{"hardware address find no lsw", netx.ARPHardwareAddressFind(&c.ip0, ip0Address, &msw, nil), nx.NX_PTR_ERROR},
			{"hardware address find address 0", netx.ARPHardwareAddressFind(&c.ip0, 0, &msw, &lsw), nx.NX_IP_ADDRESS_ERROR},
			{"hardware address find, ARP not enabled", netx.ARPHardwareAddressFind(&c.ip1, ip0Address, &msw, &lsw), nx.NX_NOT_ENABLED},
			{"info get NULL", info(nil), nx.NX_PTR_ERROR},
			{"info get invalid", info(&invalid), nx.NX_PTR_ERROR},
			{"info get, ARP not enabled", info(&c.ip1), nx.NX_NOT_ENABLED},
			{"ip address find NULL", netx.ARPIPAddressFind(nil, &address, 0x0011, 0x22334456), nx.NX_PTR_ERROR},
			{"ip address find invalid", netx.ARPIPAddressFind(&invalid, &address, 0x0011, 0x22334456), nx.NX_PTR_ERROR},
			{"ip address find no address", netx.ARPIPAddressFind(&c.ip0, nil, 0x0011, 0x22334456), nx.NX_PTR_ERROR},
			{"ip address find MAC 0", netx.ARPIPAddressFind(&c.ip0, &address, 0, 0), nx.NX_INVALID_PARAMETERS},
			{"ip address find, ARP not enabled", netx.ARPIPAddressFind(&c.ip1, &address, 0x0011, 0x22334456), nx.NX_NOT_ENABLED},
			{"invalidate NULL", netx.ARPDynamicEntriesInvalidate(nil), nx.NX_PTR_ERROR},
			{"invalidate invalid", netx.ARPDynamicEntriesInvalidate(&invalid), nx.NX_PTR_ERROR},
			{"invalidate, ARP not enabled", netx.ARPDynamicEntriesInvalidate(&c.ip1), nx.NX_NOT_ENABLED},
			{"dynamic entry set, ARP not enabled", netx.ARPDynamicEntrySet(&c.ip1, ip0Address, 0x0011, 0x22334456), nx.NX_NOT_ENABLED},
			{"static entries delete NULL", netx.ARPStaticEntriesDelete(nil), nx.NX_PTR_ERROR},
			{"static entries delete invalid", netx.ARPStaticEntriesDelete(&invalid), nx.NX_PTR_ERROR},
			{"static entries delete, ARP not enabled", netx.ARPStaticEntriesDelete(&c.ip1), nx.NX_NOT_ENABLED},
			{"static entry create, ARP not enabled", netx.ARPStaticEntryCreate(&c.ip1, ip0Address, 0x0011, 0x22334456), nx.NX_NOT_ENABLED},
			{"static entry delete, ARP not enabled", netx.ARPStaticEntryDelete(&c.ip1, ip0Address, 0x0011, 0x22334456), nx.NX_NOT_ENABLED},
		} {
			c.status(r.got, r.want, r.name)
		}
		// The services that take an address and a MAC.
		entry := func(name string, f func(*netx.IP, nx.ULONG, nx.ULONG, nx.ULONG) nx.Status, classChecked, macChecked bool) {
			const msw, lsw = 0x0011, 0x22334456
			c.status(f(nil, ip0Address, msw, lsw), nx.NX_PTR_ERROR, name+" NULL")
			c.status(f(&invalid, ip0Address, msw, lsw), nx.NX_PTR_ERROR, name+" invalid")
			c.status(f(&c.ip0, 0, msw, lsw), nx.NX_IP_ADDRESS_ERROR, name+" address 0")
			if classChecked {
				c.status(f(&c.ip0, nx.IP_ADDRESS(224, 0, 0, 251), msw, lsw), nx.NX_IP_ADDRESS_ERROR, name+" multicast")
				c.status(f(&c.ip0, 0xFFFFFFFF, msw, lsw), nx.NX_IP_ADDRESS_ERROR, name+" broadcast")
			}
			if macChecked {
				c.status(f(&c.ip0, ip0Address, 0, 0), nx.NX_INVALID_PARAMETERS, name+" MAC 0")
			}
			c.status(f(&c.ip1, ip0Address, msw, lsw), nx.NX_NOT_ENABLED, name+", ARP not enabled")
		}
		entry("dynamic entry set", netx.ARPDynamicEntrySet, true, false)
		entry("static entry create", netx.ARPStaticEntryCreate, true, true)
		entry("static entry delete", netx.ARPStaticEntryDelete, false, true)
	}, nil)
}
