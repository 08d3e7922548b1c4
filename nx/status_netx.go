package nx

// NetX Duo service return codes (nx_api.h), with their C values. NetX Duo has
// no NX_PACKET_ERROR; NX_ALREADY_RELEASED is defined but never returned, and
// NX_WAIT_ERROR is defined but returned by no service.
const (
	NX_SUCCESS              Status = 0x00
	NX_NO_PACKET            Status = 0x01
	NX_UNDERFLOW            Status = 0x02
	NX_OVERFLOW             Status = 0x03
	NX_NO_MAPPING           Status = 0x04
	NX_DELETED              Status = 0x05
	NX_POOL_ERROR           Status = 0x06
	NX_PTR_ERROR            Status = 0x07
	NX_WAIT_ERROR           Status = 0x08
	NX_SIZE_ERROR           Status = 0x09
	NX_OPTION_ERROR         Status = 0x0A
	NX_DELETE_ERROR         Status = 0x10
	NX_CALLER_ERROR         Status = 0x11
	NX_INVALID_PACKET       Status = 0x12
	NX_INVALID_SOCKET       Status = 0x13
	NX_NOT_ENABLED          Status = 0x14
	NX_ALREADY_ENABLED      Status = 0x15
	NX_ENTRY_NOT_FOUND      Status = 0x16
	NX_NO_MORE_ENTRIES      Status = 0x17
	NX_ARP_TIMER_ERROR      Status = 0x18
	NX_RESERVED_CODE0       Status = 0x19
	NX_WAIT_ABORTED         Status = 0x1A
	NX_IP_INTERNAL_ERROR    Status = 0x20
	NX_IP_ADDRESS_ERROR     Status = 0x21
	NX_ALREADY_BOUND        Status = 0x22
	NX_PORT_UNAVAILABLE     Status = 0x23
	NX_NOT_BOUND            Status = 0x24
	NX_RESERVED_CODE1       Status = 0x25
	NX_SOCKET_UNBOUND       Status = 0x26
	NX_NOT_CREATED          Status = 0x27
	NX_SOCKETS_BOUND        Status = 0x28
	NX_NO_RESPONSE          Status = 0x29
	NX_POOL_DELETED         Status = 0x30
	NX_ALREADY_RELEASED     Status = 0x31
	NX_RESERVED_CODE2       Status = 0x32
	NX_MAX_LISTEN           Status = 0x33
	NX_DUPLICATE_LISTEN     Status = 0x34
	NX_NOT_CLOSED           Status = 0x35
	NX_NOT_LISTEN_STATE     Status = 0x36
	NX_IN_PROGRESS          Status = 0x37
	NX_NOT_CONNECTED        Status = 0x38
	NX_WINDOW_OVERFLOW      Status = 0x39
	NX_ALREADY_SUSPENDED    Status = 0x40
	NX_DISCONNECT_FAILED    Status = 0x41
	NX_STILL_BOUND          Status = 0x42
	NX_NOT_SUCCESSFUL       Status = 0x43
	NX_UNHANDLED_COMMAND    Status = 0x44
	NX_NO_FREE_PORTS        Status = 0x45
	NX_INVALID_PORT         Status = 0x46
	NX_INVALID_RELISTEN     Status = 0x47
	NX_CONNECTION_PENDING   Status = 0x48
	NX_TX_QUEUE_DEPTH       Status = 0x49
	NX_NOT_IMPLEMENTED      Status = 0x4A
	NX_NOT_SUPPORTED        Status = 0x4B
	NX_INVALID_INTERFACE    Status = 0x4C
	NX_INVALID_PARAMETERS   Status = 0x4D
	NX_NOT_FOUND            Status = 0x4E
	NX_CANNOT_START         Status = 0x4F
	NX_NO_INTERFACE_ADDRESS Status = 0x50
	NX_INVALID_MTU_DATA     Status = 0x51
	NX_DUPLICATED_ENTRY     Status = 0x52
	NX_PACKET_OFFSET_ERROR  Status = 0x53
	NX_OPTION_HEADER_ERROR  Status = 0x54
	NX_CONTINUE             Status = 0x55
	NX_TCPIP_OFFLOAD_ERROR  Status = 0x56
)
