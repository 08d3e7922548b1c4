package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/stretchr/testify/assert"
)

// fragment builds one handshake fragment of message typ (message_seq 0).
func fragment(typ byte, msg []byte, off, n int) []byte {
	l := len(msg)
	h := []byte{typ, byte(l >> 16), byte(l >> 8), byte(l), 0, 0, byte(off >> 16), byte(off >> 8), byte(off), byte(n >> 16), byte(n >> 8), byte(n)}
	return append(h, msg[off:off+n]...)
}

// TestFragmentedClientHello ports the first half of
// nx_secure_dtls_fragment_test.c: ClientHello #1 split into two handshake
// fragments in two datagrams, the second holding the final 32 bytes, is
// reassembled by the server, which answers with its HelloVerifyRequest.
// (The ClientKeyExchange half needs a scripted client through the whole
// handshake and is not ported.)
func TestFragmentedClientHello(t *testing.T) {
	w := newWorld(t, 19)
	var answer []byte
	var srv nx.Status = 0xFF
	w.addOneSessionServer(t, &srv)
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		b.openRawSocket(nx.NX_ANY_PORT)
		ch := append([]byte{0xFE, 0xFD}, make([]byte, 32)...)
		ch = append(ch, 0, 0, 0, 4, 0x00, 0xAE, 0x00, 0xFF, 1, 0)
		cut := len(ch) - 32
		rawSend(t, b, &b.socket, serverAddr(), serverPort, record(22, 0, fragment(1, ch, 0, cut)))
		rawSend(t, b, &b.socket, serverAddr(), serverPort, record(22, 1, fragment(1, ch, cut, 32)))
		var pkt *packetpool.Packet
		if netx.UDPSocketReceive(&b.socket, &pkt, 2*nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
			answer = append([]byte(nil), pkt.Data()...)
			packetpool.Release(pkt)
		}
		rtos.ThreadSleep(2 * nx.NX_IP_PERIODIC_RATE)
		netx.UDPSocketUnbind(&b.socket)
		netx.UDPSocketDelete(&b.socket)
	})
	w.run(5 * time.Second)
	if assert.GreaterOrEqual(t, len(answer), 13+12+3+20) {
		assert.Equal(t, byte(22), answer[0], "a handshake record")
		assert.Equal(t, byte(3), answer[13], "HelloVerifyRequest")
		assert.Equal(t, byte(20), answer[13+12+2], "with a 20-byte cookie")
	}
	assert.Equal(t, nx.NX_NO_PACKET, srv, "the server then waits for ClientHello #2")
}
