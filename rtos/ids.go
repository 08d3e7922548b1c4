package rtos

// Control-block ids (tx_api.h): a control block whose id is not its type's is
// "not created" to the txe_ layer, and delete clears it.
const (
	threadID     = 0x54485244
	timerID      = 0x4154494D
	mutexID      = 0x4D555445
	semaphoreID  = 0x53454D41
	queueID      = 0x51554555
	eventFlagsID = 0x4456444E
)
