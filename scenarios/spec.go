package scenarios

// The types of a scenario file. Every yaml key is documented in README.md
// and in scenario.schema.json; TestSchemaAgreesWithDecoder keeps the three
// in step.

// Scenario is one scenario file.
type Scenario struct {
	Name        string        `yaml:"name" doc:"the scenario's name (default: the file name); names its output folder"`
	Description string        `yaml:"description" doc:"one line for reports"`
	Seed        uint64        `yaml:"seed" doc:"the root of every random stream of the run"`
	Duration    Duration      `yaml:"duration" doc:"virtual time to run, e.g. 30s"`
	Devices     []*DeviceDef  `yaml:"devices" doc:"the emulated boards"`
	Segments    []*SegmentDef `yaml:"segments" doc:"switched Ethernet segments and their impairments"`
	Outages     []*Outage     `yaml:"outages" doc:"a device's ports down for a while"`
	Partitions  []*Partition  `yaml:"partitions" doc:"two groups of devices cut apart for a while"`
	Changes     []*Change     `yaml:"changes" doc:"impairment chains replaced at a virtual instant"`
	Expect      []*Expect     `yaml:"expect" doc:"what must hold; the verdict is pass only if all do"`

	file string
}

// File returns the path the scenario was read from.
func (s *Scenario) File() string { return s.file }

// DeviceDef is one emulated board: a ThreadX kernel with a NetX IP instance on
// one segment, and the application it runs.
type DeviceDef struct {
	Name           string          `yaml:"name" doc:"the device (kernel) name"`
	TicksPerSecond uint32          `yaml:"ticks_per_second" doc:"TX_TIMER_TICKS_PER_SECOND (default 100)"`
	CPU            *CPU            `yaml:"cpu" doc:"CPU profile and per-service cost overrides"`
	Segment        string          `yaml:"segment" doc:"the segment the device's interface is on"`
	Address        string          `yaml:"address" doc:"IPv4 address"`
	Mask           string          `yaml:"mask" doc:"network mask (default 255.255.255.0)"`
	Pool           *PoolDef        `yaml:"pool" doc:"the default packet pool"`
	Config         *NetXConfig     `yaml:"config" doc:"NetX configuration values"`
	Application    *ApplicationUse `yaml:"application" doc:"the application the device runs"`
	DTLS           *DTLSDef        `yaml:"dtls" doc:"certificates, keys, trust and tables for the device's DTLS application"`
	Count          int             `yaml:"count" doc:"this many identical devices NAME1..NAMEn at consecutive addresses; NAME then names the group"`

	group string // the group a replica belongs to
}

// CPU names the device's CPU profile and per-service cost overrides.
type CPU struct {
	Profile   string              `yaml:"profile" doc:"a CPU profile: default (cortex-m4-100mhz), cortex-m33-pka-160mhz, cortex-m0plus-48mhz, host, zero, or one registered with rtos.RegisterProfile"`
	Overrides map[string]Duration `yaml:"overrides" doc:"time one call of an operation costs, by name, e.g. nx_udp_socket_send: 20us (turned into cycles at the profile's clock)"`
}

// PoolDef is the device's default NX_PACKET_POOL.
type PoolDef struct {
	PayloadSize uint32 `yaml:"payload_size" doc:"payload bytes per packet (default 1536)"`
	Packets     int    `yaml:"packets" doc:"packets in the pool (default 32)"`
}

// NetXConfig holds the NetX configuration values a scenario may set.
type NetXConfig struct {
	IPThreadPriority uint32 `yaml:"ip_thread_priority" doc:"priority of the IP thread (default 1)"`
	ARPCacheEntries  int    `yaml:"arp_cache_entries" doc:"ARP cache entries (default 16)"`
	UDPQueueMaximum  uint32 `yaml:"udp_queue_maximum" doc:"receive queue depth of the applications' UDP sockets (default 8)"`
	Fragmentation    bool   `yaml:"fragmentation" doc:"nx_ip_fragment_enable"`
	DisableTLS11     bool   `yaml:"disable_tls_1_1" doc:"build NetX Secure without NX_SECURE_TLS_ENABLE_TLS_1_1, which compiles DTLS 1.0 out (default false: enabled, as the regression build)"`
}

// ApplicationUse names a registered application and gives its parameters
// (decoded strictly into the application's parameter type).
type ApplicationUse struct {
	Name   string `yaml:"name" doc:"a registered application: udp-server, udp-client, raw-sender or your own"`
	Params any    `yaml:"params" doc:"the application's parameters (see scenarios/README.md)"`

	decoded any
}

