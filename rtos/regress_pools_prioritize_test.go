package rtos

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
)

// waitedObject is what the byte pool, block pool and queue versions of
// ThreadX's prioritize tests differ in: how the object is made, emptied,
// waited on and reordered.
type waitedObject struct {
	create      func() nx.Status // in application_define
	empty       func()           // thread 0 takes all the memory (nothing for a queue)
	wait        func() nx.Status // a waiter's TX_WAIT_FOREVER request
	prioritize  func() nx.Status
	invalid     func() (nx.Status, nx.Status) // prioritize(nil), prioritize(not created)
	invalidCode nx.Status                     // TX_POOL_ERROR or TX_QUEUE_ERROR
	first       func() *Thread                // the head of the suspension list
	state       nx.UINT                       // TX_BYTE_MEMORY, TX_BLOCK_MEMORY or TX_QUEUE_SUSP
}

// runPrioritizeTest is the common part of the prioritize tests (and of the
// pools' information tests): six waiters (priorities 16, 15, 3, 4, 5, 6) suspend in that order;
// prioritize brings the most urgent to the front each time; an ISR aborts
// the wait of thread 3, then of thread 5, while thread 0 keeps prioritizing,
// and thread 4 ends at the front. then runs afterwards in thread 0 (the
// information test's checks). Adapted: C's ISR acts when the tick lands
// while tx_*_prioritize runs with preemption disabled; nxsim takes
// interrupts only between services, so the ISR acts at the ticks that come
// between prioritize calls (the calls' CPU time brings them).
func runPrioritizeTest(t *testing.T, p waitedObject, then func(c *cTest, thread4 *Thread)) {
	var thread0 Thread
	var waiters [6]Thread // threads 1 to 6
	priorities := [6]nx.UINT{16, 15, 3, 4, 5, 6}
	testStatus := 0
	runCTest(t, ticks(20), func(c *cTest) {
		isr := func() {
			if testStatus != 1 {
				return
			}
			if p.first() == &waiters[2] {
				ThreadWaitAbort(&waiters[2])
			} else {
				ThreadWaitAbort(&waiters[4])
				testStatus = 2
				c.isr = nil
			}
		}
		cThread(c, &thread0, "thread 0", 17, 100, nx.TX_AUTO_START, func() {
			p.empty()
			if errorChecking {
				nilPool, deleted := p.invalid()
				c.check(nilPool == p.invalidCode, 1)
				c.check(deleted == p.invalidCode, 1)
			}
			c.check(p.prioritize() == nx.TX_SUCCESS, 1)
			ThreadResume(&waiters[0])
			ThreadResume(&waiters[1])
			c.check(waiters[0].State() == p.state && waiters[1].State() == p.state && p.first() == &waiters[0], 1)
			c.check(p.prioritize() == nx.TX_SUCCESS && p.first() == &waiters[1], 1)
			c.check(p.prioritize() == nx.TX_SUCCESS && p.first() == &waiters[1], 1)
			for i := range waiters {
				ThreadResume(&waiters[i])
			}
			c.check(p.prioritize() == nx.TX_SUCCESS && p.first() == &waiters[2], 1)
			testStatus = 1
			c.isr = isr
			st := nx.TX_SUCCESS
			for testStatus == 1 {
				st = p.prioritize()
				c.check(st == nx.TX_SUCCESS, 1)
			}
			c.check(st == nx.TX_SUCCESS && p.first() == &waiters[3], 1)
			then(c, &waiters[3])
			c.pass(&waiters[0], &waiters[1], &waiters[3], &waiters[5])
		})
		for i := range waiters {
			cThread(c, &waiters[i], "waiter", priorities[i], 100, nx.TX_DONT_START, func() {
				for p.wait() == nx.TX_SUCCESS {
				}
			})
		}
		c.check(p.create() == nx.TX_SUCCESS, 1)
	})
}

// byteWaiters: a 100-byte pool emptied by one allocation of 80 bytes;
// waiters ask for 25.
func byteWaiters(pool *BytePool) waitedObject {
	return waitedObject{
		create:     func() nx.Status { return BytePoolCreate(pool, "byte_pool 0", make([]byte, 100)) },
		empty:      func() { var m []byte; ByteAllocate(pool, &m, 80, nx.TX_NO_WAIT) },
		wait:       func() nx.Status { var m []byte; return ByteAllocate(pool, &m, 25, nx.TX_WAIT_FOREVER) },
		prioritize: func() nx.Status { return BytePoolPrioritize(pool) },
		invalid: func() (nx.Status, nx.Status) {
			return BytePoolPrioritize(nil), BytePoolPrioritize(&BytePool{})
		},
		first:       func() (th *Thread) { BytePoolInfoGet(pool, nil, nil, nil, &th, nil, nil); return th },
		state:       nx.TX_BYTE_MEMORY,
		invalidCode: nx.TX_POOL_ERROR,
	}
}

