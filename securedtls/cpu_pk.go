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
// modulus bits) and family.
var pkFigures = map[pkOp]map[int]map[string]rtos.Cost{
	pkECDHKeyGen:  ecFigures(30_000_000, 300_000),
	pkECDHShared:  ecFigures(30_000_000, 300_000),
	pkECDSASign:   ecFigures(32_000_000, 320_000),
	pkECDSAVerify: ecFigures(60_000_000, 600_000),
	pkRSAPrivate:  rsaFigures(500_000_000, 1_500_000),
	pkRSAPublic:   rsaFigures(8_000_000, 50_000),
}

// ecFigures scales a P-256 figure to the other curves (cubic in the field size).
func ecFigures(mcuP256, hostP256 uint64) map[int]map[string]rtos.Cost {
	out := map[int]map[string]rtos.Cost{}
	for _, bits := range []int{256, 384, 521} {
		f := uint64(bits*bits*bits) / (256 * 256 * 256)
		if f == 0 {
			f = 1
		}
		out[bits] = map[string]rtos.Cost{rtos.FamilyMCU: {Cycles: mcuP256 * f}, rtos.FamilyHost: {Cycles: hostP256 * f}}
	}
	return out
}

// rsaFigures scales an RSA-2048 figure to other moduli (cubic for the
// private operation's exponent).
func rsaFigures(mcu2048, host2048 uint64) map[int]map[string]rtos.Cost {
	out := map[int]map[string]rtos.Cost{}
	for _, bits := range []int{1024, 2048, 3072, 4096} {
		num, den := uint64(bits*bits*bits), uint64(2048*2048*2048)
		out[bits] = map[string]rtos.Cost{rtos.FamilyMCU: {Cycles: mcu2048 * num / den}, rtos.FamilyHost: {Cycles: host2048 * num / den}}
	}
	return out
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
