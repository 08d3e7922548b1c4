package securedtls

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rsa"
	"crypto/x509"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
)

// chainCase is one peer chain and the session that receives it.
type chainCase struct {
	name     string
	chain    [][]byte
	trusted  [][]byte
	ecc      bool        // the session's table is an ECC one
	curves   []nx.USHORT // the device's X.509 curve table (nil: the regression list)
	noCurves bool        // ecc_initialize never called
	slots    int         // remote-certificate slots (0 with slotSize 0: the default 2 × 2000)
	slotSize int
	reasm    int // reassembly buffer bytes (0: 4000)
	now      nx.ULONG
	reject   bool // X509RejectSelfSigned
	want     nx.Status
	wantCN   string
}

// der returns the DER certificate of a testcerts identity.
func der(name string) []byte { return testcerts.Get(name).CertDER }

// chainSession builds the receiving session of c, outside any device
// thread (nothing here sleeps; the CPU charge is a no-op without a kernel).
func chainSession(t *testing.T, c chainCase) *Session {
	t.Helper()
	tab := CryptoTLSCiphersRegression
	if c.ecc {
		tab = CryptoTLSCiphersECCRegression
	}
	curves := c.curves
	if curves == nil && !c.noCurves {
		curves = []nx.USHORT{23, 24, 25}
	}
	slots, size, reasm := c.slots, c.slotSize, c.reasm
	if slots == 0 && size == 0 {
		slots, size = 2, 2000
	}
	if reasm == 0 {
		reasm = 4000
	}
	dev := &device{config: DefaultConfig(100), x509Curves: curves}
	dev.config.X509RejectSelfSigned = c.reject
	s := &Session{dev: dev, table: tab, reassembly: make([]byte, reasm), remoteCertSlots: slots}
	s.NxSecureDTLSTLSSession.certs.remoteSlotSize = size
	if c.now != 0 {
		now := c.now
		s.NxSecureDTLSTLSSession.timeFunc = func() nx.ULONG { return now }
	}
	_, trusted := s.NxSecureDTLSTLSSession.certs.stores()
	for i, d := range c.trusted {
		var cert X509Cert
		if st := X509CertificateInitialize(&cert, d, nil, nil, 0); st != nx.NX_SUCCESS {
			t.Fatalf("trusted %d: %v", i, st)
		}
		if st := trusted.add(&cert, nx.UINT(i+1)); st != nx.NX_SUCCESS {
			t.Fatalf("trusted add %d: %v", i, st)
		}
	}
	return s
}

// unix is t as the time function's seconds.
func unix(y int, m time.Month, d int) nx.ULONG {
	return nx.ULONG(time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix())
}

