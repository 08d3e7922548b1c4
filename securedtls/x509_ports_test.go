package securedtls

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestX509ExpirationCheck is nx_secure_x509_expiration_check_test.c: the
// first and last valid second of a UTCTime "Z" certificate and of one with
// a local offset, dates that do not parse, and a format that is neither
// UTCTime nor GeneralizedTime.
func TestX509ExpirationCheck(t *testing.T) {
	load := func(name string) *x509Fields {
		return initCert(t, cdata(t, "expiration_check", name), nil, nx.NX_SECURE_X509_KEY_TYPE_NONE, nx.NX_SUCCESS).fields
	}
	example, local := load("example_com_der"), load("example_com_localtime_der")
	badBefore, badAfter := load("example_com_bad_not_before_der"), load("example_com_bad_not_after_der")
	for _, r := range []struct {
		name string
		cert *x509Fields
		now  uint32
		want nx.Status
	}{
		{"example first second", example, 1510213076, nx.NX_SUCCESS},
		{"example before", example, 1510213075, nx.NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID},
		{"example last second", example, 1598686676, nx.NX_SUCCESS},
		{"example after", example, 1598686677, nx.NX_SECURE_X509_CERTIFICATE_EXPIRED},
		{"local first second", local, 944878140, nx.NX_SUCCESS},
		{"local before", local, 944878139, nx.NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID},
		{"local last second", local, 1075786500, nx.NX_SUCCESS},
		{"local after", local, 1075786501, nx.NX_SECURE_X509_CERTIFICATE_EXPIRED},
		{"bad notBefore", badBefore, 1510213076, nx.NX_SECURE_X509_INVALID_DATE_FORMAT},
		{"bad notAfter", badAfter, 1598686676, nx.NX_SECURE_X509_INVALID_DATE_FORMAT},
	} {
		if st := r.cert.expirationCheck(r.now); st != r.want {
			t.Errorf("%s: %v, want %v", r.name, st, r.want)
		}
	}
	saved := local.validityFormat
	local.validityFormat = 0xFF
	if st := local.expirationCheck(944878140); st != nx.NX_SECURE_X509_INVALID_DATE_FORMAT {
		t.Errorf("format 0xFF: %v, want 0x196", st)
	}
	local.validityFormat = saved
}

// TestX509CertificateInitializeHardwareKey is
// nx_secure_x509_certificate_initialize_test.c: a key of type HARDWARE is
// kept as given.
func TestX509CertificateInitializeHardwareKey(t *testing.T) {
	key := cdata(t, "certificate_initialize", "test_device_cert_key_der")
	c := initCert(t, cdata(t, "certificate_initialize", "test_device_cert_der"), key, nx.NX_SECURE_X509_KEY_TYPE_HARDWARE, nx.NX_SUCCESS)
	if got, ok := c.key.([]byte); !ok || len(got) != len(key) {
		t.Errorf("key %T", c.key)
	}
}

// TestX509PKCS7DecodeCoverage is nx_secure_x509_pkcs7_decode_coverage_test.c:
// a decrypted RSA signature with one byte changed at a time (outer and
// inner SEQUENCE tags, the OID tag, the digest's tag) fails with 0x18D.
func TestX509PKCS7DecodeCoverage(t *testing.T) {
	sig := cdata(t, "pkcs7_decode_coverage", "signature_data")
	if _, st := pkcs7Decode(sig, uint32(len(sig))); st != nx.NX_SUCCESS {
		t.Fatalf("unchanged: %v", st)
	}
	for _, r := range []struct {
		at  int
		val byte
	}{{0xCD, 0x31}, {0xCD, 0xB0}, {0xCF, 0x31}, {0xCF, 0xB0}, {0xD1, 0x86}, {0xD1, 0x07}, {0xDE, 0x84}} {
		b := append([]byte(nil), sig...)
		b[r.at] = r.val
		if _, st := pkcs7Decode(b, uint32(len(b))); st != nx.NX_SECURE_X509_PKCS7_PARSING_FAILED {
			t.Errorf("byte 0x%X = 0x%02X: %v, want 0x18D", r.at, r.val, st)
		}
	}
}

