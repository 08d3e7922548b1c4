package securedtls_test

import (
	"encoding/binary"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
)

// fragment builds one handshake fragment of message typ (message_seq 0).
func fragment(typ byte, msg []byte, off, n int) []byte {
	l := len(msg)
	h := []byte{typ, byte(l >> 16), byte(l >> 8), byte(l), 0, 0, byte(off >> 16), byte(off >> 8), byte(off), byte(n >> 16), byte(n >> 8), byte(n)}
	return append(h, msg[off:off+n]...)
}

// TestFragmentedClientHello checks the first half of
// nx_secure_dtls_fragment_test.c from a raw client: ClientHello #1 split
// into two handshake fragments in two datagrams, the second holding the
// final 32 bytes, is reassembled by the server, which answers with its
// HelloVerifyRequest (a 20-byte cookie). TestFragment runs the whole C
// test.
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

// fragmenter is the C test's test_udp_packet_receive: the client's
// handshake datagrams with message_seq 0 (ClientHello #1) and 2
// (ClientKeyExchange) arrive as two datagrams, the message's last 32 bytes
// in a second fragment whose record takes the next sequence number, and
// every later epoch-0 record of the client moves up by one (the C test
// increments the client session's local sequence number). The C test's
// ClientKeyExchange is RSA's (over 256 bytes); a PSK one is only the
// identity (10 bytes here), so its second fragment holds its second half. The DuplicateIt
// stage before it makes the second datagram; edit turns the two copies into
// the two fragments.
type fragmenter struct {
	second bool // the next split datagram is the second copy
	splits int  // messages split so far: what later sequences move up by
}

// edit rewrites one client datagram of one epoch-0 record.
func (f *fragmenter) edit(p []byte) []byte {
	p = append([]byte(nil), p...)
	seq := binary.BigEndian.Uint64(append([]byte{0, 0}, p[5:11]...))
	msgSeq := -1
	if p[0] == 22 && len(p) >= 13+12 {
		msgSeq = int(binary.BigEndian.Uint16(p[13+4:]))
	}
	if msgSeq != 0 && msgSeq != 2 {
		putSeq(p, seq+uint64(f.splits))
		return p
	}
	fragLen := int(p[13+9])<<16 | int(p[13+10])<<8 | int(p[13+11])
	tail := 32
	if fragLen <= 2*tail {
		// A PSK ClientKeyExchange is only the identity (at most
		// NX_SECURE_TLS_MAX_PSK_ID_SIZE, 20 bytes): its second half.
		tail = fragLen / 2
	}
	cut := fragLen - tail
	body := p[13+12:]
	hs := append([]byte(nil), p[13:13+12]...)
	if !f.second {
		f.second = true
		hs[9], hs[10], hs[11] = byte(cut>>16), byte(cut>>8), byte(cut)
		return fragmentRecord(p[:13], seq+uint64(f.splits), hs, body[:cut])
	}
	f.second = false
	hs[6], hs[7], hs[8] = byte(cut>>16), byte(cut>>8), byte(cut)
	hs[9], hs[10], hs[11] = 0, 0, byte(tail)
	out := fragmentRecord(p[:13], seq+uint64(f.splits)+1, hs, body[cut:])
	f.splits++
	return out
}

// putSeq writes a 48-bit record sequence number into a record header.
func putSeq(rec []byte, seq uint64) {
	var b [8]byte
	binary.BigEndian.PutUint64(b[:], seq)
	copy(rec[5:11], b[2:])
}

// fragmentRecord is a record with header hdr's type, version and epoch,
// sequence seq, holding the handshake header hs and fragment frag.
func fragmentRecord(hdr []byte, seq uint64, hs, frag []byte) []byte {
	r := append(append([]byte(nil), hdr[:13]...), hs...)
	r = append(r, frag...)
	putSeq(r, seq)
	binary.BigEndian.PutUint16(r[11:], uint16(12+len(frag)))
	return r
}

// TestFragment ports nx_secure_dtls_fragment_test.c (PSK variant and the C
// test's RSA setup): the server receives ClientHello #1 and the
// ClientKeyExchange each as two handshake fragments in two datagrams (the
// final 32 bytes of ClientHello #1 and of the RSA ClientKeyExchange, the
// second half of the 10-byte PSK one, in the second)
// and reassembles both; with NX_WAIT_FOREVER both starts return 0x00
// within the first retransmission timeout, the sessions end with
// NX_NO_WAIT and every pool is full again.
func TestFragment(t *testing.T) { forModes(t, testFragment) }

// testFragment is TestFragment in mode m.
func testFragment(t *testing.T, m mode) {
	w := newWorld(t, 20)
	var srv, cli nx.Status = 0xFF, 0xFF
	done := false
	var ticks nx.ULONG
	w.add("server", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.createIn(t, b, 1, m)
		s := d.next(nx.NX_WAIT_FOREVER)
		srv = securedtls.ServerSessionStart(s, nx.NX_WAIT_FOREVER)
		securedtls.SessionEnd(s, nx.NX_NO_WAIT)
		for !done {
			rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE / 10)
		}
		d.shutdown(t)
	})
	w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
		var c dtlsClient
		c.createIn(t, b, m)
		start := rtos.TimeGet()
		cli = c.start(b, nx.NX_WAIT_FOREVER)
		ticks = rtos.TimeGet() - start
		securedtls.SessionEnd(&c.s, nx.NX_NO_WAIT)
		c.close(b)
		done = true
	})
	var f fragmenter
	fromClient := func(r sim.Record) bool { return r.Epoch == 0 }
	split := func(r sim.Record) bool {
		return r.Handshake != nil && r.Handshake.FragmentLength == r.Handshake.Length && (r.Handshake.MessageSeq == 0 || r.Handshake.MessageSeq == 2)
	}
	err := w.lan.Impair(
		sim.Rules(&sim.Rule{Name: "copy CH#1 and CKE", Match: sim.Match{From: "client", Record: split}, First: 2, Action: sim.DuplicateIt()}),
		sim.Rules(&sim.Rule{Name: "fragment", Match: sim.Match{From: "client", Record: fromClient}, Action: sim.EditIt("split in two fragments, later sequences +1", f.edit)}))
	if err != nil {
		t.Fatal(err)
	}
	w.run(30 * time.Second)
	assert.Equal(t, 2, f.splits, "ClientHello #1 and ClientKeyExchange split")
	assert.Equal(t, nx.NX_SUCCESS, cli, "client_session_start")
	assert.Equal(t, nx.NX_SUCCESS, srv, "server_session_start")
	assert.Less(t, ticks, nx.ULONG(nx.NX_IP_PERIODIC_RATE), "no retransmission needed")
}
