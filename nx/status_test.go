package nx

import (
	"os"
	"testing"

	"github.com/nxsim/nxsim/nx/internal/statusgen"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatusString(t *testing.T) {
	tests := []struct {
		status Status
		want   string
	}{
		{NX_SECURE_TLS_ALERT_RECEIVED, "NX_SECURE_TLS_ALERT_RECEIVED (0x114)"},
		{NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS, "NX_SECURE_TLS_NO_FREE_DTLS_SESSIONS (0x123)"},
		{NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE, "NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE (0x19D)"},
		{NX_NO_PACKET, "NX_NO_PACKET/TX_DELETED (0x01)"},
		{TX_CALLER_ERROR, "NX_INVALID_SOCKET/TX_CALLER_ERROR (0x13)"},
		{NX_CALLER_ERROR, "NX_CALLER_ERROR/TX_DELETE_ERROR (0x11)"},
		{TX_WAIT_ABORTED, "NX_WAIT_ABORTED/TX_WAIT_ABORTED (0x1A)"},
		{TX_FEATURE_NOT_ENABLED, "TX_FEATURE_NOT_ENABLED (0xFF)"},
		{Status(0x7777), "unknown status (0x7777)"},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, tt.status.String())
	}
	assert.Equal(t, []string{"NX_SECURE_TLS_SUCCESS", "NX_SECURE_X509_SUCCESS", "NX_SUCCESS", "TX_SUCCESS"}, TX_SUCCESS.Names())
}

// The C values, from tx_api.h, nx_api.h, nx_secure_tls.h and nx_secure_x509.h.
func TestStatusValuesAreTheCValues(t *testing.T) {
	tests := []struct {
		status Status
		want   uint32
	}{
		{TX_DELETED, 0x01}, {TX_WAIT_ERROR, 0x04}, {TX_NO_INSTANCE, 0x0D}, {TX_NO_MEMORY, 0x10},
		{TX_START_ERROR, 0x10}, {TX_CALLER_ERROR, 0x13}, {TX_ACTIVATE_ERROR, 0x17},
		{TX_WAIT_ABORTED, 0x1A}, {TX_NOT_OWNED, 0x1E}, {TX_INVALID_CEILING, 0x22},
		{NX_PTR_ERROR, 0x07}, {NX_CALLER_ERROR, 0x11}, {NX_POOL_DELETED, 0x30},
		{NX_SOCKET_UNBOUND, 0x26}, {NX_INVALID_PARAMETERS, 0x4D}, {NX_PACKET_OFFSET_ERROR, 0x53},
		{NX_TCPIP_OFFLOAD_ERROR, 0x56}, {NX_SECURE_TLS_SESSION_UNINITIALIZED, 0x101},
		{NX_SECURE_TLS_PADDING_CHECK_FAILED, 0x12A}, {NX_SECURE_TLS_DOWNGRADE_DETECTED, 0x154},
		{NX_SECURE_X509_CERTIFICATE_NOT_FOUND, 0x18E}, {NX_SECURE_X509_MISSING_CRYPTO_ROUTINE, 0x1AA},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, uint32(tt.status), tt.status.String())
	}
}

func TestIPAddress(t *testing.T) {
	assert.Equal(t, ULONG(0xC0A80196), IP_ADDRESS(192, 168, 1, 150))
	assert.Equal(t, ULONG(0x01020304), IP_ADDRESS(1, 2, 3, 4))
}

func TestPacketTypes(t *testing.T) {
	assert.Equal(t, 36, NX_IPv4_PACKET)
	assert.Equal(t, 44, NX_IPv4_UDP_PACKET)
	assert.Equal(t, 64, NX_UDP_PACKET)
	assert.Equal(t, 76, NX_TCP_PACKET)
}

// status_names.go must be what the generator makes of the constants.
func TestStatusNamesAreGenerated(t *testing.T) {
	want, err := statusgen.Generate(".")
	require.NoError(t, err)
	got, err := os.ReadFile("status_names.go")
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got), "run go generate ./nx")
}
