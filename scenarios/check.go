package scenarios

import (
	"fmt"
	"net/netip"
	"reflect"
	"strings"

	"go.yaml.in/yaml/v3"
)

// check finds what the decoder cannot: missing and contradictory values,
// names that refer to nothing, values out of range. Each problem is
// reported at the line of its key.
func (s *Scenario) check(d *decoder) {
	if s.Duration <= 0 {
		d.failAt("duration", "a scenario needs a duration greater than zero, such as 30s")
	}
	if len(s.Devices) == 0 {
		d.failAt("devices", "a scenario needs at least one device")
	}
	segments := map[string]bool{}
	for i, seg := range s.Segments {
		p := fmt.Sprintf("segments[%d]", i)
		checkName(d, p+".name", "segment", seg.Name, segments)
		if seg.MTU != 0 && (seg.MTU < 576 || seg.MTU > 9000) {
			d.failAt(p+".mtu", "an MTU from 576 to 9000 bytes, got %d", seg.MTU)
		}
	}
	s.checkDevices(d, segments)
	for i, seg := range s.Segments {
		s.checkImpairments(d, fmt.Sprintf("segments[%d].impairments", i), seg.Impairments)
	}
	s.checkNetwork(d, segments)
	for i, e := range s.Expect {
		s.checkExpect(d, fmt.Sprintf("expect[%d]", i), e)
	}
}

// expand replaces each device with a count by its replicas NAME1..NAMEn at
// consecutive addresses.
func (s *Scenario) expand(d *decoder) {
	var out []*DeviceDef
	used := map[netip.Addr]string{}
	for i, def := range s.Devices {
		n := max(def.Count, 1)
		addr := netip.MustParseAddr(def.Address)
		for j := 1; j <= n; j++ {
			r := *def
			if def.Count > 1 {
				r.Name, r.Address, r.group = fmt.Sprintf("%s%d", def.Name, j), addr.String(), def.Name
			}
			if other, taken := used[addr]; taken || !addr.IsValid() {
				d.failAt(fmt.Sprintf("devices[%d].count", i), "device %s would get address %s, which %s has", r.Name, addr, other)
				return
			}
			used[addr] = r.Name
			out = append(out, &r)
			addr = addr.Next()
		}
	}
	s.Devices = out
}

// device returns the device of that name, or the first device of the group
// of that name.
func (s *Scenario) device(name string) *DeviceDef {
	for _, dev := range s.Devices {
		if dev.Name == name || dev.group == name {
			return dev
		}
	}
	return nil
}

// checkName checks the name of a segment or device: given, unique, and one
// word (it appears in chains, counters and capture comments).
func checkName(d *decoder, path, kind, name string, seen map[string]bool) {
	switch {
	case name == "":
		d.failAt(path, "a %s needs a name", kind)
	case seen[name]:
		d.failAt(path, "%s %q is declared twice", kind, name)
	case strings.ContainsAny(name, " \t→."):
		d.failAt(path, "a %s name is one word with no dots (%q)", kind, name)
	}
	seen[name] = true
}

func (s *Scenario) checkDevices(d *decoder, segments map[string]bool) {
	names, addresses := map[string]bool{}, map[string]bool{}
	for i, dev := range s.Devices {
		p := fmt.Sprintf("devices[%d]", i)
		checkName(d, p+".name", "device", dev.Name, names)
		if !segments[dev.Segment] {
			d.failAt(p+".segment", "no segment named %q", dev.Segment)
		}
		if a, err := netip.ParseAddr(dev.Address); err != nil || !a.Is4() {
			d.failAt(p+".address", "want an IPv4 address such as 192.168.1.2, got %q", dev.Address)
		} else if addresses[dev.Address] {
			d.failAt(p+".address", "address %s is used twice", dev.Address)
		}
		addresses[dev.Address] = true
		if dev.Mask != "" {
			if m, err := netip.ParseAddr(dev.Mask); err != nil || !m.Is4() {
				d.failAt(p+".mask", "want a network mask such as 255.255.255.0, got %q", dev.Mask)
			}
		}
		if dev.Count < 0 || dev.Count > 1000 {
			d.failAt(p+".count", "from 1 to 1000 devices, got %d", dev.Count)
		}
		if err := checkCPU(dev.CPU); err != nil {
			d.failAt(p+".cpu", "%v", err)
		}
		checkBoard(d, p, dev)
		s.checkApplication(d, p+".application", dev.Application)
		s.checkDTLS(d, p+".dtls", dev.DTLS)
		checkDTLSUse(d, p, dev)
	}
}

// checkBoard checks a device's pool and NetX configuration, and bounds what
// they make the runner allocate.
func checkBoard(d *decoder, p string, dev *DeviceDef) {
	if pool := dev.Pool; pool != nil {
		if pool.PayloadSize != 0 && (pool.PayloadSize < 64 || pool.PayloadSize > 65536) {
			d.failAt(p+".pool.payload_size", "a payload from 64 to 65536 bytes, got %d", pool.PayloadSize)
		}
		if pool.Packets < 0 || pool.Packets > 65536 {
			d.failAt(p+".pool.packets", "from 1 to 65536 packets, got %d", pool.Packets)
		}
	}
	if cfg := dev.Config; cfg != nil {
		if cfg.ARPCacheEntries > 4096 {
			d.failAt(p+".config.arp_cache_entries", "at most 4096 entries, got %d", cfg.ARPCacheEntries)
		}
		if cfg.IPThreadPriority > 31 {
			d.failAt(p+".config.ip_thread_priority", "a ThreadX priority from 0 to 31, got %d", cfg.IPThreadPriority)
		}
	}
}

