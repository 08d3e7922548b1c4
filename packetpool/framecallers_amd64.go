package packetpool

// frameCallers fills pcs with the return addresses of the frames above the
// function that calls it, innermost first, by following the frame
// pointers (Go on amd64 always keeps them: saved BP at 0(BP), return
// address at 8(BP)), and stops at the goroutine's outermost frame (saved
// BP 0) or when pcs is full. The first address is in the caller's caller.
// The caller must not be inlined.
//
//go:noescape
func frameCallers(pcs []uintptr)
