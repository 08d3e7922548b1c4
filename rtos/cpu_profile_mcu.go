package rtos

// The named MCU profiles besides the default. They differ from it where
// boards differ most for a network stack: public-key work (the figures are
// in securedtls/cpu_pk.go, with their sources). Every other operation has no
// figure of its own for these families and costs what it costs on the
// default Cortex-M4 (Base FamilyMCU): the M33 and the M0+ run control code,
// checksums and copies in about the same number of cycles; what sets them
// apart is big-number arithmetic (a PKA on one, no 32×32→64-bit multiply on
// the other).

// More profile families: columns of public-key figures.
const (
	FamilyM33PKA = "m33-pka" // a Cortex-M33 whose PKA accelerator does the elliptic-curve work
	FamilyM0Plus = "m0plus"  // a Cortex-M0+: software crypto without the long multiply
)

// ProfileM33PKA is a Cortex-M33 at 160 MHz with ST's PKA public-key
// accelerator (an STM32U585): ECDSA and ECDH run on the PKA, RSA in software.
var ProfileM33PKA = &Profile{Name: "cortex-m33-pka-160mhz", ClockHz: 160_000_000, Family: FamilyM33PKA, Base: FamilyMCU,
	Fallback: Cost{Cycles: 100},
	Doc:      "Cortex-M33 at 160 MHz with a PKA (STM32U585): elliptic-curve figures from wolfSSL's PKA benchmark on that part"}

// ProfileM0Plus is a slow Cortex-M0+ at 48 MHz with software crypto: an
// ECDSA P-256 signature takes about two seconds, longer than DTLS's first
// retransmission timeout.
var ProfileM0Plus = &Profile{Name: "cortex-m0plus-48mhz", ClockHz: 48_000_000, Family: FamilyM0Plus, Base: FamilyMCU,
	Fallback: Cost{Cycles: 100},
	Doc:      "Cortex-M0+ at 48 MHz, software crypto: public-key figures 2.75× the Cortex-M4's cycles (wolfSSL, STM32G071 against STM32L4A6)"}
