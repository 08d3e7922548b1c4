package securedtls

import (
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
)

// The handshake messages NetX's PSK handshake exchanges, built and parsed
// here because NetX's framing differs from pion's on the wire (no extensions
// field at all when there are none, dtls-semantics.md §3.3) and each length
// error has its own status.

// clientHello is a ClientHello body (RFC 6347 §4.2.1).
type clientHello struct {
	version     uint16
	random      [32]byte
	sessionID   []byte
	cookie      []byte
	suites      []uint16
	compression []byte
	extensions  []uint16 // types, in order (parsed only)
	groups      []uint16 // supported_groups to send
	groupWords  []uint16 // parsed: the supported_groups data as NetX reads it (see parseGroups)
}

// marshal writes the body as nx_secure_dtls_send_clienthello.c does: every
// table suite then the SCSV 0x00FF, null compression, and — only when
// ecc_initialize gave groups — supported_groups and ec_point_formats
// (uncompressed); otherwise no extensions field at all.
func (m *clientHello) marshal() []byte {
	b := binary.BigEndian.AppendUint16(nil, m.version)
	b = append(b, m.random[:]...)
	b = append(b, byte(len(m.sessionID)))
	b = append(b, m.sessionID...)
	b = append(b, byte(len(m.cookie)))
	b = append(b, m.cookie...)
	b = binary.BigEndian.AppendUint16(b, uint16(2*len(m.suites)))
	for _, id := range m.suites {
		b = binary.BigEndian.AppendUint16(b, id)
	}
	b = append(b, byte(len(m.compression)))
	b = append(b, m.compression...)
	if len(m.groups) == 0 {
		return b
	}
	ext := binary.BigEndian.AppendUint16(nil, extensionSupportedGroups)
	ext = binary.BigEndian.AppendUint16(ext, uint16(2+2*len(m.groups)))
	ext = binary.BigEndian.AppendUint16(ext, uint16(2*len(m.groups)))
	for _, g := range m.groups {
		ext = binary.BigEndian.AppendUint16(ext, g)
	}
	ext = append(ext, 0, extensionECPointFormats, 0, 2, 1, 0)
	b = binary.BigEndian.AppendUint16(b, uint16(len(ext)))
	return append(b, ext...)
}

// The ECC extensions (RFC 8422 §5.1).
const (
	extensionSupportedGroups = 0x000A
	extensionECPointFormats  = 0x000B
)

// lengthError is NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH.
const lengthError = nx.NX_SECURE_TLS_INCORRECT_MESSAGE_LENGTH

// parseClientHello reads a ClientHello body; extensions are skipped after a
// length check (NetX collects them only for ECC and ECJPAKE).
func parseClientHello(b []byte) (*clientHello, nx.Status) {
	m := &clientHello{}
	if len(b) < 2+32+1 {
		return nil, lengthError
	}
	m.version = binary.BigEndian.Uint16(b)
	copy(m.random[:], b[2:34])
	b = b[34:]
	var ok bool
	if m.sessionID, b, ok = vector8(b); !ok {
		return nil, lengthError
	}
	if m.cookie, b, ok = vector8(b); !ok {
		return nil, lengthError
	}
	if len(b) < 2 {
		return nil, lengthError
	}
	n := int(binary.BigEndian.Uint16(b))
	if n%2 != 0 || len(b) < 2+n {
		return nil, lengthError
	}
	for i := 0; i < n; i += 2 {
		m.suites = append(m.suites, binary.BigEndian.Uint16(b[2+i:]))
	}
	b = b[2+n:]
	if m.compression, b, ok = vector8(b); !ok {
		return nil, lengthError
	}
	if len(b) > 0 {
		ext, rest, ok := vector16(b)
		if !ok || len(rest) != 0 {
			return nil, lengthError
		}
		for len(ext) > 0 {
			if len(ext) < 4 {
				return nil, lengthError
			}
			typ := binary.BigEndian.Uint16(ext)
			var data []byte
			if data, ext, ok = vector16(ext[2:]); !ok {
				return nil, lengthError
			}
			m.extensions = append(m.extensions, typ)
			if typ == extensionSupportedGroups {
				m.groupWords = parseGroups(data)
			}
		}
	}
	return m, nx.NX_SUCCESS
}

// parseGroups reads a supported_groups body as
// _nx_secure_tls_proc_clienthello_sec_sa_extension does: every two-byte
// word of the extension data from its first byte, so the list's own
// length is read as a group too (a 12-group list, length 24, offers
// secp384r1), and the length is never checked; a last odd byte is dropped.
func parseGroups(b []byte) []uint16 {
	words := make([]uint16, 0, len(b)/2)
	for i := 0; i+1 < len(b); i += 2 {
		words = append(words, binary.BigEndian.Uint16(b[i:]))
	}
	return words
}

// vector8 splits a one-byte-length vector off b.
func vector8(b []byte) (v, rest []byte, ok bool) {
	if len(b) < 1 || len(b) < 1+int(b[0]) {
		return nil, nil, false
	}
	return b[1 : 1+int(b[0])], b[1+int(b[0]):], true
}

// vector16 splits a two-byte-length vector off b.
func vector16(b []byte) (v, rest []byte, ok bool) {
	if len(b) < 2 {
		return nil, nil, false
	}
	n := int(binary.BigEndian.Uint16(b))
	if len(b) < 2+n {
		return nil, nil, false
	}
	return b[2 : 2+n], b[2+n:], true
}

// serverHello is a ServerHello body: NetX sends no extensions.
type serverHello struct {
	version     uint16
	random      [32]byte
	sessionID   []byte
	suite       uint16
	compression byte
}

// marshal writes the body with no extensions field.
func (m *serverHello) marshal() []byte {
	b := binary.BigEndian.AppendUint16(nil, m.version)
	b = append(b, m.random[:]...)
	b = append(b, byte(len(m.sessionID)))
	b = append(b, m.sessionID...)
	b = binary.BigEndian.AppendUint16(b, m.suite)
	return append(b, m.compression)
}

// parseServerHello reads a ServerHello body (extensions length-checked and
// skipped, as the shared TLS parser skips unknown ones).
func parseServerHello(b []byte) (*serverHello, nx.Status) {
	m := &serverHello{}
	if len(b) < 2+32+1 {
		return nil, lengthError
	}
	m.version = binary.BigEndian.Uint16(b)
	copy(m.random[:], b[2:34])
	var ok bool
	if m.sessionID, b, ok = vector8(b[34:]); !ok || len(b) < 3 {
		return nil, lengthError
	}
	m.suite = binary.BigEndian.Uint16(b)
	m.compression = b[2]
	if b = b[3:]; len(b) > 0 {
		if _, rest, ok := vector16(b); !ok || len(rest) != 0 {
			return nil, lengthError
		}
	}
	return m, nx.NX_SUCCESS
}

// helloVerifyRequest is the body NetX's server sends: server_version always
// DTLS 1.0 and the cookie (nx_secure_dtls_send_helloverifyrequest.c).
func helloVerifyRequest(cookie []byte) []byte {
	b := binary.BigEndian.AppendUint16(nil, nx.NX_SECURE_DTLS_VERSION_1_0)
	b = append(b, byte(len(cookie)))
	return append(b, cookie...)
}

// parseHelloVerifyRequest returns the cookie; the version is not checked.
func parseHelloVerifyRequest(b []byte) ([]byte, nx.Status) {
	if len(b) < 3 {
		return nil, lengthError
	}
	cookie, rest, ok := vector8(b[2:])
	if !ok || len(rest) != 0 {
		return nil, lengthError
	}
	return cookie, nx.NX_SUCCESS
}
