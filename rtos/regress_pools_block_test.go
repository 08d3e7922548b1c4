package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// fill writes b over a block, as the C tests' TX_MEMSET does: a block
// shorter than its block size would panic here.
func fill(block []byte, n int, b byte) {
	for i := range block[:n] {
		block[i] = b
	}
}

// TestThreadXBlockMemoryBasic ports threadx_block_memory_basic_test.c: three
// 100-byte blocks fit in 320 bytes (104 bytes each with the link), a fourth
// allocate is TX_NO_MEMORY, a pool of 50 bytes is TX_SIZE_ERROR, creating a
// pool does not write outside its memory, fake blocks are TX_PTR_ERROR, and
// the caller errors from a timer and an ISR. Adapted: the fake blocks are Go
// slices outside every pool (C builds them on the stack with a forged owner
// word), and the ISR runs once, at tick 1, instead of from every tick.
func TestThreadXBlockMemoryBasic(t *testing.T) {
	var thread0, thread1 Thread
	var pool0, pool1, pool2, pool3 BlockPool
	var timer0 Timer
	errors, timerExecuted, isrExecuted := 0, 0, 0
	timerEntry := func(nx.ULONG) {
		var p []byte
		if BlockPoolCreate(&pool3, "pool 3", 100, make([]byte, 320)) != nx.TX_CALLER_ERROR {
			errors++
		}
		if BlockAllocate(&pool0, &p, 100) != nx.TX_WAIT_ERROR {
			errors++
		}
		if BlockPoolDelete(&pool0) != nx.TX_CALLER_ERROR {
			errors++
		}
		timerExecuted = 1
	}
	isr := func() {
		if !errorChecking { // the C ISR is empty without the txe_ layer
			return
		}
		var p []byte
		if BlockAllocate(&pool0, &p, 100) != nx.TX_WAIT_ERROR {
			errors++
		}
		if BlockPoolCreate(&pool3, "pool 3", 100, make([]byte, 320)) != nx.TX_CALLER_ERROR {
			errors++
		}
		if BlockPoolDelete(&pool0) != nx.TX_CALLER_ERROR {
			errors++
		}
		isrExecuted = 1
	}
	runCTest(t, ticks(100), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			// The memory around a pool is untouched by its creation.
			area := make([]byte, 8+2048+8)
			for i := range area {
				area[i] = 0xA5
			}
			st := BlockPoolCreate(&pool2, "pool memory", 16, area[8:8+2048])
			BlockPoolDelete(&pool2)
			c.check(st == nx.TX_SUCCESS && area[7] == 0xA5 && area[8+2048] == 0xA5, 1)

			if errorChecking {
				fake := make([]byte, 20)
				c.check(BlockRelease(fake[8:]) == nx.TX_PTR_ERROR, 1)
				c.check(BlockRelease(fake) == nx.TX_PTR_ERROR, 1)
			}
			threeBlocksTwice(c, &pool0)
			if errorChecking {
				c.sleepThroughTimerAndISR(&timer0, timerEntry, isr, &thread1)
				c.check(errors == 0 && timerExecuted == 1 && isrExecuted == 1, 1)
			}
			c.check(BlockPoolDelete(&pool0) == nx.TX_SUCCESS, 1)
			c.check(BlockPoolDelete(&pool1) == nx.TX_SUCCESS && errors == 0, 1)
			c.pass(&thread1)
		})
		cThread(c, &thread1, "thread 1", 18, 100, nx.TX_DONT_START, relinquishForever)
		c.check(BlockPoolCreate(&pool0, "pool 0", 100, make([]byte, 320)) == nx.TX_SUCCESS, 1)
		c.check(BlockPoolCreate(&pool1, "pool 1", 100, make([]byte, 320)) == nx.TX_SUCCESS, 1)
		// The C test calls the core _tx_block_pool_create here, which
		// reports the size error itself.
		c.check(BlockPoolCreate(&pool2, "pool 2", 100, make([]byte, 50)) == nx.TX_SIZE_ERROR, 1)
	})
}

