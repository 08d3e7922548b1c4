//go:build !tx_disable_error_checking

package rtos_test

// txeOn mirrors !TX_DISABLE_ERROR_CHECKING for the ported C tests: the
// checks they make under #ifndef TX_DISABLE_ERROR_CHECKING run only when
// the txe_ layer is built.
const txeOn = true
