package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
)

// badTimestamp is what both C tests' hook inserts in ip_0's ICMP
// datagrams: an internet timestamp option of illegal length 7 (pointer 5),
// padded with zeros to 12 octets.
var badTimestamp = []byte{68, 7, 5, 0, 0, 0, 0, 0, 0, 0, 0, 0}

// optionsHook is my_packet_process of netx_icmp_send_error_message_test.c,
// _1.c and netx_ipv4_option_process_test.c: each ICMP datagram ip_0 sends
// is counted and handed to edit, which may change its header and returns
// the options to insert after it (nil: none); the frame is then rebuilt
// (lengths, checksum). ICMP datagrams ip_1 sends are counted in ip1.
type optionsHook struct {
	ip0, ip1 int
	edit     func(n int, c *cTest, header []byte) []byte
}

func (h *optionsHook) process(c *cTest, ip *netx.IP, p *packetpool.Packet) (ramOp, nx.ULONG) {
	b := p.Data()
	if len(b) < 20 || b[0]>>4 != 4 || b[9] != 1 {
		return ramBypass, 0
	}
	if ip == &c.ip1 {
		h.ip1++
		return ramBypass, 0
	}
	h.ip0++
	options := h.edit(h.ip0, c, b)
	if options == nil {
		setIPv4Checksum(b)
		return ramBypass, 0
	}
	grown := withIPv4Options(b, options)
	copy(p.NxPacketDataStart[p.NxPacketPrependPtr:], grown)
	p.NxPacketAppendPtr += len(options)
	p.NxPacketLength += nx.ULONG(len(options))
	return ramBypass, 0
}

// sendErrorPing is the tests' nx_icmp_ping of the alphabet (28 bytes, the
// string and what follows it) from ip_0 to ip_1, which never answers.
func sendErrorPing(c *cTest, step string) {
	var resp *packetpool.Packet
	st := netx.ICMPPingV4(&c.ip0, ip1Address, append([]byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ"), 0, 0), &resp, nx.NX_IP_PERIODIC_RATE)
	c.check(st == nx.NX_NO_RESPONSE && resp == nil, "%s: ping %v, want NX_NO_RESPONSE", step, st)
}

// TestRegressICMPSendErrorMessage is netx_icmp_send_error_message_test.c:
// ip_0's echo requests carry an internet timestamp of illegal length, which
// ip_1 drops in _nx_ipv4_option_process without the parameter problem it
// would send — ICMP is not enabled on it (1), the request went to
// 255.255.255.255 (2), it is a fragment other than the first (3), the pool
// has no packet for the message (4, where the C test empties the pool in
// its nx_ipv4_packet_receive stand-in), its source is multicast (5). The
// last request, of protocol 255 without options, gets protocol unreachable
// (6), the only ICMP message ip_1 sends. The C test checks the counters
// with &&, which always holds; the port checks each.
func TestRegressICMPSendErrorMessage(t *testing.T) {
	var held []*packetpool.Packet
	hook := &optionsHook{edit: func(n int, c *cTest, b []byte) []byte {
		switch n {
		case 2:
			copy(b[16:], []byte{255, 255, 255, 255})
		case 3:
			b[7] |= 10
		case 4:
			for c.pool0.Available() > 0 {
				var p *packetpool.Packet
				c.status(packetpool.Allocate(&c.pool0, &p, 0, nx.NX_NO_WAIT), nx.NX_SUCCESS, "allocate")
				held = append(held, p)
			}
		case 5:
			copy(b[12:], []byte{224, 0, 0, 251})
		case 6:
			b[9] = 0xFF
		}
		if n > 5 {
			return nil
		}
		return badTimestamp
	}}
	cfg := cConfig{payload: 256, poolBytes: 2048, twoIPs: true, arp: true, hook: hook.process,
		define: func(c *cTest) { c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0") }}
	runC(t, cfg, 20*time.Second, func(c *cTest) {
		steps := []string{"ICMP disabled", "to 255.255.255.255", "not the first fragment", "no packet", "multicast source", "unknown protocol"}
		for i, step := range steps {
			if i == 1 {
				c.status(netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable ip_1")
			}
			dropped := c.ip1.Stats.ReceivePacketsDropped
			sendErrorPing(c, step)
			for _, p := range held {
				packetpool.Release(p)
			}
			held = nil
			wantIP1 := 0
			if i == 5 {
				wantIP1 = 1
			}
			c.check(hook.ip0 == i+1 && hook.ip1 == wantIP1, "%s: ICMP sent by ip_0 %d, ip_1 %d; want %d, %d", step, hook.ip0, hook.ip1, i+1, wantIP1)
			c.check(c.ip1.Stats.ICMP.ErrorsSent == nx.ULONG(wantIP1), "%s: ip_1 sent %d ICMP errors", step, c.ip1.Stats.ICMP.ErrorsSent)
			c.check(c.ip1.Stats.ReceivePacketsDropped == dropped+1, "%s: ip_1 dropped %d, want %d", step, c.ip1.Stats.ReceivePacketsDropped, dropped+1)
		}
	}, nil)
}

// TestRegressICMPSendErrorMessage1 is netx_icmp_send_error_message_test_1.c:
// the echo request with an internet timestamp of illegal length goes to the
// subnet's broadcast address 1.2.3.255, so ip_1 (ICMP enabled) drops it
// without a parameter problem and sends no ICMP message.
func TestRegressICMPSendErrorMessage1(t *testing.T) {
	hook := &optionsHook{edit: func(_ int, _ *cTest, b []byte) []byte {
		copy(b[16:], []byte{1, 2, 3, 255})
		return badTimestamp
	}}
	cfg := cConfig{payload: 256, poolBytes: 2048, twoIPs: true, arp: true, hook: hook.process,
		define: func(c *cTest) {
			c.status(netx.ICMPEnableV4(&c.ip0), nx.NX_SUCCESS, "icmp enable ip_0")
			c.status(netx.ICMPEnableV4(&c.ip1), nx.NX_SUCCESS, "icmp enable ip_1")
		}}
	runC(t, cfg, 5*time.Second, func(c *cTest) {
		sendErrorPing(c, "to 1.2.3.255")
		c.check(hook.ip0 == 1 && hook.ip1 == 0, "ICMP sent by ip_0 %d, ip_1 %d; want 1, 0", hook.ip0, hook.ip1)
		c.check(c.ip1.Stats.ICMP.ErrorsSent == 0, "ip_1 sent %d ICMP errors", c.ip1.Stats.ICMP.ErrorsSent)
		c.check(c.ip1.Stats.ReceivePacketsDropped == 1, "ip_1 dropped %d, want 1", c.ip1.Stats.ReceivePacketsDropped)
	}, nil)
}
