package securedtls

import (
	"math/rand/v2"

	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// deviceKey is the kernel attachment key of a device's DTLS state.
type deviceKey struct{}

// device is the DTLS state NetX keeps in globals, per emulated device: the
// created lists (_nx_secure_dtls_created_ptr, _nx_secure_dtls_server_created_ptr),
// the configuration macros, the random source (NX_RAND) and the notes.
type device struct {
	kernel   *rtos.Kernel
	sessions []*Session
	servers  []*Server
	config   Config
	random   *rand.Rand // the device's seeded stream (Engine.Stream), never the global source
	notes    []Note
	// x509Curves is the X.509 curve table (_nx_secure_x509_ecc_supported_groups):
	// the groups of the last nx_secure_dtls_(server_)ecc_initialize call on
	// any session of the device; NetX keeps one table per process.
	x509Curves []nx.USHORT
}

// deviceOf returns k's DTLS state, creating it with NetX's defaults.
func deviceOf(k *rtos.Kernel) *device {
	if d, ok := k.Attachment(deviceKey{}).(*device); ok {
		return d
	}
	d := &device{
		kernel: k,
		config: Config{}.withDefaults(k.TicksPerSecond()),
		random: k.Engine().Stream("device " + k.Name() + " dtls"),
	}
	k.SetAttachment(deviceKey{}, d)
	return d
}

// current returns the calling device's DTLS state, or nil outside every
// device.
func current() *device {
	_, k := rtos.CurrentContext()
	if k == nil {
		return nil
	}
	return deviceOf(k)
}

// randomBytes fills b from the device's seeded stream (NX_RAND).
func (d *device) randomBytes(b []byte) {
	for i := range b {
		b[i] = byte(d.random.Uint32())
	}
}

// created reports whether s is in the device's created-session list.
func (d *device) created(s *Session) bool {
	for _, x := range d.sessions {
		if x == s {
			return true
		}
	}
	return false
}

// serverCreated reports whether s is in the created-server list.
func (d *device) serverCreated(s *Server) bool {
	for _, x := range d.servers {
		if x == s {
			return true
		}
	}
	return false
}

// unlink removes s from the created-session list.
func (d *device) unlink(s *Session) {
	for i, x := range d.sessions {
		if x == s {
			d.sessions = append(d.sessions[:i], d.sessions[i+1:]...)
			return
		}
	}
}

// unlinkServer removes s from the created-server list.
func (d *device) unlinkServer(s *Server) {
	for i, x := range d.servers {
		if x == s {
			d.servers = append(d.servers[:i], d.servers[i+1:]...)
			return
		}
	}
}
