package packetpool

import (
	"runtime"
	"strings"
	"sync"

	"github.com/nxsim/nxsim/rtos"
)

// Who holds each packet. A packet out of its pool is held by a thread
// (which allocated it, or to which a receive returned it), by an interrupt
// or timer routine, or by one of NetX's queues: a socket's receive queue,
// an ARP entry's wait queue, the IP thread's deferred queue, the
// reassembly list, a driver. Allocate makes the calling context the
// holder; netx calls HandOver whenever a packet moves between them. The
// leak report names the holder, the allocation site and the site of the
// last hand-over, so that a packet NetX itself keeps (say, waiting for an
// ARP answer that never comes) is not reported as the application's leak.

// holder is what a packet records about who holds it.
type holder struct {
	what string  // "thread app", "ARP queue for 10.0.0.9", ...
	site uintptr // where the packet was last handed over (0: at allocation)
	// stack is set while one of NetX's queues holds the packet: the
	// application handed it over and no longer owns it (in C the nxe_
	// layer nulled its pointer), so releasing it is NX_PTR_ERROR.
	stack bool
}

// HandOver records that holder now holds the packet (a description such
// as "UDP socket s receive queue (port 5000)" or "ARP queue for
// 10.0.0.9"), and where: the first caller outside nxsim's own stack
// packages, so that a hand-over inside a send names the application's
// call. It changes nothing else about the packet.
func HandOver(p *Packet, holder string) {
	if p != nil {
		p.holder = newHolder(holder, handOverSite(), true)
	}
}

// HandOverOutside is HandOver to a holder outside NetX's queues that owns
// the packet and may release it: a driver, given a packet to send.
func HandOverOutside(p *Packet, holder string) {
	if p != nil {
		p.holder = newHolder(holder, handOverSite(), false)
	}
}

// HandToCaller records that the calling context holds the packet: what a
// receive service does before returning a packet to its caller.
func HandToCaller(p *Packet) {
	if p != nil {
		p.holder = newHolder(contextHolder(), handOverSite(), false)
	}
}

func newHolder(what string, site uintptr, stack bool) holder {
	return holder{what: what, site: site, stack: stack}
}

// releasedFromOutside reports whether the application releases a packet
// one of NetX's queues holds: the first caller of Release that is not in
// the Go runtime (a deferred release runs from it) is outside nxsim's
// stack packages.
func releasedFromOutside(p *Packet) bool {
	if !p.holder.stack || p.state != stateAllocated {
		return false
	}
	var pcs [8]uintptr
	frames := runtime.CallersFrames(pcs[:runtime.Callers(3, pcs[:])])
	for {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return !inStack(f.Function)
		}
		if !more {
			return false
		}
	}
}

// Holder describes who holds the packet now: "pool" when it is free.
func (p *Packet) Holder() string {
	if p.state != stateAllocated {
		return "pool"
	}
	return p.holder.what
}

// contextHolder names the calling context as a holder.
func contextHolder() string {
	c, _ := rtos.CurrentContext()
	if c == rtos.ContextThread {
		if t := rtos.ThreadIdentify(); t != nil {
			return "thread " + t.Name()
		}
	}
	return c.String()
}

// stackPackages are the packages whose frames a hand-over site skips.
var stackPackages = []string{
	"github.com/nxsim/nxsim/packetpool.",
	"github.com/nxsim/nxsim/netx.",
	"github.com/nxsim/nxsim/ipthread.",
	"github.com/nxsim/nxsim/rtos.",
	"github.com/nxsim/nxsim/securedtls.",
}

// handOverSite returns the program counter of the first frame outside
// nxsim's stack packages, or of HandOver's caller when every frame is
// inside them (the IP thread's own work). What each return address means
// is resolved once and remembered (siteOf): resolving frames is what a
// hand-over would otherwise spend most of its time on.
func handOverSite() uintptr {
	var pcs [24]uintptr
	n := runtime.Callers(3, pcs[:])
	first := uintptr(0)
	for i, pc := range pcs[:n] {
		s := siteOf(pc)
		if i == 0 {
			first = s.first
		}
		if s.stop || i == n-1 {
			return first
		}
		if s.outside != 0 {
			return s.outside
		}
	}
	return first
}

// site is what one return address says about a hand-over site: the frame
// PC of its innermost function, the PC of the first of its (inlined)
// functions outside the stack packages, if any, and whether the runtime
// was reached.
type site struct {
	first, outside uintptr
	stop           bool
}

// sites remembers siteOf's answers (a test may release a packet outside
// any engine while another test's engine runs, hence the lock).
var (
	sitesMu sync.Mutex
	sites   = map[uintptr]site{}
)

func siteOf(pc uintptr) site {
	sitesMu.Lock()
	defer sitesMu.Unlock()
	if s, ok := sites[pc]; ok {
		return s
	}
	var s site
	frames := runtime.CallersFrames([]uintptr{pc})
	for {
		f, more := frames.Next()
		if s.first == 0 {
			s.first = f.PC
		}
		if strings.HasPrefix(f.Function, "runtime.") {
			s.stop = true
			break
		}
		if !inStack(f.Function) {
			s.outside = f.PC
			break
		}
		if !more {
			break
		}
	}
	sites[pc] = s
	return s
}

func inStack(function string) bool {
	for _, p := range stackPackages {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}
