package securedtls_test

import (
	"bytes"
	"crypto/rsa"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/binary"
	"math/big"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/nxsim/nxsim/sim"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// The status codes that nx_secure_dtls_services.md documents for the
// certificate services, each reached by a row (issue 11). Where NetX
// returns another code than the documented one, or never returns it, the
// row asserts what NetX returns and says why, citing the C source
// (dtls-semantics.md §1 has the summary).

// nxeBuild says in which builds a row runs: the nxe (error checking) layer
// compiled in, compiled out (NX_SECURE_DISABLE_ERROR_CHECKING), or both.
type nxeBuild int

const (
	anyBuild nxeBuild = iota
	nxeOn             // only with the nxe layer
	nxeOff            // only without it
)

// runsHere reports whether a row of build b runs in this test binary.
func (b nxeBuild) runsHere() bool {
	return b == anyBuild || (b == nxeOn) == securedtls.ErrorChecking
}

// codeRow is one documented code of a service: the call that reaches it
// (rows run in order, on the table's objects), the code NetX returns, and,
// when that is not the documented code, why.
type codeRow struct {
	doc  nx.Status // the documented code the row is about (want, unless why says otherwise)
	how  string
	call func() nx.Status
	want nx.Status
	only nxeBuild
	why  string
	got  nx.Status
}

// codeTable is one service: the codes its documentation lists and the rows.
type codeTable struct {
	service    string
	documented []nx.Status
	rows       []codeRow
}

// callWith is the call f(p, a, id) for a row.
func callWith[P, A any](f func(P, A, nx.UINT) nx.Status, p P, a A, id nx.UINT) func() nx.Status {
	return func() nx.Status { return f(p, a, id) }
}

// runCodeTables builds each table (on the device's thread: the services
// need it) and runs its rows.
func runCodeTables(builders []func() codeTable) []codeTable {
	var out []codeTable
	for _, build := range builders {
		tab := build()
		for i := range tab.rows {
			if tab.rows[i].only.runsHere() {
				tab.rows[i].got = tab.rows[i].call()
			}
		}
		out = append(out, tab)
	}
	return out
}

// checkCodeTables asserts every row, and that every documented code of a
// service has a row.
func checkCodeTables(t *testing.T, tables []codeTable) {
	for _, tab := range tables {
		t.Run(tab.service, func(t *testing.T) {
			covered := map[nx.Status]bool{}
			for _, r := range tab.rows {
				covered[r.doc] = true
			}
			for _, code := range tab.documented {
				assert.True(t, covered[code], "documented code %#x has no row", uint(code))
			}
			for _, r := range tab.rows {
				t.Run(r.how, func(t *testing.T) {
					if !r.only.runsHere() {
						t.Skip("not this build's nxe layer")
					}
					assert.Equal(t, r.want, r.got, "documented %#x; %s", uint(r.doc), r.why)
				})
			}
		})
	}
}

const (
	stOK       = nx.NX_SUCCESS
	stPtr      = nx.NX_PTR_ERROR
	stInvalid  = nx.NX_INVALID_PARAMETERS
	stNotFound = nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
)

// byIDNotFound is why remove-by-id answers 0x18E where the doc says 0x119.
const byIDNotFound = "by id the DTLS service calls _nx_secure_x509_store_certificate_remove itself " +
	"(nx_secure_dtls_session_local_certificate_remove.c, nx_secure_dtls_{session,server}_trusted_certificate_remove.c) " +
	"and returns its NX_SECURE_X509_CERTIFICATE_NOT_FOUND (0x18E); only the by-name path " +
	"(_nx_secure_tls_{local,trusted}_certificate_remove) translates it to 0x119"

// idZeroWithoutNxe is why id 0 gives 0x138 without the nxe layer.
const idZeroWithoutNxe = "without nxe the 0x4D check of nxe_secure_dtls_*_local_certificate_add.c is gone; " +
	"_nx_secure_tls_server_certificate_add (nx_secure_tls_server_certificate_add.c) answers NX_SECURE_TLS_CERT_ID_INVALID for id 0"

// addCodeTable is the table of a certificate add service on owner: first
// is added with id 1, then second hits the id checks; idZero are the rows
// of id 0, which differ between the services.
func addCodeTable[P any](service string, add func(P, *securedtls.X509Cert, nx.UINT) nx.Status, owner P,
	first, second *securedtls.X509Cert, idZero ...codeRow) codeTable {
	var none P
	rows := []codeRow{
		{doc: stOK, how: "a certificate with id 1", call: callWith(add, owner, first, 1), want: stOK},
		{doc: stPtr, how: "NULL owner", call: callWith(add, none, second, 2), want: stPtr, only: nxeOn},
		{doc: stPtr, how: "NULL certificate", call: callWith(add, owner, nil, 2), want: stPtr, only: nxeOn},
	}
	rows = append(rows, idZero...)
	rows = append(rows,
		codeRow{doc: nx.NX_SECURE_TLS_CERT_ID_DUPLICATE, how: "another certificate with id 1 (not documented)",
			call: callWith(add, owner, second, 1), want: nx.NX_SECURE_TLS_CERT_ID_DUPLICATE,
			why: "0x139 is missing from the doc: the X.509 store's duplicate-id code translated by nx_secure_tls_local_certificate_add.c / nx_secure_trusted_certificate_add.c"},
		codeRow{doc: stInvalid, how: "the first structure again, id 3", call: callWith(add, owner, first, 3), want: stInvalid,
			why: "_nx_secure_x509_store_certificate_add finds the structure already in the list"})
	return codeTable{service, []nx.Status{stOK, stPtr, stInvalid}, rows}
}

// removeCodeTable is the table of a certificate remove service on owner,
// after add put certs there with ids 51, 52 and 53 (the first two are
// removed by id and by name, the third is left for extra rows): byIDWant
// is what not found by id returns, for the reason byIDWhy.
func removeCodeTable[P any](t *testing.T, service string, add func(P, *securedtls.X509Cert, nx.UINT) nx.Status,
	remove func(P, []byte, nx.UINT) nx.Status, owner P, withKey bool, certs [3]string,
	byIDWant nx.Status, byIDWhy string, extra ...codeRow) codeTable {
	for i, n := range certs {
		must(t, service+": add "+n, add(owner, certificate(t, n, withKey), nx.UINT(51+i)))
	}
	name := []byte(commonName(t, certs[1]))
	var none P
	rows := []codeRow{
		{doc: stOK, how: "by id 51 (the name given too)", call: callWith(remove, owner, name, 51), want: stOK},
		{doc: stOK, how: "by common name", call: callWith(remove, owner, name, 0), want: stOK},
		{doc: stPtr, how: "NULL owner", call: callWith(remove, none, name, 1), want: stPtr, only: nxeOn},
		{doc: stNotFound, how: "by common name, not found", call: callWith(remove, owner, []byte("no such name"), 0), want: stNotFound},
		{doc: stNotFound, how: "by id, not found", call: callWith(remove, owner, name, 51), want: byIDWant, why: byIDWhy},
	}
	return codeTable{service, []nx.Status{stOK, stPtr, stNotFound}, append(rows, extra...)}
}

// serverCodeTables are the tables of the six server certificate services,
// on srv (created, with two sessions).
func serverCodeTables(t *testing.T, srv *securedtls.Server) []func() codeTable {
	return []func() codeTable{
		func() codeTable {
			ec := certificate(t, "ec-server", true)
			return addCodeTable("server_local_certificate_add", securedtls.ServerLocalCertificateAdd, srv,
				certificate(t, "rsa-server", true), ec,
				codeRow{doc: stInvalid, how: "id 0", call: callWith(securedtls.ServerLocalCertificateAdd, srv, ec, 0), want: stInvalid, only: nxeOn},
				codeRow{doc: stInvalid, how: "id 0 without nxe", call: callWith(securedtls.ServerLocalCertificateAdd, srv, ec, 0),
					want: nx.NX_SECURE_TLS_CERT_ID_INVALID, only: nxeOff, why: idZeroWithoutNxe})
		},
		func() codeTable {
			return removeCodeTable(t, "server_local_certificate_remove", securedtls.ServerLocalCertificateAdd, securedtls.ServerLocalCertificateRemove, srv,
				true, [3]string{"ec384-server", "rsa-client", "ec-server"}, stNotFound,
				"by id nx_secure_dtls_server_local_certificate_remove.c goes through _nx_secure_tls_server_certificate_remove, which translates 0x18E to 0x119")
		},
		func() codeTable {
			ec := certificate(t, "ec-ca", false)
			return addCodeTable("server_trusted_certificate_add", securedtls.ServerTrustedCertificateAdd, srv,
				certificate(t, "rsa-ca", false), certificate(t, "other-ca", false),
				codeRow{doc: stInvalid, how: "id 0 is accepted", call: callWith(securedtls.ServerTrustedCertificateAdd, srv, ec, 0), want: stOK,
					why: "neither nxe_secure_dtls_server_trusted_certificate_add.c nor the core checks the id: an id-0 certificate is keyed by its common name"},
				codeRow{doc: stInvalid, how: "id 0 with a common name already present",
					call: callWith(securedtls.ServerTrustedCertificateAdd, srv, certificate(t, "ec-ca", false), 0), want: stInvalid,
					why: "0x4D comes from _nx_secure_x509_store_certificate_add's duplicate-name check for id 0"})
		},
		func() codeTable {
			return removeCodeTable(t, "server_trusted_certificate_remove", securedtls.ServerTrustedCertificateAdd, securedtls.ServerTrustedCertificateRemove, srv,
				false, [3]string{"rsa-ca", "ec384-ca", "ec-ca"},
				nx.NX_SECURE_X509_CERTIFICATE_NOT_FOUND, byIDNotFound,
				codeRow{doc: stPtr, how: "by id with a NULL name, as the doc says to call it",
					call: callWith(securedtls.ServerTrustedCertificateRemove, srv, nil, 53), want: stPtr, only: nxeOn,
					why: "nxe_secure_dtls_server_trusted_certificate_remove.c requires a common name even to remove by id"})
		},
		func() codeTable {
			configure := func(s *securedtls.Server, n nx.UINT, buf []byte) func() nx.Status {
				return func() nx.Status { return securedtls.ServerX509ClientVerifyConfigure(s, n, buf) }
			}
			var never securedtls.Server
			return codeTable{"server_x509_client_verify_configure", []nx.Status{stOK, stPtr, stInvalid}, []codeRow{
				{doc: stOK, how: "2 certificates per session, 2 sessions, 8000 bytes", call: configure(srv, 2, make([]byte, 8000)), want: stOK},
				{doc: stPtr, how: "NULL server", call: configure(nil, 2, make([]byte, 8000)), want: stPtr, only: nxeOn},
				{doc: stPtr, how: "NULL buffer", call: configure(srv, 2, nil), want: stPtr, only: nxeOn},
				{doc: stInvalid, how: "0 certificates per session", call: configure(srv, 0, make([]byte, 8000)), want: stInvalid},
				{doc: stInvalid, how: "buffer too small for the slots", call: configure(srv, 2, make([]byte, 1000)), want: stInvalid},
				{doc: stInvalid, how: "server never created (no sessions)", call: configure(&never, 2, make([]byte, 8000)), want: stInvalid},
			}}
		},
		func() codeTable {
			disable := func(s *securedtls.Server) func() nx.Status {
				return func() nx.Status { return securedtls.ServerX509ClientVerifyDisable(s) }
			}
			return codeTable{"server_x509_client_verify_disable", []nx.Status{stOK, stPtr}, []codeRow{
				{doc: stOK, how: "configured server", call: disable(srv), want: stOK},
				{doc: stPtr, how: "NULL server", call: disable(nil), want: stPtr, only: nxeOn},
			}}
		},
	}
}

// sessionCodeTables are the tables of the four session certificate
// services, on s (created).
func sessionCodeTables(t *testing.T, s *securedtls.Session) []func() codeTable {
	return []func() codeTable{
		func() codeTable {
			ec := certificate(t, "ec-client", true)
			add := securedtls.SessionLocalCertificateAdd
			uninit := nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
			return addCodeTable("session_local_certificate_add", add, s, certificate(t, "rsa-client", true), ec,
				codeRow{doc: stInvalid, how: "id 0", call: callWith(add, s, ec, 0), want: stInvalid, only: nxeOn},
				codeRow{doc: stInvalid, how: "id 0 without nxe", call: callWith(add, s, ec, 0),
					want: nx.NX_SECURE_TLS_CERT_ID_INVALID, only: nxeOff, why: idZeroWithoutNxe},
				codeRow{doc: uninit, how: "session never created (not documented)", call: callWith(add, &securedtls.Session{}, ec, 2),
					want: uninit, only: nxeOn})
		},
		func() codeTable {
			return removeCodeTable(t, "session_local_certificate_remove", securedtls.SessionLocalCertificateAdd, securedtls.SessionLocalCertificateRemove, s,
				true, [3]string{"ec-server", "ec384-server", "rsa-server"},
				nx.NX_SECURE_X509_CERTIFICATE_NOT_FOUND, byIDNotFound)
		},
		func() codeTable {
			ec := certificate(t, "ec-ca", false)
			add := securedtls.SessionTrustedCertificateAdd
			return addCodeTable("session_trusted_certificate_add", add, s, certificate(t, "rsa-ca", false), certificate(t, "other-ca", false),
				codeRow{doc: stInvalid, how: "id 0", call: callWith(add, s, ec, 0), want: stInvalid, only: nxeOn},
				codeRow{doc: stInvalid, how: "id 0 without nxe is accepted", call: callWith(add, s, ec, 0), want: stOK, only: nxeOff,
					why: "only nxe_secure_dtls_session_trusted_certificate_add.c checks the id; the core keys an id-0 certificate by its common name"})
		},
		func() codeTable {
			return removeCodeTable(t, "session_trusted_certificate_remove", securedtls.SessionTrustedCertificateAdd, securedtls.SessionTrustedCertificateRemove, s,
				false, [3]string{"rsa-ca", "ec384-ca", "ec-ca"},
				nx.NX_SECURE_X509_CERTIFICATE_NOT_FOUND, byIDNotFound,
				codeRow{doc: stOK, how: "by id with a NULL name", call: callWith(securedtls.SessionTrustedCertificateRemove, s, nil, 53), want: stOK,
					why: "unlike the server service, nxe_secure_dtls_session_trusted_certificate_remove.c lets the name be NULL"})
		},
	}
}

// TestCertServiceCodes reaches every code the seed documents for the
// server and session certificate services (tables above), on a started
// PSK server with two sessions and a created client session.
func TestCertServiceCodes(t *testing.T) {
	w := newWorld(t, 11)
	var tables []codeTable
	w.add("device", serverIP, 7, func(b *board) {
		var d dtlsServer
		d.create(t, b, 2, table(t, pskSuites...))
		tables = append(tables, runCodeTables(serverCodeTables(t, &d.srv))...)
		d.shutdown(t)
		var c dtlsClient
		c.create(t, b, table(t, pskSuites...))
		tables = append(tables, runCodeTables(sessionCodeTables(t, &c.s))...)
		c.close(b)
	})
	w.run(time.Second)
	assert.Len(t, tables, 10)
	checkCodeTables(t, tables)
}

// rsaEncryption is the DER of the rsaEncryption OID 1.2.840.113549.1.1.1,
// the public-key algorithm of an RSA certificate's SubjectPublicKeyInfo.
var rsaEncryption = []byte{0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01}

// unknownKeyAlgorithm edits the server's Certificate message so that every
// RSA public key announces the unknown algorithm 1.2.840.113549.1.1.127.
var unknownKeyAlgorithm = &sim.Rule{Name: "unknown key algorithm", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.Certificate)},
	Action: sim.EditIt("rsaEncryption OID -> 1.2.840.113549.1.1.127", func(p []byte) []byte {
		for i := bytes.Index(p, rsaEncryption); i >= 0; i = bytes.Index(p, rsaEncryption) {
			p[i+len(rsaEncryption)-1] = 0x7F
		}
		return p
	})}

