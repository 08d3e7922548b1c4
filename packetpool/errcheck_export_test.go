package packetpool

// ErrorChecking tells the external tests whether the nxe_ layer is built
// in (the build tag nx_disable_error_checking removes it).
const ErrorChecking = errorChecking
