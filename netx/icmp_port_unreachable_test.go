package netx_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
)

// A UDP datagram to a port nobody bound is answered with destination
// unreachable (port) when ICMP is enabled, over IPv4 and IPv6, as
// _nx_udp_packet_receive does; without ICMP it is only counted. The
// sender's stack counts the error it cannot use as an unhandled message.
func TestUnboundPortAnswersPortUnreachable(t *testing.T) {
	for _, icmp := range []bool{true, false} {
		w := newWorld(t)
		var s netx.UDPSocket
		var opts []func(*node)
		if icmp {
			opts = append(opts, withICMP(t, v6B))
		}
		a := w.addNode("a", addrA, func(n *node) {
			if icmp {
				waitDAD()
			}
			openSocket(t, n, &s, 5000, 4)
			assert.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v4(addrB), 7777, "anyone?"))
			if icmp {
				assert.Equal(t, nx.NX_SUCCESS, n.sendText(t, &s, v6(v6B), 7777, "anyone?"))
			}
			closeSocket(t, &s)
		}, func(n *node) {
			if icmp {
				withICMP(t, v6A)(n)
			}
		})
		b := w.addNode("b", addrB, nil, opts...)
		w.run(10 * time.Second)
		sent := nx.ULONG(0)
		if icmp {
			sent = 2
		}
		assert.Equal(t, sent, b.ip.Stats.ICMP.ErrorsSent, "ICMP enabled: %v", icmp)
		assert.Equal(t, 1+sent/2, b.ip.Stats.UDPNoPortForDelivery)
		assert.Equal(t, sent, a.ip.Stats.ICMP.UnhandledMessages)
	}
}