// TestCertStartCodes reaches the certificate codes the seed documents for
// nx_secure_dtls_client_session_start (server_session_start documents
// none): 0x10D, 0x112 and 0x10C, this last one returned by no NetX code
// path. The server gets the alert nx_secure_tls_map_error_to_alert.c maps
// the client's error to.
func TestCertStartCodes(t *testing.T) {
	rsa := certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D}, serverLocal: []string{"rsa-server"}}
	untrusted, unknownKey := rsa, rsa
	untrusted.clientTrust = []string{"other-ca"}
	unknownKey.clientTrust, unknownKey.clientIngress = []string{"rsa-ca"}, unknownKeyAlgorithm
	runCertRows(t, []certExpect{
		// NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER (0x10D): a server
		// certificate whose key algorithm is neither RSA nor EC;
		// nx_secure_tls_process_remote_certificate.c translates the
		// parser's NX_SECURE_X509_UNSUPPORTED_PUBLIC_CIPHER; unsupported_certificate.
		{"0x10D certificate key neither RSA nor EC", unknownKey,
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER, [2]nx.UINT{2, 43}, [2]nx.UINT{}},
		// NX_SECURE_TLS_INVALID_SERVER_CERT (0x10C) is never returned: it
		// appears in nx_secure/src only in nx_secure_tls_map_error_to_alert.c.
		// A server certificate unusable to identify the server fails the
		// chain check instead, here NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND
		// (nx_secure_remote_certificate_verify.c); unknown_ca.
		{"0x10C never returned: an untrusted server certificate", untrusted,
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, [2]nx.UINT{2, 48}, [2]nx.UINT{}},
	})
}

