package sim_test

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/google/gopacket"
	"github.com/google/gopacket/layers"
	"github.com/google/gopacket/pcapgo"
	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/packetpool/pooltest"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// device is one emulated board on a segment.
type device struct {
	pool packetpool.Pool
	ip   netx.IP
	sock netx.UDPSocket
	app  rtos.Thread
	arp  [1024]byte
}

// exchange runs two devices that trade count datagrams each way over IPv4
// (and one each way over IPv6 with static neighbours), capturing to w.
func exchange(t *testing.T, seed uint64, w *bytes.Buffer, count int) *sim.Network {
	e := rtos.NewEngine(seed)
	t.Cleanup(e.Close)
	pooltest.Verify(t, e)
	n := sim.NewNetwork(e)
	lan := n.Segment("lan")
	lan.Latency = 200 * time.Microsecond
	require.NoError(t, n.Capture(w))
	addrs := []nx.ULONG{nx.IP_ADDRESS(10, 0, 0, 1), nx.IP_ADDRESS(10, 0, 0, 2)}
	v6 := [][4]nx.ULONG{{0xFE800000, 0, 0, 1}, {0xFE800000, 0, 0, 2}}
	for i := range addrs {
		d := &device{}
		me, peer := i, 1-i
		e.AddKernel(fmt.Sprintf("dev%d", i), func([]byte) {
			require.Equal(t, nx.NX_SUCCESS, packetpool.PoolCreate(&d.pool, "pool", 1536, make([]byte, 16*1600)))
			require.Equal(t, nx.NX_SUCCESS, netx.IPCreate(&d.ip, "ip", addrs[me], 0xFFFFFF00, &d.pool, lan.Driver, make([]byte, 2048), 2))
			require.Equal(t, nx.NX_SUCCESS, netx.ARPEnable(&d.ip, d.arp[:]))
			require.Equal(t, nx.NX_SUCCESS, netx.UDPEnable(&d.ip))
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6Enable(&d.ip))
			var a nx.NXDAddress
			a.NxdIPVersion, a.NxdIPAddress.V6 = nx.NX_IP_VERSION_V6, v6[me]
			require.Equal(t, nx.NX_SUCCESS, netx.IPv6AddressSet(&d.ip, 0, &a, 10, nil))
			require.Equal(t, nx.NX_SUCCESS, netx.NDCacheEntrySet(&d.ip, v6[peer][:], 0, []byte{2, 0, 0, 0, 0, byte(peer + 1)}))
			rtos.ThreadCreate(&d.app, "app", func(nx.ULONG) {
				rtos.ThreadSleep(1)
				require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketCreate(&d.ip, &d.sock, "s", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 16))
				require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketBind(&d.sock, nx.UINT(5000+me), nx.NX_NO_WAIT))
				to4 := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
				to4.NxdIPAddress.V4 = addrs[peer]
				to6 := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
				to6.NxdIPAddress.V6 = v6[peer]
				for k := 0; k <= count; k++ {
					to, msg := to4, fmt.Sprintf("dev%d says %d over IPv4", me, k)
					if k == count {
						to, msg = to6, fmt.Sprintf("dev%d says hello over IPv6", me)
					}
					var pkt *packetpool.Packet
					packetpool.Allocate(&d.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER)
					packetpool.DataAppend(pkt, []byte(msg), &d.pool, nx.NX_WAIT_FOREVER)
					require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketSend(&d.sock, pkt, to, nx.UINT(5000+peer)))
					rtos.ThreadSleep(2)
				}
				for k := 0; k <= count; k++ {
					var pkt *packetpool.Packet
					require.Equal(t, nx.NX_SUCCESS, netx.UDPSocketReceive(&d.sock, &pkt, 100))
					packetpool.Release(pkt)
				}
				netx.UDPSocketUnbind(&d.sock)
				netx.UDPSocketDelete(&d.sock)
			}, 0, make([]byte, 2048), 10, 10, 0, nx.TX_AUTO_START)
		})
	}
	require.NoError(t, e.RunFor(2*time.Second))
	require.NoError(t, n.CaptureErr())
	return n
}

