#include "textflag.h"

// func callerPC() uintptr
//
// Returns the return address saved in the frame of the function that calls
// callerPC: the instruction after the call into that function, i.e. its call
// site. NOFRAME keeps BP pointing at that function's frame (amd64 Go frames
// always keep a frame pointer: saved BP at 0(BP), return address at 8(BP)).
TEXT ·callerPC(SB), NOSPLIT|NOFRAME, $0-8
	MOVQ 8(BP), AX
	MOVQ AX, ret+0(FP)
	RET
