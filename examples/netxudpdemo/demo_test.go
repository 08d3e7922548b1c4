package netxudpdemo_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/examples/netxudpdemo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo runs with no errors and delivers every datagram thread 0 sent,
// over IPv6 and IPv4, with neighbour discovery and ARP resolving the peer
// (at most the one on its way when the run stops is missing), and every
// packet is back in the pool.
func TestDemoDeliversEveryDatagram(t *testing.T) {
	d, err := netxudpdemo.Run(1, 6*time.Second+200*time.Millisecond)
	require.NoError(t, err)
	assert.Zero(t, d.ErrorCounter)
	assert.Greater(t, d.Thread0Counter, uint32(1000))
	assert.LessOrEqual(t, d.Thread0Counter-d.Thread1Counter, uint32(1))
}
