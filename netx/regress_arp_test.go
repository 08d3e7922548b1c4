package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
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