// checkApplication decodes the application's parameters into its type.
func (s *Scenario) checkApplication(d *decoder, p string, use *ApplicationUse) {
	if use == nil {
		return
	}
	app := lookup(use.Name)
	if app == nil {
		d.failAt(p+".name", "no application %q (registered: %s)", use.Name, strings.Join(Applications(), ", "))
		return
	}
	params := app.newParams()
	if n, ok := use.Params.(*yaml.Node); ok {
		d.decode(n, reflect.ValueOf(params).Elem(), p+".params")
	}
	if c, ok := params.(interface{ Check(*Scenario) error }); ok {
		if err := c.Check(s); err != nil {
			d.failAt(p+".params", "%v", err)
		}
	}
	use.decoded = params
}

func (s *Scenario) checkNetwork(d *decoder, segments map[string]bool) {
	for i, o := range s.Outages {
		p := fmt.Sprintf("outages[%d]", i)
		if s.device(o.Device) == nil {
			d.failAt(p+".device", "no device named %q", o.Device)
		}
		if o.Until <= o.From {
			d.failAt(p+".until", "an outage ends after it starts (from %v, until %v)", o.From.D(), o.Until.D())
		}
	}
	s.checkPartitions(d)
	for i, c := range s.Changes {
		p := fmt.Sprintf("changes[%d]", i)
		if !segments[c.Segment] {
			d.failAt(p+".segment", "no segment named %q", c.Segment)
		}
		if len(c.Impairments) == 0 && len(c.Clear) == 0 {
			d.failAt(p, "a change sets impairments or clears chains")
		}
		s.checkImpairments(d, p+".impairments", c.Impairments)
		for j, on := range c.Clear {
			if _, err := s.parseOn(on); err != nil {
				d.failAt(fmt.Sprintf("%s.clear[%d]", p, j), "%v", err)
			}
		}
	}
}

func (s *Scenario) checkPartitions(d *decoder) {
	for i, pt := range s.Partitions {
		p := fmt.Sprintf("partitions[%d]", i)
		if pt.Until <= pt.From {
			d.failAt(p+".until", "a partition ends after it starts (from %v, until %v)", pt.From.D(), pt.Until.D())
		}
		for _, side := range []struct {
			key   string
			names []string
		}{{"a", pt.A}, {"b", pt.B}} {
			if len(side.names) == 0 {
				d.failAt(p+"."+side.key, "each side of a partition names at least one device")
			}
			for _, n := range side.names {
				if s.device(n) == nil {
					d.failAt(p+"."+side.key, "no device named %q", n)
				}
			}
		}
	}
}

func (s *Scenario) checkExpect(d *decoder, p string, e *Expect) {
	kinds := 0
	for _, set := range []bool{e.Counter != nil, e.Call != nil, e.PoolsFull != nil, e.Handshake != nil, e.Note != nil} {
		if set {
			kinds++
		}
	}
	if kinds != 1 {
		d.failAt(p, "an expectation has exactly one of counter, call, pools_full, handshake, note (got %d)", kinds)
		return
	}
	switch {
	case e.Counter != nil:
		c := e.Counter
		if c.Name == "" {
			d.failAt(p+".counter.name", "name the counter (see the report's counter list)")
		}
		if c.Min == nil && c.Max == nil && c.Equal == nil {
			d.failAt(p+".counter", "give min, max or equal")
		}
		if c.By > s.Duration {
			d.failAt(p+".counter.by", "%v is after the end of the scenario (%v)", c.By.D(), s.Duration.D())
		}
	case e.Call != nil:
		c := e.Call
		if s.device(c.Device) == nil {
			d.failAt(p+".call.device", "no device named %q", c.Device)
		}
		if c.Call == "" {
			d.failAt(p+".call.call", "name the C service, such as nx_udp_socket_send")
		}
		if _, err := parseStatus(c.Status); err != nil {
			d.failAt(p+".call.status", "%v", err)
		}
		if !c.Every && c.Min == nil && c.Max == nil {
			d.failAt(p+".call", "give every: true, min or max")
		}
	case e.Handshake != nil:
		h := e.Handshake
		if s.device(h.Device) == nil {
			d.failAt(p+".handshake.device", "no device named %q", h.Device)
		}
		if h.Done == (h.Status != "") {
			d.failAt(p+".handshake", "give done: true or the status it fails with, not both")
		} else if _, err := parseStatus(h.Status); h.Status != "" && err != nil {
			d.failAt(p+".handshake.status", "%v", err)
		}
		if h.By > s.Duration {
			d.failAt(p+".handshake.by", "%v is after the end of the scenario (%v)", h.By.D(), s.Duration.D())
		}
	case e.Note != nil:
		s.checkNote(d, p+".note", e.Note)
	}
}

// checkNote checks a note expectation.
func (s *Scenario) checkNote(d *decoder, p string, n *NoteCheck) {
	if n.Device != "" && s.device(n.Device) == nil {
		d.failAt(p+".device", "no device named %q", n.Device)
	}
	if n.Service == "" && n.Contains == "" {
		d.failAt(p, "give the service the note is about, text it contains, or both")
	}
}
