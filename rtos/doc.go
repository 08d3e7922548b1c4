// Package rtos emulates ThreadX: one discrete-event engine with one virtual
// clock for the whole simulation, and one kernel per emulated device with its
// threads, priorities, preemption threshold, time slices, application timers,
// mutexes, counting semaphores, message queues, event flags, and byte and
// block pools laid out in the caller's memory as a 32-bit port lays them out.
//
// # One baton
//
// Every emulated thread is a goroutine, but exactly one goroutine of the whole
// process runs emulated code at a time: the engine hands a baton to the
// thread that ThreadX would run (the most urgent ready thread of a kernel,
// FIFO within a priority, preemption threshold honoured) and takes it back
// when that thread blocks in a service, is preempted inside a service, or
// ends; a thread that blocks may also hand the baton straight to the next
// thread of its device when nothing else can happen first. When no thread
// can run, the engine jumps the clock to the next event: a tick that expires
// a timer, a charge ending, an interrupt. The same program, CPU profile and
// seed therefore make the same calls in the same order at the same virtual
// instants on every run, and Engine.TraceHash proves it cheaply.
//
// # CPU time
//
// Every service charges the device's CPU profile (Profile: ProfileDefault,
// a Cortex-M4 at 100 MHz; ProfileHost; ProfileZero;
// ProfileM33PKA, with a public-key accelerator; the slow ProfileM0Plus) on
// entry and acts at the
// end of the charge (Enter, Leave, Charge; cpu_charge.go says how). Each
// service call is an interrupt point; InterruptControl masks interrupts;
// ISR and timer code delays the thread it interrupted. A loop that calls no
// service charges its work with Busy. A run that cannot go on says why: a
// livelock at one instant, a deadlock, a panic, or the watchdog's report of
// Go code that never calls a service.
//
// # Ticks and timers
//
// Each kernel has its own tick counter (TimeGet) and tick rate (100 per
// second unless configured). Timers live on a 32-slot wheel as in ThreadX
// (tx_timer_system_activate.c): a timer armed with N ticks expires at the
// N-th tick interrupt after it was armed, timers due at one tick fire in the
// order they were put on the wheel, and periodic timers do not drift. Every
// expiration function — application timers, thread sleeps and wait timeouts —
// runs on the kernel's system timer thread at priority 0, so it may only use
// services that do not suspend.
//
// # Contexts and the error-checking layer
//
// As in C, services take no kernel argument: they act on the device whose
// code is calling (a thread, the timer thread, an interrupt, or the
// device's tx_application_define). A service called from a context the C
// API forbids returns TX_CALLER_ERROR or TX_WAIT_ERROR exactly as the txe_
// layer does; called from outside every device, it returns the caller error.
// The parameter-checking (txe_) layer lives in txe_*.go, separate from the
// service cores, and the build tag tx_disable_error_checking removes it as
// TX_DISABLE_ERROR_CHECKING does in C. Codes the core returns survive it.
//
// One engine runs at a time in a process: Engine.RunFor holds a process-wide
// baton, so tests may run engines in parallel goroutines safely, one after
// the other.
package rtos