// blockWaiters: a pool of one 30-byte block in 40 bytes.
func blockWaiters(pool *BlockPool) waitedObject {
	return waitedObject{
		create:     func() nx.Status { return BlockPoolCreate(pool, "block_pool 0", 30, make([]byte, 40)) },
		empty:      func() { var m []byte; BlockAllocate(pool, &m, nx.TX_NO_WAIT) },
		wait:       func() nx.Status { var m []byte; return BlockAllocate(pool, &m, nx.TX_WAIT_FOREVER) },
		prioritize: func() nx.Status { return BlockPoolPrioritize(pool) },
		invalid: func() (nx.Status, nx.Status) {
			return BlockPoolPrioritize(nil), BlockPoolPrioritize(&BlockPool{})
		},
		first:       func() (th *Thread) { BlockPoolInfoGet(pool, nil, nil, nil, &th, nil, nil); return th },
		state:       nx.TX_BLOCK_MEMORY,
		invalidCode: nx.TX_POOL_ERROR,
	}
}

// TestThreadXByteMemoryPrioritize ports threadx_byte_memory_prioritize_test.c.
func TestThreadXByteMemoryPrioritize(t *testing.T) {
	var pool BytePool
	runPrioritizeTest(t, byteWaiters(&pool), func(*cTest, *Thread) {})
}

// TestThreadXBlockMemoryPrioritize ports threadx_block_memory_prioritize_test.c.
func TestThreadXBlockMemoryPrioritize(t *testing.T) {
	var pool BlockPool
	runPrioritizeTest(t, blockWaiters(&pool), func(*cTest, *Thread) {})
}

// TestThreadXByteMemoryInformation ports
// threadx_byte_memory_information_test.c: the prioritize test, then
// tx_byte_pool_info_get (C compares with the control block's fields; here
// with the values they hold: nothing available, two fragments, four
// waiters, the pool its own next) and the performance services, which the
// default build answers with TX_FEATURE_NOT_ENABLED.
func TestThreadXByteMemoryInformation(t *testing.T) {
	var pool BytePool
	runPrioritizeTest(t, byteWaiters(&pool), func(c *cTest, thread4 *Thread) {
		if errorChecking {
			c.check(BytePoolInfoGet(nil, nil, nil, nil, nil, nil, nil) == nx.TX_POOL_ERROR, 1)
			c.check(BytePoolInfoGet(&BytePool{}, nil, nil, nil, nil, nil, nil) == nx.TX_POOL_ERROR, 1)
		}
		var name string
		var available, fragments, suspended nx.ULONG
		var first *Thread
		var next *BytePool
		st := BytePoolInfoGet(&pool, nil, nil, nil, nil, nil, nil)
		st += BytePoolInfoGet(&pool, &name, &available, &fragments, &first, &suspended, &next)
		c.check(st == nx.TX_SUCCESS && name == "byte_pool 0" && available == 0 && fragments == 2 &&
			first == thread4 && suspended == 4 && next == &pool, 1)
		var v nx.ULONG
		for i := 0; i <= 7; i++ {
			a := [7]*nx.ULONG{&v, &v, &v, &v, &v, &v, &v}
			for j := 0; j < i && j < 7; j++ {
				a[j] = nil
			}
			c.check(BytePoolPerformanceInfoGet(&pool, a[0], a[1], a[2], a[3], a[4], a[5], a[6]) == nx.TX_FEATURE_NOT_ENABLED, 1)
			c.check(BytePoolPerformanceInfoGet(nil, a[0], a[1], a[2], a[3], a[4], a[5], a[6]) == nx.TX_FEATURE_NOT_ENABLED, 1)
			c.check(BytePoolPerformanceSystemInfoGet(a[0], a[1], a[2], a[3], a[4], a[5], a[6]) == nx.TX_FEATURE_NOT_ENABLED, 1)
		}
	})
}

// TestThreadXBlockMemoryInformation ports
// threadx_block_memory_information_test.c, as the byte version: one block
// in all, none available, four waiters.
func TestThreadXBlockMemoryInformation(t *testing.T) {
	var pool BlockPool
	runPrioritizeTest(t, blockWaiters(&pool), func(c *cTest, thread4 *Thread) {
		if errorChecking {
			c.check(BlockPoolInfoGet(nil, nil, nil, nil, nil, nil, nil) == nx.TX_POOL_ERROR, 1)
			c.check(BlockPoolInfoGet(&BlockPool{}, nil, nil, nil, nil, nil, nil) == nx.TX_POOL_ERROR, 1)
		}
		var name string
		var available, total, suspended nx.ULONG
		var first *Thread
		var next *BlockPool
		st := BlockPoolInfoGet(&pool, nil, nil, nil, nil, nil, nil)
		st += BlockPoolInfoGet(&pool, &name, &available, &total, &first, &suspended, &next)
		c.check(st == nx.TX_SUCCESS && name == "block_pool 0" && available == 0 && total == 1 &&
			first == thread4 && suspended == 4 && next == &pool, 1)
		var v nx.ULONG
		for i := 0; i <= 4; i++ {
			a := [4]*nx.ULONG{&v, &v, &v, &v}
			for j := 0; j < i && j < 4; j++ {
				a[j] = nil
			}
			c.check(BlockPoolPerformanceInfoGet(&pool, a[0], a[1], a[2], a[3]) == nx.TX_FEATURE_NOT_ENABLED, 1)
			c.check(BlockPoolPerformanceInfoGet(nil, a[0], a[1], a[2], a[3]) == nx.TX_FEATURE_NOT_ENABLED, 1)
			c.check(BlockPoolPerformanceSystemInfoGet(a[0], a[1], a[2], a[3]) == nx.TX_FEATURE_NOT_ENABLED, 1)
		}
	})
}
