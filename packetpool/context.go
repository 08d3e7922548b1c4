package packetpool

import (
	"unsafe"

	"github.com/nxsim/nxsim/rtos"
)

func inISROrTimer() bool {
	c, _ := rtos.CurrentContext()
	return c == rtos.ContextISR || c == rtos.ContextTimer
}

// overlapsAPool reports whether memory shares bytes with a pool the calling
// device already created.
func overlapsAPool(memory []byte) bool {
	_, k := rtos.CurrentContext()
	if k == nil || len(memory) == 0 {
		return false
	}
	start := uintptr(unsafe.Pointer(unsafe.SliceData(memory)))
	end := start + uintptr(len(memory))
	for _, p := range Pools(k) {
		ps := uintptr(unsafe.Pointer(unsafe.SliceData(p.memory)))
		if start < ps+uintptr(len(p.memory)) && ps < end {
			return true
		}
	}
	return false
}
