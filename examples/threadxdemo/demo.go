// Package threadxdemo is ThreadX's demonstration (demo_threadx.c, the
// sample_threadx.c of the ports) ported line by line: eight threads that
// sleep, pass messages through a queue, take turns on a semaphore and a
// mutex, and wait for event flags, with their stacks and queue carved from a
// byte pool and a block pool created and exercised once. The only edits are
// the mechanical ones: C's globals are the fields of Demo (one per device
// that runs it), C names are CamelCased (API.md), and pointer-and-size
// pairs are slices. There is no rtos.Busy: every service costs the device's
// CPU profile, so threads 1 and 2 stream messages as fast as that CPU allows
// while the clock moves, as on the board.
package threadxdemo

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

const (
	demoStackSize     = 1024
	demoBytePoolSize  = 9120
	demoBlockPoolSize = 100
	demoQueueSize     = 100
	sizeofULONG       = 4
)

// Demo holds what demo_threadx.c keeps in globals: the control blocks and
// the counters.
type Demo struct {
	thread0, thread1, thread2, thread3 rtos.Thread
	thread4, thread5, thread6, thread7 rtos.Thread
	queue0                             rtos.Queue
	semaphore0                         rtos.Semaphore
	mutex0                             rtos.Mutex
	eventFlags0                        rtos.EventFlagsGroup
	bytePool0                          rtos.BytePool
	blockPool0                         rtos.BlockPool

	// The demo's counters, named as in C.
	Thread0Counter           nx.ULONG
	Thread1Counter           nx.ULONG
	Thread1MessagesSent      nx.ULONG
	Thread2Counter           nx.ULONG
	Thread2MessagesReceived  nx.ULONG
	Thread3Counter           nx.ULONG
	Thread4Counter           nx.ULONG
	Thread5Counter           nx.ULONG
	Thread6Counter           nx.ULONG
	Thread7Counter           nx.ULONG
	ApplicationDefineFailure nx.Status // not in C: the first create that failed, for the tests
}

// ApplicationDefine is tx_application_define.
func (d *Demo) ApplicationDefine(firstUnusedMemory []byte) {
	var pointer []byte

	// Create a byte memory pool from which to allocate the thread stacks.
	d.must(rtos.BytePoolCreate(&d.bytePool0, "byte pool 0", firstUnusedMemory[:demoBytePoolSize]))

	// Put system definition stuff in here, e.g., thread creates and other
	// assorted create information.

	// Allocate the stack for thread 0.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	// Create the main thread.
	d.must(rtos.ThreadCreate(&d.thread0, "thread 0", d.thread0Entry, 0,
		pointer,
		1, 1, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))

	// Allocate the stack for thread 1.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	// Create threads 1 and 2. These threads pass information through a
	// ThreadX message queue. It is also interesting to note that these
	// threads have a time slice.
	d.must(rtos.ThreadCreate(&d.thread1, "thread 1", d.thread1Entry, 1,
		pointer,
		16, 16, 4, nx.TX_AUTO_START))

	// Allocate the stack for thread 2.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))
	d.must(rtos.ThreadCreate(&d.thread2, "thread 2", d.thread2Entry, 2,
		pointer,
		16, 16, 4, nx.TX_AUTO_START))

	// Allocate the stack for thread 3.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	// Create threads 3 and 4. These threads compete for a ThreadX counting
	// semaphore. An interesting thing here is that both threads share the
	// same instruction area.
	d.must(rtos.ThreadCreate(&d.thread3, "thread 3", d.thread3And4Entry, 3,
		pointer,
		8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))

	// Allocate the stack for thread 4.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	d.must(rtos.ThreadCreate(&d.thread4, "thread 4", d.thread3And4Entry, 4,
		pointer,
		8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))

	// Allocate the stack for thread 5.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	// Create thread 5. This thread simply pends on an event flag, which
	// will be set by thread_0.
	d.must(rtos.ThreadCreate(&d.thread5, "thread 5", d.thread5Entry, 5,
		pointer,
		4, 4, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))

	// Allocate the stack for thread 6.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	// Create threads 6 and 7. These threads compete for a ThreadX mutex.
	d.must(rtos.ThreadCreate(&d.thread6, "thread 6", d.thread6And7Entry, 6,
		pointer,
		8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))

	// Allocate the stack for thread 7.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoStackSize, nx.TX_NO_WAIT))

	d.must(rtos.ThreadCreate(&d.thread7, "thread 7", d.thread6And7Entry, 7,
		pointer,
		8, 8, nx.TX_NO_TIME_SLICE, nx.TX_AUTO_START))

	// Allocate the message queue.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoQueueSize*sizeofULONG, nx.TX_NO_WAIT))

	// Create the message queue shared by threads 1 and 2.
	d.must(rtos.QueueCreate(&d.queue0, "queue 0", nx.TX_1_ULONG, pointer))

	// Create the semaphore used by threads 3 and 4.
	d.must(rtos.SemaphoreCreate(&d.semaphore0, "semaphore 0", 1))

	// Create the event flags group used by threads 1 and 5.
	d.must(rtos.EventFlagsCreate(&d.eventFlags0, "event flags 0"))

	// Create the mutex used by thread 6 and 7 without priority inheritance.
	d.must(rtos.MutexCreate(&d.mutex0, "mutex 0", nx.TX_NO_INHERIT))

	// Allocate the memory for a small block pool.
	d.must(rtos.ByteAllocate(&d.bytePool0, &pointer, demoBlockPoolSize, nx.TX_NO_WAIT))

	// Create a block memory pool to allocate a message buffer from.
	d.must(rtos.BlockPoolCreate(&d.blockPool0, "block pool 0", sizeofULONG, pointer))

	// Allocate a block and release the block memory.
	d.must(rtos.BlockAllocate(&d.blockPool0, &pointer, nx.TX_NO_WAIT))

	// Release the block back to the pool.
	d.must(rtos.BlockRelease(pointer))
}

