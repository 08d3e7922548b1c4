package netx_test

import (
	"fmt"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// countICMPv6 wraps a driver to count the ICMPv6 messages of one type
// that instances send (the C tests' packet_process_callback).
func countICMPv6(typ byte, count *int) func(netx.Driver) netx.Driver {
	return func(d netx.Driver) netx.Driver {
		return func(req *netx.IPDriver) {
			if req.NxIPDriverCommand == nx.NX_LINK_PACKET_SEND && req.NxIPDriverPacket != nil {
				if b := req.NxIPDriverPacket.Data(); len(b) > 40 && b[0]>>4 == 6 && b[6] == 58 && b[40] == typ {
					*count++
				}
			}
			d(req)
		}
	}
}

// TestRegressICMPv6DAD is netx_icmpv6_DAD_test.c: with the pool exhausted
// no solicitation goes out but the address still becomes valid; a
// link-local address on each instance and a global one take
// NX_IPV6_DAD_TRANSMITS solicitations each; the same global address on the
// second instance fails after one solicitation, answered by the first, and
// leaves its table as it was. Not ported: the address change notify
// counts (NX_ENABLE_IPV6_ADDRESS_CHANGE_NOTIFY is off in nxsim).
func TestRegressICMPv6DAD(t *testing.T) {
	var ns int
	w := newWorld(t)
	w.poolPayload, w.poolMemory = 1024, 8192
	w.lan.MTU = 512
	w.wrap = countICMPv6(135, &ns)
	setup := func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
	}
	done := false
	w.addNode("ip_0", nx.IP_ADDRESS(1, 2, 3, 4), func(n *node) {
		giveBack := takeAll(t, n, nx.NX_TCP_PACKET)
		var index nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, &index))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Zero(t, ns)
		giveBack()
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressDelete(&n.ip, index))

		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, &index))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, 3, ns)
		var addr nx.NXDAddress
		var prefix nx.ULONG
		var ifc nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressGet(&n.ip, 0, &addr, &prefix, &ifc))
		ns = 0

		// ip_1 sets its link-local address now (each device calls its
		// own services: its thread does it one tick later).
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, 3, ns)
		ns = 0

		g := global(0x10000001)
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(g), 64, nil))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, 3, ns)
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressGet(&n.ip, 1, &addr, &prefix, &ifc))
		assert.Equal(t, g, addr.NxdIPAddress.V6)
		assert.Equal(t, nx.ULONG(64), prefix)
		ns = 0

		// ip_1 sets the same global address now.
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, 1, ns)
	}, setup)
	w.addNode("ip_1", nx.IP_ADDRESS(1, 2, 3, 5), func(n *node) {
		rtos.ThreadSleep(10*nx.NX_IP_PERIODIC_RATE + 1)
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var addr nx.NXDAddress
		var prefix nx.ULONG
		var ifc nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressGet(&n.ip, 0, &addr, &prefix, &ifc))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		before := len(n.ip.Interface(0).IPv6Addresses())
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(global(0x10000001)), 64, nil))
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		assert.Equal(t, nx.NX_NO_INTERFACE_ADDRESS, netx.IPv6AddressGet(&n.ip, 1, &addr, &prefix, &ifc))
		assert.Len(t, n.ip.Interface(0).IPv6Addresses(), before)
		assert.Equal(t, nx.ULONG(1), n.ip.Stats.DADFailures)
		done = true
	}, setup)
	w.run(30 * time.Second)
	assert.True(t, done)
}

// IPv6DADTransmits is NX_IPV6_DAD_TRANSMITS: how many solicitations DAD
// sends before the address is valid; 0 is NX_DISABLE_IPV6_DAD, the address
// valid at once.
func TestDADTransmitsConfiguration(t *testing.T) {
	for _, transmits := range []int{0, 1, 3} {
		t.Run(fmt.Sprint(transmits), func(t *testing.T) {
			old := netx.IPv6DADTransmits
			netx.IPv6DADTransmits = transmits
			t.Cleanup(func() { netx.IPv6DADTransmits = old })
			var ns int
			var validAtOnce bool
			var validAfter nx.ULONG
			w := newWorld(t)
			w.wrap = countICMPv6(135, &ns)
			w.addNode("a", addrA, func(n *node) {
				var a nx.NXDAddress
				var prefix nx.ULONG
				var ifc, index nx.UINT
				require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(v6A), 64, &index))
				start := rtos.TimeGet()
				validAtOnce = netx.IPv6AddressGet(&n.ip, index, &a, &prefix, &ifc) == nx.NX_SUCCESS
				for netx.IPv6AddressGet(&n.ip, index, &a, &prefix, &ifc) != nx.NX_SUCCESS {
					rtos.ThreadSleep(1)
				}
				validAfter = (rtos.TimeGet() - start + nx.NX_IP_PERIODIC_RATE - 1) / nx.NX_IP_PERIODIC_RATE
			}, func(n *node) {
				require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
				require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
			})
			w.run(10 * time.Second)
			assert.Equal(t, transmits, ns)
			assert.Equal(t, transmits == 0, validAtOnce)
			if transmits > 0 {
				// One solicitation on the next fast tick, the others a second
				// apart, valid at the periodic event after the last.
				assert.Equal(t, nx.ULONG(transmits), validAfter, "seconds until valid")
			}
		})
	}
}
