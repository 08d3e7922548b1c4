package securedtls

import "github.com/nxsim/nxsim/nx"

// The certificate parser of nx_secure_x509.c (_nx_secure_x509_certificate_parse
// and its static helpers), written again in Go with NetX's checks, codes and
// quirks: a version field is read from the first content byte of [0] (the
// INTEGER tag, so any explicit version is "v3"); unique ids need v2/v3
// (0x18F); an element where the extensions belong that is not [3], or [3]
// without a SEQUENCE inside, means "no extensions"; only the public-key
// algorithms RSA and EC are accepted (0x1A1, checked last).

// field is a stretch of a certificate: offset and length as NetX recorded
// them (a length may be wrong or wrapped, as C's is).
type field struct {
	off int
	n   uint32
}

// dnFields are the names NetX keeps of a distinguished name
// (NX_SECURE_X509_DISTINGUISHED_NAME without NX_SECURE_X509_USE_EXTENDED_DISTINGUISHED_NAMES):
// the last value of each attribute type. NetX's lengths are USHORT.
type dnFields struct {
	raw                                   []byte
	commonName, country, state, org, unit field
}

// value returns the bytes of f in the name's buffer.
func (d *dnFields) value(f field) []byte { return span(d.raw, f.off, f.n) }

// x509Fields is what _nx_secure_x509_certificate_parse fills in an
// NX_SECURE_X509_CERT.
type x509Fields struct {
	raw             []byte
	version         uint16
	tbs             field // nx_secure_x509_certificate_data: the TBSCertificate with its header
	signatureAlg    uint32
	issuer, subject dnFields
	validityFormat  uint16 // the tag of notBefore, used for both dates
	notBefore       field
	notAfter        field
	publicAlg       uint32
	rsaModulus      field // after the INTEGER's first (sign) byte
	rsaExponent     field
	ecPoint         field // after the BIT STRING's unused-bits byte
	ecCurve         uint32
	extensions      field
	signature       field // after the BIT STRING's unused-bits byte
}

// parseCertificate is _nx_secure_x509_certificate_parse over b.
func parseCertificate(b []byte) (*x509Fields, nx.Status) {
	c := &x509Fields{raw: b, issuer: dnFields{raw: b}, subject: dnFields{raw: b}}
	rem := uint32(len(b))
	top, st := expectTLV(b, 0, &rem, asnSequence, nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE)
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	off, length := top.data, top.length
	n, st := c.parseTBS(off, length)
	if st != nx.NX_SUCCESS {
		return nil, st
	}
	off, length = off+int(n), length-n
	if n, st = c.parseSignatureAlgorithm(off, length); st != nx.NX_SUCCESS {
		return nil, st
	}
	off, length = off+int(n), length-n
	if st = c.parseSignatureData(off, length); st != nx.NX_SUCCESS {
		return nil, st
	}
	if c.publicAlg != oidRSA && c.publicAlg != oidEC {
		return nil, nx.NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER
	}
	return c, nx.NX_SUCCESS
}

// tbsStep is one parser of the TBSCertificate's fields: the bytes it
// consumed or a status.
type tbsStep func(c *x509Fields, off int, length uint32) (uint32, nx.Status)

// parseTBS is _nx_secure_x509_parse_cert_data.
func (c *x509Fields) parseTBS(off int, length uint32) (uint32, nx.Status) {
	t, st := expectTLV(c.raw, off, &length, asnSequence, nx.NX_SECURE_X509_INVALID_CERTIFICATE_DATA)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	c.tbs = field{off: off, n: t.length + t.header}
	done := t.header
	pos, cur := t.data, t.length
	steps := []tbsStep{(*x509Fields).parseVersion, (*x509Fields).parseSerial, (*x509Fields).parseSignatureAlgorithm,
		(*x509Fields).parseIssuer, (*x509Fields).parseValidity, (*x509Fields).parseSubject, (*x509Fields).parsePublicKey}
	for _, step := range steps {
		n, st := step(c, pos, cur)
		if st != nx.NX_SUCCESS {
			return 0, st
		}
		pos, cur, done = pos+int(n), cur-n, done+n
	}
	if cur == 0 {
		return done, nx.NX_SUCCESS
	}
	n, st := c.parseUniqueIDs(pos, cur)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	pos, cur, done = pos+int(n), cur-n, done+2*n // C adds these bytes twice
	if cur == 0 {
		return done, nx.NX_SUCCESS
	}
	n, st = c.parseExtensions(pos, cur)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	return done + n, nx.NX_SUCCESS
}

