package scenarios

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// versionBase is a PSK server and client whose dtls sections the cases of
// TestDTLSVersion fill in.
const versionBase = `name: dtls-version
seed: 1
duration: 5s
segments:
  - {name: lan, latency: 100us}
devices:
  - name: server
    segment: lan
    address: 10.0.0.1
    application: {name: dtls-server}
SERVER
  - name: client
    segment: lan
    address: 10.0.0.2
    application: {name: dtls-client, params: {to: server, messages: 1, handshake_wait: 3s}}
CLIENT
`

// A dtls section's version is installed with the override services, and
// the handshake runs at that version, or fails as NetX fails it: a client
// pinned to DTLS 1.0 gets DTLS 1.2 from a server built without TLS 1.1.
func TestDTLSVersion(t *testing.T) {
	for _, c := range []struct {
		name, server, client string
		clientStatus         string // the client's handshake status
		serverOverride       uint64 // server_protocol_version_override calls
		clientOverride       uint64
		versions             []uint16 // the record versions on the wire
	}{
		{"both unpinned", "", "", "NX_SUCCESS", 0, 0, []uint16{0xFEFD}},
		{"both DTLS 1.0", `    dtls: {version: "1.0"}`, `    dtls: {version: 1.0}`, "NX_SUCCESS", 1, 1, []uint16{0xFEFF}},
		{"both DTLS 1.2", `    dtls: {version: "1.2"}`, `    dtls: {version: "1.2"}`, "NX_SUCCESS", 1, 1, []uint16{0xFEFD}},
		{"a DTLS 1.0 client, an unpinned server", "", `    dtls: {version: "1.0"}`, "NX_SUCCESS", 0, 1, []uint16{0xFEFF}},
		{"a DTLS 1.0 client, a server without TLS 1.1", "    config: {disable_tls_1_1: true}", `    dtls: {version: "1.0"}`, "NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED", 0, 1, []uint16{0xFEFD, 0xFEFF}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.NewReplacer("SERVER\n", line(c.server), "CLIENT\n", line(c.client)).Replace(versionBase)
			sc, err := Parse("version.yaml", []byte(text))
			require.NoError(t, err)
			out := t.TempDir()
			res, err := Run(sc, Options{Out: out})
			require.NoError(t, err)
			capture, err := os.ReadFile(filepath.Join(out, FileCapture))
			require.NoError(t, err)
			assert.Equal(t, c.versions, recordVersions(capture))
			assert.Equal(t, uint64(1), res.Counters["client.app.handshakes."+c.clientStatus], "%v", res.Counters)
			assert.Equal(t, c.serverOverride, res.Counters["server.call.nx_secure_dtls_server_protocol_version_override.NX_SUCCESS"])
			assert.Equal(t, c.clientOverride, res.Counters["client.call.nx_secure_dtls_client_protocol_version_override.NX_SUCCESS"])
		})
	}
}

// line is s as a line of its own, or nothing.
func line(s string) string {
	if s == "" {
		return ""
	}
	return s + "\n"
}

// recordVersions are the versions of the first DTLS records of the
// datagrams on the wire, each once, sorted.
func recordVersions(capture []byte) []uint16 {
	var vs []uint16
	for _, f := range readCapture(capture) {
		if udp := udpOf(f.data); f.point == "lan" && len(udp) >= 8+3 {
			if v := binary.BigEndian.Uint16(udp[9:]); !slices.Contains(vs, v) {
				vs = append(vs, v)
			}
		}
	}
	slices.Sort(vs)
	return vs
}
