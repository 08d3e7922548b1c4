package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestHelpPrintsUsageOnce: `nxsim COMMAND --help` prints the command's usage
// once, for the scenario commands and nxsim's own demo alike.
func TestHelpPrintsUsageOnce(t *testing.T) {
	for _, name := range []string{"run", "check", "sweep", "bridge", "merge", "version", "help", "demo"} {
		var out, errs bytes.Buffer
		assert.Equal(t, 0, run([]string{name, "--help"}, &out, &errs), name)
		all := strings.ToLower(out.String() + errs.String())
		assert.Equal(t, 1, strings.Count(all, "usage"), "%s --help:\n%s", name, all)
	}
}
