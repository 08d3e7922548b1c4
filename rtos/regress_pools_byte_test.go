package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// TestThreadXByteMemoryBasic ports threadx_byte_memory_basic_test.c: the
// 32-bit layout (three 24-byte blocks fit in 108 bytes, then one of 88
// after they merge), fragmentation across allocate/release, TX_PTR_ERROR for
// foreign and released pointers, the txe_ codes, and the caller errors from
// a timer and an ISR. Adapted: the C test moves the pool's search pointer
// and fragment count by hand between some steps (internals nxsim does not
// expose): those pokes are left out, so the allocations after them search
// from where ThreadX itself left the pointer, with the same results except
// the last, which only the forged fragment count makes fail (left out). The
// _txe_ call with a wrong control block size has no Go counterpart. The ISR
// runs once, at tick 1, instead of from every tick.
func TestThreadXByteMemoryBasic(t *testing.T) {
	var thread0 Thread
	var pool0, pool1, pool2, pool3, pool4 BytePool
	var timer0 Timer
	pool4Memory := make([]byte, 300)
	foreign := make([]byte, 16)
	errors, timerExecuted, isrExecuted := 0, 0, 0
	expect := func(got, want nx.Status) {
		if got != want {
			errors++
		}
	}
	timerEntry := func(nx.ULONG) {
		var p []byte
		expect(BytePoolCreate(&pool2, "pool 2", make([]byte, 108)), nx.TX_CALLER_ERROR)
		expect(ByteAllocate(&pool0, &p, 24, nx.TX_NO_WAIT), nx.TX_CALLER_ERROR)
		expect(BytePoolDelete(&pool0), nx.TX_CALLER_ERROR)
		expect(ByteRelease(foreign), nx.TX_CALLER_ERROR)
		timerExecuted = 1
	}
	isr := func() {
		if !errorChecking { // the C ISR is empty without the txe_ layer
			return
		}
		var p []byte
		expect(ByteAllocate(&pool0, &p, 24, 100), nx.TX_WAIT_ERROR)
		expect(ByteAllocate(&pool0, &p, 24, nx.TX_NO_WAIT), nx.TX_CALLER_ERROR)
		expect(BytePoolCreate(&pool2, "pool 0", make([]byte, 108)), nx.TX_CALLER_ERROR)
		expect(BytePoolDelete(&pool0), nx.TX_CALLER_ERROR)
		expect(ByteRelease(foreign), nx.TX_CALLER_ERROR)
		isrExecuted = 1
	}
	runCTest(t, ticks(100), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			byteBasicThread0(c, &pool0, &pool1, &pool3, &pool4, pool4Memory, foreign)
			if errorChecking {
				c.sleepThroughTimerAndISR(&timer0, timerEntry, isr, nil)
				c.check(errors == 0 && timerExecuted == 1 && isrExecuted == 1, 1)
			}
			byteBasicRecreate(c, &pool0, &pool1, &pool4, pool4Memory)
			c.pass()
		})
		c.check(BytePoolCreate(&pool0, "pool 0", make([]byte, 108)) == nx.TX_SUCCESS, 1)
		c.check(BytePoolCreate(&pool1, "pool 1", make([]byte, 200)) == nx.TX_SUCCESS, 1)
		c.check(BytePoolCreate(&pool4, "pool 4", pool4Memory) == nx.TX_SUCCESS, 1)
		var b0, b1, b2, b3, b4 []byte
		st := ByteAllocate(&pool4, &b0, 80, nx.TX_NO_WAIT)
		fill(b0, 80, 0)
		st += ByteAllocate(&pool4, &b1, 80, nx.TX_NO_WAIT)
		fill(b1, 80, 0)
		st += ByteAllocate(&pool4, &b2, 80, nx.TX_NO_WAIT)
		fill(b2, 80, 0)
		st += ByteRelease(b0) + ByteRelease(b1)
		st += ByteAllocate(&pool4, &b3, 120, nx.TX_NO_WAIT)
		fill(b3, 120, 0)
		st += ByteAllocate(&pool4, &b4, 40, nx.TX_NO_WAIT)
		c.check(st == nx.TX_SUCCESS, 1)
	})
}

