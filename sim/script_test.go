package sim_test

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/pion/dtls/v2/pkg/protocol"
	"github.com/pion/dtls/v2/pkg/protocol/handshake"
	"github.com/pion/dtls/v2/pkg/protocol/recordlayer"
	"github.com/stretchr/testify/require"
)

// rec is one DTLS-shaped record for a scripted datagram: content type,
// epoch, sequence and (for clear-text handshake records) the message type.
type rec struct {
	contentType uint8
	epoch       uint16
	seq         uint64
	hsType      uint8
}

// datagram marshals records with pion's header types and a short body.
func datagram(t testing.TB, recs ...rec) []byte {
	var out []byte
	for _, r := range recs {
		body := []byte("body")
		if r.contentType == sim.Handshake && r.epoch == 0 {
			hh := handshake.Header{Type: handshake.Type(r.hsType), Length: 4, MessageSequence: uint16(r.seq), FragmentLength: 4}
			h, err := hh.Marshal()
			require.NoError(t, err)
			body = append(h, body...)
		}
		rh := recordlayer.Header{ContentType: protocol.ContentType(r.contentType), ContentLen: uint16(len(body)),
			Version: protocol.Version1_2, Epoch: r.epoch, SequenceNumber: r.seq}
		h, err := rh.Marshal()
		require.NoError(t, err)
		out = append(append(out, h...), body...)
	}
	return out
}

// The flights of a DTLS handshake, as datagram shapes.
func clientHello(t testing.TB, seq uint64) []byte {
	return datagram(t, rec{sim.Handshake, 0, seq, sim.ClientHello})
}

func serverHelloFlight(t testing.TB, seq uint64) []byte {
	return datagram(t, rec{sim.Handshake, 0, seq, sim.ServerHello}, rec{sim.Handshake, 0, seq + 1, sim.Certificate},
		rec{sim.Handshake, 0, seq + 2, sim.ServerHelloDone})
}

func clientFinishedFlight(t testing.TB) []byte {
	return datagram(t, rec{sim.Handshake, 0, 2, sim.ClientKeyExchange}, rec{sim.ChangeCipherSpec, 0, 3, 0},
		rec{sim.Handshake, 1, 0, 0})
}

func serverFinishedFlight(t testing.TB) []byte {
	return datagram(t, rec{sim.ChangeCipherSpec, 0, 5, 0}, rec{sim.Handshake, 1, 0, 0})
}

func appData(t testing.TB, seq uint64) []byte {
	return datagram(t, rec{sim.ApplicationData, 1, seq, 0})
}

// step is one scripted datagram: sent at a tick by a device.
type step struct {
	tick    nx.ULONG
	payload []byte
}

// received is one datagram a device got, at a tick.
type received struct {
	tick    nx.ULONG
	payload []byte
}

// scriptRun is the outcome of a scripted exchange.
type scriptRun struct {
	capture []byte
	trace   string
	got     map[string][]received
	network *sim.Network
	lan     *sim.Segment
}

var scriptAddrs = map[string]nx.ULONG{"client": nx.IP_ADDRESS(10, 1, 0, 1), "server": nx.IP_ADDRESS(10, 1, 0, 2)}

// runScript runs "client" and "server" on a segment; each sends its steps to
// the other's port 4433/50000 and records what it receives. configure sets
// impairments before the run; the run lasts d.
// setup, if any, runs in each device's tx_application_define after UDP is
// enabled.
func runScript(t *testing.T, seed uint64, d time.Duration, scripts map[string][]step, configure func(n *sim.Network, lan *sim.Segment) error,
	setup ...func(device string, ip *netx.IP)) *scriptRun {
	e := rtos.NewEngine(seed)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	n := sim.NewNetwork(e)
	lan := n.Segment("lan")
	lan.Latency = time.Millisecond
	var capture, trace bytes.Buffer
	require.NoError(t, n.Capture(&capture))
	n.Trace(&trace)
	r := &scriptRun{got: map[string][]received{}, network: n, lan: lan}
	ports := map[string]nx.UINT{"client": 50000, "server": 4433}
	for _, name := range []string{"client", "server"} {
		name := name
		peer := "server"
		if name == "server" {
			peer = "client"
		}
		var pool packetpool.Pool
		var ip netx.IP
		var sock netx.UDPSocket
		var sender, receiver rtos.Thread
		arp := make([]byte, 520)
		e.AddKernel(name, func([]byte) {
			require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&pool, "pool", 1536, make([]byte, 32*1600)))
			require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&ip, "ip", scriptAddrs[name], 0xFFFFFF00, &pool, lan.Driver, make([]byte, 2048), 2))
			netx.ARPEnable(&ip, arp)
			netx.ARPStaticEntryCreate(&ip, scriptAddrs[peer], 0x0200, map[string]nx.ULONG{"client": 1, "server": 2}[peer])
			netx.UDPEnable(&ip)
			for _, f := range setup {
				f(name, &ip)
			}
			netx.UDPSocketCreate(&ip, &sock, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 64)
			rtos.ThreadCreate(&receiver, "receiver", func(nx.ULONG) {
				require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&sock, ports[name], nx.NX_WAIT_FOREVER))
				for {
					var pkt *packetpool.Packet
					if netx.UDPSocketReceive(&sock, &pkt, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
						return
					}
					buf := make([]byte, pkt.NxPacketLength)
					var n nx.ULONG
					packetpool.DataRetrieve(pkt, buf, &n)
					packetpool.Release(pkt)
					r.got[name] = append(r.got[name], received{rtos.TimeGet(), buf})
				}
			}, 0, make([]byte, 2048), 5, 5, 0, nx.TX_AUTO_START)
			rtos.ThreadCreate(&sender, "sender", func(nx.ULONG) {
				to := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
				to.NxdIPAddress.V4 = scriptAddrs[peer]
				for _, s := range scripts[name] {
					if now := rtos.TimeGet(); s.tick > now {
						rtos.ThreadSleep(s.tick - now)
					}
					var pkt *packetpool.Packet
					packetpool.Allocate(&pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER)
					packetpool.DataAppend(pkt, s.payload, &pool, nx.NX_WAIT_FOREVER)
					if netx.UDPSocketSend(&sock, pkt, to, ports[peer]) != nx.NX_SUCCESS {
						packetpool.Release(pkt)
					}
				}
				rtos.ThreadSleep(nx.ULONG(d / (10 * time.Millisecond)))
				netx.UDPSocketUnbind(&sock)
			}, 0, make([]byte, 2048), 10, 10, 0, nx.TX_AUTO_START)
		})
	}
	if configure != nil {
		require.NoError(t, configure(n, lan))
	}
	require.NoError(t, e.RunFor(d+time.Second))
	require.NoError(t, n.CaptureErr())
	r.capture, r.trace = capture.Bytes(), trace.String()
	return r
}

