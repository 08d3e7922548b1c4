//go:build nx_secure_disable_error_checking

package securedtls

// errorChecking is false: the build tag nx_secure_disable_error_checking
// removed the nxe_ layer, as NX_SECURE_DISABLE_ERROR_CHECKING does in C.
const errorChecking = false
