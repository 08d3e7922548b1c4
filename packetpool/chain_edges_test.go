package packetpool

import (
	"bytes"
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A chain whose NxPacketLast names a packet before the real end: NetX counts
// the room from there through the packets already chained and fills them
// (nx_packet_data_append.c), allocating nothing and losing nothing.
func TestDataAppendFillsPacketsChainedBehindLast(t *testing.T) {
	var p Pool
	onDevice(t, func() { newPool(t, &p, 4, 64) }, func() {
		var head, mid, end *Packet
		require.Equal(t, nx.NX_SUCCESS, Allocate(&p, &head, 0, 0))
		require.Equal(t, nx.NX_SUCCESS, Allocate(&p, &mid, 0, 0))
		require.Equal(t, nx.NX_SUCCESS, Allocate(&p, &end, 0, 0))
		require.Equal(t, nx.NX_SUCCESS, DataAppend(head, []byte("0123456789"), &p, 0))
		head.NxPacketNext, mid.NxPacketNext = mid, end
		head.NxPacketLast = mid // not the real end

		data := bytes.Repeat([]byte("abcd"), 25) // 100 bytes: 64 in mid, 36 in end
		require.Equal(t, nx.NX_SUCCESS, DataAppend(head, data, &p, 0))
		assert.Equal(t, 1, p.Available(), "no packet allocated")
		assert.Same(t, end, head.NxPacketLast)
		assert.Equal(t, 64, len(mid.Data()))
		assert.Equal(t, 36, len(end.Data()))
		buf := make([]byte, 110)
		var n nx.ULONG
		require.Equal(t, nx.NX_SUCCESS, DataRetrieve(head, buf, &n))
		assert.Equal(t, "0123456789"+string(data), string(buf))
		require.Equal(t, nx.NX_SUCCESS, Release(head))
		assert.Equal(t, 4, p.Available(), "the whole chain went back")
	})
}

// An offset inside NxPacketLength but past the bytes the chain holds is
// NX_PACKET_OFFSET_ERROR (nx_packet_data_extract_offset.c finds no source
// packet); below that, *bytesCopied is what C reports, min(length-offset,
// buffer), even if the chain ends first.
func TestDataExtractOffsetPastTheChainsBytes(t *testing.T) {
	var p Pool
	onDevice(t, func() { newPool(t, &p, 2, 64) }, func() {
		var pkt *Packet
		require.Equal(t, nx.NX_SUCCESS, Allocate(&p, &pkt, 0, 0))
		require.Equal(t, nx.NX_SUCCESS, DataAppend(pkt, []byte("0123456789"), &p, 0))
		pkt.NxPacketLength = 100 // a header claims more than the chain holds
		buf := make([]byte, 200)
		var n nx.ULONG
		for _, tc := range []struct {
			offset nx.ULONG
			want   nx.Status
			n      nx.ULONG
		}{
			{offset: 50, want: nx.NX_PACKET_OFFSET_ERROR},
			{offset: 10, want: nx.NX_PACKET_OFFSET_ERROR},
			{offset: 5, want: nx.NX_SUCCESS, n: 95},
		} {
			n = 0
			assert.Equal(t, tc.want, DataExtractOffset(pkt, tc.offset, buf, &n), "offset %d", tc.offset)
			assert.Equal(t, tc.n, n, "offset %d", tc.offset)
		}
		assert.Equal(t, "56789", string(buf[:5]))
		require.Equal(t, nx.NX_SUCCESS, Release(pkt))
	})
}
