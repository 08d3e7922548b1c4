package rtos

import (
	"hash/fnv"
	"math/rand/v2"
)

// Stream returns a random stream derived from the engine's seed and a name
// ("link lan0 a->b loss", "device client dtls"): the same seed and name
// always give the same sequence, and streams of different names are
// independent, so one consumer's draws never shift another's. This is the
// only source of randomness emulated code may use; each consumer derives its
// stream once and keeps it.
func (e *Engine) Stream(name string) *rand.Rand {
	h := fnv.New64a()
	h.Write([]byte(name))
	return rand.New(rand.NewPCG(e.seed, h.Sum64()))
}
