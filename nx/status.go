package nx

import (
	"fmt"
	"strings"
)

// Status is the UINT every ThreadX, NetX Duo and NetX Secure service returns.
// Its value is the C value; String gives the C name and the value in hex.
//
// ThreadX, NetX and NetX Secure reuse small values (0x01 is TX_DELETED and
// NX_NO_PACKET), so a value that has several names prints all of them, NetX
// Secure first, then NetX, then ThreadX: "NX_NO_PACKET/TX_DELETED (0x01)".
type Status uint32

// String returns the C name(s) and hex value, for example
// "NX_SECURE_TLS_ALERT_RECEIVED (0x114)".
func (s Status) String() string {
	names := statusNames[s]
	hex := fmt.Sprintf("0x%02X", uint32(s))
	if len(names) == 0 {
		return "unknown status (" + hex + ")"
	}
	return strings.Join(names, "/") + " (" + hex + ")"
}

// Names returns every C name defined for the value, in the order String uses.
func (s Status) Names() []string {
	return append([]string(nil), statusNames[s]...)
}
