package securedtls

import (
	"bytes"
	"crypto/x509"
	"github.com/nxsim/nxsim/rtos"

	"github.com/nxsim/nxsim/nx"
)

// X509Cert is NX_SECURE_X509_CERT: a parsed certificate with its optional
// private key. Certificate handshakes come with part 2 of the engine; the
// stores and their status codes are complete.
type X509Cert struct {
	// NxSecureX509CertificateID is the id the certificate was added with.
	NxSecureX509CertificateID nx.UINT

	der        []byte
	parsed     *x509.Certificate
	commonName []byte
	keyType    nx.UINT
	key        any
	valid      bool
}

// X509CertificateInitialize is nx_secure_x509_certificate_initialize: parse
// a DER certificate (copied into rawDataBuffer when one is given) and its
// private key of privateKeyType.
func X509CertificateInitialize(certificate *X509Cert, certificateData []byte, rawDataBuffer []byte,
	privateKey []byte, privateKeyType nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opX509CertificateInitialize))
	if errorChecking && (certificate == nil || len(certificateData) == 0) {
		return nx.NX_PTR_ERROR
	}
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
	parsed, err := x509.ParseCertificate(der)
	if err != nil {
		return nx.NX_SECURE_X509_INVALID_CERTIFICATE
	}
	*certificate = X509Cert{der: der, parsed: parsed, commonName: []byte(parsed.Subject.CommonName), keyType: privateKeyType, valid: true}
	if len(privateKey) == 0 {
		return nx.NX_SUCCESS
	}
	switch {
	case privateKeyType&nx.NX_SECURE_X509_KEY_TYPE_USER_DEFINED_MASK != 0, privateKeyType == nx.NX_SECURE_X509_KEY_TYPE_HARDWARE:
		certificate.key = append([]byte(nil), privateKey...)
	case privateKeyType == nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER:
		k, err := x509.ParsePKCS1PrivateKey(privateKey)
		if err != nil {
			return nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
		}
		certificate.key = k
	case privateKeyType == nx.NX_SECURE_X509_KEY_TYPE_EC_DER:
		k, err := x509.ParseECPrivateKey(privateKey)
		if err != nil {
			return nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
		}
		certificate.key = k
	default:
		return nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
	}
	return nx.NX_SUCCESS
}

// certStore is one linked list of certificates (local or trusted).
type certStore struct {
	certs []*X509Cert
}

// certStores are a session's local (identity) and trusted stores. A DTLS
// server's sessions share session 0's lists (nx_secure_dtls_server_*_certificate_*.c).
type certStores struct {
	local, trusted *certStore
	verifyClient   bool        // request and verify client certificates
	groups         []nx.USHORT // nx_secure_dtls_ecc_initialize's supported groups
}

// stores returns the session's stores, creating them.
func (c *certStores) stores() (local, trusted *certStore) {
	if c.local == nil {
		c.local, c.trusted = &certStore{}, &certStore{}
	}
	return c.local, c.trusted
}

// add is _nx_secure_x509_store_certificate_add with NetX's duplicate checks:
// the same structure twice 0x4D, a duplicate non-zero id 0x139, id 0 with
// an already present common name 0x4D.
func (st *certStore) add(cert *X509Cert, id nx.UINT) nx.Status {
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
	cert.NxSecureX509CertificateID = id
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
