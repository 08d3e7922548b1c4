//go:build tx_disable_error_checking

package rtos

// errorChecking is false: the build tag tx_disable_error_checking removed
// the txe_ layer, as TX_DISABLE_ERROR_CHECKING does in C.
const errorChecking = false
