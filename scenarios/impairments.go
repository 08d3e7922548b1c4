package scenarios

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/sim"
)

// chainKey is where a chain sits on a segment (Impairment.On).
type chainKey struct {
	kind string // all, egress, ingress, pair
	a, b string
}

// parseOn parses "all", "egress DEVICE", "ingress DEVICE" or "pair FROM TO".
func (s *Scenario) parseOn(on string) (chainKey, error) {
	f := strings.Fields(on)
	var k chainKey
	switch {
	case len(f) == 1 && f[0] == "all":
		return chainKey{kind: "all"}, nil
	case len(f) == 2 && (f[0] == "egress" || f[0] == "ingress"):
		k = chainKey{kind: f[0], a: f[1]}
	case len(f) == 3 && f[0] == "pair":
		k = chainKey{kind: "pair", a: f[1], b: f[2]}
	default:
		return k, fmt.Errorf(`want "all", "egress DEVICE", "ingress DEVICE" or "pair FROM TO", got %q`, on)
	}
	for _, n := range []string{k.a, k.b} {
		if n != "" && s.device(n) == nil {
			return k, fmt.Errorf("no device named %q", n)
		}
	}
	return k, nil
}

func (s *Scenario) checkImpairments(d *decoder, path string, list []*Impairment) {
	for i, im := range list {
		p := fmt.Sprintf("%s[%d]", path, i)
		if _, err := s.parseOn(im.On); err != nil {
			d.failAt(p+".on", "%v", err)
		}
		if n := im.kinds(); n != 1 {
			d.failAt(p, "an impairment has exactly one stage kind (loss, gilbert_elliott, delay, reorder, duplicate, corrupt, truncate, bandwidth, mtu, rules), got %d", n)
			continue
		}
		for key, v := range im.probabilities() {
			if v < 0 || v > 1 {
				d.failAt(p+"."+key, "a probability from 0 to 1 (or 0%% to 100%%), got %g", v)
			}
		}
		switch {
		case im.Bandwidth != nil && (im.Bandwidth.BitsPerSecond <= 0 || im.Bandwidth.QueueBytes <= 0):
			d.failAt(p+".bandwidth", "bits_per_second and queue_bytes must be greater than zero")
		case im.MTU != nil && im.MTU.Bytes < 68:
			d.failAt(p+".mtu.bytes", "at least 68 bytes (the IPv4 minimum), got %d", im.MTU.Bytes)
		case im.Truncate != nil && im.Truncate.Keep < 0:
			d.failAt(p+".truncate.keep", "cannot be negative")
		}
		for j, r := range im.Rules {
			s.checkRule(d, fmt.Sprintf("%s.rules[%d]", p, j), r)
		}
		// sim's own check of the stage, for what the checks above miss.
		if st, _ := im.stage(); len(d.errs) == 0 {
			if err := st.Validate(); err != nil {
				d.failAt(p, "%v", err)
			}
		}
	}
}

func (im *Impairment) kinds() int {
	n := 0
	for _, set := range []bool{im.Loss != nil, im.GilbertElliott != nil, im.Delay != nil, im.Reorder != nil,
		im.Duplicate != nil, im.Corrupt != nil, im.Truncate != nil, im.Bandwidth != nil, im.MTU != nil, im.Rules != nil} {
		if set {
			n++
		}
	}
	return n
}

// probabilities returns the stage's probabilities by key path, for range
// checks.
func (im *Impairment) probabilities() map[string]float64 {
	switch {
	case im.Loss != nil:
		return map[string]float64{"loss.p": im.Loss.P}
	case im.GilbertElliott != nil:
		g := im.GilbertElliott
		return map[string]float64{"gilbert_elliott.p": g.P, "gilbert_elliott.r": g.R,
			"gilbert_elliott.loss_good": g.LossGood, "gilbert_elliott.loss_bad": g.LossBad}
	case im.Reorder != nil:
		return map[string]float64{"reorder.p": im.Reorder.P}
	case im.Duplicate != nil:
		return map[string]float64{"duplicate.p": im.Duplicate.P}
	case im.Corrupt != nil:
		return map[string]float64{"corrupt.p": im.Corrupt.P}
	case im.Truncate != nil:
		return map[string]float64{"truncate.p": im.Truncate.P}
	}
	return nil
}

func (s *Scenario) checkRule(d *decoder, p string, r *RuleDef) {
	if r.Name == "" {
		d.failAt(p+".name", "a rule needs a name (it appears in counters and capture comments)")
	}
	if r.Nth < 0 || r.First < 0 || (r.Nth > 0 && r.First > 0) {
		d.failAt(p, "give nth or first (positive), not both")
	}
	if _, err := parseAction(r.Action); err != nil {
		d.failAt(p+".action", "%v", err)
	}
	if m := r.Match; m != nil {
		for key, n := range map[string]string{"from": m.From, "to": m.To} {
			if n != "" && s.device(n) == nil {
				d.failAt(p+".match."+key, "no device named %q", n)
			}
		}
		if _, err := lookupName(m.ContentType, contentTypes); err != nil {
			d.failAt(p+".match.content_type", "%v", err)
		}
		if _, err := lookupName(m.HandshakeType, handshakeTypes); err != nil {
			d.failAt(p+".match.handshake_type", "%v", err)
		}
		if m.Flight < 0 || m.Flight > 6 {
			d.failAt(p+".match.flight", "an RFC 6347 flight from 1 to 6, got %d", m.Flight)
		}
		if m.Handshake < 0 || m.Transmission < 0 || m.Message < 0 {
			d.failAt(p+".match", "handshake, transmission and message count from 1")
		}
	}
}

