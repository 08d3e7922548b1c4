package scenarios

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/nxsim/nxsim/rtos"
)

// cpuProfiles are the CPU profile names DESIGN.md ("CPU time") defines.
var cpuProfiles = []string{"default", "host", "zero"}

// serviceName is the shape of a ThreadX / NetX / NetX Secure service name.
var serviceName = regexp.MustCompile(`^(tx|nx|nxd)_[a-z0-9_]+$`)

// checkCPU checks a device's cpu section.
func checkCPU(c *CPU) error {
	if c == nil {
		return nil
	}
	for _, service := range sortedKeys(c.Overrides) {
		if !serviceName.MatchString(service) {
			return fmt.Errorf("overrides: %q is not a C service name such as nx_udp_socket_send", service)
		}
	}
	if c.Profile == "" {
		return nil
	}
	for _, p := range cpuProfiles {
		if c.Profile == p {
			return nil
		}
	}
	return fmt.Errorf("unknown CPU profile %q (known: %s)", c.Profile, strings.Join(cpuProfiles, ", "))
}

// cpuOptions are the kernel options of a device's cpu section. This build's
// rtos charges no CPU time yet, so the section is checked and reported
// (cpuNote) but changes nothing.
func cpuOptions(*CPU) []rtos.KernelOption { return nil }

// cpuNote says what became of a device's cpu section, for the report.
func cpuNote(def *DeviceDef) string {
	if def.CPU == nil {
		return ""
	}
	return fmt.Sprintf("device %q: cpu profile %q and %d override(s) are recorded; this build charges no CPU time", def.Name, def.CPU.Profile, len(def.CPU.Overrides))
}
