package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// secondInterface is the C address tests' fixture: an instance with IPv6
// enabled (no ICMP: addresses are valid at once) and a second interface
// attached by the application thread before app runs.
func secondInterface(t *testing.T, app func(n *node)) {
	old := netx.MaxPhysicalInterfaces
	netx.MaxPhysicalInterfaces = 2
	t.Cleanup(func() { netx.MaxPhysicalInterfaces = old })
	w := newWorld(t)
	second := w.net.Segment("second")
	done := false
	w.addNode("ip_0", addrA, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPInterfaceAttach(&n.ip, "2nd interface", 0x02010101, 0xFFFFFF00, second.Driver))
		app(n)
		done = true
	}, func(n *node) { require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip)) })
	w.run(time.Second)
	assert.True(t, done)
}

func addr6(w0, w3 nx.ULONG) [4]nx.ULONG { return [4]nx.ULONG{w0, 0, 0, w3} }

// TestRegressIPv6AddressSet is netx_ipv6_address_set_test.c: a multicast
// address is refused; three addresses on the first interface and the
// link-local one made from the MAC (a second time NX_DUPLICATED_ENTRY),
// three on the second interface once that is deleted, none on an
// interface that does not exist; the table entries hold each address, its
// prefix length, interface and valid state.
func TestRegressIPv6AddressSet(t *testing.T) {
	lla, ga1, ga2 := addr6(0xFE800000, 1), addr6(0x20010000, 0x00010002), addr6(0x20010000, 0x00010003)
	if1 := [][4]nx.ULONG{addr6(0x20010000, 0x00020001), addr6(0x20010000, 0x00020002), addr6(0x20010000, 0x00020003)}
	secondInterface(t, func(n *node) {
		if netx.ErrorChecking { // nxde_ipv6_address_set.c refuses it
			assert.NotEqual(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(addr6(0xFF020000, 1)), 64, nil))
		}
		for _, a := range [][4]nx.ULONG{lla, ga1, ga2} {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(a), 64, nil))
		}
		var index nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, nil, 10, &index))
		assert.Equal(t, nx.NX_DUPLICATED_ENTRY, netx.IPv6AddressSet(&n.ip, 0, nil, 10, nil))
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressDelete(&n.ip, index))
		for _, a := range if1 {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 1, v6(a), 64, nil))
		}
		if netx.ErrorChecking {
			assert.Equal(t, nx.NX_INVALID_INTERFACE, netx.IPv6AddressSet(&n.ip, 2, v6(addr6(0x20010000, 0x00030001)), 64, nil))
		}
		for i, want := range []struct {
			a   [4]nx.ULONG
			ifc nx.UINT
		}{{lla, 0}, {ga1, 0}, {ga2, 0}, {if1[0], 1}, {if1[1], 1}, {if1[2], 1}} {
			var a nx.NXDAddress
			var prefix nx.ULONG
			var ifc nx.UINT
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressGet(&n.ip, nx.UINT(i), &a, &prefix, &ifc), "entry %d", i)
			assert.Equal(t, want.a, a.NxdIPAddress.V6)
			assert.Equal(t, nx.ULONG(64), prefix)
			assert.Equal(t, want.ifc, ifc)
		}
		assert.Equal(t, [][4]nx.ULONG{lla, ga1, ga2}, n.ip.Interface(0).IPv6Addresses())
		assert.Equal(t, if1, n.ip.Interface(1).IPv6Addresses())
	})
}

// TestRegressIPv6AddressDelete is netx_ipv6_address_delete_test.c: four
// addresses on the first interface and two on the second fill the table
// (NX_MAX_IPV6_ADDRESSES, 3 per interface), a seventh is
// NX_NO_MORE_ENTRIES; deleting them empties both interfaces' lists, and
// deleting any entry again, or one past the table, is
// NX_NO_INTERFACE_ADDRESS.
func TestRegressIPv6AddressDelete(t *testing.T) {
	addrs := []struct {
		a   [4]nx.ULONG
		ifc nx.UINT
	}{
		{addr6(0xFE800000, 1), 0}, {addr6(0x20010000, 0x00010001), 0}, {addr6(0x20010000, 0x00010002), 0},
		{addr6(0x20010000, 0x00010003), 0}, {addr6(0x20010000, 0x00020001), 1}, {addr6(0x20010000, 0x00020002), 1},
	}
	secondInterface(t, func(n *node) {
		indexes := make([]nx.UINT, len(addrs))
		for i, x := range addrs {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, x.ifc, v6(x.a), 64, &indexes[i]))
		}
		assert.Equal(t, nx.NX_NO_MORE_ENTRIES, netx.IPv6AddressSet(&n.ip, 1, v6(addr6(0x20010000, 0x00020004)), 64, nil))
		for _, i := range indexes {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressDelete(&n.ip, i))
		}
		assert.Empty(t, n.ip.Interface(0).IPv6Addresses())
		assert.Empty(t, n.ip.Interface(1).IPv6Addresses())
		for i := range nx.UINT(7) {
			assert.Equal(t, nx.NX_NO_INTERFACE_ADDRESS, netx.IPv6AddressDelete(&n.ip, i))
		}
	})
}

// The entry after the last of the address table is the loopback address
// (NX_LOOPBACK_IPV6_SOURCE_INDEX): ::1/128 on the loopback interface, once
// IPv6 is enabled.
func TestIPv6AddressGetLoopbackEntry(t *testing.T) {
	secondInterface(t, func(n *node) {
		var a nx.NXDAddress
		var prefix nx.ULONG
		var ifc nx.UINT
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressGet(&n.ip, 6, &a, &prefix, &ifc))
		assert.Equal(t, [4]nx.ULONG{0, 0, 0, 1}, a.NxdIPAddress.V6)
		assert.Equal(t, nx.ULONG(128), prefix)
		assert.Equal(t, nx.UINT(2), ifc, "the loopback interface comes after the two physical ones")
	})
}

// TestRegressIPv6AddressGet is netx_ipv6_address_get_test.c: two addresses
// set (and through DAD) read back by index; the next index is unset
// (NX_NO_INTERFACE_ADDRESS). Not ported: nxd_ipv6_disable and the change
// notify.
func TestRegressIPv6AddressGet(t *testing.T) {
	done := false
	w := newWorld(t)
	w.addNode("ip_0", addrA, func(n *node) {
		for _, last := range []nx.ULONG{0x00010001, 0x00010002} {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&n.ip, 0, v6(addr6(0x20010000, last)), 64, nil))
		}
		rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)
		var a nx.NXDAddress
		var prefix nx.ULONG
		var ifc nx.UINT
		for i, last := range []nx.ULONG{0x00010001, 0x00010002} {
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressGet(&n.ip, nx.UINT(i), &a, &prefix, &ifc))
			assert.Equal(t, nx.UINT(nx.NX_IP_VERSION_V6), a.NxdIPVersion)
			assert.Equal(t, addr6(0x20010000, last), a.NxdIPAddress.V6)
		}
		assert.Equal(t, nx.NX_NO_INTERFACE_ADDRESS, netx.IPv6AddressGet(&n.ip, 2, &a, &prefix, &ifc))
		done = true
	}, func(n *node) {
		require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&n.ip))
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPEnable(&n.ip))
	})
	w.run(10 * time.Second)
	assert.True(t, done)
}