// parseAction parses a rule action: drop, duplicate, corrupt, delay
// DURATION, truncate BYTES, hold DATAGRAMS.
func parseAction(s string) (sim.Action, error) {
	f := strings.Fields(s)
	bad := fmt.Errorf(`want drop, duplicate, corrupt, "delay 3s", "truncate 10" or "hold 2", got %q`, s)
	switch {
	case len(f) == 1 && f[0] == "drop":
		return sim.DropIt(), nil
	case len(f) == 1 && f[0] == "duplicate":
		return sim.DuplicateIt(), nil
	case len(f) == 1 && f[0] == "corrupt":
		return sim.CorruptIt(), nil
	case len(f) == 2 && f[0] == "delay":
		d, err := time.ParseDuration(f[1])
		if err != nil || d < 0 {
			return sim.Action{}, bad
		}
		return sim.DelayIt(d), nil
	case len(f) == 2 && (f[0] == "truncate" || f[0] == "hold"):
		n, err := strconv.Atoi(f[1])
		if err != nil || n < 0 || (f[0] == "hold" && n == 0) {
			return sim.Action{}, bad
		}
		if f[0] == "hold" {
			return sim.HoldIt(n), nil
		}
		return sim.TruncateIt(n), nil
	}
	return sim.Action{}, bad
}

// DTLS names for rule matches (RFC 6347, RFC 5246 §7.4).
var (
	contentTypes = map[string]uint8{"change_cipher_spec": sim.ChangeCipherSpec, "alert": sim.Alert,
		"handshake": sim.Handshake, "application_data": sim.ApplicationData}
	handshakeTypes = map[string]uint8{"client_hello": sim.ClientHello, "server_hello": sim.ServerHello,
		"hello_verify_request": sim.HelloVerifyRequest, "certificate": sim.Certificate,
		"server_key_exchange": sim.ServerKeyExchange, "certificate_request": 13, "server_hello_done": sim.ServerHelloDone,
		"certificate_verify": 15, "client_key_exchange": sim.ClientKeyExchange, "finished": sim.Finished}
)

// lookupName returns the value of a name, or of a number ("" is 0, no
// constraint).
func lookupName(s string, names map[string]uint8) (uint8, error) {
	if s == "" {
		return 0, nil
	}
	if v, ok := names[s]; ok {
		return v, nil
	}
	if n, err := strconv.ParseUint(s, 0, 8); err == nil && n > 0 {
		return uint8(n), nil
	}
	return 0, fmt.Errorf("unknown name %q (known: %s, or a number)", s, strings.Join(sortedKeys(names), ", "))
}

// stage builds the sim stage of a checked impairment, and its rules when
// it is a rule set.
func (im *Impairment) stage() (sim.Impairment, []*sim.Rule) {
	switch {
	case im.Loss != nil:
		return &sim.Loss{P: im.Loss.P}, nil
	case im.GilbertElliott != nil:
		g := im.GilbertElliott
		return &sim.GilbertElliott{P: g.P, R: g.R, LossGood: g.LossGood, LossBad: g.LossBad}, nil
	case im.Delay != nil:
		return &sim.Delay{Base: im.Delay.Base.D(), Jitter: im.Delay.Jitter.D(), AllowReorder: im.Delay.AllowReorder}, nil
	case im.Reorder != nil:
		return &sim.Reorder{P: im.Reorder.P, Gap: im.Reorder.Gap.D()}, nil
	case im.Duplicate != nil:
		return &sim.Duplicate{P: im.Duplicate.P}, nil
	case im.Corrupt != nil:
		return &sim.Corrupt{P: im.Corrupt.P, Bits: im.Corrupt.Bits, KeepChecksum: im.Corrupt.KeepChecksum}, nil
	case im.Truncate != nil:
		return &sim.Truncate{P: im.Truncate.P, Keep: im.Truncate.Keep}, nil
	case im.Bandwidth != nil:
		return &sim.Bandwidth{BitsPerSecond: im.Bandwidth.BitsPerSecond, QueueBytes: im.Bandwidth.QueueBytes}, nil
	case im.MTU != nil:
		return &sim.MTU{Bytes: im.MTU.Bytes}, nil
	}
	rules := make([]*sim.Rule, len(im.Rules))
	for i, r := range im.Rules {
		rules[i] = r.rule()
	}
	return sim.Rules(rules...), rules
}

