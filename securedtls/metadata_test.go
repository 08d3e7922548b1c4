package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestMetadataSizeWithoutTLS11 checks nx_secure_tls_metadata_size_calculate
// on the two builds: 11036 with TLS 1.1 (netx-observed.md §5), 10128
// without it (Config.DisableTLS11: the MD5 and SHA-1 handshake hashes and
// the TLS 1.0 PRF are compiled out of the sum), and session_create taking
// exactly that much metadata (one byte less: NX_INVALID_PARAMETERS).
func TestMetadataSizeWithoutTLS11(t *testing.T) {
	for _, row := range []struct {
		disable bool
		want    nx.ULONG
	}{{false, 11036}, {true, 10128}} {
		w := newWorld(t, 1)
		var size nx.ULONG
		var short, exact nx.Status = 0xFF, 0xFF
		b := w.add("board", serverIP, 7, func(*board) {
			tab := table(t, pskSuites...)
			must(t, "metadata_size_calculate", securedtls.TLSMetadataSizeCalculate(tab, &size))
			var s1, s2 securedtls.Session
			short = securedtls.SessionCreate(&s1, tab, make([]byte, size-1), make([]byte, reasmPerSes), 0, nil)
			exact = securedtls.SessionCreate(&s2, tab, make([]byte, size), make([]byte, reasmPerSes), 0, nil)
			if exact == nx.NX_SUCCESS {
				securedtls.SessionDelete(&s2)
			}
		})
		securedtls.SetConfig(b.kernel, securedtls.Config{DisableTLS11: row.disable})
		w.run(time.Second)
		assert.Equal(t, row.want, size, "DisableTLS11 %v", row.disable)
		assert.Equal(t, nx.NX_INVALID_PARAMETERS, short)
		assert.Equal(t, nx.NX_SUCCESS, exact)
	}
}
