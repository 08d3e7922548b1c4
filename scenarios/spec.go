package scenarios

// The types of a scenario file. Every yaml key is documented in README.md
// and in scenario.schema.json; TestSchemaAgreesWithDecoder keeps the three
// in step.

// Scenario is one scenario file.
type Scenario struct {
	Name        string        `yaml:"name"`
	Description string        `yaml:"description"`
	Seed        uint64        `yaml:"seed"`
	Duration    Duration      `yaml:"duration"`
	Devices     []*DeviceDef  `yaml:"devices"`
	Segments    []*SegmentDef `yaml:"segments"`
	Outages     []*Outage     `yaml:"outages"`
	Partitions  []*Partition  `yaml:"partitions"`
	Changes     []*Change     `yaml:"changes"`
	Expect      []*Expect     `yaml:"expect"`

	file  string
	lines map[string]int
}

// File returns the path the scenario was read from.
func (s *Scenario) File() string { return s.file }

// DeviceDef is one emulated board: a ThreadX kernel with a NetX IP instance on
// one segment, and the application it runs.
type DeviceDef struct {
	Name           string          `yaml:"name"`
	TicksPerSecond uint32          `yaml:"ticks_per_second"`
	CPU            *CPU            `yaml:"cpu"`
	Segment        string          `yaml:"segment"`
	Address        string          `yaml:"address"`
	Mask           string          `yaml:"mask"`
	Pool           *PoolDef        `yaml:"pool"`
	Config         *NetXConfig     `yaml:"config"`
	Application    *ApplicationUse `yaml:"application"`
}

// CPU names the device's CPU profile and per-service cost overrides.
type CPU struct {
	Profile   string              `yaml:"profile"`
	Overrides map[string]Duration `yaml:"overrides"`
}

// PoolDef is the device's default NX_PACKET_POOL.
type PoolDef struct {
	PayloadSize uint32 `yaml:"payload_size"`
	Packets     int    `yaml:"packets"`
}

// NetXConfig holds the NetX configuration values a scenario may set.
type NetXConfig struct {
	IPThreadPriority uint32 `yaml:"ip_thread_priority"`
	ARPCacheEntries  int    `yaml:"arp_cache_entries"`
	UDPQueueMaximum  uint32 `yaml:"udp_queue_maximum"`
	Fragmentation    bool   `yaml:"fragmentation"`
}

// ApplicationUse names a registered application and gives its parameters
// (decoded strictly into the application's parameter type).
type ApplicationUse struct {
	Name   string `yaml:"name"`
	Params any    `yaml:"params"`

	decoded any
}

// SegmentDef is one switched Ethernet segment and its impairments.
type SegmentDef struct {
	Name        string        `yaml:"name"`
	Latency     Duration      `yaml:"latency"`
	MTU         uint32        `yaml:"mtu"`
	Impairments []*Impairment `yaml:"impairments"`
}

// Impairment is one stage of a chain: where it sits (On) and exactly one
// stage kind.
type Impairment struct {
	// On is the chain: "all" (every frame of the segment), "egress DEVICE",
	// "ingress DEVICE" or "pair FROM TO".
	On             string        `yaml:"on"`
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
	Nth    int       `yaml:"nth"`
	First  int       `yaml:"first"`
	Action string    `yaml:"action"` // drop, delay 3s, duplicate, corrupt, truncate 10, hold 2
}

// MatchDef is a sim.Match with its record predicates (all must hold for
// one record of the datagram).
type MatchDef struct {
	From           string  `yaml:"from"`
	To             string  `yaml:"to"`
	SrcPort        uint16  `yaml:"src_port"`
	DstPort        uint16  `yaml:"dst_port"`
	ContentType    string  `yaml:"content_type"`   // handshake, alert, change_cipher_spec, application_data or a number
	HandshakeType  string  `yaml:"handshake_type"` // client_hello, server_hello, ... or a number
	Epoch          *uint16 `yaml:"epoch"`
	Sequence       *uint64 `yaml:"sequence"`
	MessageSeq     *uint16 `yaml:"message_seq"`
	FragmentOffset *uint32 `yaml:"fragment_offset"`
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
	At          Duration      `yaml:"at"`
	Segment     string        `yaml:"segment"`
	Impairments []*Impairment `yaml:"impairments"`
	Clear       []string      `yaml:"clear"`
}

// Expect is one expectation; exactly one of its kinds is set.
type Expect struct {
	Name      string        `yaml:"name"`
	Counter   *CounterCheck `yaml:"counter"`
	Call      *CallCheck    `yaml:"call"`
	PoolsFull *bool         `yaml:"pools_full"`
	Handshake *Handshake    `yaml:"handshake"`
}

// CounterCheck bounds a counter of the result (see the report's counter
// list for names), read at the end or at the instant By.
type CounterCheck struct {
	Name  string   `yaml:"name"`
	Min   *uint64  `yaml:"min"`
	Max   *uint64  `yaml:"max"`
	Equal *uint64  `yaml:"equal"`
	By    Duration `yaml:"by"`
}

// CallCheck is about the status codes a device's service calls returned:
// every call returned Status (Every), or Status was returned between Min and
// Max times.
type CallCheck struct {
	Device string  `yaml:"device"`
	Call   string  `yaml:"call"` // the C service name, e.g. nx_udp_socket_send
	Status string  `yaml:"status"`
	Every  bool    `yaml:"every"`
	Min    *uint64 `yaml:"min"`
	Max    *uint64 `yaml:"max"`
}

// Handshake is reserved for DTLS scenarios: a handshake done (or failed with
// Status) by the instant By.
type Handshake struct {
	Device string   `yaml:"device"`
	Done   bool     `yaml:"done"`
	Status string   `yaml:"status"`
	By     Duration `yaml:"by"`
}
