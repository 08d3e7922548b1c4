package securedtls

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestPeerName checks the peer names the leak report's holders carry.
func TestPeerName(t *testing.T) {
	v4 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}
	v4.NxdIPAddress.V4 = nx.IP_ADDRESS(192, 168, 1, 3)
	v6 := nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V6}
	v6.NxdIPAddress.V6 = [4]nx.ULONG{0xFE800000, 0, 0x12, 0xABCDEF01}
	for _, row := range []struct {
		addr nx.NXDAddress
		port nx.UINT
		want string
	}{
		{v4, 4433, "192.168.1.3:4433"},
		{v6, 60795, "[fe800000:00000000:00000012:abcdef01]:60795"},
		{nx.NXDAddress{NxdIPVersion: nx.NX_IP_VERSION_V4}, 0, "0.0.0.0:0"},
	} {
		s := &Session{remote: row.addr, remotePort: row.port}
		assert.Equal(t, row.want, s.peer())
	}
}
