package netxudpdemo_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/examples/netxudpdemo"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The demo runs on the default CPU profile with no errors and delivers
// every datagram thread 0 sent, over IPv6 and IPv4, with neighbour
// discovery and ARP resolving the peer, and every packet is back in the
// pool once thread 0 stops.
func TestDemoDeliversEveryDatagram(t *testing.T) {
	d, err := netxudpdemo.Run(1, 6*time.Second+50*time.Millisecond)
	require.NoError(t, err)
	assert.Zero(t, d.ErrorCounter)
	assert.Greater(t, d.Thread0Counter, uint32(1000))
	// The suspension may land between a send and thread 0's count of it.
	assert.Contains(t, []uint32{d.Thread0Counter, d.Thread0Counter + 1}, d.Thread1Counter)
}
