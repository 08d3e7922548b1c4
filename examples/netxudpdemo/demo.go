// Package netxudpdemo is NetX Duo's samples/demo_netx_duo_udp.c ported line
// by line: one device with two IP instances (1.2.3.4 and 1.2.3.5, and
// 2001::1 and 2001::2) on one Ethernet segment, ARP, IPv6, ICMP and UDP
// enabled and no static neighbours; thread 0 sends "ABCDEFGHIJKLMNOPQRSTUVWXYZ "
// to port 0x89 as fast as it can, alternating IPv6 and IPv4, and thread 1
// receives and counts. The C demo's RAM driver becomes a sim segment.
package netxudpdemo

import (
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
)

// The demo's macros.
const (
	demoStackSize = 2048
	packetSize    = 1536
)

// demoData is DEMO_DATA; the C demo appends sizeof(DEMO_DATA), its
// terminating NUL included.
var demoData = []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZ \x00")

// Demo is the C demo's globals.
type Demo struct {
	thread0, thread1 rtos.Thread
	pool0            packetpool.Pool
	ip0, ip1         netx.IP
	socket0, socket1 netx.UDPSocket
	poolBuffer       []byte // pool_buffer: POOL_SIZE bytes

	Thread0Counter nx.ULONG // thread_0_counter: datagrams sent
	Thread1Counter nx.ULONG // thread_1_counter: datagrams received
	ErrorCounter   nx.ULONG // error_counter
}

// ApplicationDefine is tx_application_define, on the segment lan.
func (d *Demo) ApplicationDefine(lan *sim.Segment) func(firstUnusedMemory []byte) {
	return func(firstUnusedMemory []byte) {
		pointer := firstUnusedMemory
		take := func(n int) []byte { b := pointer[:n:n]; pointer = pointer[n:]; return b }

		// Create the main thread.
		rtos.ThreadCreate(&d.thread0, "thread 0", d.thread0Entry, 0, take(demoStackSize), 4, 4, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
		rtos.ThreadCreate(&d.thread1, "thread 1", d.thread1Entry, 0, take(demoStackSize), 3, 3, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)

		// Initialize the NetX system.
		netx.SystemInitialize()

		// Create a packet pool of POOL_SIZE = 16 * (sizeof(NX_PACKET) + PACKET_SIZE).
		d.poolBuffer = make([]byte, 16*(packetpool.PacketHeaderSize+packetSize))
		if packetpool.PoolCreate(&d.pool0, "NetX Main Packet Pool", packetSize, d.poolBuffer[:]) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}

		// Create an IP instance, and another.
		status := netx.IPCreate(&d.ip0, "NetX IP Instance 0", nx.IP_ADDRESS(1, 2, 3, 4), 0xFFFFF000, &d.pool0, lan.Driver, take(2048), 1)
		status += netx.IPCreate(&d.ip1, "NetX IP Instance 1", nx.IP_ADDRESS(1, 2, 3, 5), 0xFFFFF000, &d.pool0, lan.Driver, take(2048), 1)
		if status != nx.NX_SUCCESS {
			d.ErrorCounter++
		}

		// Enable ARP and supply ARP cache memory for both instances.
		status = netx.ARPEnable(&d.ip0, take(1024))
		status += netx.ARPEnable(&d.ip1, take(1024))
		if status != nx.NX_SUCCESS {
			d.ErrorCounter++
		}

		// Enable IPv6.
		if netx.IPv6Enable(&d.ip0) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}
		if netx.IPv6Enable(&d.ip1) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}

		// Enable ICMP.
		if netx.ICMPEnable(&d.ip0) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}
		if netx.ICMPEnable(&d.ip1) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}

		// Enable UDP traffic.
		status = netx.UDPEnable(&d.ip0)
		status += netx.UDPEnable(&d.ip1)
		if status != nx.NX_SUCCESS {
			d.ErrorCounter++
		}

		// Set the global addresses: nxd_ipv6_global_address_set is a macro
		// for nxd_ipv6_address_set on interface 0 (nx_api.h).
		ipAddress := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
		ipAddress.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 1}
		if netx.IPv6AddressSet(&d.ip0, 0, &ipAddress, 64, nil) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}
		ipAddress.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 2}
		if netx.IPv6AddressSet(&d.ip1, 0, &ipAddress, 64, nil) != nx.NX_SUCCESS {
			d.ErrorCounter++
		}
		// As in the C demo, no link-local address is set.
	}
}

