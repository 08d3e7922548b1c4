package netx

// ErrorChecking tells the external tests whether the nxe_ layer is built in.
const ErrorChecking = errorChecking

// ReassemblyPending is the number of datagrams on the instance's IPv4
// reassembly list (nx_ip_fragment_assembly_head), which C tests read.
func ReassemblyPending(ip *IP) int { return len(ip.reassembly) }
