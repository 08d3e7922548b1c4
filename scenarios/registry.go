package scenarios

import (
	"fmt"

	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/sim"
	"sort"
	"sync"
)

// application is one registered behaviour: a device's tx_application_define
// with its parameter type.
type application struct {
	name      string
	newParams func() any // a pointer to a fresh copy of the defaults
	define    func(d *Device, params any)
}

var (
	registryMu sync.Mutex
	registry   = map[string]*application{}
)

// Register makes an application available to scenario files under name.
// define is the device's tx_application_define: it runs in the device's
// initialization context after the board (packet pool, IP instance with ARP
// and UDP, see Device) exists, and creates the application's threads. The
// scenario's params are decoded strictly into a copy of defaults (a struct
// with yaml tags), so that an unknown or mistyped parameter is an error
// with its line; if *P has a method Check(*Scenario) error, it is called
// when the scenario is checked. Register panics if the name is taken.
//
//	scenarios.Register("sensor", SensorParams{Period: scenarios.Duration(time.Second)}, func(d *scenarios.Device, p *SensorParams) { ... })
func Register[P any](name string, defaults P, define func(d *Device, p *P)) {
	registryMu.Lock()
	defer registryMu.Unlock()
	if _, taken := registry[name]; taken {
		panic(fmt.Sprintf("scenarios: application %q registered twice", name))
	}
	registry[name] = &application{
		name:      name,
		newParams: func() any { p := defaults; return &p },
		define:    func(d *Device, params any) { define(d, params.(*P)) },
	}
}

// networkHook is a function OnNetwork registered.
type networkHook func(e *rtos.Engine, n *sim.Network) (done func())

var networkHooks []networkHook

// OnNetwork registers fn to run in every scenario run once its engine and
// network exist, before the devices are added; the function fn returns, if
// not nil, runs when the run is over. The DTLS applications use it to send
// every session secret into the capture:
//
//	scenarios.OnNetwork(func(e *rtos.Engine, n *sim.Network) func() {
//		securedtls.SetKeyLog(e, n.KeyLog)
//		return func() { securedtls.SetKeyLog(e, nil) }
//	})
func OnNetwork(fn func(e *rtos.Engine, n *sim.Network) (done func())) {
	registryMu.Lock()
	defer registryMu.Unlock()
	networkHooks = append(networkHooks, fn)
}

var noteSources []func(k *rtos.Kernel) []string

// NotesFrom registers a source of rehearsal notes: after every run, the
// report lists what fn returns for each device. The DTLS applications
// register securedtls's notes (what the application relied on that the
// documentation promises and NetX does not do).
func NotesFrom(fn func(k *rtos.Kernel) []string) {
	registryMu.Lock()
	defer registryMu.Unlock()
	noteSources = append(noteSources, fn)
}

func notes(k *rtos.Kernel) []string {
	registryMu.Lock()
	sources := append([]func(*rtos.Kernel) []string(nil), noteSources...)
	registryMu.Unlock()
	var out []string
	for _, fn := range sources {
		out = append(out, fn(k)...)
	}
	return out
}

func hooks() []networkHook {
	registryMu.Lock()
	defer registryMu.Unlock()
	return append([]networkHook(nil), networkHooks...)
}

// Applications returns the names of the registered applications, sorted.
func Applications() []string {
	registryMu.Lock()
	defer registryMu.Unlock()
	names := make([]string, 0, len(registry))
	for n := range registry {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func lookup(name string) *application {
	registryMu.Lock()
	defer registryMu.Unlock()
	return registry[name]
}
