package scenarios

import (
	"fmt"
	"reflect"
	"strings"
	"unicode"

	"github.com/nxsim/nxsim/nx"
)

// collect returns every counter of the run by name:
//
//	DEVICE.app.NAME                 what the application counted (Device.Count)
//	DEVICE.call.SERVICE.STATUS      how often a service returned a status
//	DEVICE.ip.FIELD                 netx.IPStats, snake_case
//	DEVICE.pool.total / .available  the default pool now, and .lowest_available: the
//	                                fewest free packets seen at a scheduling event
//	SEGMENT.port.DEVICE.FIELD       sim.PortStats
//	SEGMENT.CHAIN.STAGE.FIELD       sim.StageStats (CHAIN: all, egress.D, ingress.D, pair.A.B;
//	                                a stage a change installed has @INSTANT after its name)
//	rule.NAME.matched / .acted      sim.RuleStats
//	SEGMENT.resent.DEVICE           datagrams repeated byte for byte: DTLS retransmissions
//	                                (at the end only: read from the capture)
func (r *run) collect() map[string]uint64 {
	c := map[string]uint64{}
	for k, v := range r.counters {
		c[k] = v
	}
	for dev, calls := range r.calls {
		for call, statuses := range calls {
			for st, n := range statuses {
				c[fmt.Sprintf("%s.call.%s.%s", dev, call, statusName(call, st))] += n
			}
		}
	}
	for _, d := range r.devices {
		name := d.def.Name
		addFields(c, name+".ip.", d.IP.Stats)
		c[name+".pool.total"] = uint64(d.Pool.Total())
		c[name+".pool.available"] = uint64(d.Pool.Available())
		c[name+".pool.lowest_available"] = uint64(r.poolLow[d])
	}
	if r.bridge != nil && r.bridge.bridge != nil {
		addFields(c, bridgeHost+".bridge.", r.bridge.bridge.Stats)
	}
	for _, def := range r.sc.Segments {
		for _, p := range r.segments[def.Name].Ports() {
			addFields(c, def.Name+".port."+p.Device()+".", p.Stats)
		}
	}
	seen := map[string]int{}
	for _, st := range r.stages {
		prefix := st.prefix
		if seen[prefix]++; seen[prefix] > 1 {
			prefix += fmt.Sprintf("#%d", seen[prefix])
		}
		addFields(c, prefix+".", st.stage.Stats())
	}
	for _, rule := range r.rules {
		s := rule.Stats()
		c["rule."+rule.Name+".matched"] += s.Matched
		c["rule."+rule.Name+".acted"] += s.Acted
	}
	return c
}

// addFields adds every unsigned integer field of a stats struct under
// prefix + its snake_case name.
func addFields(c map[string]uint64, prefix string, stats any) {
	v := reflect.ValueOf(stats)
	for i := 0; i < v.NumField(); i++ {
		if f := v.Field(i); f.CanUint() {
			c[prefix+snake(v.Type().Field(i).Name)] += f.Uint()
		}
	}
}

// snake turns a Go field name into snake_case: UDPChecksumErrors →
// udp_checksum_errors.
func snake(s string) string {
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		if unicode.IsUpper(r) && i > 0 && (unicode.IsLower(rs[i-1]) || (i+1 < len(rs) && unicode.IsLower(rs[i+1]))) {
			b.WriteByte('_')
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// statusName names a status in the family of the service that returned
// it: NX_NO_PACKET for nx_packet_allocate, TX_DELETED for a tx_ service, a
// NetX name for an nx_secure_ service when NetX Secure has none (0x01 is
// NX_NO_PACKET), the hex value when no name fits.
func statusName(call string, st nx.Status) string {
	family := "NX_"
	switch {
	case strings.HasPrefix(call, "nx_secure"):
		family = "NX_SECURE_"
	case strings.HasPrefix(call, "tx_"):
		family = "TX_"
	}
	if st == nx.NX_SUCCESS && family == "NX_SECURE_" {
		return "NX_SUCCESS"
	}
	names := st.Names()
	for _, prefix := range []string{family, "NX_"} {
		for _, n := range names {
			if strings.HasPrefix(n, prefix) && (prefix == "NX_SECURE_" || !strings.HasPrefix(n, "NX_SECURE_")) {
				return n
			}
		}
	}
	return fmt.Sprintf("0x%02X", uint32(st))
}
