package rtos

// The costed performance-information services of the pools, queues and
// event flags, in the units of cpu_threadx_ops.go (MCU cycles on the default
// Cortex-M4 profile, host nanoseconds on the ThreadX Linux port). They only
// answer TX_FEATURE_NOT_ENABLED, as the default C build does, at the figure
// of a notify registration.
var (
	opBytePoolPerformanceInfoGet         = txOp("tx_byte_pool_performance_info_get", 40, 100)
	opBytePoolPerformanceSystemInfoGet   = txOp("tx_byte_pool_performance_system_info_get", 40, 100)
	opBlockPoolPerformanceInfoGet        = txOp("tx_block_pool_performance_info_get", 40, 100)
	opBlockPoolPerformanceSystemInfoGet  = txOp("tx_block_pool_performance_system_info_get", 40, 100)
	opQueuePerformanceInfoGet            = txOp("tx_queue_performance_info_get", 40, 100)
	opQueuePerformanceSystemInfoGet      = txOp("tx_queue_performance_system_info_get", 40, 100)
	opEventFlagsPerformanceInfoGet       = txOp("tx_event_flags_performance_info_get", 40, 100)
	opEventFlagsPerformanceSystemInfoGet = txOp("tx_event_flags_performance_system_info_get", 40, 100)
)
