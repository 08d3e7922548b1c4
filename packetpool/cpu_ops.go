package packetpool

import "github.com/nxsim/nxsim/rtos"

// The costed packet services (DESIGN.md, "CPU time"). NetX Duo publishes no
// cycle counts. MCU figures are cycles on the default Cortex-M4 profile,
// built from the kernel figures rtos uses (Keil RTX's published Cortex-M
// timings: allocating a memory block about 70 cycles, a service that
// switches nothing 70-120): a packet allocate or release is a block-pool
// operation plus NetX's bookkeeping; services that touch every byte add one
// cycle per byte, what a word-at-a-time copy costs on a Cortex-M4 from SRAM
// (Cortex-M4 TRM: LDR and STR take two cycles, four bytes each). Host
// figures are nanoseconds on the ThreadX Linux port, where the per-byte
// work is below a nanosecond and counts as nothing.

func pktOp(name string, mcu, mcuPerByte, host uint64) *rtos.Op {
	return rtos.NewOp(name, map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: mcu, CyclesPerByte: mcuPerByte},
		rtos.FamilyHost: {Cycles: host},
	})
}

var (
	opPoolCreate       = pktOp("nx_packet_pool_create", 600, 0, 1000)
	opPoolDelete       = pktOp("nx_packet_pool_delete", 300, 0, 400)
	opPoolInfoGet      = pktOp("nx_packet_pool_info_get", 100, 0, 150)
	opAllocate         = pktOp("nx_packet_allocate", 100, 0, 150)
	opRelease          = pktOp("nx_packet_release", 100, 0, 150)
	opTransmitRelease  = pktOp("nx_packet_transmit_release", 110, 0, 150)
	opDataAppend       = pktOp("nx_packet_data_append", 200, 1, 250)
	opDataRetrieve     = pktOp("nx_packet_data_retrieve", 150, 1, 200)
	opDataExtractOffst = pktOp("nx_packet_data_extract_offset", 150, 1, 200)
	opLengthGet        = pktOp("nx_packet_length_get", 40, 0, 50)
	opCopy             = pktOp("nx_packet_copy", 400, 1, 500)
)

// packetLength is the datagram length of a packet for a per-byte charge (0
// for nil, which the service then refuses).
func packetLength(p *Packet) int {
	if p == nil {
		return 0
	}
	return int(p.NxPacketLength)
}
