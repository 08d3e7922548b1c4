package sim_test

import (
	"bytes"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Two IP instances of one device on a segment get distinct port names (the
// device's, then "device.2"), distinct MACs and distinct capture points.
func TestTwoIPInstancesOfOneDevice(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	n := sim.NewNetwork(e)
	lan := n.Segment("lan")
	var pool packetpool.Pool
	var ip1, ip2 netx.IP
	e.AddKernel("gateway", func([]byte) {
		require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&pool, "pool", 1536, make([]byte, 8*1600)))
		require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&ip1, "ip1", nx.IP_ADDRESS(10, 0, 0, 1), 0xFFFFFF00, &pool, lan.Driver, make([]byte, 2048), 2))
		require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&ip2, "ip2", nx.IP_ADDRESS(10, 0, 0, 2), 0xFFFFFF00, &pool, lan.Driver, make([]byte, 2048), 2))
	})
	var capture bytes.Buffer
	require.NoError(t, n.Capture(&capture))
	require.NoError(t, e.RunFor(10*time.Millisecond))
	ports := lan.Ports()
	require.Len(t, ports, 2)
	assert.Equal(t, []string{"gateway", "gateway.2"}, []string{ports[0].Name(), ports[1].Name()})
	assert.Equal(t, "gateway", ports[1].Device())
	assert.NotEqual(t, ports[0].MAC(), ports[1].MAC())
	assert.Same(t, ports[1], lan.Port("gateway.2"))
	var names []string
	for _, b := range blocks(t, capture.Bytes()) {
		if b.kind == 1 {
			names = append(names, b.name)
		}
	}
	assert.Equal(t, []string{"lan", "lan/gateway", "lan/gateway.2"}, names)
}
