package securedtls

import "github.com/nxsim/nxsim/nx"

// NetX's own ASN.1 reader (nx_secure_x509_asn1_tlv_block_parse.c) and OID
// table (nx_secure_x509_oid_parse.c), written again in Go. NetX does not use
// a general DER decoder: every parser walks the buffer with this one TLV
// reader, and its quirks decide which malformed input gives which status.
// Lengths are ULONG on the 32-bit regression build, so they are uint32 here
// and wrap as C's do. C reads past a field where its length is wrong; here
// bytes past the end of the buffer read as zero (at).

// ASN.1 tags and classes as nx_secure_x509.h numbers them.
const (
	asnBER         = 0
	asnBoolean     = 1
	asnInteger     = 2
	asnBitString   = 3
	asnOctetString = 4
	asnNull        = 5
	asnOID         = 6
	asnSequence    = 16
	asnSet         = 17
	asnUTCTime     = 23
	asnGenTime     = 24

	classUniversal   = 0
	classApplication = 1
	classContext     = 2
	classPrivate     = 3
)

// tlv is one ASN.1 element found by parseTLV: its tag number and class,
// content length, content offset in the buffer and header length.
type tlv struct {
	tag, class uint16
	length     uint32
	data       int
	header     uint32
}

// is reports whether the element has the universal tag t.
func (t tlv) is(tag uint16) bool { return t.tag == tag && t.class == classUniversal }

// end is the offset just past the element.
func (t tlv) end() int { return t.data + int(t.length) }

// at is b[i], or 0 past the end of b (where C would read the next bytes).
func at(b []byte, i int) byte {
	if i < 0 || i >= len(b) {
		return 0
	}
	return b[i]
}

// span is b[off:off+n] clipped to b.
func span(b []byte, off int, n uint32) []byte {
	if off < 0 || off > len(b) {
		return nil
	}
	end := off + int(n)
	if end > len(b) || end < off {
		end = len(b)
	}
	return b[off:end]
}

// parseTLV is _nx_secure_x509_asn1_tlv_block_parse: the element at b[off]
// with *rem bytes said to remain, which it decreases by what it consumed.
// Multi-byte tags are 0x181, the application and private classes 0x190,
// lengths beyond *rem or longer than four bytes 0x182. NULL is special: its
// length byte is not read and the element reports length 1, content at the
// length byte, and only the tag is taken from *rem.
func parseTLV(b []byte, off int, rem *uint32) (tlv, nx.Status) {
	tag := uint16(at(b, off))
	if *rem < 1 {
		return tlv{}, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
	}
	if tag&0x1F == 0x1F {
		return tlv{}, nx.NX_SECURE_X509_MULTIBYTE_TAG_UNSUPPORTED
	}
	t := tlv{header: 1, class: (tag & 0xC0) >> 6}
	*rem--
	if t.class == classApplication || t.class == classPrivate {
		return tlv{}, nx.NX_SECURE_X509_INVALID_TAG_CLASS
	}
	tag &^= 0x20
	t.tag = tag & 0x1F
	if *rem < 1 {
		return tlv{}, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
	}
	if tag == asnNull {
		t.length, t.data = 1, off+1
		return t, nx.NX_SUCCESS
	}
	length := uint32(at(b, off+1))
	t.header++
	*rem--
	if length&0x80 != 0 {
		n := length & 0x7F
		if n > 4 || n > *rem {
			return tlv{}, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
		}
		t.header += n
		*rem -= n
		length = 0
		for i := range int(n) {
			length = length<<8 | uint32(at(b, off+2+i))
		}
	}
	if length > *rem {
		return tlv{}, nx.NX_SECURE_X509_ASN1_LENGTH_TOO_LONG
	}
	*rem -= length
	t.length = length
	t.data = off + int(t.header)
	return t, nx.NX_SUCCESS
}

// expectTLV is parseTLV followed by the check NetX makes most often: the
// element must have the universal tag, else the status wrong.
func expectTLV(b []byte, off int, rem *uint32, tag uint16, wrong nx.Status) (tlv, nx.Status) {
	t, st := parseTLV(b, off, rem)
	if st != nx.NX_SUCCESS {
		return t, st
	}
	if !t.is(tag) {
		return t, wrong
	}
	return t, nx.NX_SUCCESS
}

// NetX's identifiers for the OIDs it knows (NX_SECURE_TLS_X509_TYPE_*,
// NX_SECURE_TLS_X509_EC_*).
const (
	oidUnknown     = 0
	oidRSA         = 1
	oidRSAMD5      = 2
	oidRSASHA1     = 3
	oidRSASHA256   = 4
	oidRSASHA384   = 5
	oidRSASHA512   = 6
	oidCommonName  = 9
	oidCountry     = 11
	oidState       = 12
	oidOrg         = 14
	oidOrgUnit     = 15
	oidKeyUsage    = 19
	oidEC          = 57
	oidECDSASHA1   = 58
	oidECDSASHA224 = 59
	oidECDSASHA256 = 60
	oidECDSASHA384 = 61
	oidECDSASHA512 = 62
	oidSECP192R1   = 0x00060013
	oidSECP224R1   = 0x00060015
	oidSECP256R1   = 0x00060017
	oidSECP384R1   = 0x00060018
	oidSECP521R1   = 0x00060019
)

