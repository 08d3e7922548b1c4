package netx

import (
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/rtos"
)

// The costed NetX services and the work NetX does outside them (DESIGN.md,
// "CPU time"). NetX Duo publishes no cycle counts. MCU figures are cycles
// on the default Cortex-M4 profile, built from the kernel figures rtos uses
// (Keil RTX's published Cortex-M timings): a NetX service takes and gives
// the instance's nx_ip_protection mutex (90 + 90 cycles) and does its own
// work, counted as one to a few kernel services' worth (about 100 cycles
// each); creating an instance creates a thread, a mutex, event flags and a
// timer. A UDP send builds two headers, looks up the route and ARP and
// calls the driver; the services and operations that touch every byte
// (UDP checksums, the driver's copy of a received frame) add one cycle per
// byte, what a word-at-a-time sum or copy costs on a Cortex-M4 from SRAM
// (Cortex-M4 TRM: LDR and STR two cycles, ADC one, four bytes a word).
// Host figures are nanoseconds on the ThreadX Linux port, where the
// per-byte work is below a nanosecond and counts as nothing.

func nxOp(name string, mcu, mcuPerByte, host uint64) *rtos.Op {
	return rtos.NewOp(name, map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: mcu, CyclesPerByte: mcuPerByte},
		rtos.FamilyHost: {Cycles: host},
	})
}

// Figures by kind of service.
func nxGetOp(name string) *rtos.Op     { return nxOp(name, 150, 0, 200) }  // reads a few fields under protection
func nxSetOp(name string) *rtos.Op     { return nxOp(name, 300, 0, 400) }  // changes state under protection
func nxCreateOp(name string) *rtos.Op  { return nxOp(name, 600, 0, 1000) } // creates or deletes objects
func nxSendOp(name string) *rtos.Op    { return nxOp(name, 1500, 1, 2000) }
func nxReceiveOp(name string) *rtos.Op { return nxOp(name, 600, 0, 800) }