// remoteSession is a session on the regression build's non-ECC table whose
// trusted store holds trusted and remote list holds remote, as the C tests
// build an NX_SECURE_X509_CERTIFICATE_STORE by hand.
func remoteSession(t *testing.T, trusted, local, remote []*X509Cert) *Session {
	s := &Session{dev: &device{config: DefaultConfig(100)}, table: CryptoTLSCiphersRegression}
	cs := &s.NxSecureDTLSTLSSession.certs
	l, tr := cs.stores()
	tr.certs, l.certs, cs.remote.certs = trusted, local, remote
	return s
}

// TestX509KeyUsageChain is nx_secure_x509_key_usage_test.c (its CRL part
// is not ported): an intermediate without keyCertSign makes its leaf 0x1A0;
// a leaf the root signed directly verifies.
func TestX509KeyUsageChain(t *testing.T) {
	load := func(name string) *X509Cert {
		return initCert(t, cdata(t, "key_usage_certs", name), nil, nx.NX_SECURE_X509_KEY_TYPE_NONE, nx.NX_SUCCESS)
	}
	root, ica, dev, revoked := load("root_ca_cert_der"), load("ica_cert_der"), load("device_cert_der"), load("revoked_cert_der")
	s := remoteSession(t, []*X509Cert{root}, nil, []*X509Cert{ica, dev, revoked})
	if st := s.chainVerify(dev, 0); st != nx.NX_SECURE_X509_KEY_USAGE_ERROR {
		t.Errorf("device: %v, want 0x1A0", st)
	}
	if st := s.chainVerify(revoked, 0); st != nx.NX_SUCCESS {
		t.Errorf("revoked (CRL not consulted): %v, want 0x00", st)
	}
}

// TestX509CertificateVerifyChain is the chain part of
// nx_secure_x509_certificate_verify_test.c (its crypto-method failure
// injections have no counterpart: the emulation has no pluggable methods):
// a store holding only the intermediate, as a remote certificate (the C
// test adds the others to the TLS session's store, not to the one it
// verifies with): the device's chain ends without an issuer (0x1A6) and the
// self-signed CA, which verifies itself but is not trusted, is 0x18C. A key
// of the wrong type for the signature is 0x19A.
func TestX509CertificateVerifyChain(t *testing.T) {
	ca := initCert(t, cdata(t, "test_ca_cert", "test_ca_cert_der"), nil, 0, nx.NX_SUCCESS)
	dev := initCert(t, cdata(t, "device_cert", "device_cert_der"), nil, 0, nx.NX_SUCCESS)
	ica := initCert(t, cdata(t, "ica_cert", "ica_cert_der"), nil, 0, nx.NX_SUCCESS)
	s := remoteSession(t, nil, nil, []*X509Cert{ica})
	if st := s.chainVerify(dev, 0); st != nx.NX_SECURE_X509_ISSUER_CERTIFICATE_NOT_FOUND {
		t.Errorf("device: %v, want 0x1A6", st)
	}
	if st := s.chainVerify(ca, 0); st != nx.NX_SECURE_X509_CHAIN_VERIFY_FAILURE {
		t.Errorf("CA: %v, want 0x18C", st)
	}
	wrong := *ca.fields
	wrong.publicAlg = 0
	v := verifyContext{table: CryptoTLSCiphersRegression}
	if st := v.certificateVerify(ca.fields, &wrong); st != nx.NX_SECURE_X509_WRONG_SIGNATURE_METHOD {
		t.Errorf("issuer key type 0: %v, want 0x19A", st)
	}
}

