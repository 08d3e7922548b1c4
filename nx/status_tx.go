package nx

// ThreadX service return codes (tx_api.h), with their C values.
//
// TX_NO_MEMORY and TX_START_ERROR share 0x10 in C as well.
const (
	TX_SUCCESS             Status = 0x00
	TX_DELETED             Status = 0x01
	TX_POOL_ERROR          Status = 0x02
	TX_PTR_ERROR           Status = 0x03
	TX_WAIT_ERROR          Status = 0x04
	TX_SIZE_ERROR          Status = 0x05
	TX_GROUP_ERROR         Status = 0x06
	TX_NO_EVENTS           Status = 0x07
	TX_OPTION_ERROR        Status = 0x08
	TX_QUEUE_ERROR         Status = 0x09
	TX_QUEUE_EMPTY         Status = 0x0A
	TX_QUEUE_FULL          Status = 0x0B
	TX_SEMAPHORE_ERROR     Status = 0x0C
	TX_NO_INSTANCE         Status = 0x0D
	TX_THREAD_ERROR        Status = 0x0E
	TX_PRIORITY_ERROR      Status = 0x0F
	TX_NO_MEMORY           Status = 0x10
	TX_START_ERROR         Status = 0x10
	TX_DELETE_ERROR        Status = 0x11
	TX_RESUME_ERROR        Status = 0x12
	TX_CALLER_ERROR        Status = 0x13
	TX_SUSPEND_ERROR       Status = 0x14
	TX_TIMER_ERROR         Status = 0x15
	TX_TICK_ERROR          Status = 0x16
	TX_ACTIVATE_ERROR      Status = 0x17
	TX_THRESH_ERROR        Status = 0x18
	TX_SUSPEND_LIFTED      Status = 0x19
	TX_WAIT_ABORTED        Status = 0x1A
	TX_WAIT_ABORT_ERROR    Status = 0x1B
	TX_MUTEX_ERROR         Status = 0x1C
	TX_NOT_AVAILABLE       Status = 0x1D
	TX_NOT_OWNED           Status = 0x1E
	TX_INHERIT_ERROR       Status = 0x1F
	TX_NOT_DONE            Status = 0x20
	TX_CEILING_EXCEEDED    Status = 0x21
	TX_INVALID_CEILING     Status = 0x22
	TX_FEATURE_NOT_ENABLED Status = 0xFF
)
