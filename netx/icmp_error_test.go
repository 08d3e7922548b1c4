package netx_test

import (
	"net"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// NetX answers with an ICMP error only where its source does: protocol
// unreachable for an unknown IPv4 protocol (not for a known one that is
// not enabled, nor for a datagram to a broadcast address), parameter
// problem for an unknown IPv6 next header, and time exceeded when an IPv6
// datagram whose first fragment arrived times out in reassembly.
func TestICMPErrorsWhereNetXSendsThem(t *testing.T) {
	from := net.IPv4(192, 168, 1, 99)
	v4With := func(protocol layers.IPProtocol, dst net.IP) []byte {
		return serialize(t, &layers.IPv4{Version: 4, TTL: 64, Protocol: protocol, SrcIP: from, DstIP: dst}, gopacket.Payload("12345678"))
	}
	v6With := func(next layers.IPProtocol, payload []byte) []byte {
		return serialize(t, &layers.IPv6{Version: 6, HopLimit: 64, NextHeader: next, SrcIP: peerV6, DstIP: ownV6}, gopacket.Payload(payload))
	}
	firstFragment := v6With(layers.IPProtocolIPv6Fragment, []byte{17, 0, 0, 1, 0, 0, 0, 7, 1, 2, 3, 4, 5, 6, 7, 8})
	tests := []struct {
		name string
		raw  []byte
		sent nx.ULONG
	}{
		{"IPv4 protocol 200", v4With(200, net.IPv4(192, 168, 1, 10)), 1},
		{"IPv4 TCP, not enabled", v4With(layers.IPProtocolTCP, net.IPv4(192, 168, 1, 10)), 0},
		{"IPv4 protocol 200 to the broadcast address", v4With(200, net.IPv4(192, 168, 1, 255)), 0},
		{"IPv6 next header 200", v6With(200, []byte("12345678")), 1},
		{"IPv6 hop-by-hop, not emulated", v6With(layers.IPProtocolIPv6HopByHop, make([]byte, 8)), 0},
		{"IPv6 first fragment never completed", firstFragment, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			w := newWorld(t)
			a := w.addNode("a", addrA, nil, withICMP(t, v6A), func(n *node) {
				netx.IPFragmentEnable(&n.ip)
				netx.ARPStaticEntryCreate(&n.ip, nx.IP_ADDRESS(192, 168, 1, 99), 0x0200, 9)
			})
			inject(a, 5*time.Second, tc.raw)
			w.run(70 * time.Second)
			assert.Equal(t, tc.sent, a.ip.Stats.ICMP.ErrorsSent)
		})
	}
}

// An ICMPv4 message that a driver hands over in its ISR through the direct
// path (_nx_ip_packet_receive) is not processed there: _nx_icmp_packet_receive
// queues it for the IP thread, which answers the echo request.
func TestICMPFromAnISRIsProcessedOnTheIPThread(t *testing.T) {
	var repliedOnIPThread []bool
	var a *node
	w := newWorld(t)
	w.wrap = func(d netx.Driver) netx.Driver {
		return func(req *netx.IPDriver) {
			if p := req.NxIPDriverPacket; req.NxIPDriverCommand == nx.NX_LINK_PACKET_SEND && p != nil {
				if b := p.Data(); len(b) > 20 && b[0] == 0x45 && b[9] == 1 && b[20] == 0 {
					c, _ := rtos.CurrentContext()
					repliedOnIPThread = append(repliedOnIPThread, c == rtos.ContextThread && rtos.ThreadIdentify() == a.ip.IPThread())
				}
			}
			d(req)
		}
	}
	a = w.addNode("a", addrA, nil, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnableV4(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.ARPStaticEntryCreate(&n.ip, nx.IP_ADDRESS(192, 168, 1, 99), 0x0200, 9))
	})
	a.k.Interrupt(time.Second, func() {
		var pkt *packetpool.Packet
		require.Equal(t, nx.NX_SUCCESS, packetpool.Allocate(&a.pool, &pkt, nx.NX_RECEIVE_PACKET, nx.NX_NO_WAIT))
		require.Equal(t, nx.NX_SUCCESS, packetpool.DataAppend(pkt, icmp4(t, 8, "from an ISR"), &a.pool, nx.NX_NO_WAIT))
		netx.IPPacketReceive(&a.ip, pkt)
	})
	w.run(2 * time.Second)
	assert.Equal(t, []bool{true}, repliedOnIPThread)
	assert.Equal(t, nx.ULONG(1), a.ip.Stats.ICMP.PingsRespondedTo)
}
