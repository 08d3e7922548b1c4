package securedtls

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// Config holds the NetX Secure configuration macros that change DTLS
// behaviour (dtls-semantics.md §5), per device. The zero value of a field
// means "NetX's default"; DefaultConfig gives the defaults spelled out.
type Config struct {
	// RetransmitTimeout is NX_SECURE_DTLS_RETRANSMIT_TIMEOUT in ticks
	// (default NX_IP_PERIODIC_RATE, one second).
	RetransmitTimeout nx.ULONG
	// MaximumRetransmitTimeout is NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_TIMEOUT
	// (default 60 * NX_IP_PERIODIC_RATE).
	MaximumRetransmitTimeout nx.ULONG
	// MaximumRetransmitRetries is NX_SECURE_DTLS_MAXIMUM_RETRANSMIT_RETRIES
	// (default 10).
	MaximumRetransmitRetries nx.UINT
	// RetransmitRetryShift is NX_SECURE_DTLS_RETRANSMIT_RETRY_SHIFT
	// (default 1; set NoRetryShift for 0, a constant timeout).
	RetransmitRetryShift nx.UINT
	// NoRetryShift makes the shift 0 (the zero value of RetransmitRetryShift
	// means the default).
	NoRetryShift bool
	// CookieLength is NX_SECURE_DTLS_COOKIE_LENGTH, the largest cookie a
	// server accepts in a ClientHello (default 32; the server always sends 20).
	CookieLength nx.UINT
	// MaxPSKKeys is NX_SECURE_TLS_MAX_PSK_KEYS (default 5: 4 usable).
	MaxPSKKeys nx.UINT
	// MaxPSKSize is NX_SECURE_TLS_MAX_PSK_SIZE (default 64).
	MaxPSKSize nx.UINT
	// MaxPSKIDSize is NX_SECURE_TLS_MAX_PSK_ID_SIZE (default 20), the limit
	// for identities and hints.
	MaxPSKIDSize nx.UINT
	// DisableTLS11 leaves NX_SECURE_TLS_ENABLE_TLS_1_1 undefined, which
	// compiles DTLS 1.0 out (version.go). The zero value keeps it, as the
	// regression build does; the override services still accept 0xFEFF.
	DisableTLS11 bool
	// X509RejectSelfSigned leaves NX_SECURE_ALLOW_SELF_SIGNED_CERTIFICATES
	// undefined: a self-signed peer certificate fails with 0x11A. The zero
	// value is the regression build's: defined, so a self-signed leaf that
	// verifies itself passes when a trusted certificate has its name.
	X509RejectSelfSigned bool
}

// Fixed protocol values of NetX (nx_secure_dtls.h).
const (
	hvrCookieLength = 20  // the server's cookie (nx_secure_dtls_send_helloverifyrequest.c)
	maxCookieLength = 255 // NX_SECURE_DTLS_MAX_COOKIE_LENGTH, client side
	// metadataSize is nx_secure_tls_metadata_size_calculate's answer for
	// every table of the regression build (netx-observed.md §5): RSA 5168 +
	// 2 × 608 session cipher + 1232 hash + 1328 PRF + 860 handshake hashes
	// + 1232 scratch.
	metadataSize = 11036
	// legacyMetadata is the part of metadataSize that TLS 1.0/1.1 support
	// adds (nx_secure_tls_metadata_size_calculate.c, its
	// NX_SECURE_TLS_TLS_1_1_ENABLED branch): the MD5 and SHA-1 handshake
	// hashes (88 + 412) and the TLS 1.0 PRF's lead over the SHA-256 PRF
	// every suite of the build uses (sizeof NX_CRYPTO_TLS_PRF_1 1328 −
	// sizeof NX_CRYPTO_TLS_PRF_SHA256 920 on the 32-bit build). The
	// scratch area keeps its 1232 bytes: the X.509 hashes set it.
	legacyMetadata = 88 + 412 + 1328 - 920
	// minimumCertificateSize is NX_SECURE_TLS_MINIMUM_CERTIFICATE_SIZE.
	minimumCertificateSize = 256
	// x509CertSize is sizeof(NX_SECURE_X509_CERT) on the 32-bit build.
	x509CertSize = 304
)

// DefaultConfig returns NetX's defaults for a device ticking at
// ticksPerSecond (NX_IP_PERIODIC_RATE).
func DefaultConfig(ticksPerSecond nx.ULONG) Config {
	return Config{
		RetransmitTimeout:        ticksPerSecond,
		MaximumRetransmitTimeout: 60 * ticksPerSecond,
		MaximumRetransmitRetries: 10,
		RetransmitRetryShift:     1,
		CookieLength:             32,
		MaxPSKKeys:               5,
		MaxPSKSize:               64,
		MaxPSKIDSize:             20,
	}
}

// withDefaults fills the zero fields of c.
func (c Config) withDefaults(ticksPerSecond nx.ULONG) Config {
	d := DefaultConfig(ticksPerSecond)
	if c.RetransmitTimeout == 0 {
		c.RetransmitTimeout = d.RetransmitTimeout
	}
	if c.MaximumRetransmitTimeout == 0 {
		c.MaximumRetransmitTimeout = d.MaximumRetransmitTimeout
	}
	if c.MaximumRetransmitRetries == 0 {
		c.MaximumRetransmitRetries = d.MaximumRetransmitRetries
	}
	if c.NoRetryShift {
		c.RetransmitRetryShift = 0
	} else if c.RetransmitRetryShift == 0 {
		c.RetransmitRetryShift = d.RetransmitRetryShift
	}
	if c.CookieLength == 0 {
		c.CookieLength = d.CookieLength
	}
	if c.MaxPSKKeys == 0 {
		c.MaxPSKKeys = d.MaxPSKKeys
	}
	if c.MaxPSKSize == 0 {
		c.MaxPSKSize = d.MaxPSKSize
	}
	if c.MaxPSKIDSize == 0 {
		c.MaxPSKIDSize = d.MaxPSKIDSize
	}
	return c
}

// SetConfig sets a device's DTLS configuration values, as compiling its
// firmware with those macros would. Call it before the device runs (zero
// fields keep NetX's defaults).
func SetConfig(k *rtos.Kernel, c Config) {
	deviceOf(k).config = c.withDefaults(k.TicksPerSecond())
}
