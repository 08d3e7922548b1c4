package sim_test

import (
	"bytes"
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nxsim/nxsim/examples/udpecho"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A plain Go UDP client on the host talks to an emulated device's UDP echo
// thread through the bridge, with the engine in wall-clock mode. This test
// runs in real time (a few hundred milliseconds): real sockets are the
// point of it.
func TestBridgeToARealUDPClient(t *testing.T) {
	e := rtos.NewEngine(1, rtos.WithWallClock())
	defer e.Close()
	n := sim.NewNetwork(e)
	lan := n.Segment("lan")
	var capture bytes.Buffer
	require.NoError(t, n.Capture(&capture))
	var board udpecho.Board
	e.AddKernel("echo", board.Define(lan, udpecho.ServerAddress, udpecho.Serve))
	hostAddress := nx.IP_ADDRESS(192, 168, 1, 200)
	b, err := lan.Bridge("host", hostAddress, udpecho.ServerAddress, udpecho.EchoPort, "127.0.0.1:0")
	require.NoError(t, err)
	defer func() { _ = b.Close() }()

	done := make(chan error, 1)
	go func() { done <- e.RunFor(2 * time.Second) }()

	client, err := net.DialUDP("udp4", nil, b.LocalAddr())
	require.NoError(t, err)
	defer func() { _ = client.Close() }()
	var echoes []string
	buf := make([]byte, 1500)
	for i := 0; i < 3; i++ {
		msg := fmt.Sprintf("hello %d", i)
		// The device may still be booting: retry a few times.
		for try := 0; try < 10; try++ {
			_, err := client.Write([]byte(msg))
			require.NoError(t, err)
			require.NoError(t, client.SetReadDeadline(time.Now().Add(100*time.Millisecond)))
			if k, err := client.Read(buf); err == nil {
				echoes = append(echoes, string(buf[:k]))
				break
			}
		}
	}
	require.NoError(t, <-done)
	assert.Equal(t, []string{"hello 0", "hello 1", "hello 2"}, echoes)
	assert.GreaterOrEqual(t, b.Stats.FromHost, uint64(3))
	assert.Equal(t, uint64(3), b.Stats.ToHost)
	assert.Equal(t, uint64(3), b.Port().Stats.FramesReceived, "the bridge port counts the frames handed to its socket")
	assert.Equal(t, uint64(1), b.Stats.ARPReplies, "the device resolved the bridge's address once")

	// The bridge's frames are in the capture like any port's.
	payloads, _ := captured(t, capture.Bytes())
	var seen []string
	for _, p := range payloads {
		seen = append(seen, string(p))
	}
	assert.Contains(t, seen, "hello 2")
	assert.Same(t, b.Port(), lan.Port("host"))
}
