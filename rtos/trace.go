package rtos

import (
	"fmt"
	"hash/fnv"
)

// traceHash is a running FNV-1a hash over the engine's scheduling events, in
// the spirit of gosim's checksummer: equal hashes at equal instants mean the
// runs made the same scheduling decisions, and a first differing trace line
// pinpoints where two runs diverged.
type traceHash uint64

func newTraceHash() traceHash {
	h := fnv.New64a()
	return traceHash(h.Sum64())
}

const fnvPrime64 = 1099511628211

func (h *traceHash) write(s string) {
	x := uint64(*h)
	for i := 0; i < len(s); i++ {
		x ^= uint64(s[i])
		x *= fnvPrime64
	}
	*h = traceHash(x)
}

func (h *traceHash) writeUint(v uint64) {
	x := uint64(*h)
	for i := 0; i < 8; i++ {
		x ^= v & 0xFF
		x *= fnvPrime64
		v >>= 8
	}
	*h = traceHash(x)
}

// record adds one scheduling event to the hash (virtual time, device, what
// happened, to whom) and, when tracing, writes it as a line with the same
// fields, time in nanoseconds.
func (e *Engine) record(k *Kernel, what, who string) {
	e.hash.writeUint(uint64(e.now))
	e.hash.writeUint(uint64(k.index))
	e.hash.write(what)
	e.hash.write(who)
	if e.trace != nil {
		fmt.Fprintf(e.trace, "%d %s %s %s\n", int64(e.now), k.name, what, who)
	}
}
