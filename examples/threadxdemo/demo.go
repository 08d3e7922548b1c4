// Package threadxdemo is ThreadX's classic demonstration (demo_threadx.c),
// transliterated to nxsim and extended with a NetX packet pool: eight
// threads that sleep, pass messages through a queue, take turns on a
// semaphore, wait for event flags, nest a mutex, and trade packets. Each
// device that runs it keeps its own counters.
package threadxdemo

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

const (
	demoStackSize = 1024
	demoQueueSize = 100
)

// Demo is one device's demonstration: its control blocks and counters.
type Demo struct {
	threads   [8]rtos.Thread
	queue     rtos.Queue
	semaphore rtos.Semaphore
	flags     rtos.EventFlagsGroup
	mutex     rtos.Mutex
	pool      packetpool.Pool

	// Counters, as the C demo keeps them: how many rounds each thread did,
	// and how many messages or packets went through.
	Counter         [8]nx.ULONG
	MessagesSent    nx.ULONG
	MessagesRecv    nx.ULONG
	PacketsTraded   nx.ULONG
	UnexpectedError nx.Status
}

// ApplicationDefine is the device's tx_application_define.
func (d *Demo) ApplicationDefine(firstUnusedMemory []byte) {
	mem := firstUnusedMemory
	take := func(n int) []byte { b := mem[:n:n]; mem = mem[n:]; return b }

	d.check(rtos.ThreadCreate(&d.threads[0], "thread 0", d.thread0, 0, take(demoStackSize), 1, 1, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
	d.check(rtos.ThreadCreate(&d.threads[1], "thread 1", d.thread1, 1, take(demoStackSize), 16, 16, 4, nx.TX_AUTO_START))
	d.check(rtos.ThreadCreate(&d.threads[2], "thread 2", d.thread2, 2, take(demoStackSize), 16, 16, 4, nx.TX_AUTO_START))
	for i := 3; i <= 4; i++ {
		d.check(rtos.ThreadCreate(&d.threads[i], [...]string{3: "thread 3", 4: "thread 4"}[i], d.semaphoreThread, nx.ULONG(i), take(demoStackSize), 8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
	}
	d.check(rtos.ThreadCreate(&d.threads[5], "thread 5", d.thread5, 5, take(demoStackSize), 4, 4, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
	for i := 6; i <= 7; i++ {
		d.check(rtos.ThreadCreate(&d.threads[i], [...]string{6: "thread 6", 7: "thread 7"}[i], d.mutexThread, nx.ULONG(i), take(demoStackSize), 8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))
	}
	d.check(rtos.QueueCreate(&d.queue, "queue 0", nx.TX_1_ULONG, take(demoQueueSize*4)))
	d.check(rtos.SemaphoreCreate(&d.semaphore, "semaphore 0", 1))
	d.check(rtos.EventFlagsCreate(&d.flags, "event flags 0"))
	d.check(rtos.MutexCreate(&d.mutex, "mutex 0", nx.TX_NO_INHERIT))
	d.check(packetpool.PoolCreate(&d.pool, "packet pool 0", 256, take(8*320)))
}

// check remembers the first unexpected status, as the C demo's "break"
// out of its loops would.
func (d *Demo) check(st nx.Status) {
	if st != nx.TX_SUCCESS && d.UnexpectedError == nx.TX_SUCCESS {
		d.UnexpectedError = st
	}
}

// thread0 wakes every 10 ticks and sets event flag 0.
func (d *Demo) thread0(nx.ULONG) {
	for {
		d.Counter[0]++
		rtos.ThreadSleep(10)
		d.check(rtos.EventFlagsSet(&d.flags, 0x1, nx.TX_OR))
	}
}

// thread1 sends a counting message to the queue, waiting while it is full.
func (d *Demo) thread1(nx.ULONG) {
	for {
		d.Counter[1]++
		d.check(rtos.QueueSend(&d.queue, []nx.ULONG{d.MessagesSent}, nx.TX_WAIT_FOREVER))
		d.MessagesSent++
	}
}

// thread2 receives the messages and checks their order; it also trades a
// packet through the pool each round.
func (d *Demo) thread2(nx.ULONG) {
	msg := make([]nx.ULONG, 1)
	for {
		d.Counter[2]++
		d.check(rtos.QueueReceive(&d.queue, msg, nx.TX_WAIT_FOREVER))
		if msg[0] != d.MessagesRecv {
			d.check(nx.TX_QUEUE_ERROR)
		}
		d.MessagesRecv++
		var pkt *packetpool.Packet
		d.check(packetpool.Allocate(&d.pool, &pkt, nx.NX_UDP_PACKET, nx.NX_WAIT_FOREVER))
		d.check(packetpool.DataAppend(pkt, []byte("demo"), &d.pool, nx.NX_WAIT_FOREVER))
		d.check(packetpool.Release(pkt))
		d.PacketsTraded++
	}
}

// semaphoreThread (threads 3 and 4) takes the semaphore, sleeps 2 ticks
// holding it, and gives it back.
func (d *Demo) semaphoreThread(input nx.ULONG) {
	for {
		d.Counter[input]++
		d.check(rtos.SemaphoreGet(&d.semaphore, nx.TX_WAIT_FOREVER))
		rtos.ThreadSleep(2)
		d.check(rtos.SemaphorePut(&d.semaphore))
	}
}

// thread5 waits for event flag 0.
func (d *Demo) thread5(nx.ULONG) {
	var actual nx.ULONG
	for {
		d.Counter[5]++
		d.check(rtos.EventFlagsGet(&d.flags, 0x1, nx.TX_OR_CLEAR, &actual, nx.TX_WAIT_FOREVER))
	}
}

// mutexThread (threads 6 and 7) takes the mutex twice, sleeps 2 ticks
// holding it, and releases it twice.
func (d *Demo) mutexThread(input nx.ULONG) {
	for {
		d.Counter[input]++
		d.check(rtos.MutexGet(&d.mutex, nx.TX_WAIT_FOREVER))
		d.check(rtos.MutexGet(&d.mutex, nx.TX_WAIT_FOREVER))
		rtos.ThreadSleep(2)
		d.check(rtos.MutexPut(&d.mutex))
		d.check(rtos.MutexPut(&d.mutex))
	}
}
