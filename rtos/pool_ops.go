package rtos

// The costed pool services, in the units of cpu_threadx_ops.go (MCU cycles
// on the default Cortex-M4 profile, host nanoseconds on the ThreadX Linux
// port). RTX's timing table, the source of the other ThreadX figures, has no
// row for pools; these are estimates: a block allocate or release is a list
// pop or push like a semaphore get or put (72); a byte allocate searches
// and splits, put at twice a message send (234), its release at a message
// send (117); the rest take the figures of the same services of the other
// objects. The performance-information services only answer
// TX_FEATURE_NOT_ENABLED, at the figure of a notify registration.
var (
	opBytePoolCreate     = txOp("tx_byte_pool_create", 150, 500)
	opBytePoolDelete     = txOp("tx_byte_pool_delete", 150, 400)
	opByteAllocate       = txOp("tx_byte_allocate", 234, 500)
	opByteRelease        = txOp("tx_byte_release", 117, 300)
	opBytePoolPrioritize = txOp("tx_byte_pool_prioritize", 100, 300)
	opBytePoolInfoGet    = txOp("tx_byte_pool_info_get", 60, 200)

	opBlockPoolCreate     = txOp("tx_block_pool_create", 150, 500)
	opBlockPoolDelete     = txOp("tx_block_pool_delete", 150, 400)
	opBlockAllocate       = txOp("tx_block_allocate", 72, 300)
	opBlockRelease        = txOp("tx_block_release", 72, 300)
	opBlockPoolPrioritize = txOp("tx_block_pool_prioritize", 100, 300)
	opBlockPoolInfoGet    = txOp("tx_block_pool_info_get", 60, 200)

	opBytePoolPerformanceInfoGet         = txOp("tx_byte_pool_performance_info_get", 40, 100)
	opBytePoolPerformanceSystemInfoGet   = txOp("tx_byte_pool_performance_system_info_get", 40, 100)
	opBlockPoolPerformanceInfoGet        = txOp("tx_block_pool_performance_info_get", 40, 100)
	opBlockPoolPerformanceSystemInfoGet  = txOp("tx_block_pool_performance_system_info_get", 40, 100)
	opQueuePerformanceInfoGet            = txOp("tx_queue_performance_info_get", 40, 100)
	opQueuePerformanceSystemInfoGet      = txOp("tx_queue_performance_system_info_get", 40, 100)
	opEventFlagsPerformanceInfoGet       = txOp("tx_event_flags_performance_info_get", 40, 100)
	opEventFlagsPerformanceSystemInfoGet = txOp("tx_event_flags_performance_system_info_get", 40, 100)
)
