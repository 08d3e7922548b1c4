//go:build !nx_secure_disable_error_checking

package securedtls

// errorChecking is true unless the build tag nx_secure_disable_error_checking
// removes the nxe_ layer, as NX_SECURE_DISABLE_ERROR_CHECKING does in C.
const errorChecking = true
