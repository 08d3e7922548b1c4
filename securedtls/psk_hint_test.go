package securedtls

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPSKHintLength checks a PSK ServerKeyExchange's identity hint as
// nx_secure_process_server_key_exchange.c reads it: a length beyond the
// whole message or beyond NX_SECURE_TLS_MAX_PSK_ID_SIZE (20) is
// NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH, bytes after the hint are ignored
// (was 0x10A here), and a length up to the message length (counting the
// two length bytes) is taken, the missing bytes reading as zero.
func TestPSKHintLength(t *testing.T) {
	for _, row := range []struct {
		name     string
		body     []byte
		want     nx.Status
		wantHint string
	}{
		{"exact", []byte("\x00\x04hint"), nx.NX_SUCCESS, "hint"},
		{"trailing bytes ignored", []byte("\x00\x04hint\x01\x02\x03"), nx.NX_SUCCESS, "hint"},
		{"empty hint, trailing byte", []byte("\x00\x00\x07"), nx.NX_SUCCESS, ""},
		{"empty message", nil, nx.NX_SUCCESS, ""},
		{"length = message length", []byte("\x00\x06hint"), nx.NX_SECURE_TLS_NO_MATCHING_PSK, ""},
		{"length past the message", []byte("\x00\x07hint"), lengthError, ""},
		{"one-byte message", []byte{1}, lengthError, ""},
		{"hint of 21 bytes", append([]byte("\x00\x15"), make([]byte, 21)...), lengthError, ""},
	} {
		t.Run(row.name, func(t *testing.T) {
			tab, err := NewCryptoTable(0x00AE)
			require.NoError(t, err)
			s := &Session{table: tab, dev: &device{config: DefaultConfig(100)}}
			s.NxSecureDTLSTLSSession.NxSecureTLSSessionCiphersuite = 0x00AE
			s.NxSecureDTLSTLSSession.psks = []pskEntry{{key: []byte("k"), identity: []byte("id"), hint: []byte("hint")}}
			assert.Equal(t, row.want, s.clientServerKeyExchange(row.body))
			if row.want == nx.NX_SUCCESS {
				assert.Equal(t, row.wantHint, string(s.hs.hint))
			}
		})
	}
}
