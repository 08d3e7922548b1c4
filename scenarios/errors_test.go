package scenarios

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// base is a valid scenario; each malformed case changes one line of it.
const base = `name: base
seed: 1
duration: 5s
segments:
  - name: lan
    latency: 100us
    impairments:
      - on: egress client
        loss: {p: 0.1}
devices:
  - name: server
    segment: lan
    address: 10.0.0.1
    cpu: {profile: default}
    application: {name: udp-server, params: {port: 7}}
  - name: client
    segment: lan
    address: 10.0.0.2
    application:
      name: udp-client
      params: {to: server, port: 7, count: 3}
outages:
  - {device: server, from: 1s, until: 2s}
expect:
  - counter: {name: server.app.datagrams_received, min: 1}
  - call: {device: client, call: nx_udp_socket_send, status: NX_SUCCESS, every: true}
  - pools_full: true
`

// TestMalformedScenarios: each bad file is refused by check and run with
// a non-zero exit and an error naming file, line and key.
func TestMalformedScenarios(t *testing.T) {
	tests := []struct {
		name      string
		old, new  string
		line      int
		key, want string
	}{
		{"unknown top-level key", "seed: 1", "sede: 1", 2, "sede", "unknown key"},
		{"wrong type", "seed: 1", "seed: one", 2, "seed", "want a whole number"},
		{"bad duration", "duration: 5s", "duration: 5 seconds", 3, "duration", "want a duration"},
		{"missing duration", "duration: 5s", "description: no duration", 1, "duration", "needs a duration"},
		{"yaml syntax", "    latency: 100us", "    latency: [100us", 5, "", "did not find expected"},
		{"duplicate key", "seed: 1", "seed: 1\nseed: 2", 3, "seed", "key given twice"},
		{"unknown device key", "    address: 10.0.0.1", "    ip_address: 10.0.0.1", 13, "devices[0].ip_address", "unknown key"},
		{"bad address", "address: 10.0.0.1", "address: 10.0.0.300", 13, "devices[0].address", "want an IPv4 address"},
		{"same address twice", "address: 10.0.0.2", "address: 10.0.0.1", 18, "devices[1].address", "used twice"},
		{"unknown segment", "  - name: server\n    segment: lan", "  - name: server\n    segment: wan", 12, "devices[0].segment", `no segment named "wan"`},
		{"duplicate device", "  - name: client", "  - name: server", 16, "devices[1].name", "declared twice"},
		{"too many boards", "  - name: client\n", "  - name: client\n    count: 5000\n", 17, "devices[1].count", "from 1 to 1000"},
		{"a group over another board", "address: 10.0.0.1", "address: 10.0.0.1\n    count: 3", 17, "devices[1].count", "device client would get address 10.0.0.2, which server2 has"},
		{"unknown cpu profile", "profile: default", "profile: pentium", 14, "devices[0].cpu", "unknown CPU profile \"pentium\" (known: cortex-m0plus-48mhz, cortex-m33-pka-160mhz, cortex-m4-100mhz, host, zero)"},
		{"cpu override of no service", "profile: default", "profile: default, overrides: {udp send: 1us}", 14, "devices[0].cpu", "not a service or operation name"},
		{"unknown application", "name: udp-server", "name: udp-sever", 15, "devices[0].application.name", "no application"},
		{"unknown application parameter", "params: {port: 7}", "params: {prot: 7}", 15, "devices[0].application.params.prot", "unknown key"},
		{"application parameter type", "count: 3", "count: many", 21, "devices[1].application.params.count", "want an integer"},
		{"application check", "to: server", "to: nobody", 21, "devices[1].application.params", `no device named "nobody"`},
		{"probability out of range", "loss: {p: 0.1}", "loss: {p: 1.5}", 9, "segments[0].impairments[0].loss.p", "a probability"},
		{"two stages in one", "loss: {p: 0.1}", "loss: {p: 0.1}\n        duplicate: {p: 0.1}", 8, "segments[0].impairments[0]", "exactly one stage kind"},
		{"a stage sim refuses", "loss: {p: 0.1}", "mtu: {bytes: 70000}", 8, "segments[0].impairments[0]", "want an IP MTU in [68, 65535]"},
		{"bad chain", "on: egress client", "on: exit client", 8, "segments[0].impairments[0].on", `want "all"`},
		{"chain of an unknown device", "on: egress client", "on: egress clint", 8, "segments[0].impairments[0].on", `no device named "clint"`},
		{"bad rule action", "loss: {p: 0.1}", "rules: [{name: r, action: explode}]", 9, "segments[0].impairments[0].rules[0].action", "want drop"},
		{"bad content type", "loss: {p: 0.1}", "rules: [{name: r, action: drop, match: {content_type: hanshake}}]", 9,
			"segments[0].impairments[0].rules[0].match.content_type", "unknown name"},
		{"outage ends before it starts", "from: 1s, until: 2s", "from: 2s, until: 1s", 23, "outages[0].until", "ends after it starts"},
		{"unknown status", "status: NX_SUCCESS", "status: NX_FINE", 26, "expect[1].call.status", "unknown status"},
		{"expectation of no kind", "  - pools_full: true", "  - name: nothing", 27, "expect[2]", "exactly one of"},
		{"two kinds in one expectation", "  - pools_full: true", "  - pools_full: true\n    counter: {name: x, min: 1}", 27, "expect[2]", "exactly one of"},
		{"handshake done and failed", "  - pools_full: true", "  - handshake: {device: client, done: true, status: NX_SECURE_TLS_ALERT_RECEIVED}", 27, "expect[2].handshake", "not both"},
		{"handshake after the end", "  - pools_full: true", "  - handshake: {device: client, done: true, by: 6s}", 27, "expect[2].handshake.by", "after the end"},
		{"note about nothing", "  - pools_full: true", "  - note: {device: client}", 27, "expect[2].note", "give the service the note is about"},
		{"note on no device", "  - pools_full: true", "  - note: {device: ghost, contains: NX_NO_PACKET}", 27, "expect[2].note.device", `no device named "ghost"`},
		{"counter without bounds", "min: 1}", "}", 25, "expect[0].counter", "give min, max or equal"},
		{"not a list", "outages:\n  - {device: server, from: 1s, until: 2s}", "outages: {device: server}", 22, "outages", "want a list"},
	}
	dir := t.TempDir()
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Contains(t, base, tt.old)
			file := filepath.Join(dir, fmt.Sprintf("bad%02d.yaml", i))
			require.NoError(t, os.WriteFile(file, []byte(strings.Replace(base, tt.old, tt.new, 1)), 0o644))
			want := fmt.Sprintf("%s:%d: ", file, tt.line)
			if tt.key != "" {
				want += tt.key + ": "
			}
			for _, args := range [][]string{{"check", file}, {"run", "--out", filepath.Join(dir, "out"), file}} {
				var out, errs bytes.Buffer
				assert.Equal(t, 1, Command(args, &out, &errs), args[0])
				assert.Contains(t, errs.String(), want, args[0])
				assert.Contains(t, errs.String(), tt.want, args[0])
			}
		})
	}
}

// TestBaseScenarioIsValid keeps the table's base valid.
func TestBaseScenarioIsValid(t *testing.T) {
	_, err := Parse("base.yaml", []byte(base))
	require.NoError(t, err)
}

// TestAliasBomb: aliases that repeat aliases are refused, quickly: a
// thousand segments of a thousand impairments of a thousand rules would be
// 10⁹ rules to decode.
func TestAliasBomb(t *testing.T) {
	many := func(alias string) string {
		return "[" + strings.TrimSuffix(strings.Repeat("*"+alias+", ", 1000), ", ") + "]"
	}
	text := "duration: 1s\n" +
		"description: &r {name: r, action: drop}\n" +
		"name: &i {on: all, rules: " + many("r") + "}\n" +
		"outages: []\n" +
		"partitions: &s {name: lan, impairments: " + many("i") + "}\n" +
		"segments: " + many("s") + "\n"
	_, err := Parse("bomb.yaml", []byte(text))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "too many values")
}