func (r *RuleDef) rule() *sim.Rule {
	action, _ := parseAction(r.Action)
	out := &sim.Rule{Name: r.Name, Nth: r.Nth, First: r.First, Action: action}
	if m := r.Match; m != nil {
		out.Match = sim.Match{From: m.From, To: m.To, SrcPort: m.SrcPort, DstPort: m.DstPort, Record: m.record()}
	}
	return out
}

// record returns the record predicate of a match (nil: any datagram).
func (m *MatchDef) record() func(sim.Record) bool {
	var preds []func(sim.Record) bool
	if ct, _ := lookupName(m.ContentType, contentTypes); ct != 0 {
		preds = append(preds, sim.ContentTypeIs(ct))
	}
	if ht, _ := lookupName(m.HandshakeType, handshakeTypes); ht != 0 {
		preds = append(preds, sim.HandshakeTypeIs(ht))
	}
	if m.Epoch != nil {
		preds = append(preds, sim.EpochIs(*m.Epoch))
	}
	if m.Sequence != nil {
		preds = append(preds, sim.SequenceIs(*m.Sequence))
	}
	if m.MessageSeq != nil {
		preds = append(preds, sim.MessageSeqIs(*m.MessageSeq))
	}
	if m.FragmentOffset != nil {
		preds = append(preds, sim.FragmentOffsetIs(*m.FragmentOffset))
	}
	for _, p := range []struct {
		n    int
		pred func(int) func(sim.Record) bool
	}{{m.Handshake, sim.HandshakeIs}, {m.Flight, sim.FlightIs}, {m.Transmission, sim.TransmissionIs}, {m.Message, sim.MessageIs}} {
		if p.n > 0 {
			preds = append(preds, p.pred(p.n))
		}
	}
	if m.LastMessage {
		preds = append(preds, sim.LastMessage())
	}
	if len(preds) == 0 {
		return nil
	}
	return sim.All(preds...)
}

// builtStage is one stage of a scenario and the chain it belongs to.
type builtStage struct {
	on    chainKey
	stage sim.Impairment
	rules []*sim.Rule
}

// install sets the chains a list of impairments names on a segment, each
// chain to its stages in list order, and returns the stages in list order.
// A chain that names a group of devices is set for each of its boards, each
// with stages of its own (a stage belongs to one chain).
func (s *Scenario) install(seg *sim.Segment, list []*Impairment) ([]builtStage, error) {
	var built []builtStage
	var order []chainKey
	chains := map[chainKey][]sim.Impairment{}
	for _, im := range list {
		k, _ := s.parseOn(im.On)
		for _, key := range s.expandChain(k) {
			st, rules := im.stage()
			built = append(built, builtStage{on: key, stage: st, rules: rules})
			if _, seen := chains[key]; !seen {
				order = append(order, key)
			}
			chains[key] = append(chains[key], st)
		}
	}
	for _, k := range order {
		if err := setChain(seg, k, chains[k]...); err != nil {
			return nil, err
		}
	}
	return built, nil
}

// expandChain turns a chain that names groups into the chains of their
// boards.
func (s *Scenario) expandChain(k chainKey) []chainKey {
	if k.kind == "all" {
		return []chainKey{k}
	}
	var out []chainKey
	for _, a := range s.members(k.a) {
		if k.kind != "pair" {
			out = append(out, chainKey{kind: k.kind, a: a})
			continue
		}
		for _, b := range s.members(k.b) {
			if a != b {
				out = append(out, chainKey{kind: k.kind, a: a, b: b})
			}
		}
	}
	return out
}

// members returns the boards a name stands for: the device itself, or the
// boards of a group.
func (s *Scenario) members(name string) []string {
	var out []string
	for _, d := range s.Devices {
		if d.Name == name || d.group == name {
			out = append(out, d.Name)
		}
	}
	return out
}

// allMembers expands every name of a list.
func (s *Scenario) allMembers(names []string) []string {
	var out []string
	for _, n := range names {
		out = append(out, s.members(n)...)
	}
	return out
}

func setChain(seg *sim.Segment, k chainKey, stages ...sim.Impairment) error {
	switch k.kind {
	case "all":
		return seg.Impair(stages...)
	case "egress":
		return seg.Egress(k.a, stages...)
	case "ingress":
		return seg.Ingress(k.a, stages...)
	}
	return seg.Pair(k.a, k.b, stages...)
}

// statusByName maps every C status name to its value.
var statusByName = func() map[string]nx.Status {
	m := map[string]nx.Status{}
	for v := nx.Status(0); v < 0x10000; v++ {
		for _, n := range v.Names() {
			m[n] = v
		}
	}
	return m
}()

// parseStatus parses a C status name (NX_SUCCESS) or a number (0x114).
func parseStatus(s string) (nx.Status, error) {
	if v, ok := statusByName[s]; ok {
		return v, nil
	}
	if n, err := strconv.ParseUint(s, 0, 32); err == nil {
		return nx.Status(n), nil
	}
	return 0, fmt.Errorf("unknown status %q: give a C name such as NX_SUCCESS or a number such as 0x114", s)
}
