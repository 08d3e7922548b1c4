package scenarios

import (
	"fmt"
	"sort"
	"strings"

	"github.com/nxsim/nxsim/nx"
)

// Check is the outcome of one expectation.
type Check struct {
	Name string `json:"name"`
	Pass bool   `json:"pass"`
	Why  string `json:"why"`
}

// evaluate checks every expectation of the scenario against the run.
func (r *run) evaluate(final map[string]uint64, leaks string, notes []string) []Check {
	checks := make([]Check, len(r.sc.Expect))
	for i, e := range r.sc.Expect {
		var c Check
		switch {
		case e.Counter != nil:
			c = r.checkCounter(e.Counter, final)
		case e.Call != nil:
			c = r.checkCall(e.Call)
		case e.PoolsFull != nil:
			c = checkPools(*e.PoolsFull, leaks)
		case e.Handshake != nil:
			c = r.checkHandshake(e.Handshake)
		case e.Note != nil:
			c = r.checkNote(e.Note, notes)
		}
		if e.Name != "" {
			c.Name = e.Name
		}
		checks[i] = c
	}
	return checks
}

func (r *run) checkCounter(cc *CounterCheck, final map[string]uint64) Check {
	counters, when := final, "at the end"
	if cc.By > 0 {
		counters, when = r.snapshots[cc.By], fmt.Sprintf("at %v", cc.By.D())
	}
	v := counters[cc.Name]
	_, counted := final[cc.Name]
	var want []string
	pass := true
	if cc.Equal != nil {
		want = append(want, fmt.Sprintf("= %d", *cc.Equal))
		pass = pass && v == *cc.Equal
	}
	if cc.Min != nil {
		want = append(want, fmt.Sprintf("≥ %d", *cc.Min))
		pass = pass && v >= *cc.Min
	}
	if cc.Max != nil {
		want = append(want, fmt.Sprintf("≤ %d", *cc.Max))
		pass = pass && v <= *cc.Max
	}
	why := fmt.Sprintf("%s is %d %s; want %s", cc.Name, v, when, strings.Join(want, " and "))
	if !counted {
		why += " (nothing counted it in the whole run: check the name against the report's counter list)"
	}
	return Check{Name: "counter " + cc.Name + " " + strings.Join(want, " "), Pass: pass, Why: why}
}

func (r *run) checkCall(cc *CallCheck) Check {
	want, _ := parseStatus(cc.Status)
	statuses := r.calls[cc.Device][cc.Call]
	var total uint64
	var parts []string
	var got uint64
	for _, st := range sortedStatuses(statuses) {
		n := statuses[st]
		total += n
		if st == want {
			got = n
		}
		parts = append(parts, fmt.Sprintf("%d × %s", n, statusName(cc.Call, st)))
	}
	seen := "never called"
	if total > 0 {
		seen = strings.Join(parts, ", ")
	}
	name := fmt.Sprintf("%s on %s returns %s", cc.Call, cc.Device, statusName(cc.Call, want))
	pass := true
	var rule []string
	if cc.Every {
		rule = append(rule, "every call")
		pass = total > 0 && got == total
	}
	if cc.Min != nil {
		rule = append(rule, fmt.Sprintf("at least %d time(s)", *cc.Min))
		pass = pass && got >= *cc.Min
	}
	if cc.Max != nil {
		rule = append(rule, fmt.Sprintf("at most %d time(s)", *cc.Max))
		pass = pass && got <= *cc.Max
	}
	name += " " + strings.Join(rule, ", ")
	return Check{Name: name, Pass: pass, Why: fmt.Sprintf("%s: %s", cc.Call, seen)}
}

func sortedStatuses(m map[nx.Status]uint64) []nx.Status {
	out := make([]nx.Status, 0, len(m))
	for st := range m {
		out = append(out, st)
	}
	sort.Slice(out, func(i, j int) bool { return out[i] < out[j] })
	return out
}

func checkPools(want bool, leaks string) Check {
	full := leaks == ""
	why := "every packet is back in its pool"
	if !full {
		why = leaks
	}
	name := "every pool full at the end"
	if !want {
		name = "a packet is missing from a pool at the end"
	}
	return Check{Name: name, Pass: full == want, Why: why}
}

func (r *run) checkHandshake(h *Handshake) Check {
	want, what := nx.NX_SUCCESS, "done"
	if !h.Done {
		want, _ = parseStatus(h.Status)
		what = "failed with " + statusName("nx_secure", want)
	}
	by, when := r.sc.Duration.D(), "by the end"
	if h.By > 0 {
		by, when = h.By.D(), fmt.Sprintf("by %v", h.By.D())
	}
	count := max(h.Count, 1)
	var got uint64
	var seen []string
	for _, e := range r.handshakes[h.Device] {
		if e.status == want && e.at <= by {
			got++
		}
		seen = append(seen, fmt.Sprintf("%s at %v", statusName("nx_secure", e.status), e.at))
	}
	why := h.Device + " reported no handshake"
	if len(seen) > 0 {
		why = h.Device + "'s handshakes: " + strings.Join(seen, ", ")
	}
	name := fmt.Sprintf("handshake on %s %s %s", h.Device, what, when)
	if count > 1 {
		name += fmt.Sprintf(" (%d times)", count)
	}
	return Check{Name: name, Pass: got >= count, Why: why}
}

// checkNote looks for a rehearsal note: each note reads
// "DEVICE: SERVICE: documented: ...; NetX 6.4.2: ...".
func (r *run) checkNote(n *NoteCheck, notes []string) Check {
	var about []string
	if n.Service != "" {
		about = append(about, "about "+n.Service)
	}
	if n.Contains != "" {
		about = append(about, fmt.Sprintf("saying %q", n.Contains))
	}
	who := "a device"
	if n.Device != "" {
		who = n.Device
	}
	name := fmt.Sprintf("a rehearsal note on %s %s", who, strings.Join(about, ", "))
	for _, text := range notes {
		device, rest, _ := strings.Cut(text, ": ")
		if n.Device != "" && device != n.Device {
			if def := r.sc.device(device); def == nil || def.group != n.Device {
				continue
			}
		}
		if (n.Service == "" || strings.HasPrefix(rest, n.Service+": ")) && strings.Contains(text, n.Contains) {
			return Check{Name: name, Pass: true, Why: text}
		}
	}
	why := "the run earned no rehearsal note"
	if len(notes) > 0 {
		why = "its notes: " + strings.Join(notes, " | ")
	}
	return Check{Name: name, Pass: false, Why: why}
}
