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
	// union is set while the holder links the packet through
	// nx_packet_union_next (the DTLS retransmission queue, the reassembly
	// list): that field is then not NX_PACKET_ALLOCATED, and
	// _nx_packet_release itself, not only the nxe_ layer, refuses the
	// packet.
	union bool
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

// LinkThroughUnion records that the holder the packet was just handed over
// to links it through nx_packet_union_next, as the DTLS retransmission
// queue (nx_secure_dtls_send_record.c) and the reassembly list
// (nx_packet_fragment_next, _nx_ip_fragment_assembly) do: the application
// releasing it gets NX_PTR_ERROR even without error checking. NetX resets
// the field to NX_PACKET_ALLOCATED before it releases or passes on such a
// packet itself; here its own releases pass and the next hand-over clears
// the mark.
func LinkThroughUnion(p *Packet) {
	if p != nil {
		p.holder.stack, p.holder.union = true, true
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
// one of NetX's queues holds (without error checking, only one linked
// through nx_packet_union_next, which the core checks): the first caller
// of Release that is not in the Go runtime (a deferred release runs from
// it) is outside nxsim's stack packages. Like a hand-over site, it walks the frame pointers and
// resolves each distinct stack once (releases). Release must call it
// directly.
//
//go:noinline
func releasedFromOutside(p *Packet) bool {
	if !p.holder.stack || p.state != stateAllocated || !errorChecking && !p.holder.union {
		return false
	}
	var stack siteStack
	frameCallers(stack[:])
	return releases.get(stack, releasedFrom)
}

// releaseDepth is how many frames above Release releasedFrom looks at.
const releaseDepth = 8

// releases remembers releasedFrom's answer for each stack.
var releases = stackCache[bool]{m: map[siteStack]bool{}}

// releasedFrom answers releasedFromOutside for the return addresses above
// it (the first in Release).
func releasedFrom(stack siteStack) bool {
	frames := stack.callerFrames()
	for range releaseDepth {
		f, more := frames.Next()
		if !strings.HasPrefix(f.Function, "runtime.") {
			return !inStack(f.Function)
		}
		if !more {
			break
		}
	}
	return false
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
// nxsim's stack packages, or of its caller's caller when every frame is
// inside them (the IP thread's own work). The hot path only walks the
// frame pointers (frameCallers: a few loads per frame, no allocation) and
// looks the raw return addresses up in sites; resolving them to functions
// happens once per distinct stack (resolveSite). Its caller (HandOver) is
// skipped, as runtime.Callers' skip would.
//
//go:noinline
func handOverSite() uintptr {
	var stack siteStack
	frameCallers(stack[:])
	return sites.get(stack, resolveSite)
}

// siteDepth is how many return addresses a hand-over looks at: the first
// frame outside the stack packages must be among them (deeper, the
// hand-over names its caller's caller).
const siteDepth = 24

// siteStack is the return addresses of a hand-over's frames, innermost
// first (the one in handOverSite's caller), zero past the goroutine's
// outermost frame.
type siteStack [siteDepth]uintptr

// sites remembers resolveSite's answer for each stack.
var sites = stackCache[uintptr]{m: map[siteStack]uintptr{}}

// maxStacks bounds a stackCache; a stack seen when it is full is resolved
// every time.
const maxStacks = 1 << 14

// stackCache remembers what a stack of return addresses resolves to, so
// that frames are resolved once per distinct stack (a test may release a
// packet outside any engine while another test's engine runs, hence the
// lock).
type stackCache[T any] struct {
	mu sync.Mutex
	m  map[siteStack]T
}

// get returns resolve(stack), calling resolve only for a stack not seen
// before.
func (c *stackCache[T]) get(stack siteStack, resolve func(siteStack) T) T {
	c.mu.Lock()
	v, ok := c.m[stack]
	c.mu.Unlock()
	if ok {
		return v
	}
	v = resolve(stack)
	c.mu.Lock()
	if len(c.m) < maxStacks {
		c.m[stack] = v
	}
	c.mu.Unlock()
	return v
}

// resolveSite expands the return addresses into frames (inlined calls
// included) and returns the PC of the first frame, after handOverSite's
// caller, whose function is outside the stack packages; or that of the
// first frame after the caller if the runtime (the goroutine's start) or
// the siteDepth-th frame comes first.
func resolveSite(stack siteStack) uintptr {
	frames := stack.callerFrames()
	first := uintptr(0)
	for i := 0; i < siteDepth-1; i++ {
		f, more := frames.Next()
		if i == 0 {
			first = f.PC
		}
		if strings.HasPrefix(f.Function, "runtime.") {
			break
		}
		if !inStack(f.Function) {
			return f.PC
		}
		if !more {
			break
		}
	}
	return first
}

// callerFrames expands the return addresses into frames (inlined calls
// included), past the first: that of the function that walked the stack
// (handOverSite's or releasedFromOutside's caller).
func (s *siteStack) callerFrames() *runtime.Frames {
	n := len(s)
	for n > 0 && s[n-1] == 0 {
		n--
	}
	frames := runtime.CallersFrames(s[:n])
	frames.Next()
	return frames
}

func inStack(function string) bool {
	for _, p := range stackPackages {
		if strings.HasPrefix(function, p) {
			return true
		}
	}
	return false
}
