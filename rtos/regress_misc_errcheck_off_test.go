//go:build tx_disable_error_checking

package rtos_test

// txeOn is false: the tx_disable_error_checking build tag removed the txe_
// layer, so the ported C tests skip their #ifndef TX_DISABLE_ERROR_CHECKING
// checks.
const txeOn = false
