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
// fields, time in nanoseconds. The lines (WithTrace) read:
//
//	<ns> <device> run <thread>                               the thread gets the CPU
//	<ns> <device> suspend <thread> <service> [<object>]      it waits, in that service, on that object
//	<ns> <device> timers                                     the system timer thread expires timers
//	<ns> <device> isr                                        an interrupt service routine runs
//	<ns> <device> terminate <thread>                         tx_thread_terminate ended it
//
// for example "30000000 board suspend thread 1 tx_queue_send queue 0".
func (e *Engine) record(k *Kernel, what, who, detail string) {
	e.hash.writeUint(uint64(e.now))
	e.hash.writeUint(uint64(k.index))
	e.hash.write(what)
	e.hash.write(who)
	e.hash.write(detail)
	if e.trace != nil {
		if detail != "" {
			fmt.Fprintf(e.trace, "%d %s %s %s %s\n", int64(e.now), k.name, what, who, detail)
		} else {
			fmt.Fprintf(e.trace, "%d %s %s %s\n", int64(e.now), k.name, what, who)
		}
	}
	if e.timeline != nil {
		e.timeline.observe(k, e.now, what, who, detail)
	}
}
