// Package udpecho is two emulated devices on one simulated Ethernet segment:
// a client that sends numbered datagrams to a server's UDP echo thread and
// counts the answers, over IPv4 with ARP, captured as pcapng.
package udpecho

import (
	"fmt"
	"io"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
)

// Addresses and port of the example.
var (
	ServerAddress = nx.IP_ADDRESS(192, 168, 1, 2)
	ClientAddress = nx.IP_ADDRESS(192, 168, 1, 3)
)

// EchoPort is the server's UDP port.
const EchoPort = 7

// Result is what one run did.
type Result struct {
	Sent, Echoed int
	TraceHash    uint64
}

// Board is one device: a packet pool, an IP instance with ARP and UDP, a
// socket and the application thread.
type Board struct {
	pool   packetpool.Pool
	ip     netx.IP
	socket netx.UDPSocket
	thread rtos.Thread
	arp    [10 * 52]byte
}

// Define returns the board's tx_application_define: pool, IP instance on
// the segment, ARP, UDP, and the application thread running app.
func (b *Board) Define(lan *sim.Segment, address nx.ULONG, app func(b *Board)) func([]byte) {
	return func(mem []byte) {
		// Carve the device's memory as a C application carves
		// first_unused_memory.
		take := func(n int) []byte { b := mem[:n:n]; mem = mem[n:]; return b }
		netx.SystemInitialize()
		packetpool.PoolCreate(&b.pool, "pool", 1536, take(16*1600))
		netx.IPCreate(&b.ip, "ip", address, 0xFFFFFF00, &b.pool, lan.Driver, take(2048), 1)
		netx.ARPEnable(&b.ip, b.arp[:])
		netx.UDPEnable(&b.ip)
		rtos.ThreadCreate(&b.thread, "app", func(nx.ULONG) { app(b) }, 0, take(2048), 10, 10, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	}
}

// Run runs the example for rounds datagrams, writing the capture to
// capture (nil: none).
func Run(seed uint64, capture io.Writer, rounds int) (Result, error) {
	var res Result
	e := rtos.NewEngine(seed)
	defer e.Close()
	network := sim.NewNetwork(e)
	lan := network.Segment("lan")
	lan.Latency = 100 * time.Microsecond
	if capture != nil {
		if err := network.Capture(capture); err != nil {
			return res, err
		}
	}
	var server, client Board
	e.AddKernel("server", server.Define(lan, ServerAddress, Serve))
	e.AddKernel("client", client.Define(lan, ClientAddress, func(b *Board) {
		res.Sent, res.Echoed = Ask(b, rounds)
	}))
	if err := e.RunFor(time.Duration(rounds+5) * time.Second); err != nil {
		return res, err
	}
	if err := network.CaptureErr(); err != nil {
		return res, err
	}
	res.TraceHash = e.TraceHash()
	return res, packetpool.CheckFull(e)
}

// Serve is the server's application: it echoes every datagram back to its
// sender.
func Serve(b *Board) {
	netx.UDPSocketCreate(&b.ip, &b.socket, "echo", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 8)
	netx.UDPSocketBind(&b.socket, EchoPort, nx.NX_WAIT_FOREVER)
	for {
		var pkt *packetpool.Packet
		if netx.UDPSocketReceive(&b.socket, &pkt, nx.NX_WAIT_FOREVER) != nx.NX_SUCCESS {
			return
		}
		var from nx.NXDAddress
		var port nx.UINT
		netx.UDPSourceExtract(pkt, &from, &port)
		// The received packet goes back out: its headroom holds the new headers.
		if netx.UDPSocketSend(&b.socket, pkt, &from, port) != nx.NX_SUCCESS {
			packetpool.Release(pkt)
		}
	}
}

// Ask is the client's application: it sends rounds numbered datagrams to
// the server, one a second, and counts the echoes.
func Ask(b *Board, rounds int) (sent, echoed int) {
	netx.UDPSocketCreate(&b.ip, &b.socket, "client", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, 8)
	netx.UDPSocketBind(&b.socket, nx.NX_ANY_PORT, nx.NX_WAIT_FOREVER)
	defer func() {
		netx.UDPSocketUnbind(&b.socket)
		netx.UDPSocketDelete(&b.socket)
	}()
	server := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	server.NxdIPAddress.V4 = ServerAddress
	for i := 0; i < rounds; i++ {
		var pkt *packetpool.Packet
		packetpool.Allocate(&b.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER)
		packetpool.DataAppend(pkt, []byte(fmt.Sprintf("echo %d", i)), &b.pool, nx.NX_WAIT_FOREVER)
		if netx.UDPSocketSend(&b.socket, pkt, server, EchoPort) != nx.NX_SUCCESS {
			packetpool.Release(pkt)
			continue
		}
		sent++
		var reply *packetpool.Packet
		if netx.UDPSocketReceive(&b.socket, &reply, nx.NX_IP_PERIODIC_RATE) == nx.NX_SUCCESS {
			echoed++
			packetpool.Release(reply)
		}
		rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
	}
	return sent, echoed
}
