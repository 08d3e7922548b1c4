// Package sim is the simulated network the emulated devices share: switched
// Ethernet segments whose NetX driver (Segment.Driver) turns send requests
// into frames and delivers them, after the segment's latency, to the other
// devices' drivers in interrupt context — and a pcapng capture of every
// frame that Wireshark opens.
//
// The wire is a copy boundary: a frame is bytes, and the receiving device
// allocates its own packet from its own IP instance's default pool
// (NX_NO_WAIT), so a starved receiver drops the frame and counts it, as a
// real driver would.
package sim