// The capture reads back with gopacket: every frame decodes, its IP and UDP
// checksums are right, ARP resolution is there, and the payloads are the
// datagrams sent.
func TestCaptureDecodesWithValidChecksums(t *testing.T) {
	var buf bytes.Buffer
	exchange(t, 1, &buf, 3)
	r, err := pcapgo.NewNgReader(bytes.NewReader(buf.Bytes()), pcapgo.DefaultNgReaderOptions)
	require.NoError(t, err)
	var arps, udp4, udp6 int
	var payloads []string
	for {
		data, ci, err := r.ReadPacketData()
		if err != nil {
			break
		}
		p := gopacket.NewPacket(data, layers.LinkTypeEthernet, gopacket.Default)
		require.Nil(t, p.ErrorLayer(), "frame decodes")
		if ci.InterfaceIndex != 0 {
			continue // a receive side (see TestReceiversView)
		}
		if a, ok := p.Layer(layers.LayerTypeARP).(*layers.ARP); ok {
			arps++
			assert.Contains(t, []uint16{layers.ARPRequest, layers.ARPReply}, a.Operation)
			continue
		}
		u := p.Layer(layers.LayerTypeUDP).(*layers.UDP)
		payloads = append(payloads, string(u.Payload))
		if ip4, ok := p.Layer(layers.LayerTypeIPv4).(*layers.IPv4); ok {
			udp4++
			assertChecksums(t, ip4, u)
		} else {
			udp6++
			ip6 := p.Layer(layers.LayerTypeIPv6).(*layers.IPv6)
			assertChecksums(t, ip6, u)
		}
	}
	// Both send at the same tick, before either request has arrived: each
	// resolves the other.
	assert.Equal(t, 4, arps, "two requests, two replies")
	assert.Equal(t, 6, udp4)
	assert.Equal(t, 2, udp6)
	assert.Contains(t, payloads, "dev0 says 0 over IPv4")
	assert.Contains(t, payloads, "dev1 says hello over IPv6")
}

// assertChecksums re-serializes the layers with checksums computed by
// gopacket and compares them with what NetX put on the wire.
func assertChecksums(t *testing.T, network gopacket.NetworkLayer, u *layers.UDP) {
	t.Helper()
	require.NoError(t, u.SetNetworkLayerForChecksum(network))
	got := u.Checksum
	buf := gopacket.NewSerializeBuffer()
	require.NoError(t, gopacket.SerializeLayers(buf, gopacket.SerializeOptions{ComputeChecksums: true}, u, gopacket.Payload(u.Payload)))
	want := uint16(buf.Bytes()[6])<<8 | uint16(buf.Bytes()[7])
	assert.Equal(t, want, got, "UDP checksum")
	if ip4, ok := network.(*layers.IPv4); ok {
		h := ip4.Contents
		var sum uint32
		for i := 0; i+1 < len(h); i += 2 {
			sum += uint32(h[i])<<8 | uint32(h[i+1])
		}
		for sum>>16 != 0 {
			sum = sum&0xFFFF + sum>>16
		}
		assert.Equal(t, uint32(0xFFFF), sum, "IPv4 header checksum")
	}
}

func TestSameRunSameCaptureBytes(t *testing.T) {
	var a, b, c bytes.Buffer
	exchange(t, 1, &a, 3)
	exchange(t, 1, &b, 3)
	exchange(t, 1, &c, 4)
	assert.Equal(t, a.Bytes(), b.Bytes())
	assert.NotEqual(t, a.Bytes(), c.Bytes())
}

// Where tshark is installed (CI installs it), it reads the file with no
// warnings and shows the UDP payloads.
func TestTsharkReadsTheCapture(t *testing.T) {
	if _, err := exec.LookPath("tshark"); err != nil {
		t.Skip("tshark is not installed")
	}
	var buf bytes.Buffer
	exchange(t, 1, &buf, 3)
	file := filepath.Join(t.TempDir(), "lan.pcapng")
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))
	out, err := exec.Command("tshark", "-r", file, "-Y", "frame.interface_id == 0", "-o", "ip.check_checksum:TRUE", "-o", "udp.check_checksum:TRUE",
		"-T", "fields", "-e", "_ws.expert", "-e", "udp.payload", "-e", "ip.checksum.status", "-e", "udp.checksum.status").Output()
	require.NoError(t, err)
	lines := strings.Split(strings.TrimRight(string(out), "\n"), "\n")
	assert.Len(t, lines, 12)
	var payloads []string
	for _, l := range lines {
		f := strings.Split(l, "\t")
		assert.Empty(t, f[0], "no expert info (warnings) in %q", l)
		if f[1] != "" {
			payloads = append(payloads, f[1])
			assert.NotEqual(t, "0", f[3], "UDP checksum not bad in %q", l)
		}
		if f[2] != "" {
			assert.Equal(t, "1", f[2], "IPv4 checksum good in %q", l)
		}
	}
	assert.Contains(t, payloads, fmt.Sprintf("%x", "dev1 says 2 over IPv4"))
	assert.Len(t, payloads, 8)
}
