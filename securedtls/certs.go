package securedtls

import (
	"bytes"
	"crypto/x509"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
)

// X509Cert is NX_SECURE_X509_CERT: a certificate as NetX's parser read it
// (x509_parse.go), with its optional private key.
type X509Cert struct {
	// NxSecureX509CertificateID is the id the certificate was added with.
	NxSecureX509CertificateID nx.UINT

	der        []byte
	parsed     *x509.Certificate // crypto/x509's view, for the handshake's public key
	commonName []byte
	keyType    nx.UINT
	key        any
	valid      bool
	fields     *x509Fields // NetX's view, for names, dates and chain checks
}

// X509CertificateInitialize is nx_secure_x509_certificate_initialize: parse
// a DER certificate (copied into rawDataBuffer when one is given) and its
// private key of privateKeyType. The structure is cleared first, as C's
// memset does, whatever the outcome.
func X509CertificateInitialize(certificate *X509Cert, certificateData []byte, rawDataBuffer []byte,
	privateKey []byte, privateKeyType nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opX509CertificateInitialize))
	if errorChecking && (certificate == nil || len(certificateData) == 0) {
		return nx.NX_PTR_ERROR
	}
	*certificate = X509Cert{}
	if len(certificateData) > 0xFFFF || len(privateKey) > 0xFFFF {
		return nx.NX_SECURE_X509_INVALID_CERTIFICATE // USHORT lengths in C
	}
	der := certificateData
	if rawDataBuffer != nil {
		if len(rawDataBuffer) < len(certificateData) {
			return nx.NX_SECURE_X509_INSUFFICIENT_CERT_SPACE
		}
		der = rawDataBuffer[:copy(rawDataBuffer, certificateData)]
	}
	certificate.der = der
	fields, st := parseCertificate(der)
	if st != nx.NX_SUCCESS {
		return nx.NX_SECURE_X509_INVALID_CERTIFICATE // whatever the parser said
	}
	certificate.setFields(fields)
	if len(privateKey) == 0 {
		return nx.NX_SUCCESS
	}
	certificate.keyType = privateKeyType
	key, st := parsePrivateKey(privateKey, privateKeyType)
	if st != nx.NX_SUCCESS {
		return st
	}
	certificate.key = key
	return nx.NX_SUCCESS
}

// setFields installs NetX's parse of the certificate, with crypto/x509's
// view where it accepts the bytes, else one holding only the public key.
func (c *X509Cert) setFields(f *x509Fields) {
	c.fields, c.valid = f, true
	c.commonName = f.subject.value(f.subject.commonName)
	if p, err := x509.ParseCertificate(c.der); err == nil {
		c.parsed = p
		return
	}
	c.parsed = &x509.Certificate{Raw: c.der, PublicKey: f.publicKey()}
}

// certStore is one linked list of certificates (local or trusted).
type certStore struct {
	certs []*X509Cert
}

// certStores are a session's local (identity), trusted and remote stores.
// A DTLS server's sessions share session 0's local and trusted lists
// (nx_secure_dtls_server_*_certificate_*.c); the rest is per session.
type certStores struct {
	local, trusted *certStore
	verifyClient   bool        // request and verify client certificates
	groups         []nx.USHORT // nx_secure_dtls_ecc_initialize's supported groups
	// remoteSlotSize is the raw-data space of each remote-certificate slot
	// (nx_secure_tls_remote_certificate_buffer_allocate.c); the number of
	// slots is the session's remoteCertSlots.
	remoteSlotSize int
	// remote is the remote-certificate list: the peer's chain while it is
	// verified, then its leaf alone.
	remote certStore
}

// stores returns the session's stores, creating them.
func (c *certStores) stores() (local, trusted *certStore) {
	if c.local == nil {
		c.local, c.trusted = &certStore{}, &certStore{}
	}
	return c.local, c.trusted
}

// add is _nx_secure_x509_store_certificate_add after the caller set the
// id on the certificate (C does, even when the add then fails): the same
// structure twice 0x4D, a duplicate non-zero id 0x139 (NetX translates
// 0x1A9), id 0 with an already present common name 0x4D.
func (st *certStore) add(cert *X509Cert, id nx.UINT) nx.Status {
	cert.NxSecureX509CertificateID = id
	for _, c := range st.certs {
		if c == cert {
			return nx.NX_INVALID_PARAMETERS
		}
		if id != 0 && c.NxSecureX509CertificateID == id {
			return nx.NX_SECURE_TLS_CERT_ID_DUPLICATE
		}
		if id == 0 && bytes.Equal(c.commonName, cert.commonName) {
			return nx.NX_INVALID_PARAMETERS
		}
	}
	st.certs = append(st.certs, cert)
	return nx.NX_SUCCESS
}

// remove removes by id (id != 0; not found is the X.509 code 0x18E, which
// NetX does not translate) or by common name (not found 0x119).
func (st *certStore) remove(commonName []byte, id nx.UINT) nx.Status {
	for i, c := range st.certs {
		if (id != 0 && c.NxSecureX509CertificateID == id) || (id == 0 && bytes.Equal(c.commonName, commonName)) {
			st.certs = append(st.certs[:i], st.certs[i+1:]...)
			return nx.NX_SUCCESS
		}
	}
	if id != 0 {
		return nx.NX_SECURE_X509_CERTIFICATE_NOT_FOUND
	}
	return nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
}

// find is _nx_secure_x509_certificate_list_find by name: the first
// certificate whose subject common name equals name's.
func (st *certStore) find(name *dnFields) *X509Cert {
	if st == nil {
		return nil
	}
	for _, c := range st.certs {
		if c.fields != nil && compareNames(name, &c.fields.subject, false) {
			return c
		}
	}
	return nil
}
