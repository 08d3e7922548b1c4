package securedtls

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// pkCase is one public-key operation on one profile and the virtual time
// it must take.
type pkCase struct {
	name    string
	profile *rtos.Profile
	kind    pkOp
	bits    int
	want    time.Duration
}

// pkTime is the virtual time one public-key operation takes on p.
func pkTime(p *rtos.Profile, kind pkOp, bits int) time.Duration {
	return time.Duration(p.CostOf(pkOps[kind][bits]).Cycles * uint64(time.Second) / p.ClockHz)
}

// Each profile charges the published figures cpu_pk.go cites, converted to
// its clock.
func TestPublicKeyFiguresAreThePublishedOnes(t *testing.T) {
	m4, pka, m0, host := rtos.ProfileDefault, rtos.ProfileM33PKA, rtos.ProfileM0Plus, rtos.ProfileHost
	const ms = time.Millisecond
	const µs = time.Microsecond
	for _, c := range []pkCase{
		// mbed TLS on a Cortex-M4 at 120 MHz: the same cycles at 100 MHz take 1.2× as long.
		{"M4 ECDSA P-256 sign: 304 ms at 120 MHz", m4, pkECDSASign, 256, 304 * 1200 * µs},
		{"M4 ECDSA P-256 verify: 594 ms at 120 MHz", m4, pkECDSAVerify, 256, 594 * 1200 * µs},
		{"M4 ECDH P-256 shared secret: 281 ms", m4, pkECDHShared, 256, 281 * 1200 * µs},
		{"M4 ECDHE P-256 key pair: 566 - 281 ms", m4, pkECDHKeyGen, 256, 285 * 1200 * µs},
		{"M4 ECDSA P-384 sign: 451 ms", m4, pkECDSASign, 384, 451 * 1200 * µs},
		{"M4 ECDSA P-384 verify: 863 ms", m4, pkECDSAVerify, 384, 863 * 1200 * µs},
		{"M4 RSA-2048 private: 953 ms", m4, pkRSAPrivate, 2048, 953 * 1200 * µs},
		{"M4 RSA-2048 public: 28 ms", m4, pkRSAPublic, 2048, 28 * 1200 * µs},
		{"M4 RSA-4096 private: 5327 ms", m4, pkRSAPrivate, 4096, 5327 * 1200 * µs},
		{"M4 RSA-4096 public: 93 ms", m4, pkRSAPublic, 4096, 93 * 1200 * µs},
		// wolfSSL with the PKA on an STM32U585 at 160 MHz: the figures themselves.
		{"M33 PKA P-256 key pair", pka, pkECDHKeyGen, 256, 20_380 * µs},
		{"M33 PKA P-256 shared secret", pka, pkECDHShared, 256, 19_385 * µs},
		{"M33 PKA P-256 sign", pka, pkECDSASign, 256, 17_857 * µs},
		{"M33 PKA P-256 verify", pka, pkECDSAVerify, 256, 18 * ms},
		{"M33 RSA-2048 private (software)", pka, pkRSAPrivate, 2048, 690_500 * µs},
		{"M33 RSA-2048 public (software)", pka, pkRSAPublic, 2048, 19_231 * µs},
		// The M0+ at 48 MHz: 2.9 (curves) and 2.5 (RSA) times the M4's cycles.
		{"M0+ ECDSA P-256 sign outlasts the 1 s retransmission timer", m0, pkECDSASign, 256, 2_204 * ms},
		{"M0+ ECDHE P-256 key pair", m0, pkECDHKeyGen, 256, 2_066_250 * µs},
		{"M0+ RSA-2048 private", m0, pkRSAPrivate, 2048, 5_956_250 * µs},
		// The host: RSA-2048 private is what an RSA handshake of 7-8 ticks leaves room for.
		{"host RSA-2048 private", host, pkRSAPrivate, 2048, 70 * ms},
		{"host RSA-2048 public", host, pkRSAPublic, 2048, 2_057 * µs},
	} {
		t.Run(c.name, func(t *testing.T) {
			assert.Equal(t, c.want, pkTime(c.profile, c.kind, c.bits))
		})
	}
}

// On every named profile each operation has its own figure at every size,
// and bigger keys cost more.
func TestPublicKeyCostsGrowWithTheKey(t *testing.T) {
	for _, p := range []*rtos.Profile{rtos.ProfileDefault, rtos.ProfileM33PKA, rtos.ProfileM0Plus, rtos.ProfileHost} {
		t.Run(p.Name, func(t *testing.T) {
			for kind, sizes := range pkOps {
				for bits, op := range sizes {
					assert.NotEqual(t, p.Fallback, p.CostOf(op), "%s_%d has no figure", kind, bits)
				}
			}
			for _, kind := range []pkOp{pkECDHKeyGen, pkECDHShared, pkECDSASign, pkECDSAVerify} {
				assert.Greater(t, pkTime(p, kind, 384), pkTime(p, kind, 256), "%s: P-384 over P-256", kind)
				assert.Greater(t, pkTime(p, kind, 521), pkTime(p, kind, 384), "%s: P-521 over P-384", kind)
			}
			for _, kind := range []pkOp{pkRSAPrivate, pkRSAPublic} {
				assert.Greater(t, pkTime(p, kind, 4096), pkTime(p, kind, 2048), "%s: RSA-4096 over RSA-2048", kind)
				assert.Greater(t, pkTime(p, kind, 2048), pkTime(p, kind, 1024), "%s: RSA-2048 over RSA-1024", kind)
			}
			assert.Greater(t, pkTime(p, pkRSAPrivate, 2048), pkTime(p, pkRSAPublic, 2048), "the private operation is the slow one")
		})
	}
	assert.Zero(t, pkTime(rtos.ProfileZero, pkECDSASign, 256), "the zero profile charges nothing")
}

// chargePublicKey makes the calling thread compute for the operation's
// time; a key size without a figure of its own is charged as the next larger
// one (P-224 as P-256), and one past the table as the largest; a scenario's
// override of an operation by name wins.
func TestChargePublicKeyTakesVirtualTime(t *testing.T) {
	m0 := rtos.ProfileM0Plus
	for _, c := range []pkCase{
		{"P-256 sign on the M0+", m0, pkECDSASign, 256, pkTime(m0, pkECDSASign, 256)},
		{"P-224 charged as P-256", m0, pkECDSAVerify, 224, pkTime(m0, pkECDSAVerify, 256)},
		{"RSA-8192 charged as RSA-4096", m0, pkRSAPublic, 8192, pkTime(m0, pkRSAPublic, 4096)},
		{"RSA-1536 charged as RSA-2048", rtos.ProfileHost, pkRSAPrivate, 1536, 70 * time.Millisecond},
		{"an override by name", m0.With(map[string]rtos.Cost{"ecdsa_sign_256": {Cycles: 48_000}}), pkECDSASign, 256, time.Millisecond},
	} {
		t.Run(c.name, func(t *testing.T) {
			e := rtos.NewEngine(1, rtos.WithProfile(c.profile))
			t.Cleanup(e.Close)
			var th rtos.Thread
			var took time.Duration
			e.AddKernel("dev", func([]byte) {
				rtos.ThreadCreate(&th, "pk", func(nx.ULONG) {
					start := e.Now()
					chargePublicKey(c.kind, c.bits)
					took = e.Now() - start
				}, 0, make([]byte, 1024), 10, 10, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START)
			})
			require.NoError(t, e.RunFor(time.Minute))
			assert.Equal(t, c.want, took)
		})
	}
}
