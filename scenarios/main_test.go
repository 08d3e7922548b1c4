package scenarios

import (
	"os"
	"testing"
)

// TestMain lets the test binary serve as sweep's worker process: sweep runs
// os.Executable with WorkerEnv set.
func TestMain(m *testing.M) {
	if os.Getenv(WorkerEnv) != "" {
		os.Exit(Command(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}
