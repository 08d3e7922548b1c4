package scenarios

import (
	"fmt"
	"math/rand/v2"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Device is one running device as its application sees it: the board the
// runner built from the scenario (a packet pool and an IP instance with ARP
// and UDP on the device's segment), its memory, and the runner's books
// (counters and the status of every service call the application reports).
type Device struct {
	// Pool is the device's default NX_PACKET_POOL.
	Pool packetpool.Pool
	// IP is the device's NX_IP, created with the segment's driver.
	IP netx.IP

	def    *DeviceDef
	run    *run
	memory []byte
	arp    []byte
	stream *rand.Rand
}

// Name returns the device's name in the scenario.
func (d *Device) Name() string { return d.def.Name }

// Address returns the device's IPv4 address.
func (d *Device) Address() nx.ULONG { return d.run.addresses[d.def.Name] }

// AddressOf returns the IPv4 address of another device of the scenario.
func (d *Device) AddressOf(device string) (nx.ULONG, bool) {
	a, ok := d.run.addresses[device]
	return a, ok
}

// Take carves n bytes off the device's first unused memory, as a C
// application carves thread stacks from first_unused_memory; it panics
// (ending the run with an error naming the device) when memory runs out.
func (d *Device) Take(n int) []byte {
	if n > len(d.memory) {
		panic(fmt.Sprintf("device %q: out of first_unused_memory (%d bytes wanted, %d left)", d.def.Name, n, len(d.memory)))
	}
	b := d.memory[:n:n]
	d.memory = d.memory[n:]
	return b
}

// Stream returns the device application's random stream, derived from the
// scenario's seed and the device's name.
func (d *Device) Stream() *rand.Rand { return d.stream }

// Count adds delta to the device's application counter name; it appears in
// the result as "DEVICE.app.NAME".
func (d *Device) Count(name string, delta uint64) {
	for _, who := range d.books() {
		d.run.counters[who+".app."+name] += delta
	}
}

// books are the names the device's counters, calls and handshakes are
// kept under: its own, and its group's (a device with a count).
func (d *Device) books() []string {
	if d.def.group == "" {
		return []string{d.def.Name}
	}
	return []string{d.def.Name, d.def.group}
}

// Status records that the C service call returned st and returns st, so
// that scenarios can expect status codes:
//
//	if d.Status("nx_udp_socket_send", netx.UDPSocketSend(&s, pkt, &to, port)) != nx.NX_SUCCESS { ... }
func (d *Device) Status(call string, st nx.Status) nx.Status {
	for _, who := range d.books() {
		d.run.calls.add(who, call, st)
	}
	return st
}

// Handshake records that a handshake of the device's application ended
// with st (NX_SUCCESS: done) now, for handshake expectations and the
// report; it returns st.
func (d *Device) Handshake(st nx.Status) nx.Status {
	now := d.run.engine.Now()
	for _, who := range d.books() {
		d.run.handshakes[who] = append(d.run.handshakes[who], handshakeEnd{at: now, status: st})
	}
	d.run.handshakeLog = append(d.run.handshakeLog, HandshakeEnd{Device: d.def.Name, At: now.String(), Status: statusName("nx_secure", st)})
	d.Count("handshakes."+statusName("nx_secure", st), 1)
	return st
}

// Fail records an application failure: the run's verdict is then "fail"
// and the report names it.
func (d *Device) Fail(format string, args ...any) {
	d.run.failures = append(d.run.failures, fmt.Sprintf("device %q at %v: %s", d.def.Name, d.run.engine.Now(), fmt.Sprintf(format, args...)))
}

// Board defaults.
const (
	defaultPayloadSize = 1536
	defaultPackets     = 32
	defaultARPEntries  = 16
	defaultIPPriority  = 1
	ipStackSize        = 2048
	arpEntrySize       = 52 // sizeof(NX_ARP) on the 32-bit target
)

// define is the device's tx_application_define: the board, then the
// application's own define.
func (d *Device) define(mem []byte) {
	d.memory = mem
	def := d.def
	cfg := def.config()
	netx.SystemInitialize()
	payload, packets := def.pool()
	stride := (int(packetpool.PacketHeaderSize) + int(payload) + 3) / 4 * 4
	d.mustSucceed("nx_packet_pool_create", packetpool.PoolCreate(&d.Pool, def.Name+" pool", payload, make([]byte, stride*packets)))
	d.mustSucceed("nx_ip_create", netx.IPCreate(&d.IP, def.Name+" ip", d.Address(), d.run.masks[def.Name], &d.Pool,
		d.run.segments[def.Segment].Driver, make([]byte, ipStackSize), cfg.IPThreadPriority))
	d.arp = make([]byte, cfg.ARPCacheEntries*arpEntrySize)
	d.mustSucceed("nx_arp_enable", netx.ARPEnable(&d.IP, d.arp))
	d.mustSucceed("nx_udp_enable", netx.UDPEnable(&d.IP))
	if cfg.Fragmentation {
		d.mustSucceed("nx_ip_fragment_enable", netx.IPFragmentEnable(&d.IP))
	}
	if def.Application != nil {
		lookup(def.Application.Name).define(d, def.Application.decoded)
	}
}

// mustSucceed records a board call; a failure is an application failure.
func (d *Device) mustSucceed(call string, st nx.Status) {
	if d.Status(call, st) != nx.NX_SUCCESS {
		d.Fail("%s returned %v", call, st)
	}
}

func (def *DeviceDef) config() NetXConfig {
	c := NetXConfig{IPThreadPriority: defaultIPPriority, ARPCacheEntries: defaultARPEntries, UDPQueueMaximum: 8}
	if def.Config != nil {
		c.Fragmentation = def.Config.Fragmentation
		if def.Config.IPThreadPriority != 0 {
			c.IPThreadPriority = def.Config.IPThreadPriority
		}
		if def.Config.ARPCacheEntries != 0 {
			c.ARPCacheEntries = def.Config.ARPCacheEntries
		}
		if def.Config.UDPQueueMaximum != 0 {
			c.UDPQueueMaximum = def.Config.UDPQueueMaximum
		}
	}
	return c
}

// UDPQueueMaximum returns the device's configured UDP receive queue depth
// (config.udp_queue_maximum, 8 by default), for nx_udp_socket_create.
func (d *Device) UDPQueueMaximum() nx.ULONG { return d.def.config().UDPQueueMaximum }

func (def *DeviceDef) pool() (payload uint32, packets int) {
	payload, packets = defaultPayloadSize, defaultPackets
	if def.Pool != nil {
		if def.Pool.PayloadSize != 0 {
			payload = def.Pool.PayloadSize
		}
		if def.Pool.Packets != 0 {
			packets = def.Pool.Packets
		}
	}
	return payload, packets
}

// kernelOptions are the device's rtos options.
func (def *DeviceDef) kernelOptions() []rtos.KernelOption {
	var opts []rtos.KernelOption
	if def.TicksPerSecond != 0 {
		opts = append(opts, rtos.TicksPerSecond(def.TicksPerSecond))
	}
	return append(opts, cpuOptions(def.CPU)...)
}
