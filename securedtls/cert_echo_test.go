package securedtls_test

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestCertEcho is a certificate handshake and a 64-byte echo between two
// devices for each RSA key-transport suite, with the server's RSA identity
// and the client trusting its CA: both starts succeed, the suite is the
// one offered, and both sides log the same CLIENT_RANDOM secret.
func TestCertEcho(t *testing.T) {
	rsa := certSetup{serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}}
	rows := []struct {
		suite nx.USHORT
		setup certSetup
	}{
		{0x003C, rsa}, {0x003D, rsa}, {0x009C, rsa}, {0x002F, rsa}, {0x0035, rsa}, {0x0002, rsa}, {0x0001, rsa},
	}
	for _, r := range rows {
		t.Run(fmt.Sprintf("0x%04X", r.suite), func(t *testing.T) {
			cs := r.setup
			cs.serverTable, cs.clientTable = []nx.USHORT{r.suite}, []nx.USHORT{r.suite}
			res := runCert(t, cs)
			assert.Equal(t, nx.NX_SUCCESS, res.srvStart, "server start")
			assert.Equal(t, nx.NX_SUCCESS, res.cliStart, "client start")
			assert.Equal(t, r.suite, res.suite)
			assert.Equal(t, bytes.Repeat([]byte{0x5A}, 64), res.echoed)
			lines := strings.Split(strings.TrimSpace(res.keyLog), "\n")
			assert.Len(t, lines, 2)
			assert.Regexp(t, `^CLIENT_RANDOM [0-9a-f]{64} [0-9a-f]{96}$`, lines[0])
			assert.Equal(t, lines[0], lines[len(lines)-1])
		})
	}
}
