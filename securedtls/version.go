package securedtls

import (
	"github.com/nxsim/nxsim/nx"
)

// Protocol versions (dtls-semantics.md §3.4). NetX's DTLS knows DTLS 1.0
// (0xFEFF, compiled in with the TLS 1.1 switch NX_SECURE_TLS_ENABLE_TLS_1_1,
// which the regression build defines) and DTLS 1.2 (0xFEFD). A client
// offers its override or the newest enabled version; a server takes the
// offered version when it is its override or, without an override, an
// enabled one, and otherwise answers with what
// _nx_secure_tls_highest_supported_version_negotiate picks. Nothing ties a
// suite to a version: under DTLS 1.0 NetX runs the SHA-256 and AEAD suites
// as under 1.2, with the TLS 1.0/1.1 PRF (version_prf.go).

// The TLS versions of NetX's legacy table, which a NetX DTLS client checks a
// ServerHello against when no HelloVerifyRequest came (§3.4's quirk).
const (
	versionSSL30 = 0x0300
	versionTLS10 = 0x0301
	versionTLS11 = 0x0302
	versionTLS12 = 0x0303
)

// versionEntry is one row of NetX's version tables (NX_SECURE_TLS_VERSIONS).
type versionEntry struct {
	version uint16
	enabled bool
}

// dtlsVersions is nx_secure_dtls_supported_versions
// (nx_secure_tls_check_protocol_version.c), oldest first: DTLS 1.0 rides
// on the TLS 1.1 switch.
func (d *device) dtlsVersions() []versionEntry {
	return []versionEntry{
		{nx.NX_SECURE_DTLS_VERSION_1_0, !d.config.DisableTLS11},
		{nx.NX_SECURE_DTLS_VERSION_1_2, true},
	}
}

// tlsVersions is nx_secure_tls_supported_versions for the emulated build:
// SSL 3.0 and TLS 1.0 off, TLS 1.1 with the switch, TLS 1.2 on.
func (d *device) tlsVersions() []versionEntry {
	return []versionEntry{
		{versionSSL30, false},
		{versionTLS10, false},
		{versionTLS11, !d.config.DisableTLS11},
		{versionTLS12, true},
	}
}

// lookupVersion is the table loop of _nx_secure_tls_check_protocol_version:
// enabled → NX_SUCCESS, known but disabled → UNSUPPORTED, else UNKNOWN.
func lookupVersion(table []versionEntry, v uint16) nx.Status {
	for _, e := range table {
		if e.version == v {
			if e.enabled {
				return nx.NX_SUCCESS
			}
			return nx.NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION
		}
	}
	return nx.NX_SECURE_TLS_UNKNOWN_TLS_VERSION
}

// checkProtocolVersion is _nx_secure_tls_check_protocol_version as a server
// runs it on a ClientHello (table: the DTLS one) or a client on a
// ServerHello (table: the TLS one, as the shared ServerHello parser passes
// NX_SECURE_TLS). A version already set must match (else 0x12E: the server
// always, the client past IDLE, which it is once it sent ClientHello #2 —
// observed, netx-observed.md §4d); an override must match exactly (else
// UNSUPPORTED, which lets a server negotiate); otherwise the table decides.
func (s *Session) checkProtocolVersion(v uint16, table []versionEntry) nx.Status {
	tls := &s.NxSecureDTLSTLSSession
	if cur := tls.NxSecureTLSProtocolVersion; cur != 0 {
		if cur == v {
			return nx.NX_SUCCESS
		}
		return nx.NX_SECURE_TLS_PROTOCOL_VERSION_CHANGED
	}
	if o := tls.NxSecureTLSProtocolVersionOverride; o != 0 {
		if o == v {
			return nx.NX_SUCCESS
		}
		return nx.NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION
	}
	return lookupVersion(table, v)
}

// negotiateVersion is the version step of nx_secure_dtls_process_clienthello.c,
// run on every ClientHello, the cookie-less one included: the offered
// version if checkProtocolVersion accepts it; after UNSUPPORTED the answer of
// _nx_secure_tls_highest_supported_version_negotiate (0 →
// UNSUPPORTED_TLS_VERSION); any other error as it is.
func (s *Session) negotiateVersion(offered uint16) (uint16, nx.Status) {
	st := s.checkProtocolVersion(offered, s.dev.dtlsVersions())
	if st == nx.NX_SECURE_TLS_UNSUPPORTED_TLS_VERSION {
		if v := s.highestSupportedVersion(offered); v != 0 {
			return v, nx.NX_SUCCESS
		}
		return 0, st
	}
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	return offered, nx.NX_SUCCESS
}

// highestSupportedVersion is _nx_secure_tls_highest_supported_version_negotiate
// (nx_secure_tls_newest_supported_version.c) on the DTLS table, quirks
// kept: a non-zero answer is cached in the session and returned for every
// later negotiation, across resets (only session create clears it); a
// version numerically above the highest enabled one gets the highest; the
// "lowest" starts at 0xFF, below every DTLS version, so any other version
// below the highest (and above 0xFF) gets the first enabled version, newest
// first, not numerically greater, and one equal to the highest gets 0.
// With DTLS's inverted numbering a DTLS 1.2 ClientHello to a server whose
// override is DTLS 1.0 gets DTLS 1.2, and a DTLS 1.0 one to a server whose
// override is DTLS 1.2 gets 0.
func (s *Session) highestSupportedVersion(offered uint16) uint16 {
	tls := &s.NxSecureDTLSTLSSession
	if tls.negotiatedHighest != 0 {
		return tls.negotiatedHighest
	}
	var highest, notGreater uint16
	lowest := uint16(0xFF)
	table := s.dev.dtlsVersions()
	for i := len(table) - 1; i >= 0; i-- {
		e := table[i]
		if !e.enabled {
			continue
		}
		highest = max(highest, e.version)
		lowest = min(lowest, e.version)
		if notGreater == 0 && offered >= e.version {
			notGreater = e.version
		}
	}
	var v uint16
	switch {
	case highest == 0:
	case offered > highest:
		v = highest
	case offered < highest && offered > lowest:
		v = notGreater
	}
	tls.negotiatedHighest = v
	return v
}

// serverHelloVersion is the version check of _nx_secure_tls_process_serverhello
// on a DTLS client. After a HelloVerifyRequest the version is the one
// offered and must come back (else 0x12E). Without one it is 0
// (nx_secure_dtls_session_start.c clears it after ClientHello #1), so an
// override must match exactly (else 0x110) and without an override the
// version is looked up in the TLS table: a DTLS version is unknown (0x10F),
// while TLS 1.2 — and TLS 1.1 in this build — pass (§3.4).
func (s *Session) serverHelloVersion(v uint16) nx.Status {
	return s.checkProtocolVersion(v, s.dev.tlsVersions())
}
