package netx_test

import (
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/stretchr/testify/require"
)

func receiveRaw(t *testing.T, s *netx.UDPSocket, wait nx.ULONG) *packetpool.Packet {
	var pkt *packetpool.Packet
	require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketReceive(s, &pkt, wait))
	return pkt
}

// text returns a received packet's data and releases it.
func text(t *testing.T, pkt *packetpool.Packet) string {
	buf := make([]byte, pkt.NxPacketLength)
	var n nx.ULONG
	require.Equal(t, nx.NX_SUCCESS, packetpool.DataRetrieve(pkt, buf, &n))
	require.Equal(t, nx.NX_SUCCESS, packetpool.Release(pkt))
	return string(buf)
}
