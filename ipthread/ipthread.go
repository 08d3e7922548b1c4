package ipthread

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// Event bits of an IP instance's event flags group (nx_api.h).
const (
	PeriodicEvent       = 0x001 // NX_IP_PERIODIC_EVENT: the 1 s timer fired
	ReceiveEvent        = 0x008 // NX_IP_RECEIVE_EVENT: the deferred receive queue has packets
	ICMPEvent           = 0x004 // NX_IP_ICMP_EVENT: the ICMP queue has messages
	ARPReceiveEvent     = 0x010 // NX_IP_ARP_REC_EVENT: the deferred ARP queue has frames
	FastEvent           = 0x100 // NX_IP_FAST_EVENT: the fast (100 ms) timer fired
	DriverDeferredEvent = 0x800 // NX_IP_DRIVER_DEFERRED_EVENT: call the drivers' deferred processing
	allEvents           = 0xFFFFFFFF
)

// Handlers is what runs on the IP thread. Any of them may be nil.
type Handlers struct {
	// Startup runs once, when the thread first runs: netx attaches,
	// initializes and enables the drivers here.
	Startup func()
	// Receive processes one packet of the deferred receive queue (IP).
	Receive func(pkt *packetpool.Packet)
	// ARPReceive processes one frame of the deferred ARP queue.
	ARPReceive func(pkt *packetpool.Packet)
	// Periodic runs every NX_IP_PERIODIC_RATE ticks (ARP retries and
	// aging, fragment reassembly timeouts).
	Periodic func()
	// DriverDeferred runs when a driver asked for deferred processing.
	DriverDeferred func()
	// ICMP processes one message of the ICMP queue (ICMPv4 messages that
	// arrived outside the IP thread).
	ICMP func(pkt *packetpool.Packet)
	// Fast runs every fast-timer period once StartFastTimer was called
	// (IPv6 DAD's first solicitation, ND cache retransmissions).
	Fast func()
}

// Stats counts what the IP thread did.
type Stats struct {
	Wakeups          nx.ULONG // event-flag waits that returned
	PacketsProcessed nx.ULONG // deferred receive packets handed to Receive
	ARPProcessed     nx.ULONG // deferred ARP frames handed to ARPReceive
	ICMPProcessed    nx.ULONG // queued ICMP messages handed to ICMP
	PeriodicRuns     nx.ULONG
}

// IPThread is the IP thread of one instance with its event flags, protection
// mutex, periodic timer and deferred queues. Its zero value is not created.
type IPThread struct {
	thread     rtos.Thread
	events     rtos.EventFlagsGroup
	protection rtos.Mutex
	periodic   rtos.Timer
	fast       rtos.Timer
	fastOn     bool
	handlers   Handlers
	started    bool
	handling   bool // the thread is doing its work, not waiting for events

	// Deferred queues, FIFO and unbounded as in NetX; filled from any
	// context, drained on the IP thread.
	receive []*packetpool.Packet
	arp     []*packetpool.Packet
	icmp    []*packetpool.Packet // newest first, as NetX pushes at the head

	Stats Stats
}

// Create starts the IP thread named name (NetX names it after the
// instance) at priority, with a 1-tick time slice and threshold equal to
// priority as nx_ip_create does, plus the event flags, the protection mutex
// (no priority inheritance) and the periodic timer. It is called from
// nx_ip_create, in initialization or thread context. The thread starts when
// the scheduler next runs, after the caller (which holds its threshold at
// the IP priority while creating, so the instance is complete first).
func (t *IPThread) Create(name string, stack []byte, priority nx.UINT, h Handlers) nx.Status {
	t.handlers = h
	if st := rtos.EventFlagsCreate(&t.events, name); st != nx.TX_SUCCESS {
		return st
	}
	if st := rtos.MutexCreate(&t.protection, name+" protection", nx.TX_NO_INHERIT); st != nx.TX_SUCCESS {
		return st
	}
	// NX_IP_PERIODIC_RATE is one second of the device's own ticks.
	second := rtos.TimerTicksPerSecond()
	if st := rtos.TimerCreate(&t.periodic, name+" periodic", func(nx.ULONG) { t.Signal(PeriodicEvent) },
		0, second, second, nx.TX_AUTO_ACTIVATE); st != nx.TX_SUCCESS {
		return st
	}
	return rtos.ThreadCreate(&t.thread, name, t.entry, 0, stack, priority, priority, 1, nx.TX_AUTO_START)
}

// Delete stops the thread and frees its objects; packets still queued are
// released. Called from a thread (nx_ip_delete).
func (t *IPThread) Delete() {
	rtos.ThreadTerminate(&t.thread)
	rtos.ThreadDelete(&t.thread)
	rtos.TimerDelete(&t.periodic)
	if t.fastOn {
		rtos.TimerDelete(&t.fast)
		t.fastOn = false
	}
	rtos.EventFlagsDelete(&t.events)
	rtos.MutexDelete(&t.protection)
	for _, q := range [][]*packetpool.Packet{t.receive, t.arp, t.icmp} {
		for _, p := range q {
			packetpool.Release(p)
		}
	}
	t.receive, t.arp, t.icmp = nil, nil, nil
}

