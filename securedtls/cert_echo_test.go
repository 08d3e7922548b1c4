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
// devices for each certificate suite: RSA key transport with an RSA
// identity; ECDHE_ECDSA with an EC identity and ECDHE_RSA with an RSA one
// (both sides ecc_initialize with the regression groups); static ECDH_ECDSA
// with an EC identity an EC CA issued and ECDH_RSA with one an RSA CA
// issued. The client trusts the CA. Both starts succeed, the suite is the
// one offered, and both sides log the same CLIENT_RANDOM secret.
func TestCertEcho(t *testing.T) {
	groups := []nx.USHORT{23, 24, 25}
	rsa := certSetup{serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}}
	ecRSA := certSetup{serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups}
	ec := certSetup{serverLocal: []string{"ec-server"}, clientTrust: []string{"ec-ca"}, serverGroups: groups, clientGroups: groups}
	ecByRSA := certSetup{serverLocal: []string{"ec-server-rsaca"}, clientTrust: []string{"rsa-ca"}, serverGroups: groups, clientGroups: groups}
	rows := []struct {
		suite nx.USHORT
		setup certSetup
	}{
		{0x003C, rsa}, {0x003D, rsa}, {0x009C, rsa}, {0x002F, rsa}, {0x0035, rsa}, {0x0002, rsa}, {0x0001, rsa},
		{0xC02B, ec}, {0xC023, ec}, {0xC009, ec}, {0xC00A, ec},
		{0xC02F, ecRSA}, {0xC027, ecRSA}, {0xC013, ecRSA}, {0xC014, ecRSA},
		{0xC004, ec}, {0xC005, ec}, {0xC025, ec}, {0xC02D, ec},
		{0xC00E, ecByRSA}, {0xC00F, ecByRSA}, {0xC029, ecByRSA}, {0xC031, ecByRSA},
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
