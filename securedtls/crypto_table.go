package securedtls

import (
	"crypto/md5"  //nolint:gosec // TLS_RSA_WITH_NULL_MD5 is in the regression table
	"crypto/sha1" //nolint:gosec // TLS_PSK_WITH_AES_*_CBC_SHA use HMAC-SHA1, as NetX's table does
	"crypto/sha256"
	"fmt"
	"github.com/nxsim/nxsim/rtos"
	"hash"
	"strings"

	"github.com/nxsim/nxsim/nx"
)

// CryptoMethod is NX_CRYPTO_METHOD: one algorithm of a crypto table (an
// elliptic curve of CryptoECCCurves, for example).
type CryptoMethod struct {
	// NxCryptoAlgorithm is the algorithm identifier (NX_CRYPTO_EC_SECP256R1...).
	NxCryptoAlgorithm nx.UINT
	// Name is the algorithm's name.
	Name string
}

// keyExchange is how a suite agrees on the premaster secret.
type keyExchange int

const (
	kxRSA keyExchange = iota
	kxPSK
	kxECDHE
	kxECDH
)

// authKind is how a suite authenticates the server: the key type of its
// certificate (RSA, ECDHE_RSA: RSA; ECDHE_ECDSA: EC) or, for static ECDH,
// the signature algorithm of the EC certificate's issuer
// (_nx_secure_dtls_check_ciphersuite in nx_secure_dtls_process_clienthello.c).
type authKind int

const (
	authPSK authKind = iota
	authRSA
	authECDSA
)

// auth is the suite's authentication, read from its IANA name.
func (c *suite) auth() authKind {
	switch {
	case strings.Contains(c.name, "_PSK_"):
		return authPSK
	case strings.Contains(c.name, "_ECDSA_"):
		return authECDSA
	}
	return authRSA
}

// recordCipher is how a suite protects records.
type recordCipher int

const (
	cipherNull recordCipher = iota
	cipherCBC
	cipherGCM
	cipherCCM8
)

// suite is one entry of a crypto table (NX_SECURE_TLS_CIPHERSUITE_INFO).
type suite struct {
	id     uint16
	name   string
	kx     keyExchange
	cipher recordCipher
	keyLen int              // encryption key bytes
	ivLen  int              // fixed IV (key block) bytes
	mac    func() hash.Hash // record MAC (CBC and NULL suites)
	macLen int
}

// explicitIVLen is the per-record explicit IV or nonce
// (nx_secure_dtls_packet_allocate.c reserves it).
func (c *suite) explicitIVLen() int {
	switch c.cipher {
	case cipherCBC:
		return 16
	case cipherGCM, cipherCCM8:
		return 8
	}
	return 0
}