// SegmentDef is one switched Ethernet segment and its impairments.
type SegmentDef struct {
	Name        string        `yaml:"name" doc:"the segment's name"`
	Latency     Duration      `yaml:"latency" doc:"one-way delay of every frame"`
	MTU         uint32        `yaml:"mtu" doc:"the IP MTU the driver reports to NetX (default 1500)"`
	Impairments []*Impairment `yaml:"impairments" doc:"stages frames pass, by chain"`
}

// Impairment is one stage of a chain: where it sits (On) and exactly one
// stage kind.
type Impairment struct {
	// On is the chain: "all" (every frame of the segment), "egress DEVICE",
	// "ingress DEVICE" or "pair FROM TO".
	On             string        `yaml:"on" doc:"all, egress DEVICE, ingress DEVICE or pair FROM TO"`
	Loss           *LossDef      `yaml:"loss"`
	GilbertElliott *GilbertDef   `yaml:"gilbert_elliott"`
	Delay          *DelayDef     `yaml:"delay"`
	Reorder        *ReorderDef   `yaml:"reorder"`
	Duplicate      *DuplicateDef `yaml:"duplicate"`
	Corrupt        *CorruptDef   `yaml:"corrupt"`
	Truncate       *TruncateDef  `yaml:"truncate"`
	Bandwidth      *BandwidthDef `yaml:"bandwidth"`
	MTU            *MTUDef       `yaml:"mtu"`
	Rules          []*RuleDef    `yaml:"rules"`
}

// LossDef is sim.Loss.
type LossDef struct {
	P float64 `yaml:"p"`
}

// GilbertDef is sim.GilbertElliott.
type GilbertDef struct {
	P        float64 `yaml:"p"`
	R        float64 `yaml:"r"`
	LossGood float64 `yaml:"loss_good"`
	LossBad  float64 `yaml:"loss_bad"`
}

// DelayDef is sim.Delay.
type DelayDef struct {
	Base         Duration `yaml:"base"`
	Jitter       Duration `yaml:"jitter"`
	AllowReorder bool     `yaml:"allow_reorder"`
}

// ReorderDef is sim.Reorder.
type ReorderDef struct {
	P   float64  `yaml:"p"`
	Gap Duration `yaml:"gap"`
}

// DuplicateDef is sim.Duplicate.
type DuplicateDef struct {
	P float64 `yaml:"p"`
}

// CorruptDef is sim.Corrupt.
type CorruptDef struct {
	P            float64 `yaml:"p"`
	Bits         int     `yaml:"bits"`
	KeepChecksum bool    `yaml:"keep_checksum"`
}

// TruncateDef is sim.Truncate.
type TruncateDef struct {
	P    float64 `yaml:"p"`
	Keep int     `yaml:"keep"`
}

// BandwidthDef is sim.Bandwidth.
type BandwidthDef struct {
	BitsPerSecond int64 `yaml:"bits_per_second"`
	QueueBytes    int   `yaml:"queue_bytes"`
}

// MTUDef is sim.MTU.
type MTUDef struct {
	Bytes int `yaml:"bytes"`
}

// RuleDef is a sim.Rule: which datagrams, which of them, and what to do.
type RuleDef struct {
	Name   string    `yaml:"name"`
	Match  *MatchDef `yaml:"match"`
	Nth    int       `yaml:"nth" doc:"act on the Nth match only"`
	First  int       `yaml:"first" doc:"act on the first N matches"`
	Action string    `yaml:"action" doc:"drop, duplicate, corrupt, delay DURATION, truncate BYTES or hold DATAGRAMS"` // drop, delay 3s, duplicate, corrupt, truncate 10, hold 2
}

