package packetpool

// callerPC returns the call site of the function that calls it (the return
// address in that function's frame) in a few instructions, where
// runtime.Callers would cost most of an allocation. Its caller must not be
// inlined.
func callerPC() uintptr