var (
	opSystemInitialize = nxGetOp("nx_system_initialize")
	opIPCreate         = nxOp("nx_ip_create", 2000, 0, 3000)
	opIPDelete         = nxOp("nx_ip_delete", 1500, 0, 2000)
	opIPAddressGet     = nxGetOp("nx_ip_address_get")
	opIPAddressSet     = nxSetOp("nx_ip_address_set")
	opIPStatusCheck    = nxGetOp("nx_ip_status_check")
	opIPInfoGet        = nxGetOp("nx_ip_info_get")

	opIPInterfaceStatusCheck = nxGetOp("nx_ip_interface_status_check")

	opIPInterfaceAttach              = nxCreateOp("nx_ip_interface_attach")
	opIPInterfaceAddressGet          = nxGetOp("nx_ip_interface_address_get")
	opIPInterfaceAddressSet          = nxSetOp("nx_ip_interface_address_set")
	opIPInterfaceInfoGet             = nxGetOp("nx_ip_interface_info_get")
	opIPInterfaceMTUSet              = nxSetOp("nx_ip_interface_mtu_set")
	opIPInterfacePhysicalAddressGet  = nxGetOp("nx_ip_interface_physical_address_get")
	opIPInterfacePhysicalAddressSet  = nxSetOp("nx_ip_interface_physical_address_set")
	opIPInterfaceAddressMapping      = nxSetOp("nx_ip_interface_address_mapping_configure")
	opIPFragmentEnable               = nxSetOp("nx_ip_fragment_enable")
	opIPFragmentDisable              = nxSetOp("nx_ip_fragment_disable")
	opIPGatewayAddressSet            = nxSetOp("nx_ip_gateway_address_set")
	opIPGatewayAddressGet            = nxGetOp("nx_ip_gateway_address_get")
	opIPGatewayAddressClear          = nxSetOp("nx_ip_gateway_address_clear")
	opIPDriverDirectCommand          = nxSetOp("nx_ip_driver_direct_command")
	opIPDriverInterfaceDirectCommand = nxSetOp("nx_ip_driver_interface_direct_command")
	opARPEnable                      = nxCreateOp("nx_arp_enable")
	opARPStaticEntryCreate           = nxSetOp("nx_arp_static_entry_create")
	opARPStaticEntryDelete           = nxSetOp("nx_arp_static_entry_delete")
	opARPHardwareAddressFind         = nxGetOp("nx_arp_hardware_address_find")
	opARPDynamicEntrySet             = nxSetOp("nx_arp_dynamic_entry_set")
	opARPIPAddressFind               = nxGetOp("nx_arp_ip_address_find")
	opARPInfoGet                     = nxGetOp("nx_arp_info_get")
	opARPEntryDelete                 = nxSetOp("nx_arp_entry_delete")
	opARPDynamicEntriesInvalidate    = nxSetOp("nx_arp_dynamic_entries_invalidate")
	opARPStaticEntriesDelete         = nxSetOp("nx_arp_static_entries_delete")
	opARPGratuitousSend              = nxSetOp("nx_arp_gratuitous_send")
	opUDPEnable                      = nxCreateOp("nx_udp_enable")
	opUDPSocketCreate                = nxCreateOp("nx_udp_socket_create")
	opUDPSocketDelete                = nxCreateOp("nx_udp_socket_delete")
	opUDPSocketBind                  = nxSetOp("nx_udp_socket_bind")
	opUDPSocketUnbind                = nxSetOp("nx_udp_socket_unbind")
	opUDPSocketPortGet               = nxGetOp("nx_udp_socket_port_get")
	opUDPSocketReceiveNotify         = nxGetOp("nx_udp_socket_receive_notify")
	opUDPSocketChecksumDisable       = nxGetOp("nx_udp_socket_checksum_disable")
	opUDPSocketChecksumEnable        = nxGetOp("nx_udp_socket_checksum_enable")
	opUDPSocketBytesAvailable        = nxGetOp("nx_udp_socket_bytes_available")
	opUDPSocketInfoGet               = nxGetOp("nx_udp_socket_info_get")
	opUDPFreePortFind                = nxGetOp("nx_udp_free_port_find")
	opUDPInfoGet                     = nxGetOp("nx_udp_info_get")
	opUDPSocketSend                  = nxSendOp("nxd_udp_socket_send")
	opUDPSocketSendV4                = nxSendOp("nx_udp_socket_send")
	opUDPSocketSourceSend            = nxSendOp("nxd_udp_socket_source_send")
	opUDPSocketSourceSendV4          = nxSendOp("nx_udp_socket_source_send")
	opUDPSocketReceive               = nxReceiveOp("nx_udp_socket_receive")
	opUDPSourceExtract               = nxGetOp("nxd_udp_source_extract")
	opUDPSourceExtractV4             = nxGetOp("nx_udp_source_extract")
	opUDPPacketInfoExtract           = nxGetOp("nxd_udp_packet_info_extract")
	opUDPPacketInfoExtractV4         = nxGetOp("nx_udp_packet_info_extract")

	// opUDPChecksumVerify is the receiving thread's check of a datagram's
	// UDP checksum inside nx_udp_socket_receive: per byte.
	opUDPChecksumVerify = nxOp("udp_checksum_verify", 0, 1, 0)
	// opDriverReceive is a driver's receive ISR for one frame, besides the
	// packet services it calls (its allocate and copy are charged as
	// nx_packet_allocate and nx_packet_data_append): the interrupt entry,
	// the frame's checks and the deferred-receive queueing
	// (_nx_ip_packet_deferred_receive).
	opDriverReceive = nxOp("driver_receive_isr", 300, 0, 500)
	// opIPPacketProcess is the IP thread's work for one received packet:
	// the IPv4 header check and checksum, the protocol dispatch
	// (_nx_ip_packet_receive, _nx_ipv4_packet_receive).
	opIPPacketProcess = nxOp("ip_packet_receive", 400, 0, 500)
	// opARPPacketProcess is the IP thread's work for one ARP message
	// (_nx_arp_packet_receive).
	opARPPacketProcess = nxOp("arp_packet_receive", 300, 0, 400)
)

// packetBytes is the length of a packet for a per-byte charge (0 for nil,
// which the service then refuses).
func packetBytes(p *packetpool.Packet) int {
	if p == nil {
		return 0
	}
	return int(p.NxPacketLength)
}
