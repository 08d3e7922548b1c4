// Package pooltest is the leak check every package's tests use: Verify
// fails a test whose engine ends with a packet outside its pool, naming the
// call site that allocated it.
package pooltest

import (
	"testing"

	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Verify registers a check, run when the test ends, that every pool of
// every device of e is full again.
func Verify(t testing.TB, e *rtos.Engine) {
	t.Helper()
	t.Cleanup(func() {
		if err := packetpool.CheckFull(e); err != nil {
			t.Error(err)
		}
	})
}