// TestX509Stores is nx_secure_x509_store_test.c (StoreTest and the TLS
// StoreTest) and the list part of nx_secure_x509_list_test.c through the
// DTLS session services: the same structure twice in one list is 0x4D, in
// another list fine; look-ups search trusted, local, then remote by common
// name; removal by an unknown name is 0x119 and by an unknown id 0x18E.
// The NULL-argument rows of the C tests concern internal functions with no
// Go counterpart (nil receivers cannot be passed).
func TestX509Stores(t *testing.T) {
	s := remoteSession(t, nil, nil, nil)
	s.NxSecureDTLSTLSSession.NxSecureTLSID = nx.NX_SECURE_TLS_ID
	google := initCert(t, cdata(t, "parse", "google_cert_der"), nil, 0, nx.NX_SUCCESS)
	ca := initCert(t, cdata(t, "test_ca_cert", "test_ca_cert_der"), nil, 0, nx.NX_SUCCESS)
	dev := initCert(t, cdata(t, "certificate_initialize", "test_device_cert_der"), nil, 0, nx.NX_SUCCESS)
	steps := []struct {
		name string
		call func() nx.Status
		want nx.Status
	}{
		{"local add", func() nx.Status { return SessionLocalCertificateAdd(s, google, 1) }, nx.NX_SUCCESS},
		{"local add again", func() nx.Status { return SessionLocalCertificateAdd(s, google, 2) }, nx.NX_INVALID_PARAMETERS},
		{"trusted add", func() nx.Status { return SessionTrustedCertificateAdd(s, ca, 10) }, nx.NX_SUCCESS},
		{"trusted add again", func() nx.Status { return SessionTrustedCertificateAdd(s, ca, 11) }, nx.NX_INVALID_PARAMETERS},
		{"trusted one to local", func() nx.Status { return SessionLocalCertificateAdd(s, ca, 3) }, nx.NX_SUCCESS},
		{"device to local", func() nx.Status { return SessionLocalCertificateAdd(s, dev, 4) }, nx.NX_SUCCESS},
		{"duplicate id", func() nx.Status {
			return SessionLocalCertificateAdd(s, initCert(t, der("rsa-server"), nil, 0, nx.NX_SUCCESS), 4)
		}, nx.NX_SECURE_TLS_CERT_ID_DUPLICATE},
		{"remove unknown name", func() nx.Status { return SessionLocalCertificateRemove(s, []byte("n"), 0) }, nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND},
		{"remove unknown id", func() nx.Status { return SessionTrustedCertificateRemove(s, nil, 99) }, nx.NX_SECURE_X509_CERTIFICATE_NOT_FOUND},
		{"trusted remove unknown name", func() nx.Status { return SessionTrustedCertificateRemove(s, []byte("notca"), 0) }, nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND},
	}
	for _, st := range steps {
		if got := st.call(); got != st.want {
			t.Errorf("%s: %v, want %v", st.name, got, st.want)
		}
	}
	if google.NxSecureX509CertificateID != 2 {
		t.Errorf("google's id %d: C sets the id before the add that fails", google.NxSecureX509CertificateID)
	}
	example := dnOf("www.example.com", "Express Logic", "NetX Secure", "CA", "US")
	if c, where := s.findIssuer(example); c != dev || where != locLocal {
		t.Errorf("find www.example.com: %v in %d, want the device certificate, local", c != nil, where)
	}
	if c, where := s.findIssuer(dnOf("NetX Secure Test CA", "", "", "", "")); c != ca || where != locTrusted {
		t.Errorf("find the CA: in %d, want trusted first", where)
	}
	if st := SessionLocalCertificateRemove(s, []byte("www.example.com"), 0); st != nx.NX_SUCCESS {
		t.Errorf("remove www.example.com: %v", st)
	}
	if c, _ := s.findIssuer(example); c != nil {
		t.Error("www.example.com still found after its removal")
	}
	if st := SessionLocalCertificateRemove(s, []byte("www.google.com"), 0); st != nx.NX_SUCCESS {
		t.Errorf("remove www.google.com: %v", st)
	}
}

// TestServerCertificatesWithoutSessions checks the server certificate
// services on a server with no session (never created): NetX's loop over
// the sessions does nothing and they return NX_SUCCESS without touching
// the certificate (nx_secure_dtls_server_*_certificate_*.c).
func TestServerCertificatesWithoutSessions(t *testing.T) {
	var srv Server
	cert := initCert(t, der("rsa-ca"), nil, 0, nx.NX_SUCCESS)
	for _, c := range []struct {
		name string
		st   nx.Status
	}{
		{"local add", ServerLocalCertificateAdd(&srv, cert, 5)},
		{"local remove", ServerLocalCertificateRemove(&srv, []byte("x"), 5)},
		{"trusted add", ServerTrustedCertificateAdd(&srv, cert, 5)},
		{"trusted remove", ServerTrustedCertificateRemove(&srv, []byte("x"), 5)},
	} {
		if c.st != nx.NX_SUCCESS {
			t.Errorf("%s: %v, want 0x00", c.name, c.st)
		}
	}
	if cert.NxSecureX509CertificateID != 0 {
		t.Errorf("certificate id %d set", cert.NxSecureX509CertificateID)
	}
}
