//go:build !amd64

package packetpool

import "runtime"

// callerPC returns the call site of the function that calls it. Its caller
// must not be inlined.
//
//go:noinline
func callerPC() uintptr {
	var pcs [1]uintptr
	runtime.Callers(3, pcs[:])
	return pcs[0]
}
