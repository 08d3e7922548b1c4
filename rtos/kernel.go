package rtos

import (
	"fmt"
	"math/bits"
	"runtime/debug"
	"time"

	"github.com/nxsim/nxsim/nx"
)

// Kernel is one emulated device: a ThreadX kernel with its own threads, tick
// counter, timer wheel and objects. Create it with Engine.AddKernel.
type Kernel struct {
	engine *Engine
	name   string
	index  int

	ticksPerSecond uint64
	start          time.Duration // virtual instant of tick 0
	ticksDone      uint64        // tick interrupts processed so far
	clockOffset    nx.ULONG      // tx_time_set: clock = ticks + offset (wrapping)
	wheel          timerWheel
	tickEvent      *event
	tickEventAt    uint64

	// Scheduling state, as ThreadX keeps it (tx_thread.h).
	ready       [nx.TX_MAX_PRIORITIES]threadList
	readyMap    uint32  // bit p set: ready[p] is not empty
	preempted   uint32  // bit p set: the head of ready[p] was preempted above its threshold
	execute     *Thread // the thread ThreadX would run now (_tx_thread_execute_ptr)
	current     *Thread // the thread whose code holds the baton (_tx_thread_current_ptr)
	timerThread *Thread
	threads     []*Thread // created threads, in creation order (tx_thread_created_ptr)
	timers      []*Timer  // created application timers, in creation order
	mutexes     []*Mutex
	semaphores  []*Semaphore
	queues      []*Queue
	groups      []*EventFlagsGroup

	initializing bool // inside tx_application_define
	firstUnused  int  // size of tx_application_define's memory
	isrDepth     int  // interrupt nesting

	attachments map[any]any

	busy      *Thread // the executing thread whose charge is being counted
	busyStart time.Duration
	busyEvent *event

	profile     *Profile     // nil: the engine's
	cost        *kernelCosts // the profile resolved, on first use
	isrSvcDepth int32        // service nesting in interrupt context
	cpuFreeAt   time.Duration
	cpuEvent    *event
	tickISRs    []func()
	heldISRs    []heldInterrupt
	held        bool // ticks or interrupts came while masked
}

// KernelOption configures a Kernel.
type KernelOption func(*Kernel)

// TicksPerSecond sets the kernel's TX_TIMER_TICKS_PER_SECOND (default 100).
func TicksPerSecond(n uint32) KernelOption {
	return func(k *Kernel) {
		if n > 0 {
			k.ticksPerSecond = uint64(n)
		}
	}
}

// KernelProfile gives the kernel its own CPU profile instead of the
// engine's (WithProfile).
func KernelProfile(p *Profile) KernelOption {
	return func(k *Kernel) { k.profile = p }
}

// FirstUnusedMemory sets the size of the memory block handed to
// tx_application_define (default DefaultFirstUnusedMemory).
func FirstUnusedMemory(n int) KernelOption {
	return func(k *Kernel) { k.firstUnused = n }
}

// DefaultFirstUnusedMemory is the size of the block the ThreadX Linux port
// gives tx_application_define (TX_LINUX_MEMORY_SIZE): what a C port of an
// application expects to carve its pools and stacks from.
const DefaultFirstUnusedMemory = 64000

// AddKernel adds one emulated device. applicationDefine runs at once in the
// device's initialization context, as tx_application_define does inside
// tx_kernel_enter; the threads it creates start running when the engine
// runs. A panic in applicationDefine makes the next RunFor fail.
func (e *Engine) AddKernel(name string, applicationDefine func(firstUnusedMemory []byte), opts ...KernelOption) *Kernel {
	k := &Kernel{engine: e, name: name, index: len(e.kernels), ticksPerSecond: nx.TX_TIMER_TICKS_PER_SECOND, start: e.now,
		firstUnused: DefaultFirstUnusedMemory}
	for _, o := range opts {
		o(k)
	}
	k.wheel = newTimerWheel()
	k.timerThread = &Thread{id: threadID, k: k, name: "System Timer Thread", state: nx.TX_SUSPENDED}
	k.timerThread.timeout.owner = k.timerThread
	e.kernels = append(e.kernels, k)
	release := e.acquire()
	defer release()
	e.cur, k.initializing = k, true
	func() {
		defer func() {
			if r := recover(); r != nil {
				e.fail(fmt.Errorf("rtos: device %q: tx_application_define panicked: %v\n%s", name, r, debug.Stack()))
			}
		}()
		if applicationDefine != nil {
			applicationDefine(make([]byte, k.firstUnused))
		}
	}()
	e.cur, k.initializing = nil, false
	e.schedule(e.now, k, func() {})
	return k
}