// MatchDef is a sim.Match with its record predicates (all must hold for
// one record of the datagram).
type MatchDef struct {
	From           string  `yaml:"from"`
	To             string  `yaml:"to"`
	SrcPort        uint16  `yaml:"src_port"`
	DstPort        uint16  `yaml:"dst_port"`
	ContentType    string  `yaml:"content_type" doc:"handshake, alert, change_cipher_spec, application_data or a number"`                                                                                                                          // handshake, alert, change_cipher_spec, application_data or a number
	HandshakeType  string  `yaml:"handshake_type" doc:"client_hello, server_hello, hello_verify_request, certificate, server_key_exchange, certificate_request, server_hello_done, certificate_verify, client_key_exchange, finished or a number"` // client_hello, server_hello, ... or a number
	Epoch          *uint16 `yaml:"epoch"`
	Sequence       *uint64 `yaml:"sequence"`
	MessageSeq     *uint16 `yaml:"message_seq"`
	FragmentOffset *uint32 `yaml:"fragment_offset"`
	Handshake      int     `yaml:"handshake" doc:"the association's n-th full handshake (1 = the first)"`
	Flight         int     `yaml:"flight" doc:"RFC 6347 flight 1 to 6 (1 ClientHello, 2 HelloVerifyRequest, 3 ClientHello with cookie, 4 ServerHello..ServerHelloDone, 5 the client's final flight, 6 the server's)"`
	Transmission   int     `yaml:"transmission" doc:"the flight's n-th sending (1 = the first, 2 = the first retransmission)"`
	Message        int     `yaml:"message" doc:"the i-th message of its flight"`
	LastMessage    bool    `yaml:"last_message" doc:"the flight's last message"`
}

// Outage takes a device's ports down for a while.
type Outage struct {
	Device string   `yaml:"device"`
	From   Duration `yaml:"from"`
	Until  Duration `yaml:"until"`
}

// Partition cuts two groups of devices apart for a while.
type Partition struct {
	From  Duration `yaml:"from"`
	Until Duration `yaml:"until"`
	A     []string `yaml:"a"`
	B     []string `yaml:"b"`
}

// Change replaces chains of a segment at a virtual instant: each chain its
// impairments name is set to exactly those stages (an empty stage list
// clears the chains named in Clear).
type Change struct {
	At          Duration      `yaml:"at" doc:"the virtual instant of the change"`
	Segment     string        `yaml:"segment"`
	Impairments []*Impairment `yaml:"impairments"`
	Clear       []string      `yaml:"clear" doc:"chains to empty at that instant"`
}

// Expect is one expectation; exactly one of its kinds is set.
type Expect struct {
	Name      string        `yaml:"name" doc:"a name for reports (default: made from the check)"`
	Counter   *CounterCheck `yaml:"counter"`
	Call      *CallCheck    `yaml:"call"`
	PoolsFull *bool         `yaml:"pools_full"`
	Handshake *Handshake    `yaml:"handshake"`
	Note      *NoteCheck    `yaml:"note"`
}

// CounterCheck bounds a counter of the result (see the report's counter
// list for names), read at the end or at the instant By.
type CounterCheck struct {
	Name  string   `yaml:"name" doc:"a counter name from the report"`
	Min   *uint64  `yaml:"min"`
	Max   *uint64  `yaml:"max"`
	Equal *uint64  `yaml:"equal"`
	By    Duration `yaml:"by" doc:"read the counter at this instant instead of the end"`
}

// CallCheck is about the status codes a device's service calls returned:
// every call returned Status (Every), or Status was returned between Min and
// Max times.
type CallCheck struct {
	Device string  `yaml:"device"`
	Call   string  `yaml:"call" doc:"the C service name, e.g. nx_udp_socket_send"` // the C service name, e.g. nx_udp_socket_send
	Status string  `yaml:"status" doc:"a C status name or number"`
	Every  bool    `yaml:"every" doc:"every call returned the status (and there was one)"`
	Min    *uint64 `yaml:"min"`
	Max    *uint64 `yaml:"max"`
}

// NoteCheck expects a rehearsal note (what an application relied on that
// NetX's documentation promises and NetX does not do): one of Device's
// notes (any device's when empty) about Service that contains Contains.
type NoteCheck struct {
	Device   string `yaml:"device" doc:"the device that earned the note (default: any)"`
	Service  string `yaml:"service" doc:"the C service the note is about, as the report names it, e.g. nx_secure_dtls_server_notify_set"`
	Contains string `yaml:"contains" doc:"text the note contains"`
}

// Handshake is about the handshakes a device's application reported
// (Device.Handshake): one done — or failed with Status — by the instant By
// (0: by the end), at least Count times (default 1).
type Handshake struct {
	Device string   `yaml:"device" doc:"the device whose application reports handshakes"`
	Done   bool     `yaml:"done" doc:"a handshake completed (NX_SUCCESS)"`
	Status string   `yaml:"status" doc:"a handshake failed with this C status"`
	By     Duration `yaml:"by" doc:"at the latest at this virtual instant (default: the end)"`
	Count  uint64   `yaml:"count" doc:"at least this many such handshakes (default 1)"`
}