// oidEntry is one row of _nx_secure_x509_oid_map.
type oidEntry struct {
	id  uint32
	oid []byte
}

// oidMap is NetX's table in its order (the order decides which entry a
// short or prefixed OID matches). Entries NetX knows but the emulation never
// acts on keep their C numbers so that a lookup stops where C's stops.
var oidMap = []oidEntry{
	{oidRSA, []byte{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01}},
	{oidRSAMD5, []byte{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x04}},
	{oidRSASHA1, []byte{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05}},
	{oidRSASHA256, []byte{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0B}},
	{oidRSASHA384, []byte{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0C}},
	{oidRSASHA512, []byte{0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0D}},
	{7, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3E, 0x02, 0x01}}, // DH
	{8, []byte{0x2A, 0x86, 0x48, 0xCE, 0x38, 0x04, 0x03}}, // DSS-SHA1
	{oidCommonName, []byte{0x55, 0x04, 0x03}},
	{oidCountry, []byte{0x55, 0x04, 0x06}},
	{13, []byte{0x55, 0x04, 0x07}}, // locality
	{oidState, []byte{0x55, 0x04, 0x08}},
	{oidOrg, []byte{0x55, 0x04, 0x0A}},
	{oidOrgUnit, []byte{0x55, 0x04, 0x0B}},
	{17, []byte{0x55, 0x1D, 0x09}},
	{18, []byte{0x55, 0x1D, 0x0E}},
	{oidKeyUsage, []byte{0x55, 0x1D, 0x0F}},
	{20, []byte{0x55, 0x1D, 0x11}},
	{21, []byte{0x55, 0x1D, 0x12}},
	{22, []byte{0x55, 0x1D, 0x13}},
	{23, []byte{0x55, 0x1D, 0x1E}},
	{24, []byte{0x55, 0x1D, 0x1F}},
	{25, []byte{0x55, 0x1D, 0x20}},
	{26, []byte{0x55, 0x1D, 0x21}},
	{27, []byte{0x55, 0x1D, 0x23}},
	{28, []byte{0x55, 0x1D, 0x24}},
	{29, []byte{0x55, 0x1D, 0x25}},
	{30, []byte{0x55, 0x1D, 0x25, 0x00}},
	{31, []byte{0x55, 0x1D, 0x2E}},
	{32, []byte{0x55, 0x1D, 0x36}},
	{33, []byte{0x55, 0x04, 0x04}},
	{34, []byte{0x55, 0x04, 0x05}},
	{35, []byte{0x55, 0x04, 0x0C}},
	{36, []byte{0x55, 0x04, 0x29}},
	{37, []byte{0x55, 0x04, 0x2A}},
	{38, []byte{0x55, 0x04, 0x2B}},
	{39, []byte{0x55, 0x04, 0x2C}},
	{40, []byte{0x55, 0x04, 0x2E}},
	{41, []byte{0x55, 0x04, 0x41}},
	{42, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01}},
	{43, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01}},
	{44, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x0B}},
	{45, []byte{0x60, 0x86, 0x48, 0x01, 0x86, 0xF8, 0x42, 0x01, 0x0D}},
	{46, []byte{0x55, 0x1D, 0x20, 0x00}},
	{47, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02}},
	{48, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x01}},
	{49, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x02, 0x02}},
	{50, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03}},
	{51, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01}},
	{52, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02}},
	{53, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x03}},
	{54, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x04}},
	{55, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x08}},
	{56, []byte{0x2B, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09}},
	{oidEC, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x02, 0x01}},
	{oidSECP192R1, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x01}},
	{oidSECP224R1, []byte{0x2B, 0x81, 0x04, 0x00, 0x21}},
	{oidSECP256R1, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07}},
	{oidSECP384R1, []byte{0x2B, 0x81, 0x04, 0x00, 0x22}},
	{oidSECP521R1, []byte{0x2B, 0x81, 0x04, 0x00, 0x23}},
	{oidECDSASHA1, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x01}},
	{oidECDSASHA224, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x01}},
	{oidECDSASHA256, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02}},
	{oidECDSASHA384, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x03}},
	{oidECDSASHA512, []byte{0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x04}},
}

// parseOID is _nx_secure_x509_oid_parse: the first table entry at least as
// long as the OID whose bytes equal the buffer from off (C compares the
// entry's full length, reading past a shorter OID), else oidUnknown.
func parseOID(b []byte, off int, length uint32) uint32 {
	for _, e := range oidMap {
		if length > uint32(len(e.oid)) {
			continue
		}
		match := true
		for i, c := range e.oid {
			if at(b, off+i) != c {
				match = false
				break
			}
		}
		if match {
			return e.id
		}
	}
	return oidUnknown
}
