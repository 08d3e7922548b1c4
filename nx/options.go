package nx

// Wait options, in ticks, for every service that may suspend (tx_api.h,
// nx_api.h). Any other value is a timeout in ticks of the calling device's
// kernel.
const (
	TX_NO_WAIT      = 0
	TX_WAIT_FOREVER = 0xFFFFFFFF
	NX_NO_WAIT      = 0
	NX_WAIT_FOREVER = 0xFFFFFFFF
)

// Boolean values of the C API.
const (
	TX_FALSE = 0
	TX_TRUE  = 1
	NX_FALSE = 0
	NX_TRUE  = 1
)

// Options of tx_thread_create, tx_timer_create and tx_mutex_create.
const (
	TX_DONT_START    = 0
	TX_AUTO_START    = 1
	TX_NO_ACTIVATE   = 0
	TX_AUTO_ACTIVATE = 1
	TX_NO_TIME_SLICE = 0
	TX_NO_INHERIT    = 0
	TX_INHERIT       = 1
)

// Interrupt postures of tx_interrupt_control, as the ThreadX ports for
// Cortex-M and Linux define them (tx_port.h).
const (
	TX_INT_ENABLE  = 0
	TX_INT_DISABLE = 1
)

// Event flag options: bit 1 selects AND, bit 0 clears the requested flags on
// a successful get.
const (
	TX_OR        = 0
	TX_OR_CLEAR  = 1
	TX_AND       = 2
	TX_AND_CLEAR = 3
)

// Queue message sizes, in 32-bit words.
const (
	TX_1_ULONG  = 1
	TX_2_ULONG  = 2
	TX_4_ULONG  = 4
	TX_8_ULONG  = 8
	TX_16_ULONG = 16
)

// Build-time constants of the default ThreadX and NetX Duo configuration.
const (
	// TX_TIMER_TICKS_PER_SECOND is the default tick rate of a kernel.
	TX_TIMER_TICKS_PER_SECOND = 100
	// TX_MAX_PRIORITIES is the number of thread priorities: 0 (most urgent)
	// to 31.
	TX_MAX_PRIORITIES = 32
	// TX_MINIMUM_STACK is the smallest stack tx_thread_create accepts (the
	// Linux port's value).
	TX_MINIMUM_STACK = 200
	// TX_TIMER_THREAD_PRIORITY is the priority of the system timer thread
	// that runs timer expiration functions.
	TX_TIMER_THREAD_PRIORITY = 0
	// NX_IP_PERIODIC_RATE is the number of ticks in one second, the unit
	// NetX timeouts are written in.
	NX_IP_PERIODIC_RATE = TX_TIMER_TICKS_PER_SECOND
)

// Thread states reported by tx_thread_info_get (tx_api.h). Every NetX wait
// (packet pool, UDP receive, UDP bind) is TX_TCP_IP.
const (
	TX_READY           = 0
	TX_COMPLETED       = 1
	TX_TERMINATED      = 2
	TX_SUSPENDED       = 3
	TX_SLEEP           = 4
	TX_QUEUE_SUSP      = 5
	TX_SEMAPHORE_SUSP  = 6
	TX_EVENT_FLAG      = 7
	TX_BLOCK_MEMORY    = 8
	TX_BYTE_MEMORY     = 9
	TX_IO_DRIVER       = 10
	TX_FILE            = 11
	TX_TCP_IP          = 12
	TX_MUTEX_SUSP      = 13
	TX_PRIORITY_CHANGE = 14
)

// Arguments of a thread's entry/exit notification.
const (
	TX_THREAD_ENTRY = 0
	TX_THREAD_EXIT  = 1
)

// Packet types for nx_packet_allocate: the number of bytes reserved in front
// of the data for headers (nx_api.h, IPv6 enabled, NX_PHYSICAL_HEADER 16).
const (
	NX_PHYSICAL_HEADER  = 16
	NX_PHYSICAL_TRAILER = 4
	NX_RECEIVE_PACKET   = 0
	NX_IPv4_PACKET      = NX_PHYSICAL_HEADER + 20
	NX_IPv4_UDP_PACKET  = NX_IPv4_PACKET + 8
	NX_IPv4_TCP_PACKET  = NX_IPv4_PACKET + 20
	NX_IPv6_PACKET      = NX_PHYSICAL_HEADER + 40
	NX_IPv6_UDP_PACKET  = NX_IPv6_PACKET + 8
	NX_IPv6_TCP_PACKET  = NX_IPv6_PACKET + 20
	NX_IP_PACKET        = NX_IPv6_PACKET
	NX_UDP_PACKET       = NX_IPv6_UDP_PACKET
	NX_TCP_PACKET       = NX_IPv6_TCP_PACKET
	NX_ICMP_PACKET      = NX_IPv6_PACKET
	NX_IGMP_PACKET      = NX_IPv4_PACKET
)
