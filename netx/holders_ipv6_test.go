package netx_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A ping to a neighbour that has not answered yet waits in the neighbour
// cache's queue and is reported as held there; the reply a ping returns is
// held by the pinging thread.
func TestIPv6HoldersInTheLeakReport(t *testing.T) {
	e := rtos.NewEngine(1)
	t.Cleanup(e.Close)
	n := sim.NewNetwork(e)
	w := &world{t: t, e: e, net: n, lan: n.Segment("lan")} // no pool check at the end: the leaks are the point
	var reply *packetpool.Packet
	w.addNode("a", addrA, func(n *node) {
		waitDAD()
		var resp *packetpool.Packet
		assert.Equal(t, nx.NX_NO_RESPONSE, netx.ICMPPing(&n.ip, v6([4]nx.ULONG{0x20010DB8, 0, 0, 0x99}), []byte("x"), &resp, nx.NX_NO_WAIT))
		require.Equal(t, nx.NX_SUCCESS, netx.ICMPPing(&n.ip, v6([4]nx.ULONG{0, 0, 0, 1}), []byte("y"), &reply, nx.NX_IP_PERIODIC_RATE))
	}, withICMP(t, v6A))
	w.run(6 * time.Second) // before ND gives up on 2001:db8::99
	err := packetpool.CheckFull(e)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `held by ND queue of "a ip" for 2001:db8::99`)
	assert.Equal(t, "thread a app", reply.Holder())
}