// parseVersion is _nx_secure_x509_parse_version.
func (c *x509Fields) parseVersion(off int, length uint32) (uint32, nx.Status) {
	t, st := parseTLV(c.raw, off, &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	if t.tag == asnBER && t.class == classContext {
		c.version = uint16(at(c.raw, t.data))
		return t.header + t.length, nx.NX_SUCCESS
	}
	c.version = 0 // NX_SECURE_X509_VERSION_1
	return 0, nx.NX_SUCCESS
}

// parseSerial is _nx_secure_x509_parse_serial_num.
func (c *x509Fields) parseSerial(off int, length uint32) (uint32, nx.Status) {
	t, st := expectTLV(c.raw, off, &length, asnInteger, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	return t.header + t.length, nx.NX_SUCCESS
}

// parseSignatureAlgorithm is _nx_secure_x509_parse_signature_algorithm:
// the OIDs of the SEQUENCE up to a NULL (the last one wins); anything else
// inside is 0x189, no OID 0x187.
func (c *x509Fields) parseSignatureAlgorithm(off int, length uint32) (uint32, nx.Status) {
	t, st := expectTLV(c.raw, off, &length, asnSequence, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	done, found := t.header, false
	length, pos := t.length, t.data
	for length > 0 {
		e, st := parseTLV(c.raw, pos, &length)
		if st != nx.NX_SUCCESS {
			return 0, st
		}
		done += e.header + e.length
		if e.tag == asnOID {
			c.signatureAlg = parseOID(c.raw, e.data, e.length)
			found = true
		} else if e.tag == asnNull {
			break
		} else {
			return 0, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG
		}
		pos = e.end()
	}
	if !found {
		return 0, nx.NX_SECURE_X509_MISSING_SIGNATURE_ALGORITHM
	}
	return done, nx.NX_SUCCESS
}

// parseName is _nx_secure_x509_parse_issuer / _parse_subject: a SEQUENCE
// (else 0x189) holding the distinguished name.
func (c *x509Fields) parseName(off int, length uint32, dn *dnFields) (uint32, nx.Status) {
	t, st := expectTLV(c.raw, off, &length, asnSequence, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	n, st := parseDistinguishedName(c.raw, t.data, t.length, dn)
	return n + t.header, st
}

func (c *x509Fields) parseIssuer(off int, length uint32) (uint32, nx.Status) {
	return c.parseName(off, length, &c.issuer)
}

func (c *x509Fields) parseSubject(off int, length uint32) (uint32, nx.Status) {
	return c.parseName(off, length, &c.subject)
}

// parseDistinguishedName is _nx_secure_x509_distinguished_name_parse: each
// SET's first AttributeTypeAndValue; a value of any tag is kept for the
// attribute types NetX knows.
func parseDistinguishedName(b []byte, off int, length uint32, dn *dnFields) (uint32, nx.Status) {
	var done uint32
	pos := off
	for length > 0 {
		set, st := expectTLV(b, pos, &length, asnSet, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
		if st != nx.NX_SUCCESS {
			return done, st
		}
		pos = set.end()
		done += set.header + set.length
		seqLen := set.length
		seq, st := expectTLV(b, set.data, &seqLen, asnSequence, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
		if st != nx.NX_SUCCESS {
			return done, st
		}
		seqLen = seq.length
		oid, st := expectTLV(b, seq.data, &seqLen, asnOID, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
		if st != nx.NX_SUCCESS {
			return done, st
		}
		id := parseOID(b, oid.data, oid.length)
		v, st := parseTLV(b, oid.end(), &seqLen)
		if st != nx.NX_SUCCESS {
			return done, st
		}
		f := field{off: v.data, n: v.length & 0xFFFF}
		switch id {
		case oidCommonName:
			dn.commonName = f
		case oidCountry:
			dn.country = f
		case oidState:
			dn.state = f
		case oidOrg:
			dn.org = f
		case oidOrgUnit:
			dn.unit = f
		}
	}
	return done, nx.NX_SUCCESS
}

// parseValidity is _nx_secure_x509_parse_validity: two UTCTime or
// GeneralizedTime elements (else 0x189); the first one's tag is the format
// of both.
func (c *x509Fields) parseValidity(off int, length uint32) (uint32, nx.Status) {
	t, st := expectTLV(c.raw, off, &length, asnSequence, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	done := t.header + t.length
	length = t.length
	var dates [2]field
	pos := t.data
	for i := range dates {
		d, st := parseTLV(c.raw, pos, &length)
		if st != nx.NX_SUCCESS {
			return 0, st
		}
		if (d.tag != asnUTCTime && d.tag != asnGenTime) || d.class != classUniversal {
			return 0, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG
		}
		if i == 0 {
			c.validityFormat = d.tag
		}
		dates[i] = field{off: d.data, n: d.length & 0xFFFF}
		pos = d.end()
	}
	c.notBefore, c.notAfter = dates[0], dates[1]
	return done, nx.NX_SUCCESS
}

// parseUniqueIDs is _nx_secure_x509_parse_unique_ids: optional [1] and [2];
// either one in a v1 certificate is 0x18F.
func (c *x509Fields) parseUniqueIDs(off int, length uint32) (uint32, nx.Status) {
	t, st := parseTLV(c.raw, off, &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	var done uint32
	seen := false
	if t.class == classContext && t.tag == 1 {
		seen = true
		done += t.header + t.length
		if length > 0 {
			if t, st = parseTLV(c.raw, t.end(), &length); st != nx.NX_SUCCESS {
				return 0, st
			}
		}
	}
	if t.class == classContext && t.tag == 2 {
		seen = true
		done += t.header + t.length
	}
	if seen && c.version != 1 && c.version != 2 {
		return 0, nx.NX_SECURE_X509_INVALID_VERSION
	}
	return done, nx.NX_SUCCESS
}

// parseExtensions is _nx_secure_x509_parse_extensions.
func (c *x509Fields) parseExtensions(off int, length uint32) (uint32, nx.Status) {
	t, st := parseTLV(c.raw, off, &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	if t.class != classContext || t.tag != 3 {
		return 0, nx.NX_SUCCESS
	}
	if c.version != 2 {
		return 0, nx.NX_SECURE_X509_INVALID_VERSION
	}
	done := t.header + t.length
	length = t.length
	seq, st := parseTLV(c.raw, t.data, &length)
	if st != nx.NX_SUCCESS {
		return 0, st
	}
	if seq.is(asnSequence) {
		c.extensions = field{off: seq.data, n: seq.length}
	}
	return done, nx.NX_SUCCESS
}

// parseSignatureData is _nx_secure_x509_parse_signature_data: a BIT STRING
// (else 0x189) without its unused-bits byte.
func (c *x509Fields) parseSignatureData(off int, length uint32) nx.Status {
	t, st := expectTLV(c.raw, off, &length, asnBitString, nx.NX_SECURE_X509_UNEXPECTED_ASN1_TAG)
	if st != nx.NX_SUCCESS {
		return st
	}
	c.signature = field{off: t.data + 1, n: t.length - 1}
	return nx.NX_SUCCESS
}
