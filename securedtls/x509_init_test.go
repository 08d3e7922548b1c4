package securedtls

import (
	"crypto/rsa"
	"testing"
	"time"

	"github.com/nxsim/nxsim/internal/testcerts"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// TestX509CertificateInitialize checks nx_secure_x509_certificate_initialize's
// codes: missing arguments, the raw buffer and USHORT size rules, any parse
// failure 0x1A2, key types (none, PKCS#1, EC, hardware, user-defined,
// unknown) and a key of the other type with the parser's code; a failed call
// leaves the structure cleared, as C's memset does.
func TestX509CertificateInitialize(t *testing.T) {
	rsaID, ecID := testcerts.Get("rsa-server"), testcerts.Get("ec-server")
	cases := []struct {
		name    string
		cert    *X509Cert
		der     []byte
		raw     []byte
		key     []byte
		keyType nx.UINT
		want    nx.Status
		wantKey bool
	}{
		{name: "nil certificate", der: rsaID.CertDER, want: nx.NX_PTR_ERROR},
		{name: "no data", cert: &X509Cert{}, want: nx.NX_PTR_ERROR},
		{name: "raw buffer one byte short", cert: &X509Cert{}, der: rsaID.CertDER, raw: make([]byte, len(rsaID.CertDER)-1), want: nx.NX_SECURE_X509_INSUFFICIENT_CERT_SPACE},
		{name: "raw buffer exact", cert: &X509Cert{}, der: rsaID.CertDER, raw: make([]byte, len(rsaID.CertDER)), want: nx.NX_SUCCESS},
		{name: "longer than a USHORT", cert: &X509Cert{}, der: make([]byte, 0x10000), want: nx.NX_SECURE_X509_INVALID_CERTIFICATE},
		{name: "not a certificate", cert: &X509Cert{}, der: []byte{0x30, 0x03, 0x02, 0x01, 0x01}, want: nx.NX_SECURE_X509_INVALID_CERTIFICATE},
		{name: "RSA key", cert: &X509Cert{}, der: rsaID.CertDER, key: rsaID.KeyDER, keyType: rsaID.KeyType, want: nx.NX_SUCCESS, wantKey: true},
		{name: "EC key", cert: &X509Cert{}, der: ecID.CertDER, key: ecID.KeyDER, keyType: ecID.KeyType, want: nx.NX_SUCCESS, wantKey: true},
		{name: "EC key as PKCS#1", cert: &X509Cert{}, der: ecID.CertDER, key: ecID.KeyDER, keyType: nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER, want: nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{name: "PKCS#1 key as EC", cert: &X509Cert{}, der: rsaID.CertDER, key: rsaID.KeyDER, keyType: nx.NX_SECURE_X509_KEY_TYPE_EC_DER, want: nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY},
		{name: "key with type NONE", cert: &X509Cert{}, der: rsaID.CertDER, key: rsaID.KeyDER, keyType: nx.NX_SECURE_X509_KEY_TYPE_NONE, want: nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE},
		{name: "unknown key type", cert: &X509Cert{}, der: rsaID.CertDER, key: rsaID.KeyDER, keyType: 7, want: nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE},
		{name: "hardware key", cert: &X509Cert{}, der: rsaID.CertDER, key: []byte{1}, keyType: nx.NX_SECURE_X509_KEY_TYPE_HARDWARE, want: nx.NX_SUCCESS, wantKey: true},
		{name: "user-defined key", cert: &X509Cert{}, der: rsaID.CertDER, key: []byte{1}, keyType: 0x00010000, want: nx.NX_SUCCESS, wantKey: true},
		{name: "type without a key", cert: &X509Cert{}, der: rsaID.CertDER, keyType: 7, want: nx.NX_SUCCESS},
		{name: "reused structure cleared", cert: &X509Cert{valid: true, key: &rsa.PrivateKey{}}, der: []byte{0x31, 0x00}, want: nx.NX_SECURE_X509_INVALID_CERTIFICATE},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.want == nx.NX_PTR_ERROR && !errorChecking {
				t.Skip("an nxe check")
			}
			st := X509CertificateInitialize(c.cert, c.der, c.raw, c.key, c.keyType)
			if st != c.want {
				t.Fatalf("status %v, want %v", st, c.want)
			}
			if c.cert == nil {
				return
			}
			// The certificate stays parsed when only its key fails.
			parsed := st == nx.NX_SUCCESS || st == nx.NX_SECURE_PKCS1_INVALID_PRIVATE_KEY || st == nx.NX_SECURE_X509_INVALID_PRIVATE_KEY_TYPE
			if c.cert.valid != parsed || (c.cert.key != nil) != c.wantKey {
				t.Errorf("valid %v, key %T", c.cert.valid, c.cert.key)
			}
			if st == nx.NX_SUCCESS && c.cert.parsed.PublicKey == nil {
				t.Error("no public key")
			}
		})
	}
}