// Name returns the device name given to AddKernel.
func (k *Kernel) Name() string { return k.name }

// Engine returns the engine the kernel belongs to.
func (k *Kernel) Engine() *Engine { return k.engine }

// TicksPerSecond returns the kernel's tick rate.
func (k *Kernel) TicksPerSecond() uint32 { return uint32(k.ticksPerSecond) }

// Threads returns the kernel's created threads in creation order, the system
// timer thread excluded.
func (k *Kernel) Threads() []*Thread { return append([]*Thread(nil), k.threads...) }

// highestReady returns the most urgent priority with a ready thread, or
// TX_MAX_PRIORITIES when none is ready.
func (k *Kernel) highestReady() nx.UINT {
	if k.readyMap == 0 {
		return nx.TX_MAX_PRIORITIES
	}
	return nx.UINT(bits.TrailingZeros32(k.readyMap))
}

// makeReady appends t to the tail of its priority's ready list and decides
// whether it preempts the executing thread (_tx_thread_system_resume).
func (k *Kernel) makeReady(t *Thread) {
	t.state = nx.TX_READY
	k.ready[t.priority].pushBack(t)
	k.readyMap |= 1 << t.priority
	ex := k.execute
	switch {
	case ex == nil:
		k.execute = t
	case t.priority < ex.threshold:
		// A thread whose threshold holds off some priorities is remembered as
		// preempted, so that the threshold protects it again when it resumes.
		if ex.threshold < ex.priority && ex.state == nx.TX_READY {
			k.preempted |= 1 << ex.priority
		}
		k.execute = t
	}
}

// unready removes t from its ready list; if t was the executing thread, the
// next one is chosen (_tx_thread_system_suspend).
func (k *Kernel) unready(t *Thread) {
	p := t.priority
	if k.ready[p].head == t {
		k.preempted &^= 1 << p
	}
	k.ready[p].remove(t)
	if k.ready[p].head == nil {
		k.readyMap &^= 1 << p
	}
	if k.execute == t {
		k.selectExecute()
	}
}

// selectExecute picks the thread to run after the executing one left: the
// head of the most urgent ready list, unless a thread preempted earlier above
// its threshold still holds that priority off.
func (k *Kernel) selectExecute() {
	h := k.highestReady()
	if h == nx.TX_MAX_PRIORITIES {
		k.execute = nil
		return
	}
	k.execute = k.ready[h].head
	if k.preempted != 0 {
		p := nx.UINT(bits.TrailingZeros32(k.preempted))
		if held := k.ready[p].head; held != nil && h >= held.threshold {
			k.execute = held
			k.preempted &^= 1 << p
		}
	}
}

// moveToTail moves a ready thread behind its equal-priority peers, as time
// slicing and relinquish do, and reselects the executing thread.
func (k *Kernel) moveToTail(t *Thread) {
	k.ready[t.priority].remove(t)
	k.ready[t.priority].pushBack(t)
	if k.execute == t {
		k.selectExecute()
	}
}

// Kernels returns the engine's devices in the order they were added.
func (e *Engine) Kernels() []*Kernel { return append([]*Kernel(nil), e.kernels...) }

// Attachment returns the value a package stored on the kernel under key, or
// nil. Packages that build on rtos keep their per-device state this way
// (packetpool its pools, netx its IP instances), so that rtos needs to know
// nothing about them.
func (k *Kernel) Attachment(key any) any { return k.attachments[key] }

// SetAttachment stores value on the kernel under key (a package-private
// type, as with context keys).
func (k *Kernel) SetAttachment(key, value any) {
	if k.attachments == nil {
		k.attachments = map[any]any{}
	}
	k.attachments[key] = value
}
