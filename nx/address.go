package nx

// IP versions of an NXDAddress.
const (
	NX_IP_VERSION_V4 = 0x4
	NX_IP_VERSION_V6 = 0x6
)

// NXDAddress is NXD_ADDRESS: an IPv4 or IPv6 address, in host byte order
// word by word, as NetX Duo holds it.
type NXDAddress struct {
	NxdIPVersion UINT
	NxdIPAddress struct {
		V4 ULONG
		V6 [4]ULONG
	}
}

// IP_ADDRESS is the NetX macro that packs four dotted-decimal bytes into an
// IPv4 address ULONG: IP_ADDRESS(192, 168, 1, 150) is 0xC0A80196.
func IP_ADDRESS(a, b, c, d ULONG) ULONG {
	return a<<24 | b<<16 | c<<8 | d
}
