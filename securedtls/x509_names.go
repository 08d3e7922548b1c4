package securedtls

import "bytes"

// Distinguished-name comparison as nx_secure_x509_distinguished_name_compare.c
// does it. Store look-ups compare the common name only; the self-signed test
// and the search for the chain's leaf compare "all fields", which with
// NX_SECURE_X509_STRICT_NAME_COMPARE (defined by the regression build, and
// here) are common name, country, organization, unit and state (the
// qualifier and serial number are never filled by the parser, so they are
// always equal).

// sameField is _nx_secure_x509_distinguished_name_field_compare: equal
// lengths and bytes.
func sameField(a *dnFields, fa field, b *dnFields, fb field) bool {
	return fa.n == fb.n && bytes.Equal(a.value(fa), b.value(fb))
}

// compareNames reports whether a and b are the same name: the common name,
// and with all the other fields NetX keeps when all is set.
func compareNames(a, b *dnFields, all bool) bool {
	same := sameField(a, a.commonName, b, b.commonName)
	if !all {
		return same
	}
	return same && sameField(a, a.country, b, b.country) && sameField(a, a.org, b, b.org) &&
		sameField(a, a.unit, b, b.unit) && sameField(a, a.state, b, b.state)
}

// endpoint is _nx_secure_x509_remote_endpoint_certificate_get: the first
// remote certificate that issued none of the list (all fields compared),
// else the last one.
func (st *certStore) endpoint() *X509Cert {
	list := st.certs
	if len(list) == 0 {
		return nil
	}
	for i, cand := range list[:len(list)-1] {
		issuedOne := false
		for _, c := range list {
			if compareNames(&cand.fields.subject, &c.fields.issuer, true) {
				issuedOne = true
				break
			}
		}
		if !issuedOne {
			return list[i]
		}
	}
	return list[len(list)-1]
}
