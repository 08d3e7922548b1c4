package securedtls

import (
	"fmt"

	"github.com/nxsim/nxsim/rtos"
)

// Public-key work charges the device's CPU per operation and per key size:
// ECDHE key generation and shared secret per curve, ECDSA signing and
// verification per curve, RSA private (decrypt, sign) and public (encrypt,
// verify) operations per modulus size. Certificate-chain verification is one
// signature verification per certificate checked.

// pkOp is one kind of public-key operation.
type pkOp string

// The public-key operations.
const (
	pkECDHKeyGen  pkOp = "ecdh_keygen"
	pkECDHShared  pkOp = "ecdh_shared_secret"
	pkECDSASign   pkOp = "ecdsa_sign"
	pkECDSAVerify pkOp = "ecdsa_verify"
	pkRSAPrivate  pkOp = "rsa_private"
	pkRSAPublic   pkOp = "rsa_public"
)

// pkFigures are the cycles of each operation per key size (curve bits or
// modulus bits) and family: the default Cortex-M4 (rtos.FamilyMCU), the
// Cortex-M33 with a PKA (rtos.FamilyM33PKA), the Cortex-M0+
// (rtos.FamilyM0Plus) and the host (rtos.FamilyHost). Each operation's
// registered name is KIND_BITS (ecdsa_sign_256), which a scenario's cpu
// overrides may name.
//
// Sources, as cycles (milliseconds × the clock of the board measured):
//
//   - Cortex-M4, software: NetX Crypto publishes no figures; mbed TLS's
//     portable C big-number code, measured by its benchmark program on the
//     FRDM-K64F (Cortex-M4 at 120 MHz; the same output's 70 cycles per byte
//     at 1673 KB/s for SHA-256 confirms the clock), is its closest published
//     counterpart (ARMmbed/mbed-os-example-tls, benchmark/README.md):
//     ECDSA P-256 sign 304 ms, verify 594 ms; P-384 451 and 863 ms; ECDH
//     (the shared secret alone) 281 and 407 ms; ECDHE (key pair and shared
//     secret) 566 and 829 ms, so the key pair is the difference; RSA-2048
//     private 953 ms, public 28 ms; RSA-4096 5327 and 93 ms. P-521, not in
//     that table, is P-384 × (521/384)², the growth of a field
//     multiplication. RSA-1024 and RSA-3072 follow the growth the table
//     shows from 2048 to 4096 bits: size^2.48 for the private operation,
//     size^1.73 for the public one.
//   - Cortex-M33 with PKA: wolfSSL's benchmark on the STM32U585 at 160 MHz
//     (wolfSSL/wolfssl, IDE/STM32Cube/STM32_Benchmarks.md, "STM PKA"):
//     P-256 key pair 20.38 ms, shared secret 19.385 ms, sign 17.857 ms,
//     verify 18.0 ms. P-384 and P-521 scale with the cube of the size (the
//     PKA's modular multiplication grows with its square, their number with
//     the size). RSA runs in software there: the same page's SP-math
//     assembly run on that part, RSA-2048 private 690.5 ms, public 19.231
//     ms, other sizes as above.
//   - Cortex-M0+: the Cortex-M4 cycles × 2.9 for elliptic curves and × 2.5
//     for RSA: the ratio of cycles per operation in wolfSSL's benchmarks of
//     its small SP math, each core with its own assembly, on the STM32G071
//     (Cortex-M0+ at 64 MHz: P-256 sign 153.4 ms, verify 349 ms, RSA-2048
//     private 3241 ms, public 86.9 ms) and the STM32L4A6 (Cortex-M4 at 80
//     MHz: 42.5, 94.4, 1008 and 28 ms) on the same page. An M0+ has no
//     32×32→64-bit multiply.
//   - Host: the Cortex-M4 cycles × 0.612, the factor that makes RSA-2048
//     private 70 ms at the host profile's 1 GHz, so that an RSA handshake
//     (the server's private operation, the client's two public ones: about
//     74 ms of CPU) ends in the 8th tick of 10 ms, as the real NetX
//     regression build on a Linux host took 7-8 ticks
//     (reference/netx-observed.md §5). Nothing was observed for elliptic
//     curves on the host; they keep mbed TLS's ratios to RSA.
var pkFigures = map[pkOp]map[int]map[string]rtos.Cost{
	pkECDHKeyGen: {
		256: pkFigure(34_200_000, 3_260_800, 99_180_000, 20_934_000),
		384: pkFigure(50_640_000, 11_005_000, 146_856_000, 30_997_000),
		521: pkFigure(93_220_000, 27_486_000, 270_338_000, 57_060_000),
	},
	pkECDHShared: {
		256: pkFigure(33_720_000, 3_101_600, 97_788_000, 20_640_000),
		384: pkFigure(48_840_000, 10_468_000, 141_636_000, 29_895_000),
		521: pkFigure(89_910_000, 26_144_000, 260_739_000, 55_034_000),
	},
	pkECDSASign: {
		256: pkFigure(36_480_000, 2_857_120, 105_792_000, 22_329_000),
		384: pkFigure(54_120_000, 9_643_000, 156_948_000, 33_127_000),
		521: pkFigure(99_630_000, 24_084_000, 288_927_000, 60_984_000),
	},
	pkECDSAVerify: {
		256: pkFigure(71_280_000, 2_880_000, 206_712_000, 43_631_000),
		384: pkFigure(103_560_000, 9_720_000, 300_324_000, 63_389_000),
		521: pkFigure(190_640_000, 24_276_000, 552_856_000, 116_691_000),
	},
	pkRSAPrivate: {
		1024: pkFigure(20_460_000, 19_760_000, 51_150_000, 12_524_000),
		2048: pkFigure(114_360_000, 110_480_000, 285_900_000, 70_000_000),
		3072: pkFigure(312_950_000, 302_330_000, 782_375_000, 191_557_000),
		4096: pkFigure(639_240_000, 617_550_000, 1_598_100_000, 391_280_000),
	},
	pkRSAPublic: {
		1024: pkFigure(1_010_000, 930_000, 2_525_000, 618_000),
		2048: pkFigure(3_360_000, 3_076_960, 8_400_000, 2_057_000),
		3072: pkFigure(6_780_000, 6_210_000, 16_950_000, 4_150_000),
		4096: pkFigure(11_160_000, 10_220_000, 27_900_000, 6_831_000),
	},
}

