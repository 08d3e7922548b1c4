package scenarios

import (
	"fmt"
	"regexp"
	"time"

	"github.com/nxsim/nxsim/rtos"
)

// serviceName is the shape of a costed operation's name: a ThreadX / NetX /
// NetX Secure service, or an operation inside one (aes_cbc_encrypt).
var serviceName = regexp.MustCompile(`^[a-z][a-z0-9_]*$`)

// profile returns the CPU profile a device's cpu section names: "default"
// (or nothing) is rtos.ProfileDefault, any other name one rtos knows
// (rtos.ProfileByName: zero, host, cortex-m4-100mhz, cortex-m33-pka-160mhz,
// cortex-m0plus-48mhz, ...).
func profile(c *CPU) (*rtos.Profile, error) {
	if c == nil || c.Profile == "" || c.Profile == "default" {
		return rtos.ProfileDefault, nil
	}
	return rtos.ProfileByName(c.Profile)
}

// checkCPU checks a device's cpu section.
func checkCPU(c *CPU) error {
	if c == nil {
		return nil
	}
	for _, service := range sortedKeys(c.Overrides) {
		if !serviceName.MatchString(service) {
			return fmt.Errorf("overrides: %q is not a service or operation name such as nx_udp_socket_send", service)
		}
	}
	_, err := profile(c)
	return err
}

// cpuOptions are the kernel options of a device's cpu section: its profile,
// with each override (a time per call) turned into cycles at the profile's
// clock.
func cpuOptions(c *CPU) []rtos.KernelOption {
	p, err := profile(c)
	if err != nil || c == nil {
		return nil
	}
	if len(c.Overrides) > 0 {
		costs := map[string]rtos.Cost{}
		for name, d := range c.Overrides {
			costs[name] = rtos.Cost{Cycles: uint64(d.D()) * p.ClockHz / uint64(time.Second)}
		}
		p = p.With(costs)
	}
	return []rtos.KernelOption{rtos.KernelProfile(p)}
}