// TestVerifyRemoteChain checks chains against NetX's statuses: valid RSA,
// EC and mixed chains, untrusted and wrong issuers, KeyUsage, validity with
// a time function, curves, slots and self-signed leaves.
func TestVerifyRemoteChain(t *testing.T) {
	root := makeCert(t, certSpec{cn: "nxsim test root", ca: true, keyUsage: x509.KeyUsageCertSign}, nil)
	inter := makeCert(t, certSpec{cn: "nxsim test intermediate", ca: true, keyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}, root)
	leaf := makeCert(t, certSpec{cn: "leaf.nxsim.test", keyUsage: x509.KeyUsageDigitalSignature}, inter)
	noSign := makeCert(t, certSpec{cn: "nxsim no-certsign CA", ca: true, keyUsage: x509.KeyUsageDigitalSignature}, nil)
	noSignLeaf := makeCert(t, certSpec{cn: "nosign.nxsim.test"}, noSign)
	noKU := makeCert(t, certSpec{cn: "nxsim no-KU CA", ca: true}, nil)
	noKULeaf := makeCert(t, certSpec{cn: "noku.nxsim.test"}, noKU)
	// Same name as the EC CA of testcerts, another key: "wrong issuer".
	impostor := makeCert(t, certSpec{cn: "nxsim EC CA", ca: true, keyUsage: x509.KeyUsageCertSign}, nil)
	selfCA := makeCert(t, certSpec{cn: "self.nxsim.test", keyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature}, nil)
	p224CA := makeCert(t, certSpec{cn: "nxsim P-224 CA", ca: true, keyUsage: x509.KeyUsageCertSign, curve: elliptic.P224()}, nil)
	p224Leaf := makeCert(t, certSpec{cn: "p224.nxsim.test"}, p224CA)

	cases := []chainCase{
		{name: "valid RSA", chain: [][]byte{der("rsa-server")}, trusted: [][]byte{der("rsa-ca")}, want: nx.NX_SUCCESS, wantCN: "server.nxsim.test"},
		{name: "valid RSA with its CA", chain: [][]byte{der("rsa-server"), der("rsa-ca")}, trusted: [][]byte{der("rsa-ca")}, want: nx.NX_SUCCESS, wantCN: "server.nxsim.test"},
		{name: "valid EC", chain: [][]byte{der("ec-server")}, trusted: [][]byte{der("ec-ca")}, ecc: true, want: nx.NX_SUCCESS, wantCN: "ecserver.nxsim.test"},
		{name: "EC leaf, RSA CA", chain: [][]byte{der("ec-server-rsaca")}, trusted: [][]byte{der("rsa-ca")}, ecc: true, want: nx.NX_SUCCESS, wantCN: "ecserver-rsaca.nxsim.test"},
		{name: "P-384 CA", chain: [][]byte{der("ec-server-ec384ca")}, trusted: [][]byte{der("ec384-ca")}, ecc: true, want: nx.NX_SUCCESS, wantCN: "ecserver-ec384ca.nxsim.test"},
		{name: "intermediate sent", chain: [][]byte{leaf.der, inter.der}, trusted: [][]byte{root.der}, ecc: true, want: nx.NX_SUCCESS, wantCN: "leaf.nxsim.test"},
		{name: "intermediate first", chain: [][]byte{inter.der, leaf.der}, trusted: [][]byte{root.der}, ecc: true, want: nx.NX_SUCCESS, wantCN: "leaf.nxsim.test"},
		{name: "intermediate missing", chain: [][]byte{leaf.der}, trusted: [][]byte{root.der}, ecc: true, want: nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND},
		{name: "issuer without KeyUsage", chain: [][]byte{noKULeaf.der}, trusted: [][]byte{noKU.der}, ecc: true, want: nx.NX_SUCCESS, wantCN: "noku.nxsim.test"},
		{name: "EC chain, table without ECDSA", chain: [][]byte{der("ec-server")}, trusted: [][]byte{der("ec-ca")}, want: nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM},
		{name: "untrusted", chain: [][]byte{der("ec-client-untrusted")}, trusted: [][]byte{der("ec-ca")}, ecc: true, want: nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND},
		{name: "no trusted store", chain: [][]byte{der("rsa-server")}, want: nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND},
		{name: "wrong issuer key", chain: [][]byte{der("ec-server")}, trusted: [][]byte{impostor.der}, ecc: true, want: nx.NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED},
		{name: "issuer of the other key type", chain: [][]byte{der("ec-server-rsaca")}, trusted: [][]byte{impostorRSAName(t)}, ecc: true, want: nx.NX_SECURE_X509_WRONG_SIGNATURE_METHOD},
		{name: "missing keyCertSign", chain: [][]byte{noSignLeaf.der}, trusted: [][]byte{noSign.der}, ecc: true, want: nx.NX_SECURE_X509_KEY_USAGE_ERROR},
		{name: "expired with a time function", chain: [][]byte{der("rsa-expired")}, trusted: [][]byte{der("rsa-ca")}, now: unix(2005, 1, 1), want: nx.NX_SECURE_X509_CERTIFICATE_EXPIRED},
		{name: "not yet valid", chain: [][]byte{der("rsa-expired")}, trusted: [][]byte{der("rsa-ca")}, now: unix(1999, 6, 1), want: nx.NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID},
		{name: "expired, no time function", chain: [][]byte{der("rsa-expired")}, trusted: [][]byte{der("rsa-ca")}, want: nx.NX_SUCCESS, wantCN: "expired.nxsim.test"},
		{name: "within UTCTime validity", chain: [][]byte{leaf.der, inter.der}, trusted: [][]byte{root.der}, ecc: true, now: unix(2020, 1, 1), want: nx.NX_SUCCESS, wantCN: "leaf.nxsim.test"},
		{name: "9999 GeneralizedTime with a time function", chain: [][]byte{der("rsa-server")}, trusted: [][]byte{der("rsa-ca")}, now: unix(2020, 1, 1), want: nx.NX_SECURE_X509_INVALID_DATE_FORMAT},
		{name: "curve not in the X.509 table", chain: [][]byte{der("ec-server")}, trusted: [][]byte{der("ec-ca")}, ecc: true, curves: []nx.USHORT{24}, want: nxCryptoMissingECCCurve},
		{name: "no ecc_initialize", chain: [][]byte{der("ec-server")}, trusted: [][]byte{der("ec-ca")}, ecc: true, noCurves: true, want: nxCryptoMissingECCCurve},
		{name: "P-224 configured", chain: [][]byte{p224Leaf.der}, trusted: [][]byte{p224CA.der}, ecc: true, curves: []nx.USHORT{21}, want: nx.NX_SUCCESS, wantCN: "p224.nxsim.test"},
		{name: "too many certificates", chain: [][]byte{der("rsa-server"), der("rsa-ca")}, trusted: [][]byte{der("rsa-ca")}, slots: 1, slotSize: 2000,
			reasm: 3 + 6 + len(der("rsa-server")) + len(der("rsa-ca")) + 100, want: nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE},
		{name: "beyond the slots in the packet buffer", chain: [][]byte{der("rsa-server"), der("rsa-ca")}, trusted: [][]byte{der("rsa-ca")}, slots: 1, slotSize: 2000, want: nx.NX_SUCCESS, wantCN: "server.nxsim.test"},
		{name: "slot too small", chain: [][]byte{der("rsa-server")}, trusted: [][]byte{der("rsa-ca")}, slots: 1, slotSize: 256, want: nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE},
		{name: "message past the packet buffer", chain: [][]byte{der("rsa-large")}, trusted: [][]byte{der("rsa-ca")}, reasm: 1000, want: nx.NX_SECURE_TLS_PACKET_BUFFER_TOO_SMALL},
		{name: "empty", want: nx.NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED},
		{name: "not a certificate", chain: [][]byte{{0x31, 0x00}}, want: nx.NX_SECURE_X509_INVALID_CERTIFICATE_SEQUENCE},
		{name: "self-signed untrusted", chain: [][]byte{selfCA.der}, ecc: true, want: nx.NX_SECURE_X509_CHAIN_VERIFY_FAILURE},
		{name: "self-signed trusted", chain: [][]byte{selfCA.der}, trusted: [][]byte{selfCA.der}, ecc: true, want: nx.NX_SUCCESS, wantCN: "self.nxsim.test"},
		{name: "self-signed refused", chain: [][]byte{selfCA.der}, trusted: [][]byte{selfCA.der}, ecc: true, reject: true, want: nx.NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT},
		{name: "self-signed without keyCertSign", chain: [][]byte{der("ec-selfsigned")}, trusted: [][]byte{der("ec-selfsigned")}, ecc: true, want: nx.NX_SECURE_X509_KEY_USAGE_ERROR},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := chainSession(t, c)
			got, st := verifyRemoteChain(s, c.chain)
			if st != c.want {
				t.Fatalf("status %v, want %v", st, c.want)
			}
			if st != nx.NX_SUCCESS {
				return
			}
			if string(got.commonName) != c.wantCN {
				t.Errorf("leaf %q, want %q", got.commonName, c.wantCN)
			}
			switch got.parsed.PublicKey.(type) {
			case *rsa.PublicKey, *ecdsa.PublicKey:
			default:
				t.Errorf("leaf key %T", got.parsed.PublicKey)
			}
			if remote := s.NxSecureDTLSTLSSession.certs.remote.certs; len(remote) != 1 || remote[0] != got {
				t.Errorf("remote list after success: %d certificates, want the leaf alone", len(remote))
			}
		})
	}
}

// impostorRSAName is an EC CA named like testcerts' RSA CA: an RSA-signed
// leaf then meets an EC issuer key.
func impostorRSAName(t *testing.T) []byte {
	return makeCert(t, certSpec{cn: "nxsim RSA CA", ca: true, keyUsage: x509.KeyUsageCertSign}, nil).der
}

// TestVerifyRemoteChainKeepsLeafInPacketBuffer checks that without slots
// the leaf's copy takes 304 bytes plus its length from the packet
// (reassembly) buffer for good, as nx_secure_tls_process_remote_certificate.c does.
func TestVerifyRemoteChainKeepsLeafInPacketBuffer(t *testing.T) {
	s := chainSession(t, chainCase{trusted: [][]byte{der("rsa-ca")}, slotSize: -1}) // no slots
	leafDER := der("rsa-server")
	before := len(s.reassembly)
	if _, st := verifyRemoteChain(s, [][]byte{leafDER}); st != nx.NX_SUCCESS {
		t.Fatalf("status %v", st)
	}
	if got, want := len(s.reassembly), before-x509CertSize-len(leafDER); got != want {
		t.Errorf("reassembly buffer %d bytes after, want %d", got, want)
	}
}