// must remembers the first status of tx_application_define that is not
// TX_SUCCESS (C ignores them; the tests check none failed).
func (d *Demo) must(status nx.Status) {
	if status != nx.TX_SUCCESS && d.ApplicationDefineFailure == nx.TX_SUCCESS {
		d.ApplicationDefineFailure = status
	}
}

// Define the test threads.

func (d *Demo) thread0Entry(threadInput nx.ULONG) {
	// This thread simply sits in while-forever-sleep loop.
	for {
		// Increment the thread counter.
		d.Thread0Counter++

		// Sleep for 10 ticks.
		rtos.ThreadSleep(10)

		// Set event flag 0 to wakeup thread 5.
		status := rtos.EventFlagsSet(&d.eventFlags0, 0x1, nx.TX_OR)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}
	}
}

func (d *Demo) thread1Entry(threadInput nx.ULONG) {
	// This thread simply sends messages to a queue shared by thread 2.
	for {
		// Increment the thread counter.
		d.Thread1Counter++

		// Send message to queue 0.
		status := rtos.QueueSend(&d.queue0, []nx.ULONG{d.Thread1MessagesSent}, nx.TX_WAIT_FOREVER)

		// Check completion status.
		if status != nx.TX_SUCCESS {
			break
		}

		// Increment the message sent.
		d.Thread1MessagesSent++
	}
}

func (d *Demo) thread2Entry(threadInput nx.ULONG) {
	receivedMessage := make([]nx.ULONG, 1)

	// This thread retrieves messages placed on the queue by thread 1.
	for {
		// Increment the thread counter.
		d.Thread2Counter++

		// Retrieve a message from the queue.
		status := rtos.QueueReceive(&d.queue0, receivedMessage, nx.TX_WAIT_FOREVER)

		// Check completion status and make sure the message is what we
		// expected.
		if status != nx.TX_SUCCESS || receivedMessage[0] != d.Thread2MessagesReceived {
			break
		}

		// Otherwise, all is okay. Increment the received message count.
		d.Thread2MessagesReceived++
	}
}

func (d *Demo) thread3And4Entry(threadInput nx.ULONG) {
	// This function is executed from thread 3 and thread 4. As the loop
	// below shows, these function compete for ownership of semaphore_0.
	for {
		// Increment the thread counter.
		if threadInput == 3 {
			d.Thread3Counter++
		} else {
			d.Thread4Counter++
		}

		// Get the semaphore with suspension.
		status := rtos.SemaphoreGet(&d.semaphore0, nx.TX_WAIT_FOREVER)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}

		// Sleep for 2 ticks to hold the semaphore.
		rtos.ThreadSleep(2)

		// Release the semaphore.
		status = rtos.SemaphorePut(&d.semaphore0)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}
	}
}

func (d *Demo) thread5Entry(threadInput nx.ULONG) {
	var actualFlags nx.ULONG

	// This thread simply waits for an event in a forever loop.
	for {
		// Increment the thread counter.
		d.Thread5Counter++

		// Wait for event flag 0.
		status := rtos.EventFlagsGet(&d.eventFlags0, 0x1, nx.TX_OR_CLEAR,
			&actualFlags, nx.TX_WAIT_FOREVER)

		// Check status.
		if status != nx.TX_SUCCESS || actualFlags != 0x1 {
			break
		}
	}
}

func (d *Demo) thread6And7Entry(threadInput nx.ULONG) {
	// This function is executed from thread 6 and thread 7. As the loop
	// below shows, these function compete for ownership of mutex_0.
	for {
		// Increment the thread counter.
		if threadInput == 6 {
			d.Thread6Counter++
		} else {
			d.Thread7Counter++
		}

		// Get the mutex with suspension.
		status := rtos.MutexGet(&d.mutex0, nx.TX_WAIT_FOREVER)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}

		// Get the mutex again with suspension. This shows that an owning
		// thread may retrieve the mutex it owns multiple times.
		status = rtos.MutexGet(&d.mutex0, nx.TX_WAIT_FOREVER)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}

		// Sleep for 2 ticks to hold the mutex.
		rtos.ThreadSleep(2)

		// Release the mutex.
		status = rtos.MutexPut(&d.mutex0)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}

		// Release the mutex again. This will actually release ownership
		// since it was obtained twice.
		status = rtos.MutexPut(&d.mutex0)

		// Check status.
		if status != nx.TX_SUCCESS {
			break
		}
	}
}