// block is one pcapng block of a capture: its type, and for packets the
// frame and comment.
type block struct {
	kind    uint32
	iface   uint32        // the interface of a packet (0: the wire of the first segment)
	at      time.Duration // a packet's virtual instant
	name    string        // an interface's name
	frame   []byte
	comment string
	secrets string
}

// blocks walks a pcapng file block by block (little endian, as written).
func blocks(t *testing.T, file []byte) []block {
	var out []block
	le := binary.LittleEndian
	for len(file) >= 12 {
		kind, total := le.Uint32(file[0:]), int(le.Uint32(file[4:]))
		require.True(t, total >= 12 && total <= len(file) && total%4 == 0, "block length %d", total)
		body := file[8 : total-4]
		b := block{kind: kind}
		switch kind {
		case 1:
			b.name = optionValue(body[8:], 2) // if_name
		case 6:
			b.iface = le.Uint32(body[0:])
			b.at = time.Duration(uint64(le.Uint32(body[4:]))<<32|uint64(le.Uint32(body[8:]))) - time.Duration(sim.CaptureEpoch.UnixNano())
			capLen := int(le.Uint32(body[12:]))
			b.frame = body[20 : 20+capLen]
			b.comment = optionValue(body[20+capLen+(4-capLen%4)%4:], 1) // opt_comment
		case 10:
			b.secrets = string(body[8 : 8+le.Uint32(body[4:])])
		}
		out = append(out, b)
		file = file[total:]
	}
	require.Empty(t, file)
	return out
}

// optionValue returns the value of a pcapng option in a block's options
// ("" if absent).
func optionValue(opts []byte, want uint16) string {
	le := binary.LittleEndian
	for len(opts) >= 4 {
		code, n := le.Uint16(opts[0:]), int(le.Uint16(opts[2:]))
		if code == 0 {
			break
		}
		if code == want {
			return string(opts[4 : 4+n])
		}
		opts = opts[4+n+(4-n%4)%4:]
	}
	return ""
}

// capturedFrame is a UDP datagram at a capture point.
type capturedFrame struct {
	at      time.Duration
	payload []byte
	comment string
}

// at returns the UDP datagrams captured at the named point, in file order.
func capturedOn(t *testing.T, file []byte, point string) []capturedFrame {
	var out []capturedFrame
	ids := map[string]uint32{}
	for _, b := range blocks(t, file) {
		switch b.kind {
		case 1:
			ids[b.name] = uint32(len(ids))
		case 6:
			if id, ok := ids[point]; ok && id == b.iface {
				if p := udpPayload(b.frame); p != nil {
					out = append(out, capturedFrame{b.at, p, b.comment})
				}
			}
		}
	}
	return out
}

// udpPayload returns the UDP payload of a captured IPv4 frame (nil for
// other frames).
func udpPayload(frame []byte) []byte {
	if len(frame) < 42 || binary.BigEndian.Uint16(frame[12:]) != 0x0800 || frame[23] != 17 {
		return nil
	}
	udpLen := int(binary.BigEndian.Uint16(frame[38:]))
	return frame[42 : 34+udpLen]
}

// captured returns the UDP datagrams of the capture's wire view (the first
// interface) with their comments.
func captured(t *testing.T, file []byte) (payloads [][]byte, comments []string) {
	return capturedAt(t, file, 0)
}

// capturedAt returns the UDP datagrams captured on one interface with their
// comments.
func capturedAt(t *testing.T, file []byte, iface uint32) (payloads [][]byte, comments []string) {
	for _, b := range blocks(t, file) {
		if p := udpPayload(b.frame); p != nil && b.iface == iface {
			payloads = append(payloads, p)
			comments = append(comments, b.comment)
		}
	}
	return
}

func describe(got []received) string {
	var parts []string
	for _, g := range got {
		parts = append(parts, fmt.Sprintf("%d:%x", g.tick, g.payload[:1]))
	}
	return strings.Join(parts, " ")
}