// smallModulusCert is a certificate that rsa-ca signs for a 256-bit RSA
// key: too small a modulus to carry the 48-byte premaster.
func smallModulusCert(t *testing.T) []byte {
	ca := testcerts.Get("rsa-ca")
	caCert, err := x509.ParseCertificate(ca.CertDER)
	require.NoError(t, err)
	caKey, err := x509.ParsePKCS1PrivateKey(ca.KeyDER)
	require.NoError(t, err)
	n, _ := new(big.Int).SetString("c7f1a3d5b9e2470f8a6c3b1d9e5f7a2b4c6d8e0f1a3b5c7d9e1f2a4b6c8d0e2f", 16)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(112),
		Subject:      pkix.Name{CommonName: "small modulus"},
		NotBefore:    time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		NotAfter:     time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC),
	}
	der, err := x509.CreateCertificate(nil, tmpl, caCert, &rsa.PublicKey{N: n, E: 65537}, caKey)
	require.NoError(t, err)
	return der
}

// replaceCertificate rewrites the server's Certificate record (the
// datagram's first) to carry der alone, keeping its epoch, sequence and
// message_seq.
func replaceCertificate(der []byte) *sim.Rule {
	return &sim.Rule{Name: "small modulus", Match: sim.Match{Record: sim.HandshakeTypeIs(sim.Certificate)},
		Action: sim.EditIt("certificate replaced by a 256-bit RSA one", func(p []byte) []byte {
			u24 := func(n int) []byte { return []byte{byte(n >> 16), byte(n >> 8), byte(n)} }
			rest := p[13+int(binary.BigEndian.Uint16(p[11:13])):]
			body := append(u24(len(der)+3), append(u24(len(der)), der...)...)
			hs := append(append([]byte{11}, u24(len(body))...), p[17:19]...)
			hs = append(append(append(hs, 0, 0, 0), u24(len(body))...), body...)
			out := append(append(append([]byte(nil), p[:11]...), byte(len(hs)>>8), byte(len(hs))), hs...)
			return append(out, rest...)
		})}
}

// TestCertStartInvalidCertificate reaches NX_SECURE_TLS_INVALID_CERTIFICATE
// (0x112) of client_session_start: a trusted server certificate whose RSA
// modulus cannot hold the premaster (nx_secure_generate_client_key_exchange.c);
// the server gets bad_certificate.
func TestCertStartInvalidCertificate(t *testing.T) {
	runCertRows(t, []certExpect{
		{"0x112 RSA modulus under 49 bytes", certSetup{serverTable: []nx.USHORT{0x003D}, clientTable: []nx.USHORT{0x003D},
			serverLocal: []string{"rsa-server"}, clientTrust: []string{"rsa-ca"}, clientIngress: replaceCertificate(smallModulusCert(t))},
			nx.NX_SECURE_TLS_ALERT_RECEIVED, nx.NX_SECURE_TLS_INVALID_CERTIFICATE, [2]nx.UINT{2, 42}, [2]nx.UINT{}},
	})
}
