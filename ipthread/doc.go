// Package ipthread runs the IP thread of one NetX IP instance: an emulated
// ThreadX thread at the instance's priority that waits on the instance's
// event flags, drains the deferred receive queues a driver fills from
// interrupt context, runs the periodic work every NX_IP_PERIODIC_RATE, and is
// where every NetX callback runs, holding the instance's protection mutex
// (nx_ip_thread_entry.c).
//
// It knows nothing of IP or UDP: netx registers the functions that run on
// it (Handlers). Because everything runs on this one thread, a callback that
// blocks stalls the whole instance — receive processing, periodic work and
// every other thread that needs the protection mutex — as on the device.
package ipthread
