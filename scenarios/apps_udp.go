package scenarios

import (
	"fmt"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// The built-in UDP applications. Each runs one thread at priority
// appPriority with a stack from the device's memory, and reports every
// service call's status and what it sent and received.

const (
	appPriority  = 10
	appStackSize = 2048
)

func init() {
	Register("udp-server", UDPServerParams{Port: 7, Echo: true}, udpServer)
	Register("udp-client", UDPClientParams{Port: 7, Count: 10, Interval: Duration(1e9), Size: 32}, udpClient)
	Register("raw-sender", RawSenderParams{Port: 7, Count: 100, Interval: Duration(1e8), MinSize: 1, MaxSize: 64}, rawSender)
}

// UDPServerParams are the parameters of "udp-server": it binds Port and
// receives forever, echoing each datagram back to its sender when Echo.
type UDPServerParams struct {
	Port uint16 `yaml:"port"`
	Echo bool   `yaml:"echo"`
}

// UDPClientParams are the parameters of "udp-client": Count datagrams of
// Size bytes to device To's Port, one every Interval from Start on; with
// ReplyTimeout it waits that long for each reply (a request/response
// client) and counts replies and timeouts.
type UDPClientParams struct {
	To           string   `yaml:"to"`
	Port         uint16   `yaml:"port"`
	Count        int      `yaml:"count"`
	Interval     Duration `yaml:"interval"`
	Start        Duration `yaml:"start"`
	Size         int      `yaml:"size"`
	ReplyTimeout Duration `yaml:"reply_timeout"`
}

// Check checks the destination and sizes.
func (p *UDPClientParams) Check(s *Scenario) error {
	return checkSender(s, p.To, p.Count, p.Size, p.Size)
}

// RawSenderParams are the parameters of "raw-sender", a hostile peer:
// Count datagrams of random bytes, MinSize to MaxSize long, to device To's
// Port, one every Interval from Start on — from one source port, or from a
// new one each time with RotatePorts.
type RawSenderParams struct {
	To          string   `yaml:"to"`
	Port        uint16   `yaml:"port"`
	Count       int      `yaml:"count"`
	Interval    Duration `yaml:"interval"`
	Start       Duration `yaml:"start"`
	MinSize     int      `yaml:"min_size"`
	MaxSize     int      `yaml:"max_size"`
	RotatePorts bool     `yaml:"rotate_ports"`
}

// Check checks the destination and sizes.
func (p *RawSenderParams) Check(s *Scenario) error {
	return checkSender(s, p.To, p.Count, p.MinSize, p.MaxSize)
}

func checkSender(s *Scenario, to string, count, minSize, maxSize int) error {
	switch {
	case s.device(to) == nil:
		return fmt.Errorf("to: no device named %q", to)
	case count < 0:
		return fmt.Errorf("count: cannot be negative")
	case minSize < 0 || maxSize < minSize || maxSize > 65507:
		return fmt.Errorf("sizes must satisfy 0 ≤ min ≤ max ≤ 65507 (got %d..%d)", minSize, maxSize)
	}
	return nil
}

// thread creates the application's thread running body.
func (d *Device) thread(name string, body func()) {
	t := new(rtos.Thread)
	d.mustSucceed("tx_thread_create", rtos.ThreadCreate(t, name, func(nx.ULONG) { body() }, 0, d.Take(appStackSize),
		appPriority, appPriority, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
}

// Ticks converts a virtual-time span to the device's ticks, rounded up;
// callable from tx_application_define on.
func (d *Device) Ticks(span Duration) nx.ULONG {
	tps := int64(nx.TX_TIMER_TICKS_PER_SECOND)
	if d.def.TicksPerSecond != 0 {
		tps = int64(d.def.TicksPerSecond)
	}
	return nx.ULONG((int64(span)*tps + 1e9 - 1) / 1e9)
}

// sleep sleeps span (nothing for zero).
func (d *Device) sleep(span Duration) {
	if t := d.Ticks(span); t > 0 {
		d.Status("tx_thread_sleep", rtos.ThreadSleep(t))
	}
}

// socket creates and binds a UDP socket.
func (d *Device) socket(s *netx.UDPSocket, port nx.UINT) bool {
	return d.Status("nx_udp_socket_create", netx.UDPSocketCreate(&d.IP, s, d.def.Name+" socket", nx.NX_IP_NORMAL,
		nx.NX_FRAGMENT_OKAY, nx.NX_IP_TIME_TO_LIVE, d.UDPQueueMaximum())) == nx.NX_SUCCESS &&
		d.Status("nx_udp_socket_bind", netx.UDPSocketBind(s, port, nx.NX_WAIT_FOREVER)) == nx.NX_SUCCESS
}

// closeSocket unbinds and deletes a socket.
func (d *Device) closeSocket(s *netx.UDPSocket) {
	d.Status("nx_udp_socket_unbind", netx.UDPSocketUnbind(s))
	d.Status("nx_udp_socket_delete", netx.UDPSocketDelete(s))
}

// send sends payload from s to the device's peer; the packet goes back to
// the pool when the send fails, as a C application must do.
func (d *Device) send(s *netx.UDPSocket, to nx.ULONG, port uint16, payload []byte) bool {
	var pkt *packetpool.Packet
	if d.Status("nx_packet_allocate", packetpool.Allocate(&d.Pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER)) != nx.NX_SUCCESS {
		return false
	}
	if d.Status("nx_packet_data_append", packetpool.DataAppend(pkt, payload, &d.Pool, nx.NX_WAIT_FOREVER)) != nx.NX_SUCCESS {
		d.Status("nx_packet_release", packetpool.Release(pkt))
		return false
	}
	addr := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	addr.NxdIPAddress.V4 = to
	if d.Status("nx_udp_socket_send", netx.UDPSocketSend(s, pkt, addr, nx.UINT(port))) != nx.NX_SUCCESS {
		d.Status("nx_packet_release", packetpool.Release(pkt))
		return false
	}
	d.Count("datagrams_sent", 1)
	d.Count("bytes_sent", uint64(len(payload)))
	return true
}

func udpServer(d *Device, p *UDPServerParams) {
	d.thread("udp-server", func() {
		var s netx.UDPSocket
		if !d.socket(&s, nx.UINT(p.Port)) {
			return
		}
		for {
			var pkt *packetpool.Packet
			if d.Status("nx_udp_socket_receive", netx.UDPSocketReceive(&s, &pkt, nx.NX_WAIT_FOREVER)) != nx.NX_SUCCESS {
				continue
			}
			d.Count("datagrams_received", 1)
			d.Count("bytes_received", uint64(pkt.NxPacketLength))
			if !p.Echo {
				d.Status("nx_packet_release", packetpool.Release(pkt))
				continue
			}
			var from nx.NXDAddress
			var port nx.UINT
			d.Status("nx_udp_source_extract", netx.UDPSourceExtract(pkt, &from, &port))
			// The received packet goes back out: its headroom holds the new headers.
			if d.Status("nx_udp_socket_send", netx.UDPSocketSend(&s, pkt, &from, port)) != nx.NX_SUCCESS {
				d.Status("nx_packet_release", packetpool.Release(pkt))
				continue
			}
			d.Count("datagrams_echoed", 1)
		}
	})
}

// sender starts a sending application's thread: body runs after start,
// with the address of the device it sends to.
func (d *Device) sender(name, to string, start Duration, body func(to nx.ULONG)) {
	d.thread(name, func() {
		addr, _ := d.AddressOf(to)
		d.sleep(start)
		body(addr)
	})
}

func udpClient(d *Device, p *UDPClientParams) {
	d.sender("udp-client", p.To, p.Start, func(to nx.ULONG) {
		var s netx.UDPSocket
		if !d.socket(&s, nx.NX_ANY_PORT) {
			return
		}
		defer d.closeSocket(&s)
		payload := make([]byte, p.Size)
		for i := 0; i < p.Count; i++ {
			copy(payload, fmt.Sprintf("%s %d ", d.def.Name, i))
			if d.send(&s, to, p.Port, payload) && p.ReplyTimeout > 0 {
				d.awaitReply(&s, d.Ticks(p.ReplyTimeout))
			}
			d.sleep(p.Interval)
		}
	})
}

// awaitReply waits for one reply and counts it, or the timeout.
func (d *Device) awaitReply(s *netx.UDPSocket, wait nx.ULONG) {
	var reply *packetpool.Packet
	d.countReply(d.Status("nx_udp_socket_receive", netx.UDPSocketReceive(s, &reply, wait)), reply)
}

// countReply counts what a receive with a wait returned: a reply (released
// here) or a timeout.
func (d *Device) countReply(st nx.Status, reply *packetpool.Packet) {
	switch st {
	case nx.NX_SUCCESS:
		d.Count("replies", 1)
		d.Count("reply_bytes", uint64(reply.NxPacketLength))
		d.Status("nx_packet_release", packetpool.Release(reply))
	case nx.NX_NO_PACKET:
		d.Count("timeouts", 1)
	}
}

func rawSender(d *Device, p *RawSenderParams) {
	d.sender("raw-sender", p.To, p.Start, func(to nx.ULONG) {
		var s netx.UDPSocket
		bound := false
		for i := 0; i < p.Count; i++ {
			if !bound {
				if bound = d.socket(&s, nx.NX_ANY_PORT); !bound {
					return
				}
			}
			payload := make([]byte, p.MinSize+d.stream.IntN(p.MaxSize-p.MinSize+1))
			for j := range payload {
				payload[j] = byte(d.stream.Uint32())
			}
			d.send(&s, to, p.Port, payload)
			if p.RotatePorts {
				d.closeSocket(&s)
				bound = false
			}
			d.sleep(p.Interval)
		}
		if bound {
			d.closeSocket(&s)
		}
	})
}
