package nx

// NetX Duo driver request commands (nx_api.h, NX_IP_DRIVER.nx_ip_driver_command).
const (
	NX_LINK_PACKET_SEND          = 0
	NX_LINK_INITIALIZE           = 1
	NX_LINK_ENABLE               = 2
	NX_LINK_DISABLE              = 3
	NX_LINK_PACKET_BROADCAST     = 4
	NX_LINK_ARP_SEND             = 5
	NX_LINK_ARP_RESPONSE_SEND    = 6
	NX_LINK_RARP_SEND            = 7
	NX_LINK_MULTICAST_JOIN       = 8
	NX_LINK_MULTICAST_LEAVE      = 9
	NX_LINK_GET_STATUS           = 10
	NX_LINK_GET_SPEED            = 11
	NX_LINK_GET_DUPLEX_TYPE      = 12
	NX_LINK_GET_ERROR_COUNT      = 13
	NX_LINK_GET_RX_COUNT         = 14
	NX_LINK_GET_TX_COUNT         = 15
	NX_LINK_GET_ALLOC_ERRORS     = 16
	NX_LINK_UNINITIALIZE         = 17
	NX_LINK_DEFERRED_PROCESSING  = 18
	NX_LINK_INTERFACE_ATTACH     = 19
	NX_LINK_SET_PHYSICAL_ADDRESS = 20
	NX_INTERFACE_CAPABILITY_GET  = 21
	NX_INTERFACE_CAPABILITY_SET  = 22
	NX_LINK_INTERFACE_DETACH     = 23
	NX_LINK_FACTORY_ADDRESS_GET  = 24
	NX_LINK_RX_ENABLE            = 25
	NX_LINK_RX_DISABLE           = 26
	NX_LINK_GET_INTERFACE_TYPE   = 28
	NX_LINK_RAW_PACKET_SEND      = 29
	NX_LINK_USER_COMMAND         = 50
)

// Bits of nx_ip_status_check.
const (
	NX_IP_INITIALIZE_DONE        = 0x0001
	NX_IP_ADDRESS_RESOLVED       = 0x0002
	NX_IP_LINK_ENABLED           = 0x0004
	NX_IP_ARP_ENABLED            = 0x0008
	NX_IP_UDP_ENABLED            = 0x0010
	NX_IP_TCP_ENABLED            = 0x0020
	NX_IP_IGMP_ENABLED           = 0x0040
	NX_IP_RARP_COMPLETE          = 0x0080
	NX_IP_INTERFACE_LINK_ENABLED = 0x0100
)

// IP and UDP options of the NetX services.
const (
	NX_IP_NORMAL           = 0x00000000 // type of service: normal delivery
	NX_IP_TOS_MASK         = 0x00FF0000
	NX_FRAGMENT_OKAY       = 0x00000000
	NX_DONT_FRAGMENT       = 0x00004000
	NX_IP_TIME_TO_LIVE     = 0x80
	NX_ANY_PORT            = 0
	NX_SEARCH_PORT_START   = 0xC000
	NX_MAX_PORT            = 0xFFFF
	NX_IP_ICMP             = 0x00010000
	NX_IP_UDP              = 0x00110000
	NX_IP_TCP              = 0x00060000
	NX_IP_PROTOCOL_MASK    = 0x00FF0000
	NX_UDP_PORT_TABLE_SIZE = 32
)

// ARP and fragmentation defaults of the NetX Duo build (nx_api.h).
const (
	NX_ARP_UPDATE_RATE          = 10 // seconds between ARP request retries
	NX_ARP_MAXIMUM_RETRIES      = 18
	NX_ARP_MAX_QUEUE_DEPTH      = 4 // packets queued per unresolved entry
	NX_ARP_EXPIRATION_RATE      = 0 // dynamic entries never expire
	NX_IPV4_MAX_REASSEMBLY_TIME = 15
	NX_MAX_PHYSICAL_INTERFACES  = 1
)
