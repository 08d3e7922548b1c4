package securedtls_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestPSKEcho is a PSK handshake and a 64-byte echo between two devices on
// a simulated segment, with both PSK suites, ending with both sides'
// session_end and every pool full.
func TestPSKEcho(t *testing.T) {
	for _, suite := range []nx.USHORT{0x00AE, 0xC0A8, 0x008C, 0x008D} {
		t.Run(fmt.Sprintf("0x%04X", suite), func(t *testing.T) {
			w := newWorld(t, 1)
			var keyLog bytes.Buffer
			w.net.KeyLogTo(&keyLog)
			msg := bytes.Repeat([]byte{0xA5}, 64)
			var srvStart, srvEnd, cliStart, cliEnd nx.Status = 0xFF, 0xFF, 0xFF, 0xFF
			var echoed []byte
			w.add("server", serverIP, 7, func(b *board) {
				var d dtlsServer
				d.create(t, b, 2, table(t, suite))
				s := d.next(nx.NX_WAIT_FOREVER)
				srvStart = securedtls.ServerSessionStart(s, 5*nx.NX_IP_PERIODIC_RATE)
				data, st := receive(s, 5*nx.NX_IP_PERIODIC_RATE)
				must(t, "server receive", st)
				must(t, "server send", send(t, s, &b.pool, data))
				srvEnd = securedtls.SessionEnd(s, 5*nx.NX_IP_PERIODIC_RATE)
				must(t, "server_stop", securedtls.ServerStop(&d.srv))
				must(t, "server_delete", securedtls.ServerDelete(&d.srv))
			})
			w.add("client", nx.IP_ADDRESS(192, 168, 1, 3), 8, func(b *board) {
				var c dtlsClient
				c.create(t, b, table(t, suite))
				cliStart = securedtls.ClientSessionStart(&c.s, &b.socket, serverAddr(), serverPort, 5*nx.NX_IP_PERIODIC_RATE)
				must(t, "client send", send(t, &c.s, &b.pool, msg))
				echoed, _ = receive(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
				cliEnd = securedtls.SessionEnd(&c.s, 5*nx.NX_IP_PERIODIC_RATE)
				must(t, "session_delete", securedtls.SessionDelete(&c.s))
			})
			w.run(10 * time.Second)
			assert.Equal(t, nx.NX_SUCCESS, srvStart, "server start")
			assert.Equal(t, nx.NX_SUCCESS, cliStart, "client start")
			assert.Equal(t, msg, echoed)
			assert.Equal(t, nx.NX_SUCCESS, srvEnd, "server end")
			assert.Equal(t, nx.NX_SUCCESS, cliEnd, "client end")
			// One CLIENT_RANDOM line, logged by each side: the same secret.
			lines := strings.Split(strings.TrimSpace(keyLog.String()), "\n")
			assert.Len(t, lines, 2)
			assert.Regexp(t, `^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$`, lines[0])
			assert.Equal(t, lines[0], lines[len(lines)-1])
		})
	}
}

func serverAddr() *nx.NXDAddress {
	a := &nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	a.NxdIPAddress.V4 = serverIP
	return a
}
