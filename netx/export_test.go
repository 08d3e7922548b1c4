package netx

// ErrorChecking tells the external tests whether the nxe_ layer is built in.
const ErrorChecking = errorChecking