// byteBasicThread0 is the first part of the basic test's thread 0.
func byteBasicThread0(c *cTest, pool0, pool1, pool3, pool4 *BytePool, pool4Memory, foreign []byte) {
	// Creating a pool writes nothing outside its memory.
	area := make([]byte, 8+2048+8)
	for i := range area {
		area[i] = 0xA5
	}
	st := BytePoolCreate(pool3, "pool memory", area[8:8+2048])
	BytePoolDelete(pool3)
	c.check(st == nx.TX_SUCCESS && area[7] == 0xA5 && area[8+2048] == 0xA5, 1)

	var p1, p2, p3, p4 []byte
	if errorChecking {
		var pool2 BytePool
		c.check(BytePoolCreate(nil, "pool 0", foreign) == nx.TX_POOL_ERROR, 1)
		c.check(BytePoolCreate(pool0, "pool 0", make([]byte, 108)) == nx.TX_POOL_ERROR, 1)
		c.check(BytePoolCreate(&pool2, "pool 2", nil) == nx.TX_PTR_ERROR, 1)
		c.check(BytePoolCreate(&pool2, "pool 2", make([]byte, 1)) == nx.TX_SIZE_ERROR, 1)
		c.check(BytePoolDelete(nil) == nx.TX_POOL_ERROR, 1)
		c.check(BytePoolDelete(&pool2) == nx.TX_POOL_ERROR, 1)
		c.check(ByteAllocate(nil, &p1, 24, nx.TX_NO_WAIT) == nx.TX_POOL_ERROR, 1)
		c.check(ByteAllocate(&pool2, &p1, 24, nx.TX_NO_WAIT) == nx.TX_POOL_ERROR, 1)
		c.check(ByteAllocate(pool0, nil, 24, nx.TX_NO_WAIT) == nx.TX_PTR_ERROR, 1)
		c.check(ByteAllocate(pool0, &p1, 240000, nx.TX_NO_WAIT) == nx.TX_SIZE_ERROR, 1)
		c.check(ByteAllocate(pool0, &p1, 0, nx.TX_NO_WAIT) == nx.TX_SIZE_ERROR, 1)
	}
	c.check(ByteRelease(nil) == nx.TX_PTR_ERROR, 1)

	threeOf24 := func() {
		c.check(ByteAllocate(pool0, &p1, 24, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		c.check(ByteAllocate(pool0, &p2, 24, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		c.check(ByteAllocate(pool0, &p3, 24, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
	}
	threeOf24()
	c.check(ByteAllocate(pool0, &p4, 24, nx.TX_NO_WAIT) == nx.TX_NO_MEMORY, 1)
	fill(p1, 24, 0xFF)
	fill(p2, 24, 0xFF)
	fill(p3, 24, 0xFF)
	// Not blocks: memory of no pool, with or without a forged header.
	c.check(ByteRelease(foreign[8:]) == nx.TX_PTR_ERROR, 1)
	putWord(foreign, 4, bytePoolID)
	c.check(ByteRelease(foreign[8:]) == nx.TX_PTR_ERROR, 1)
	c.check(ByteRelease(p1) == nx.TX_SUCCESS, 1)
	c.check(ByteRelease(p1) == nx.TX_PTR_ERROR, 1)
	c.check(ByteRelease(p2) == nx.TX_SUCCESS, 1)
	c.check(ByteRelease(p3) == nx.TX_SUCCESS, 1)

	threeOf24()
	c.check(ByteAllocate(pool0, &p4, 24, nx.TX_NO_WAIT) == nx.TX_NO_MEMORY, 1)
	c.check(ByteRelease(p1) == nx.TX_SUCCESS, 1)
	c.check(ByteRelease(p2) == nx.TX_SUCCESS, 1)
	c.check(ByteRelease(p3) == nx.TX_SUCCESS, 1)
	// The three free blocks merge for one of 88 bytes.
	c.check(ByteAllocate(pool0, &p3, 88, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
	c.check(ByteAllocate(pool0, &p4, 24, nx.TX_NO_WAIT) == nx.TX_NO_MEMORY, 1)
	c.check(ByteRelease(p3) == nx.TX_SUCCESS, 1)

	threeOf24()
	c.check(ByteRelease(p2) == nx.TX_SUCCESS, 1)
	c.check(ByteAllocate(pool0, &p2, 24, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
	st = ByteRelease(p3) + ByteRelease(p2) + ByteRelease(p1)
	c.check(ByteAllocate(pool0, &p3, 88, nx.TX_NO_WAIT) == nx.TX_SUCCESS && st == nx.TX_SUCCESS, 1)
}

// byteBasicRecreate is the last part of the basic test's thread 0: pools
// deleted, one created again on the same memory, and a block of 168 bytes
// found across released neighbours.
func byteBasicRecreate(c *cTest, pool0, pool1, pool4 *BytePool, pool4Memory []byte) {
	c.check(BytePoolDelete(pool0) == nx.TX_SUCCESS, 1)
	c.check(BytePoolDelete(pool1) == nx.TX_SUCCESS, 1)
	c.check(BytePoolDelete(pool4) == nx.TX_SUCCESS, 1)
	c.check(BytePoolCreate(pool4, "pool 4", pool4Memory) == nx.TX_SUCCESS, 1)
	var p1, p2, p3 []byte
	st := ByteAllocate(pool4, &p1, 84, nx.TX_NO_WAIT) + ByteAllocate(pool4, &p2, 84, nx.TX_NO_WAIT) +
		ByteAllocate(pool4, &p3, 84, nx.TX_NO_WAIT)
	c.check(st == nx.TX_SUCCESS, 1)
	st = ByteRelease(p3) + ByteRelease(p2) + ByteRelease(p1)
	c.check(st == nx.TX_SUCCESS, 1)
	c.check(ByteAllocate(pool4, &p1, 168, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
	ByteRelease(p1)
	st = ByteAllocate(pool4, &p1, 84, nx.TX_NO_WAIT) + ByteAllocate(pool4, &p2, 84, nx.TX_NO_WAIT) +
		ByteAllocate(pool4, &p3, 84, nx.TX_NO_WAIT)
	st += ByteRelease(p1) + ByteRelease(p2) + ByteRelease(p3)
	c.check(st == nx.TX_SUCCESS, 1)
}

// TestThreadXByteMemorySuspension ports
// threadx_byte_memory_suspension_test.c: threads waiting for 60 bytes of a
// 108-byte pool get them in FIFO order as they are released. (The
// TX_MANUAL_TEST parts are not built by the C suite either.)
func TestThreadXByteMemorySuspension(t *testing.T) {
	var thread0, thread1, thread2, thread3 Thread
	var pool0 BytePool
	thread1Counter, thread2Counter, thread3Counter := 0, 0, 0
	worker := func(counter *int) func() {
		return func() {
			for {
				var p []byte
				if ByteAllocate(&pool0, &p, 60, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
					return
				}
				*counter++
				if ByteRelease(p) != nx.TX_SUCCESS {
					return
				}
				ThreadRelinquish()
			}
		}
	}
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var p []byte
			c.check(ByteAllocate(&pool0, &p, 60, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			ThreadRelinquish()
			c.check(ByteRelease(p) == nx.TX_SUCCESS || thread1Counter != 0, 1)
			ThreadRelinquish()
			c.check(thread1Counter == 1, 1)
			c.check(ByteAllocate(&pool0, &p, 60, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			ThreadResume(&thread2)
			ThreadRelinquish()
			c.check(ByteRelease(p) == nx.TX_SUCCESS, 1)
			ThreadRelinquish()
			ThreadRelinquish()
			c.check(thread1Counter == 3 || thread2Counter == 1, 1)
			c.check(ByteAllocate(&pool0, &p, 60, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			ThreadResume(&thread3)
			c.pass(&thread1, &thread2, &thread3)
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, worker(&thread1Counter))
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_DONT_START, worker(&thread2Counter))
		cThread(c, &thread3, "thread 3", 16, 100, nx.TX_DONT_START, func() {
			for {
				var p []byte
				if ByteAllocate(&pool0, &p, 60, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
					return
				}
				thread3Counter++
				if ByteRelease(p) != nx.TX_SUCCESS {
					return
				}
				ThreadSuspend(&thread3)
			}
		})
		c.check(BytePoolCreate(&pool0, "pool 0", make([]byte, 108)) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXByteMemorySuspensionTimeout ports
// threadx_byte_memory_suspension_timeout_test.c: waits of 10 ticks for
// memory that never comes end with TX_NO_MEMORY at their timeouts.
func TestThreadXByteMemorySuspensionTimeout(t *testing.T) {
	var thread0, thread1, thread2 Thread
	var pool0 BytePool
	thread1Counter, thread2Counter := 0, 0
	waiter := func(counter *int) {
		for {
			var p []byte
			if ByteAllocate(&pool0, &p, 60, 10) != nx.TX_NO_MEMORY {
				return
			}
			*counter++
		}
	}
	runCTest(t, ticks(70), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var p []byte
			c.check(ByteAllocate(&pool0, &p, 60, nx.TX_NO_WAIT) == nx.TX_SUCCESS && thread1Counter == 0, 1)
			ThreadSleep(64)
			c.check(thread1Counter == 6 && thread2Counter == 3, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, func() { waiter(&thread1Counter) })
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_AUTO_START, func() { ThreadSleep(32); waiter(&thread2Counter) })
		c.check(BytePoolCreate(&pool0, "pool 0", make([]byte, 108)) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXByteMemoryThreadTerminate ports
// threadx_byte_memory_thread_terminate_test.c: a thread terminated while it
// waits for memory leaves the suspension list.
func TestThreadXByteMemoryThreadTerminate(t *testing.T) {
	var thread0, thread1 Thread
	var pool0 BytePool
	thread1Counter := 0
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var p []byte
			c.check(ByteAllocate(&pool0, &p, 60, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			ThreadRelinquish()
			c.check(ThreadTerminate(&thread1) == nx.TX_SUCCESS, 1)
			c.check(ByteRelease(p) == nx.TX_SUCCESS, 1)
			c.check(ByteAllocate(&pool0, &p, 60, nx.TX_NO_WAIT) == nx.TX_SUCCESS && thread1Counter == 0, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, func() {
			for {
				var p []byte
				if ByteAllocate(&pool0, &p, 60, nx.TX_WAIT_FOREVER) != nx.TX_NO_MEMORY {
					return
				}
				thread1Counter++
			}
		})
		c.check(BytePoolCreate(&pool0, "pool 0", make([]byte, 108)) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXByteMemoryThreadContention ports
// threadx_byte_memory_thread_contention_test.c: three time-sliced threads
// (slice 1) allocate and release 60, 30 and 12 bytes of a 108-byte pool
// until tick 128; afterwards every byte is available again. The loops take
// the CPU time of their service calls on the host profile.
func TestThreadXByteMemoryThreadContention(t *testing.T) {
	var thread0, thread1, thread2 Thread
	var pool0 BytePool
	var initial nx.ULONG
	testDone := false
	counters := [3]int{}
	loop := func(n int, size nx.ULONG) {
		for !testDone {
			var p []byte
			if ByteAllocate(&pool0, &p, size, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
				return
			}
			fill(p, int(size), 0xEF)
			if ByteRelease(p) != nx.TX_SUCCESS {
				return
			}
			counters[n]++
		}
	}
	runCTest(t, ticks(200), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 1, nx.TX_AUTO_START, func() {
			TimeSet(0)
			for {
				var p []byte
				c.check(ByteAllocate(&pool0, &p, 60, nx.TX_WAIT_FOREVER) == nx.TX_SUCCESS, 1)
				fill(p, 60, 0xEF)
				c.check(ByteRelease(p) == nx.TX_SUCCESS, 1)
				if TimeGet() > 128 {
					break
				}
				counters[0]++
			}
			testDone = true
			ThreadSleep(2)
			var available nx.ULONG
			BytePoolInfoGet(&pool0, nil, &available, nil, nil, nil, nil)
			c.check(available == initial, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 17, 1, nx.TX_AUTO_START, func() { loop(1, 30) })
		cThread(c, &thread2, "thread 2", 17, 1, nx.TX_AUTO_START, func() { loop(2, 12) })
		c.check(BytePoolCreate(&pool0, "pool 0", make([]byte, 108)) == nx.TX_SUCCESS, 1)
		BytePoolInfoGet(&pool0, nil, &initial, nil, nil, nil, nil)
	})
}
