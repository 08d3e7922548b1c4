package netx_test

import (
	"encoding/binary"
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// TestMalformedFragmentsDrawParameterProblems checks what
// _nx_ipv6_process_fragment_option answers (the C suite reaches it only
// with raw packets, netx_ipv6_fragmentation_error_test1/2): a fragment
// with more to come whose length is not a multiple of 8 gets a parameter
// problem (code 0) pointing at the payload length, one that would end
// past 65535 bytes one pointing at its fragment offset; both are dropped.
func TestMalformedFragmentsDrawParameterProblems(t *testing.T) {
	var pointers []uint32
	cfg := cConfig{define: func(c *cTest) {
		ipv6ICMPOn(c)
		c.status(netx.IPFragmentEnable(&c.ip0), nx.NX_SUCCESS, "fragment enable")
		c.status(netx.IPv6AddressSet(&c.ip0, 0, v6([4]nx.ULONG{0x20010000, 0, 0, 0x10000001}), 64, nil), nx.NX_SUCCESS, "address set")
		c.status(netx.NDCacheEntrySet(&c.ip0, []nx.ULONG{0x20010000, 0, 0, 0x10000003}, 0, []byte{0, 0x11, 0x22, 0x33, 0x44, 0x58}), nx.NX_SUCCESS, "nd entry")
	}}
	cfg.hook = func(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
		if b := p.Data(); len(b) >= 48 && b[6] == 58 && b[40] == 4 && b[41] == 0 {
			pointers = append(pointers, binary.BigEndian.Uint32(b[44:]))
		}
		return ramBypass, 0
	}
	runC(t, cfg, 10*time.Second, func(c *cTest) {
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		fragment := func(offsetFlags uint16, n int) []byte {
			fh := []byte{17, 0, 0, 0, 0, 0, 0, 9}
			binary.BigEndian.PutUint16(fh[2:], offsetFlags)
			return ipv6Datagram("2001::1000:3", "2001::1000:1", 44, append(fh, make([]byte, n)...))
		}
		for _, raw := range [][]byte{fragment(1, 7), fragment(0xFFF8, 16)} {
			dropped := c.ip0.Stats.FragmentsDropped
			c.receiveRaw(&c.ip0, &c.pool0, raw, len(raw))
			c.check(c.ip0.Stats.FragmentsDropped == dropped+1, "the fragment was not dropped")
		}
		rtos.ThreadSleep(1)
		c.check(len(pointers) == 2 && pointers[0] == 4 && pointers[1] == 42, "parameter problems pointing at %v, want [4 42]", pointers)
	}, nil)
}

// TestUDPToATentativeAddressIsDropped checks _nx_ip_dispatch_process's
// condition for IPv6 UDP: a datagram to an address still under DAD is
// dropped, one to it once valid is delivered.
func TestUDPToATentativeAddressIsDropped(t *testing.T) {
	cfg := cConfig{udp: true, define: ipv6ICMPOn}
	runC(t, cfg, 15*time.Second, func(c *cTest) {
		c.status(netx.IPv6AddressSet(&c.ip0, 0, v6([4]nx.ULONG{0x20010000, 0, 0, 0x10000001}), 64, nil), nx.NX_SUCCESS, "address set")
		var s netx.UDPSocket
		c.status(netx.UDPSocketCreate(&c.ip0, &s, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5), nx.NX_SUCCESS, "create")
		c.status(netx.UDPSocketBind(&s, 0x89, nx.NX_WAIT_FOREVER), nx.NX_SUCCESS, "bind")
		ipv6 := &layers.IPv6{Version: 6, HopLimit: 255, NextHeader: layers.IPProtocolUDP,
			SrcIP: net.ParseIP("2001::1000:3"), DstIP: net.ParseIP("2001::1000:1")}
		udp := &layers.UDP{SrcPort: 0x88, DstPort: 0x89}
		c.check(udp.SetNetworkLayerForChecksum(ipv6) == nil, "checksum layer")
		datagram := serialize(t, ipv6, udp, gopacket.Payload("abcd"))
		for _, want := range []nx.Status{nx.NX_NO_PACKET, nx.NX_SUCCESS} {
			c.receiveRaw(&c.ip0, &c.pool0, datagram, len(datagram))
			var p *packetpool.Packet
			st := netx.UDPSocketReceive(&s, &p, nx.NX_NO_WAIT)
			c.check(st == want, "receive: %v, want %v", st, want)
			if st == nx.NX_SUCCESS {
				packetpool.Release(p)
			}
			rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		}
		c.status(netx.UDPSocketUnbind(&s), nx.NX_SUCCESS, "unbind")
		c.status(netx.UDPSocketDelete(&s), nx.NX_SUCCESS, "delete")
	}, nil)
}
