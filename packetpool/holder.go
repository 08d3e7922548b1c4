package packetpool

import (
	"runtime"
	"strings"

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
}

// HandOver records that holder now holds the packet (a description such
// as "UDP socket s receive queue (port 5000)" or "ARP queue for
// 10.0.0.9"), and where: the first caller outside nxsim's own stack
// packages, so that a hand-over inside a send names the application's
// call. It changes nothing else about the packet.
func HandOver(p *Packet, holder string) {
	if p == nil {
		return
	}
	p.holder.what = holder
	p.holder.site = handOverSite()
}

// HandToCaller records that the calling context holds the packet: what a
// receive service does before returning a packet to its caller.
func HandToCaller(p *Packet) { HandOver(p, contextHolder()) }

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
}

// handOverSite returns the program counter of the first frame outside
// nxsim's stack packages, or of HandOver's caller when every frame is
// inside them (the IP thread's own work).
func handOverSite() uintptr {
	var pcs [24]uintptr
	n := runtime.Callers(3, pcs[:])
	frames := runtime.CallersFrames(pcs[:n])
	first := uintptr(0)
	for {
		f, more := frames.Next()
		if first == 0 {
			first = f.PC
		}
		if strings.HasPrefix(f.Function, "runtime.") || !more {
			return first
		}
		if !inStack(f.Function) {
			return f.PC
		}
	}
}

func inStack(function string) bool {
	for _, p := range stackPackages {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}
