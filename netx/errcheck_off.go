//go:build nx_disable_error_checking

package netx

// errorChecking is false: the build tag nx_disable_error_checking removed
// the nxe_ layer, as NX_DISABLE_ERROR_CHECKING does in C.
const errorChecking = false
