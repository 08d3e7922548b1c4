// Package nx is the shared vocabulary of the ThreadX, NetX Duo and NetX Secure
// C headers, as the rest of nxsim uses it: the integer aliases (UINT, ULONG,
// USHORT, UCHAR), the Status type with every TX_*, NX_* and NX_SECURE_* return
// code at its C value, wait options, service options, packet types, thread
// states, NXD_ADDRESS and the IP_ADDRESS macro.
//
// Names are the C names exactly, so that a C application ports line by line.
// Values are the C values of the default build of ThreadX 6.4 and NetX Duo
// 6.4 (IPv6 enabled, 32 priorities, 100 ticks per second).
//
// nx imports nothing from nxsim; every other package imports it.
package nx

//go:generate go run ./internal/statusgen/cmd/statusgen -out status_names.go
