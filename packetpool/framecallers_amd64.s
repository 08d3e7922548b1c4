#include "textflag.h"

// func frameCallers(pcs []uintptr)
//
// NOFRAME leaves BP pointing at the calling function's frame. Each frame
// gives its return address (8(BP)) and the frame above it (0(BP)), until
// the saved BP is 0 or pcs is full.
TEXT ·frameCallers(SB), NOSPLIT|NOFRAME, $0-24
	MOVQ pcs_base+0(FP), DI
	MOVQ pcs_len+8(FP), CX
	MOVQ BP, DX
	XORQ AX, AX
loop:
	CMPQ AX, CX
	JGE done
	TESTQ DX, DX
	JEQ done
	MOVQ 8(DX), BX
	MOVQ BX, (DI)(AX*8)
	MOVQ 0(DX), DX
	INCQ AX
	JMP loop
done:
	RET
