//go:build !amd64

package packetpool

import "runtime"

// frameCallers fills pcs with the return addresses of the frames above the
// function that calls it, innermost first, starting in the caller's caller
// (runtime.Callers, where no frame-pointer walk is written). The caller
// must not be inlined.
//
//go:noinline
func frameCallers(pcs []uintptr) { runtime.Callers(3, pcs) }