// thread0Entry sends, alternating IPv6 (even counts) and IPv4.
func (d *Demo) thread0Entry(nx.ULONG) {
	// Let the IP threads and thread 1 execute, then wait for IPv6 DAD.
	rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
	rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)

	ipv4Address := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	ipv4Address.NxdIPAddress.V4 = nx.IP_ADDRESS(1, 2, 3, 5)
	ipv6Address := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	ipv6Address.NxdIPAddress.V6 = [4]nx.ULONG{0x20010000, 0, 0, 2}

	// Create a UDP socket and bind it to port 0x88.
	if netx.UDPSocketCreate(&d.ip0, &d.socket0, "Socket 0", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5) != nx.NX_SUCCESS {
		d.ErrorCounter++
		return
	}
	if netx.UDPSocketBind(&d.socket0, 0x88, nx.TX_WAIT_FOREVER) != nx.NX_SUCCESS {
		d.ErrorCounter++
		return
	}
	// Disable checksum logic for this socket.
	netx.UDPSocketChecksumDisable(&d.socket0)
	// Setup the ARP entry for the UDP send.
	netx.ARPDynamicEntrySet(&d.ip0, nx.IP_ADDRESS(1, 2, 3, 5), 0, 0)

	for {
		var myPacket *packetpool.Packet
		if packetpool.Allocate(&d.pool0, &myPacket, nx.NX_UDP_PACKET, nx.TX_WAIT_FOREVER) != nx.NX_SUCCESS {
			break
		}
		// Write ABCs into the packet payload.
		packetpool.DataAppend(myPacket, demoData, &d.pool0, nx.TX_WAIT_FOREVER)
		var status nx.Status
		if d.Thread0Counter&1 != 0 {
			status = netx.UDPSocketSend(&d.socket0, myPacket, &ipv4Address, 0x89)
		} else {
			status = netx.UDPSocketSend(&d.socket0, myPacket, &ipv6Address, 0x89)
		}
		if status != nx.NX_SUCCESS {
			d.ErrorCounter++
			break
		}
		d.Thread0Counter++
	}
}

// thread1Entry receives and counts.
func (d *Demo) thread1Entry(nx.ULONG) {
	rtos.ThreadSleep(nx.NX_IP_PERIODIC_RATE)
	// Wait for IPv6 DAD.
	rtos.ThreadSleep(5 * nx.NX_IP_PERIODIC_RATE)

	if netx.UDPSocketCreate(&d.ip1, &d.socket1, "Socket 1", nx.NX_IP_NORMAL, nx.NX_FRAGMENT_OKAY, 0x80, 5) != nx.NX_SUCCESS {
		d.ErrorCounter++
		return
	}
	if netx.UDPSocketBind(&d.socket1, 0x89, nx.TX_WAIT_FOREVER) != nx.NX_SUCCESS {
		d.ErrorCounter++
		return
	}
	for {
		var myPacket *packetpool.Packet
		if netx.UDPSocketReceive(&d.socket1, &myPacket, nx.TX_WAIT_FOREVER) != nx.NX_SUCCESS {
			break
		}
		if packetpool.Release(myPacket) != nx.NX_SUCCESS {
			break
		}
		d.Thread1Counter++
	}
}

// Run runs the demo on a fresh engine, on the default CPU profile, for d of
// virtual time; then thread 0 is suspended (from an interrupt) and the run
// goes on long enough for what it sent to arrive. It returns the counters,
// and an error if the run failed or a packet is not back in the pool at the
// end; the engine is closed.
func Run(seed uint64, d time.Duration) (*Demo, error) {
	e := rtos.NewEngine(seed)
	defer e.Close()
	lan := sim.NewNetwork(e).Segment("lan")
	demo := &Demo{}
	k := e.AddKernel("demo", demo.ApplicationDefine(lan))
	k.Interrupt(d, func() { rtos.ThreadSuspend(&demo.thread0) })
	if err := e.RunFor(d + 100*time.Millisecond); err != nil {
		return demo, err
	}
	return demo, packetpool.CheckFull(e)
}