// StartFastTimer creates the fast periodic timer once
// (_nx_ip_fast_periodic_timer_create): every ceil(NX_IP_PERIODIC_RATE /
// NX_IP_FAST_TIMER_RATE) ticks — NX_IP_PERIODIC_RATE being one second of
// the device's ticks — it sets FastEvent. nxd_ipv6_enable calls it.
func (t *IPThread) StartFastTimer() {
	if t.fastOn {
		return
	}
	rate := (rtos.TimerTicksPerSecond() + fastTimerRate - 1) / fastTimerRate
	if rtos.TimerCreate(&t.fast, "fast", func(nx.ULONG) { t.Signal(FastEvent) }, 0, rate, rate, nx.TX_AUTO_ACTIVATE) == nx.TX_SUCCESS {
		t.fastOn = true
	}
}

// fastTimerRate is NX_IP_FAST_TIMER_RATE: fast-timer periods per second.
const fastTimerRate = 10

// Thread returns the IP thread itself, so that callers can tell whether
// they run on it.
func (t *IPThread) Thread() *rtos.Thread { return &t.thread }

// Handling reports whether the IP thread is doing its work (start-up or
// the events of one wake-up) rather than waiting: code that runs in thread
// context then runs on the IP thread, unless the IP thread is blocked in a
// handler. NetX asks _tx_thread_current_ptr instead; this asks without
// calling a (costed) ThreadX service.
func (t *IPThread) Handling() bool { return t.handling }

// Started reports whether the thread has run its start-up.
func (t *IPThread) Started() bool { return t.started }

// Protect takes the instance's protection mutex (nx_ip_protection), waiting
// as long as it takes: a service that needs the instance waits while a
// callback on the IP thread holds it.
func (t *IPThread) Protect() { rtos.MutexGet(&t.protection, nx.TX_WAIT_FOREVER) }

// Unprotect gives the protection mutex back.
func (t *IPThread) Unprotect() { rtos.MutexPut(&t.protection) }

// Signal sets event bits, waking the thread (from any context).
func (t *IPThread) Signal(events nx.ULONG) { rtos.EventFlagsSet(&t.events, events, nx.TX_OR) }

// DeferredReceive queues a received IP packet for the IP thread
// (_nx_ip_packet_deferred_receive). Drivers call it from interrupt context;
// the IP thread then owns the packet.
func (t *IPThread) DeferredReceive(pkt *packetpool.Packet) {
	t.receive = append(t.receive, pkt)
	t.Signal(ReceiveEvent)
}

// DeferredICMP queues an ICMPv4 message that arrived outside the IP thread
// (_nx_icmp_packet_receive): NetX pushes it at the head of its ICMP queue,
// so the IP thread handles the newest first.
func (t *IPThread) DeferredICMP(pkt *packetpool.Packet) {
	t.icmp = append([]*packetpool.Packet{pkt}, t.icmp...)
	t.Signal(ICMPEvent)
}

// DeferredARPReceive queues a received ARP frame for the IP thread
// (_nx_arp_packet_deferred_receive).
func (t *IPThread) DeferredARPReceive(pkt *packetpool.Packet) {
	t.arp = append(t.arp, pkt)
	t.Signal(ARPReceiveEvent)
}

// entry is the IP thread (_nx_ip_thread_entry): start-up under the
// protection mutex, then wait for events and handle every bit of one wake-up
// in NetX's fixed order, holding the mutex.
func (t *IPThread) entry(nx.ULONG) {
	t.Protect()
	t.handling = true
	if t.handlers.Startup != nil {
		t.handlers.Startup()
	}
	t.started = true
	for {
		t.handling = false
		t.Unprotect()
		var events nx.ULONG
		if rtos.EventFlagsGet(&t.events, allEvents, nx.TX_OR_CLEAR, &events, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
			return // the group was deleted with the instance
		}
		t.Stats.Wakeups++
		t.Protect()
		t.handling = true
		if events&ReceiveEvent != 0 {
			t.drain(&t.receive, t.handlers.Receive, &t.Stats.PacketsProcessed)
		}
		if events&FastEvent != 0 && t.handlers.Fast != nil {
			t.handlers.Fast()
		}
		if events&PeriodicEvent != 0 && t.handlers.Periodic != nil {
			t.Stats.PeriodicRuns++
			t.handlers.Periodic()
		}
		if events&ARPReceiveEvent != 0 {
			t.drain(&t.arp, t.handlers.ARPReceive, &t.Stats.ARPProcessed)
		}
		if events&ICMPEvent != 0 {
			t.drain(&t.icmp, t.handlers.ICMP, &t.Stats.ICMPProcessed)
		}
		if events&DriverDeferredEvent != 0 && t.handlers.DriverDeferred != nil {
			t.handlers.DriverDeferred()
		}
	}
}

// drain hands every queued packet to handle, oldest first; packets queued
// while it runs are handled in the same pass.
func (t *IPThread) drain(q *[]*packetpool.Packet, handle func(*packetpool.Packet), count *nx.ULONG) {
	for len(*q) > 0 {
		pkt := (*q)[0]
		(*q)[0] = nil
		*q = (*q)[1:]
		*count++
		if handle == nil {
			packetpool.Release(pkt)
			continue
		}
		handle(pkt)
	}
}
