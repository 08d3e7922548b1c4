//go:build !tx_disable_error_checking

package rtos

// errorChecking is true unless the build tag tx_disable_error_checking
// removes the txe_ layer, as TX_DISABLE_ERROR_CHECKING does in C.
const errorChecking = true