// TestThreadXBlockMemorySuspension ports
// threadx_block_memory_suspension_test.c: threads waiting for a block get
// released blocks in FIFO order.
func TestThreadXBlockMemorySuspension(t *testing.T) {
	var thread0, thread1, thread2 Thread
	var pool0 BlockPool
	thread1Counter, thread2Counter := 0, 0
	worker := func(counter *int) func() {
		return func() {
			for {
				var p []byte
				if BlockAllocate(&pool0, &p, nx.TX_WAIT_FOREVER) != nx.TX_SUCCESS {
					return
				}
				fill(p, 100, 0xEF)
				*counter++
				BlockRelease(p)
				ThreadRelinquish()
			}
		}
	}
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var p1, p2, p3 []byte
			c.check(BlockAllocate(&pool0, &p1, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			c.check(BlockAllocate(&pool0, &p2, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			c.check(BlockAllocate(&pool0, &p3, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			ThreadRelinquish()
			c.check(BlockRelease(p3) == nx.TX_SUCCESS && thread1Counter == 0, 1)
			ThreadRelinquish()
			c.check(thread1Counter == 1, 1)
			c.check(BlockAllocate(&pool0, &p3, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
			ThreadResume(&thread2)
			ThreadRelinquish()
			c.check(BlockRelease(p3) == nx.TX_SUCCESS && thread1Counter == 1 && thread2Counter == 0, 1)
			ThreadRelinquish()
			ThreadRelinquish()
			c.check(thread1Counter == 3 && thread2Counter == 1, 1)
			c.pass(&thread1, &thread2)
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, worker(&thread1Counter))
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_DONT_START, worker(&thread2Counter))
		c.check(BlockPoolCreate(&pool0, "pool 0", 100, make([]byte, 320)) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXBlockMemorySuspensionTimeout ports
// threadx_block_memory_suspension_timeout_test.c: waits of 10 ticks on an
// empty pool end with TX_NO_MEMORY at their timeouts.
func TestThreadXBlockMemorySuspensionTimeout(t *testing.T) {
	var thread0, thread1, thread2 Thread
	var pool0 BlockPool
	thread1Counter, thread2Counter := 0, 0
	waiter := func(counter *int) {
		for {
			var p []byte
			if BlockAllocate(&pool0, &p, 10) != nx.TX_NO_MEMORY {
				return
			}
			*counter++
		}
	}
	runCTest(t, ticks(70), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var p1, p2, p3 []byte
			st := BlockAllocate(&pool0, &p1, nx.TX_NO_WAIT) + BlockAllocate(&pool0, &p2, nx.TX_NO_WAIT) +
				BlockAllocate(&pool0, &p3, nx.TX_NO_WAIT)
			c.check(st == nx.TX_SUCCESS, 1)
			ThreadSleep(64)
			c.check(thread1Counter == 6 && thread2Counter == 3, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, func() { waiter(&thread1Counter) })
		cThread(c, &thread2, "thread 2", 17, 100, nx.TX_AUTO_START, func() { ThreadSleep(32); waiter(&thread2Counter) })
		c.check(BlockPoolCreate(&pool0, "pool 0", 100, make([]byte, 320)) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXBlockMemoryThreadTerminate ports
// threadx_block_memory_thread_terminate_test.c: a thread terminated while it
// waits for a block leaves the suspension list, and later releases do not
// resume it.
func TestThreadXBlockMemoryThreadTerminate(t *testing.T) {
	var thread0, thread1 Thread
	var pool0 BlockPool
	thread1Counter := 0
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			var p1, p2, p3 []byte
			st := BlockAllocate(&pool0, &p1, nx.TX_NO_WAIT) + BlockAllocate(&pool0, &p2, nx.TX_NO_WAIT) +
				BlockAllocate(&pool0, &p3, nx.TX_NO_WAIT)
			c.check(st == nx.TX_SUCCESS, 1)
			ThreadRelinquish()
			st = ThreadTerminate(&thread1)
			c.check(st == nx.TX_SUCCESS && thread1.State() == nx.TX_TERMINATED && thread1Counter == 0, 1)
			st = BlockRelease(p1) + BlockRelease(p2) + BlockRelease(p3)
			c.check(st == nx.TX_SUCCESS && thread1.State() == nx.TX_TERMINATED && thread1Counter == 0, 1)
			c.pass()
		})
		cThread(c, &thread1, "thread 1", 17, 100, nx.TX_AUTO_START, func() {
			for {
				var p []byte
				if BlockAllocate(&pool0, &p, 10) != nx.TX_NO_MEMORY {
					return
				}
				thread1Counter++
			}
		})
		c.check(BlockPoolCreate(&pool0, "pool 0", 100, make([]byte, 320)) == nx.TX_SUCCESS, 1)
	})
}

// TestThreadXBlockMemoryErrorDetection ports
// threadx_block_memory_error_detection_test.c: the txe_ codes of create,
// allocate, release and delete, three blocks of 100 in 320 bytes twice over,
// and TX_POOL_ERROR for deleting a deleted pool. The _txe_ call with a wrong
// control block size has no Go counterpart.
func TestThreadXBlockMemoryErrorDetection(t *testing.T) {
	if !errorChecking {
		t.Skip("the C test checks txe_ codes only")
	}
	var thread0 Thread
	var pool0, pool1, pool2 BlockPool
	memory := make([]byte, 320)
	runCTest(t, ticks(10), func(c *cTest) {
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			BlockPoolCreate(&pool1, "pool 1", 100, make([]byte, 320))
			c.check(BlockAllocate(&pool0, nil, nx.TX_NO_WAIT) == nx.TX_PTR_ERROR, 1)
			c.check(BlockAllocate(nil, nil, nx.TX_NO_WAIT) == nx.TX_POOL_ERROR, 1)
			c.check(BlockAllocate(&pool2, nil, nx.TX_NO_WAIT) == nx.TX_POOL_ERROR, 1)
			c.check(BlockRelease(nil) == nx.TX_PTR_ERROR, 1)
			threeBlocksTwice(c, &pool0)
			c.check(BlockPoolDelete(&pool0) == nx.TX_SUCCESS, 1)
			c.check(BlockPoolDelete(&pool1) == nx.TX_SUCCESS, 1)
			c.check(BlockPoolDelete(&pool1) == nx.TX_POOL_ERROR, 1)
			c.pass()
		})
		c.check(BlockPoolCreate(&pool0, "pool 0", 100, memory) == nx.TX_SUCCESS, 1)
		c.check(BlockPoolCreate(&pool0, "pool 0", 100, memory) == nx.TX_POOL_ERROR, 1)
		c.check(BlockPoolCreate(nil, "pool 0", 100, memory) == nx.TX_POOL_ERROR, 1)
		c.check(BlockPoolCreate(&pool1, "pool 0", 100, nil) == nx.TX_PTR_ERROR, 1)
		c.check(BlockPoolCreate(&pool1, "pool 0", 100, memory[:100]) == nx.TX_SIZE_ERROR, 1)
		c.check(BlockAllocate(&pool0, nil, nx.TX_NO_WAIT) == nx.TX_PTR_ERROR, 1)
		c.check(BlockPoolDelete(nil) == nx.TX_POOL_ERROR, 1)
	})
}

// threeBlocksTwice is the sequence of the basic and error-detection tests:
// the three 100-byte blocks of a 320-byte pool allocated and filled, a
// fourth refused, all released, and the three allocated again.
func threeBlocksTwice(c *cTest, pool *BlockPool) {
	var p1, p2, p3, p4 []byte
	for round := 0; round < 2; round++ {
		c.check(BlockAllocate(pool, &p1, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		fill(p1, 100, 0xEF)
		c.check(BlockAllocate(pool, &p2, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		fill(p2, 100, 0xEF)
		c.check(BlockAllocate(pool, &p3, nx.TX_NO_WAIT) == nx.TX_SUCCESS, 1)
		fill(p3, 100, 0xEF)
		c.check(BlockAllocate(pool, &p4, nx.TX_NO_WAIT) == nx.TX_NO_MEMORY, 1)
		if round == 0 {
			fill(p1, 100, 0xFF)
			fill(p2, 100, 0xFF)
			fill(p3, 100, 0xFF)
			c.check(BlockRelease(p1) == nx.TX_SUCCESS, 1)
			c.check(BlockRelease(p2) == nx.TX_SUCCESS, 1)
			c.check(BlockRelease(p3) == nx.TX_SUCCESS, 1)
		}
	}
}