// allSuites are the suites NetX's tables can hold, by IANA value.
var allSuites = map[uint16]suite{
	0x0001: {id: 0x0001, name: "TLS_RSA_WITH_NULL_MD5", kx: kxRSA, cipher: cipherNull, mac: md5.New, macLen: 16},
	0x0002: {id: 0x0002, name: "TLS_RSA_WITH_NULL_SHA", kx: kxRSA, cipher: cipherNull, mac: sha1.New, macLen: 20},
	0x002F: {id: 0x002F, name: "TLS_RSA_WITH_AES_128_CBC_SHA", kx: kxRSA, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha1.New, macLen: 20},
	0x0035: {id: 0x0035, name: "TLS_RSA_WITH_AES_256_CBC_SHA", kx: kxRSA, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha1.New, macLen: 20},
	0x003C: {id: 0x003C, name: "TLS_RSA_WITH_AES_128_CBC_SHA256", kx: kxRSA, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha256.New, macLen: 32},
	0x003D: {id: 0x003D, name: "TLS_RSA_WITH_AES_256_CBC_SHA256", kx: kxRSA, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha256.New, macLen: 32},
	0x008C: {id: 0x008C, name: "TLS_PSK_WITH_AES_128_CBC_SHA", kx: kxPSK, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha1.New, macLen: 20},
	0x008D: {id: 0x008D, name: "TLS_PSK_WITH_AES_256_CBC_SHA", kx: kxPSK, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha1.New, macLen: 20},
	0x009C: {id: 0x009C, name: "TLS_RSA_WITH_AES_128_GCM_SHA256", kx: kxRSA, cipher: cipherGCM, keyLen: 16, ivLen: 4},
	0x00AE: {id: 0x00AE, name: "TLS_PSK_WITH_AES_128_CBC_SHA256", kx: kxPSK, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha256.New, macLen: 32},
	0xC0A8: {id: 0xC0A8, name: "TLS_PSK_WITH_AES_128_CCM_8", kx: kxPSK, cipher: cipherCCM8, keyLen: 16, ivLen: 4},
	0xC004: {id: 0xC004, name: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA", kx: kxECDH, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC005: {id: 0xC005, name: "TLS_ECDH_ECDSA_WITH_AES_256_CBC_SHA", kx: kxECDH, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC009: {id: 0xC009, name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", kx: kxECDHE, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC00A: {id: 0xC00A, name: "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", kx: kxECDHE, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC00E: {id: 0xC00E, name: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA", kx: kxECDH, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC00F: {id: 0xC00F, name: "TLS_ECDH_RSA_WITH_AES_256_CBC_SHA", kx: kxECDH, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC013: {id: 0xC013, name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", kx: kxECDHE, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC014: {id: 0xC014, name: "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", kx: kxECDHE, cipher: cipherCBC, keyLen: 32, ivLen: 16, mac: sha1.New, macLen: 20},
	0xC023: {id: 0xC023, name: "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", kx: kxECDHE, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha256.New, macLen: 32},
	0xC025: {id: 0xC025, name: "TLS_ECDH_ECDSA_WITH_AES_128_CBC_SHA256", kx: kxECDH, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha256.New, macLen: 32},
	0xC027: {id: 0xC027, name: "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", kx: kxECDHE, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha256.New, macLen: 32},
	0xC029: {id: 0xC029, name: "TLS_ECDH_RSA_WITH_AES_128_CBC_SHA256", kx: kxECDH, cipher: cipherCBC, keyLen: 16, ivLen: 16, mac: sha256.New, macLen: 32},
	0xC02B: {id: 0xC02B, name: "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", kx: kxECDHE, cipher: cipherGCM, keyLen: 16, ivLen: 4},
	0xC02D: {id: 0xC02D, name: "TLS_ECDH_ECDSA_WITH_AES_128_GCM_SHA256", kx: kxECDH, cipher: cipherGCM, keyLen: 16, ivLen: 4},
	0xC02F: {id: 0xC02F, name: "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", kx: kxECDHE, cipher: cipherGCM, keyLen: 16, ivLen: 4},
	0xC031: {id: 0xC031, name: "TLS_ECDH_RSA_WITH_AES_128_GCM_SHA256", kx: kxECDH, cipher: cipherGCM, keyLen: 16, ivLen: 4},
}

// CryptoTable is NX_SECURE_TLS_CRYPTO: the ciphersuites a session offers or
// accepts, in preference order (a server picks the lowest index among the
// suites the client offers; dtls-semantics.md §3.1).
type CryptoTable struct {
	suites []suite
}

// Suites returns the table's IANA values in order.
func (t *CryptoTable) Suites() []nx.USHORT {
	out := make([]nx.USHORT, len(t.suites))
	for i, s := range t.suites {
		out[i] = s.id
	}
	return out
}

// find returns the table's entry for id.
func (t *CryptoTable) find(id uint16) *suite {
	for i := range t.suites {
		if t.suites[i].id == id {
			return &t.suites[i]
		}
	}
	return nil
}

// NewCryptoTable is a reduced table, as a C application declares one: the
// given IANA suites in that order. An unknown suite is an error.
func NewCryptoTable(suites ...nx.USHORT) (*CryptoTable, error) {
	t := &CryptoTable{}
	for _, id := range suites {
		s, ok := allSuites[id]
		if !ok {
			return nil, fmt.Errorf("securedtls: ciphersuite 0x%04X is not in NetX's tables", id)
		}
		t.suites = append(t.suites, s)
	}
	return t, nil
}

// mustTable builds one of the package's tables.
func mustTable(ids ...nx.USHORT) *CryptoTable {
	t, err := NewCryptoTable(ids...)
	if err != nil {
		panic(err)
	}
	return t
}

// The tables of the emulated build (issue 10 "Build": the regression
// coverage build plus NX_SECURE_ENABLE_AEAD_CIPHER), from
// crypto_libraries/src/nx_crypto_generic_ciphersuites.c and
// test/regression/nx_secure_test/nx_crypto_ciphersuites_regression.c.
var (
	// CryptoTLSCiphers is nx_crypto_tls_ciphers, the shipped table without ECC.
	CryptoTLSCiphers = mustTable(0x009C, 0x003D, 0x003C, 0x00AE, 0xC0A8)
	// CryptoTLSCiphersECC is nx_crypto_tls_ciphers_ecc, the shipped ECC table.
	CryptoTLSCiphersECC = mustTable(0xC02B, 0xC02F, 0xC023, 0xC027, 0x009C, 0x003D, 0x003C, 0x00AE, 0xC0A8)
	// CryptoTLSCiphersRegression is the regression tests' nx_crypto_tls_ciphers
	// as their build (AEAD off, PSK on) compiles it.
	CryptoTLSCiphersRegression = mustTable(0x003D, 0x0035, 0x003C, 0x002F, 0x008C, 0x008D, 0x00AE, 0x0002, 0x0001)
	// CryptoTLSCiphersECCRegression is the regression tests' nx_crypto_tls_ciphers_ecc
	// as their build compiles it.
	CryptoTLSCiphersECCRegression = mustTable(0xC023, 0xC009, 0xC00A, 0xC027, 0xC013, 0xC014, 0x003D, 0x0035,
		0x003C, 0x002F, 0x008C, 0x008D, 0x00AE, 0xC025, 0xC004, 0xC005, 0xC029, 0xC00E, 0xC00F, 0x0002, 0x0001)
)

// Elliptic curves (nx_crypto_ecc_supported_groups, nx_crypto_ecc_curves).
var (
	// CryptoECCSupportedGroups is nx_crypto_ecc_supported_groups:
	// secp256r1, secp384r1, secp521r1.
	CryptoECCSupportedGroups = []nx.USHORT{23, 24, 25}
	// CryptoECCCurves is nx_crypto_ecc_curves, the methods for those groups.
	CryptoECCCurves = []*CryptoMethod{
		{NxCryptoAlgorithm: 0x00050000 | 23, Name: "secp256r1"},
		{NxCryptoAlgorithm: 0x00050000 | 24, Name: "secp384r1"},
		{NxCryptoAlgorithm: 0x00050000 | 25, Name: "secp521r1"},
	}
)

// TLSMetadataSizeCalculate is nx_secure_tls_metadata_size_calculate: the
// metadata bytes one session on cryptoTable needs. The regression build
// gives 11036 for every table (netx-observed.md §5): the RSA signature
// method of the X.509 table dominates whatever the suites are. A build
// without TLS 1.1 (Config.DisableTLS11) leaves out the MD5 and SHA-1
// handshake hashes and the TLS 1.0 PRF: 10128.
func TLSMetadataSizeCalculate(cryptoTable *CryptoTable, metadataSize *nx.ULONG) nx.Status {
	defer rtos.Leave(rtos.Enter(opTLSMetadataSizeCalculate))
	if errorChecking && (cryptoTable == nil || metadataSize == nil) {
		return nx.NX_PTR_ERROR
	}
	*metadataSize = nx.ULONG(current().metadataSize())
	return nx.NX_SUCCESS
}

// metadataSize is the device's nx_secure_tls_metadata_size_calculate
// answer (the regression build's outside every device).
func (d *device) metadataSize() int {
	if d != nil && d.config.DisableTLS11 {
		return metadataSize - legacyMetadata
	}
	return metadataSize
}