// pkFigure is one row of pkFigures: the cycles on each family.
func pkFigure(m4, m33PKA, m0Plus, host uint64) map[string]rtos.Cost {
	return map[string]rtos.Cost{
		rtos.FamilyMCU:    {Cycles: m4},
		rtos.FamilyM33PKA: {Cycles: m33PKA},
		rtos.FamilyM0Plus: {Cycles: m0Plus},
		rtos.FamilyHost:   {Cycles: host},
	}
}

// pkOps are the registered operations, by kind and size.
var pkOps = func() map[pkOp]map[int]*rtos.Op {
	out := map[pkOp]map[int]*rtos.Op{}
	for kind, sizes := range pkFigures {
		out[kind] = map[int]*rtos.Op{}
		for bits, figures := range sizes {
			out[kind][bits] = rtos.NewOp(fmt.Sprintf("%s_%d", kind, bits), figures)
		}
	}
	return out
}()

// chargePublicKey charges one public-key operation with a key of bits
// (curve size or RSA modulus); a size without its own figure is charged as
// the next larger one.
func chargePublicKey(kind pkOp, bits int) {
	sizes := pkOps[kind]
	best := 0
	for b := range sizes {
		if b >= bits && (best == 0 || b < best) {
			best = b
		}
	}
	if best == 0 {
		for b := range sizes {
			best = max(best, b)
		}
	}
	rtos.Charge(sizes[best], 0)
}
