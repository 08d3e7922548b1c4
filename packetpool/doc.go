// Package packetpool emulates NetX Duo's NX_PACKET_POOL and NX_PACKET: pools
// of fixed-size packets carved from the memory the application gives, with
// NetX's capacity rule, packet types that reserve room for headers, chains
// for data that does not fit one payload, and threads that wait for a packet
// when the pool is empty.
//
// # Packets and chains
//
// A datagram lives in one packet or in a chain of them:
//
//	head packet                      next packet             last packet
//	+-----------------------------+  +-------------------+   +-------------------+
//	| NxPacketDataStart           |  |                   |   |                   |
//	| [headroom|data.......]      |->| [data............]|-> | [data.....|room]  |
//	|          ^prepend   ^append |  | ^prepend  ^append |   | ^prepend ^append  |
//	| NxPacketLength = all bytes  |  | NxPacketNext      |   | NxPacketNext nil  |
//	| NxPacketLast ---------------------------------------------^ (nil if alone)  |
//	+-----------------------------+  +-------------------+   +-------------------+
//
// The prepend and append "pointers" are offsets into NxPacketDataStart; Data
// returns the valid bytes of one packet. NxPacketLength is kept in the head
// packet only.
//
// # Ownership
//
// Allocate gives the packet to the caller. Release (or a successful send in
// netx) gives it back; after that the caller must not touch it. Every pool
// counts what is out, every allocation records its call site, every
// packet knows its holder (the thread that allocated or received it, or the
// NetX queue netx handed it to — holder.go), and CheckFull reports each
// packet that is not back in its pool with its holder, that site and the
// last hand-over, so a run can end by proving nothing leaked (see package
// pooltest) and a packet NetX keeps is not blamed on the application.
//
// # Differences from C
//
// In C, nx_packet_release(p) with error checking passes &p and nulls the
// caller's variable, so a second release through the same variable fails
// the NULL check. A Go call cannot null the caller's variable: the second
// release reaches the core, which finds the packet free and answers
// NX_PTR_ERROR too, but also counts it in the pool's invalid releases.
// The same holds for a packet the application handed to NetX (a send that
// succeeded nulls the caller's pointer in C) while one of NetX's queues
// still holds it: the release is refused with NX_PTR_ERROR and counted,
// and the packet stays where it is (HandOver marks such holders;
// HandOverOutside and HandToCaller mark holders that own the packet).
// nx_packet_data_retrieve has no buffer size in C and overwrites memory when
// the buffer is short; here a short buffer panics with the sizes, which
// fails the run and names the thread.
package packetpool
