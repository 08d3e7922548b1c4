package nx

// UINT is the C UINT of a 32-bit target.
type UINT = uint32

// ULONG is the C ULONG of a 32-bit target: tick counts, addresses and sizes
// are 32 bits wide and wrap as they do on the device.
type ULONG = uint32

// USHORT is the C USHORT.
type USHORT = uint16

// UCHAR is the C UCHAR.
type UCHAR = byte

// CHAR is the C CHAR, used for byte buffers the C API types as CHAR *.
type CHAR = byte