// TestECCInitializeSetsX509Curves checks that ecc_initialize on one
// session replaces the curve table every session of the device verifies
// certificates with (process-global in NetX, per device here).
func TestECCInitializeSetsX509Curves(t *testing.T) {
	d := &device{config: DefaultConfig(100)}
	a, b := &Session{dev: d}, &Session{dev: d}
	ECCInitialize(a, []nx.USHORT{23, 24}, make([]*CryptoMethod, 2))
	ECCInitialize(b, []nx.USHORT{25}, make([]*CryptoMethod, 1))
	if len(d.x509Curves) != 1 || d.x509Curves[0] != 25 {
		t.Errorf("X.509 curves %v, want the last call's [25]", d.x509Curves)
	}
	if g := a.NxSecureDTLSTLSSession.certs.groups; len(g) != 2 {
		t.Errorf("session a's groups %v changed", g)
	}
}

// TestVerifyRemoteChainChargesCPU checks that each certificate checked
// costs one public-key verification on the device's CPU: a two-certificate
// EC chain takes twice the virtual time of a one-certificate one, on the
// Cortex-M4 profile.
func TestVerifyRemoteChainChargesCPU(t *testing.T) {
	e := rtos.NewEngine(1, rtos.WithProfile(rtos.ProfileDefault))
	t.Cleanup(e.Close)
	root := makeCert(t, certSpec{cn: "cpu root", ca: true, keyUsage: 0}, nil)
	inter := makeCert(t, certSpec{cn: "cpu intermediate", ca: true}, root)
	leaf := makeCert(t, certSpec{cn: "cpu leaf"}, inter)
	var took [2]nx.ULONG
	var status [2]nx.Status
	var th rtos.Thread
	e.AddKernel("dev", func(mem []byte) {
		rtos.ThreadCreate(&th, "app", func(nx.ULONG) {
			for i, chain := range [][][]byte{{inter.der}, {leaf.der, inter.der}} {
				s := chainSession(t, chainCase{trusted: [][]byte{root.der}, ecc: true})
				start := rtos.TimeGet()
				_, status[i] = verifyRemoteChain(s, chain)
				took[i] = rtos.TimeGet() - start
			}
		}, 0, mem[:4096], 5, 5, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	})
	if err := e.RunFor(10 * time.Second); err != nil {
		t.Fatal(err)
	}
	if status != [2]nx.Status{} {
		t.Fatalf("statuses %v", status)
	}
	if took[0] == 0 || took[1] < 2*took[0]-1 || took[1] > 2*took[0]+1 {
		t.Errorf("ticks: one certificate %d, two %d; want two about twice one", took[0], took[1])
	}
}

// TestSessionCreateSizesRemoteSlots checks that session_create's
// certs_number and buffer size give each remote-certificate slot
// (size - certs × 304) / certs bytes of raw data: a certificate one byte
// longer than that is 0x12D, one that fits verifies.
func TestSessionCreateSizesRemoteSlots(t *testing.T) {
	leaf, ca := der("rsa-server"), der("rsa-ca")
	e := rtos.NewEngine(1, rtos.WithProfile(rtos.ProfileZero))
	t.Cleanup(e.Close)
	var got [2]nx.Status
	var th rtos.Thread
	e.AddKernel("dev", func(mem []byte) {
		rtos.ThreadCreate(&th, "app", func(nx.ULONG) {
			TLSInitialize()
			Initialize()
			for i, room := range []int{len(leaf) - 1, len(leaf)} {
				var s Session
				if st := SessionCreate(&s, CryptoTLSCiphersRegression, make([]byte, 16000), make([]byte, 4000), 2,
					make([]byte, 2*(x509CertSize+room))); st != nx.NX_SUCCESS {
					t.Errorf("session_create: %v", st)
					return
				}
				var trusted X509Cert
				X509CertificateInitialize(&trusted, ca, nil, nil, 0)
				SessionTrustedCertificateAdd(&s, &trusted, 1)
				_, got[i] = verifyRemoteChain(&s, [][]byte{leaf})
				SessionDelete(&s)
			}
		}, 0, mem[:4096], 5, 5, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
	})
	if err := e.RunFor(time.Second); err != nil {
		t.Fatal(err)
	}
	if got != [2]nx.Status{nx.NX_SECURE_TLS_INSUFFICIENT_CERT_SPACE, nx.NX_SUCCESS} {
		t.Errorf("statuses %v, want 0x12D then 0x00", got)
	}
}
