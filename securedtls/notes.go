package securedtls

import (
	"fmt"

	"github.com/nxsim/nxsim/rtos"
)

// Note is a rehearsal note: the application relied on something the NetX
// Duo documentation promises that NetX Duo 6.4.2 does not do.
type Note struct {
	// Device is the emulated device.
	Device string
	// Service is the C service concerned.
	Service string
	// Promise is what the documentation says.
	Promise string
	// Behaviour is what the real stack does (and the emulation with it).
	Behaviour string
}

// String formats the note on one line.
func (n Note) String() string {
	return fmt.Sprintf("%s: %s: documented: %s; NetX 6.4.2: %s", n.Device, n.Service, n.Promise, n.Behaviour)
}

// Notes returns the rehearsal notes a device earned so far, each once, in
// the order they first occurred.
func Notes(k *rtos.Kernel) []Note {
	return append([]Note(nil), deviceOf(k).notes...)
}

// note records a rehearsal note once per device.
func (d *device) note(service, promise, behaviour string) {
	n := Note{Device: d.kernel.Name(), Service: service, Promise: promise, Behaviour: behaviour}
	for _, x := range d.notes {
		if x == n {
			return
		}
	}
	d.notes = append(d.notes, n)
}
