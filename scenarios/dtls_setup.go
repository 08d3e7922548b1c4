package scenarios

// What the built-in DTLS applications do with a device's dtls section: the
// calls a C application makes after nx_secure_dtls_server_create or
// nx_secure_dtls_session_create.

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
)

// dtlsTable returns the device's crypto table: the application's suites
// when given, else the table its dtls section names, else
// TLS_PSK_WITH_AES_128_CBC_SHA256 alone.
func (d *Device) dtlsTable(suites []uint16) *securedtls.CryptoTable {
	if c := d.def.DTLS; len(suites) == 0 && c != nil && c.CryptoTable != "" {
		return cryptoTables[c.CryptoTable]
	}
	return d.cryptoTable(suites)
}

// certificate initializes one certificate of the dtls section
// (nx_secure_x509_certificate_initialize), with the identity's key when
// key is set.
func (d *Device) certificate(der []byte, key bool) *securedtls.X509Cert {
	cert := new(securedtls.X509Cert)
	c := d.def.DTLS
	var keyDER []byte
	keyType := nx.UINT(nx.NX_SECURE_X509_KEY_TYPE_NONE)
	if key {
		keyDER, keyType = c.key, c.keyType
	}
	d.mustSucceed("nx_secure_x509_certificate_initialize", securedtls.X509CertificateInitialize(cert, der, nil, keyDER, keyType))
	return cert
}

// installCertificates adds the identity, its chain and the trusted
// certificates to the server, or else to the client session, ids from 1 in
// file order.
func (d *Device) installCertificates(srv *securedtls.Server, s *securedtls.Session) {
	c := d.def.DTLS
	if c == nil {
		return
	}
	add := func(trusted bool, cert *securedtls.X509Cert, id nx.UINT) {
		switch {
		case srv != nil && trusted:
			d.mustSucceed("nx_secure_dtls_server_trusted_certificate_add", securedtls.ServerTrustedCertificateAdd(srv, cert, id))
		case srv != nil:
			d.mustSucceed("nx_secure_dtls_server_local_certificate_add", securedtls.ServerLocalCertificateAdd(srv, cert, id))
		case trusted:
			d.mustSucceed("nx_secure_dtls_session_trusted_certificate_add", securedtls.SessionTrustedCertificateAdd(s, cert, id))
		default:
			d.mustSucceed("nx_secure_dtls_session_local_certificate_add", securedtls.SessionLocalCertificateAdd(s, cert, id))
		}
	}
	for i, der := range c.identity {
		add(false, d.certificate(der, i == 0), nx.UINT(i+1))
	}
	for i, der := range c.trusted {
		add(true, d.certificate(der, false), nx.UINT(i+1))
	}
}

// remoteCertificates are the peer-certificate slots a session gets: the
// section's remote_certificates, 2 when it trusts a certificate, else 0.
func (d *Device) remoteCertificates() int {
	c := d.def.DTLS
	switch {
	case c == nil:
		return 0
	case c.RemoteCertificates > 0:
		return c.RemoteCertificates
	case len(c.trusted) > 0:
		return 2
	}
	return 0
}

// eccGroups are the groups and curve methods for ecc_initialize: the
// section's, or all of them when the table has an elliptic-curve suite;
// none when neither.
func (d *Device) eccGroups(table *securedtls.CryptoTable) ([]nx.USHORT, []*securedtls.CryptoMethod) {
	if c := d.def.DTLS; c != nil && len(c.ECCGroups) > 0 {
		var groups []nx.USHORT
		var curves []*securedtls.CryptoMethod
		for _, name := range c.ECCGroups {
			m, _ := eccGroup(name) // checked with the scenario
			groups, curves = append(groups, nx.USHORT(m.NxCryptoAlgorithm&0xFFFF)), append(curves, m)
		}
		return groups, curves
	}
	for _, id := range table.Suites() {
		if eccSuite(id) {
			return securedtls.CryptoECCSupportedGroups, securedtls.CryptoECCCurves
		}
	}
	return nil, nil
}

// eccSuite tells an elliptic-curve cipher suite (ECDH, ECDHE, ECDSA) from
// the others: RFC 4492/5289's 0xC001-0xC032 and RFC 7251's ECDHE-ECDSA CCM
// suites 0xC0AC-0xC0AF.
func eccSuite(id uint16) bool {
	return (id >= 0xC001 && id <= 0xC032) || (id >= 0xC0AC && id <= 0xC0AF)
}

// version is the protocol version the dtls section pins, 0 for none.
func (d *Device) version() nx.USHORT {
	if c := d.def.DTLS; c != nil {
		return dtlsVersions[c.Version]
	}
	return 0
}

// setupServer installs the dtls section on a server: the protocol version,
// certificates, client verification, elliptic curves.
func (d *Device) setupServer(srv *securedtls.Server, table *securedtls.CryptoTable, sessions int) {
	if v := d.version(); v != 0 {
		d.mustSucceed("nx_secure_dtls_server_protocol_version_override", securedtls.ServerProtocolVersionOverride(srv, v))
	}
	d.installCertificates(srv, nil)
	if c := d.def.DTLS; c != nil && c.ClientVerify {
		n := max(d.remoteCertificates(), 1)
		d.mustSucceed("nx_secure_dtls_server_x509_client_verify_configure",
			securedtls.ServerX509ClientVerifyConfigure(srv, nx.UINT(n), make([]byte, sessions*n*remoteCertificateSize)))
	}
	if groups, curves := d.eccGroups(table); groups != nil {
		d.mustSucceed("nx_secure_dtls_server_ecc_initialize", securedtls.ServerECCInitialize(srv, groups, curves))
	}
}

// setupSession installs the dtls section on a client session.
func (d *Device) setupSession(s *securedtls.Session, table *securedtls.CryptoTable) {
	if v := d.version(); v != 0 {
		d.mustSucceed("nx_secure_dtls_client_protocol_version_override", securedtls.ClientProtocolVersionOverride(s, v))
	}
	d.installCertificates(nil, s)
	if groups, curves := d.eccGroups(table); groups != nil {
		d.mustSucceed("nx_secure_dtls_ecc_initialize", securedtls.ECCInitialize(s, groups, curves))
	}
}
