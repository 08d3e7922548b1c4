package rtos

// The costed ThreadX services. MCU figures are cycles on the default
// Cortex-M4 profile, after the Cortex-M column of Keil's published RTX
// timings (RL-ARM User's Guide, "Timing Specifications"): create a task 403,
// task switch by yielding 192, set an event 89, send a semaphore 72, send a
// message 117, get the own task id 65; services RTX has no row for are given
// the figure of the nearest one. Host figures are nanoseconds on the ThreadX
// Linux port, where a service takes the port's internal mutex and masks
// signals: a few hundred nanoseconds, a thread creation a microsecond.

func txOp(name string, mcu, host uint64) *Op {
	return NewOp(name, map[string]Cost{FamilyMCU: {Cycles: mcu}, FamilyHost: {Cycles: host}})
}

var (
	opThreadCreate           = txOp("tx_thread_create", 403, 1000)
	opThreadDelete           = txOp("tx_thread_delete", 218, 400)
	opThreadSleep            = txOp("tx_thread_sleep", 150, 300)
	opThreadSuspend          = txOp("tx_thread_suspend", 150, 300)
	opThreadResume           = txOp("tx_thread_resume", 150, 300)
	opThreadTerminate        = txOp("tx_thread_terminate", 230, 400)
	opThreadRelinquish       = txOp("tx_thread_relinquish", 192, 300)
	opThreadIdentify         = txOp("tx_thread_identify", 65, 50)
	opThreadWaitAbort        = txOp("tx_thread_wait_abort", 150, 300)
	opThreadReset            = txOp("tx_thread_reset", 150, 300)
	opThreadEntryExitNotify  = txOp("tx_thread_entry_exit_notify", 40, 100)
	opThreadPriorityChange   = txOp("tx_thread_priority_change", 120, 300)
	opThreadPreemptionChange = txOp("tx_thread_preemption_change", 100, 300)
	opThreadTimeSliceChange  = txOp("tx_thread_time_slice_change", 60, 200)
	opThreadInfoGet          = txOp("tx_thread_info_get", 60, 200)

	opTimeGet = txOp("tx_time_get", 20, 50)
	opTimeSet = txOp("tx_time_set", 20, 50)

	opTimerCreate     = txOp("tx_timer_create", 150, 500)
	opTimerDelete     = txOp("tx_timer_delete", 150, 400)
	opTimerActivate   = txOp("tx_timer_activate", 80, 200)
	opTimerDeactivate = txOp("tx_timer_deactivate", 80, 200)
	opTimerChange     = txOp("tx_timer_change", 80, 200)
	opTimerInfoGet    = txOp("tx_timer_info_get", 60, 200)

	opMutexCreate     = txOp("tx_mutex_create", 150, 500)
	opMutexDelete     = txOp("tx_mutex_delete", 150, 400)
	opMutexGet        = txOp("tx_mutex_get", 90, 300)
	opMutexPut        = txOp("tx_mutex_put", 90, 300)
	opMutexPrioritize = txOp("tx_mutex_prioritize", 100, 300)
	opMutexInfoGet    = txOp("tx_mutex_info_get", 60, 200)

	opSemaphoreCreate     = txOp("tx_semaphore_create", 150, 500)
	opSemaphoreDelete     = txOp("tx_semaphore_delete", 150, 400)
	opSemaphoreGet        = txOp("tx_semaphore_get", 72, 300)
	opSemaphorePut        = txOp("tx_semaphore_put", 72, 300)
	opSemaphoreCeilingPut = txOp("tx_semaphore_ceiling_put", 80, 300)
	opSemaphorePrioritize = txOp("tx_semaphore_prioritize", 100, 300)
	opSemaphorePutNotify  = txOp("tx_semaphore_put_notify", 40, 100)
	opSemaphoreInfoGet    = txOp("tx_semaphore_info_get", 60, 200)

	opQueueCreate     = txOp("tx_queue_create", 150, 500)
	opQueueDelete     = txOp("tx_queue_delete", 150, 400)
	opQueueSend       = txOp("tx_queue_send", 117, 300)
	opQueueFrontSend  = txOp("tx_queue_front_send", 117, 300)
	opQueueReceive    = txOp("tx_queue_receive", 117, 300)
	opQueueFlush      = txOp("tx_queue_flush", 100, 300)
	opQueuePrioritize = txOp("tx_queue_prioritize", 100, 300)
	opQueueSendNotify = txOp("tx_queue_send_notify", 40, 100)
	opQueueInfoGet    = txOp("tx_queue_info_get", 60, 200)

	opEventFlagsCreate    = txOp("tx_event_flags_create", 150, 500)
	opEventFlagsDelete    = txOp("tx_event_flags_delete", 150, 400)
	opEventFlagsSet       = txOp("tx_event_flags_set", 89, 300)
	opEventFlagsGet       = txOp("tx_event_flags_get", 89, 300)
	opEventFlagsSetNotify = txOp("tx_event_flags_set_notify", 40, 100)
	opEventFlagsInfoGet   = txOp("tx_event_flags_info_get", 60, 200)

	opInterruptControl = txOp("tx_interrupt_control", 10, 50)

	// RTX has no byte pool; its nearest row is allocating a message box
	// (about 300 cycles with the first-fit search); a block pool is its
	// fixed-size memory pool (about 60).
	opBytePoolCreate      = txOp("tx_byte_pool_create", 150, 500)
	opBytePoolDelete      = txOp("tx_byte_pool_delete", 150, 400)
	opBytePoolInfoGet     = txOp("tx_byte_pool_info_get", 60, 200)
	opBytePoolPrioritize  = txOp("tx_byte_pool_prioritize", 100, 300)
	opByteAllocate        = txOp("tx_byte_allocate", 300, 500)
	opByteRelease         = txOp("tx_byte_release", 200, 400)
	opBlockPoolCreate     = txOp("tx_block_pool_create", 150, 500)
	opBlockPoolDelete     = txOp("tx_block_pool_delete", 150, 400)
	opBlockAllocate       = txOp("tx_block_allocate", 60, 200)
	opBlockRelease        = txOp("tx_block_release", 60, 200)
	opBlockPoolInfoGet    = txOp("tx_block_pool_info_get", 60, 200)
	opBlockPoolPrioritize = txOp("tx_block_pool_prioritize", 100, 300)
)
