package securedtls

import (
	"sync"

	"github.com/nxsim/nxsim/rtos"
)

// keyLogs holds each engine's key-log hook.
var keyLogs sync.Map // *rtos.Engine → func(string) error

// SetKeyLog hands every session secret of the engine's devices, as an NSS
// key-log line ("CLIENT_RANDOM <client random> <master secret>"), to fn —
// the simulated network's Network.KeyLog, which puts it in the capture as a
// Decryption Secrets Block, and/or a writer. It is called as soon as the
// master secret exists, before the first record protected with it is sent.
// nil removes the hook.
func SetKeyLog(e *rtos.Engine, fn func(line string) error) {
	if fn == nil {
		keyLogs.Delete(e)
		return
	}
	keyLogs.Store(e, fn)
}

// keyLog hands one line to the engine's hook.
func (s *Session) keyLog(line string) {
	if fn, ok := keyLogs.Load(s.dev.kernel.Engine()); ok {
		_ = fn.(func(string) error)(line)
	}
}
