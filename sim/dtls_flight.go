package sim

import (
	"fmt"
)

// Flight is a record's place in its DTLS association's handshakes, as the
// network numbers them by content (RFC 6347 §4.2.4): an association is a
// pair of IP addresses and UDP ports, and its handshakes are numbered from
// 1, a ClientHello with a new random starting the next one. Zero for
// records outside a handshake flight (application data, alerts) and for
// datagrams of an association whose ClientHello the network did not see.
// Full handshakes only: NetX Secure DTLS does not resume sessions
// (reference/dtls-semantics.md, the ServerHello it sends), and an
// abbreviated handshake's flights would be numbered as pieces of 4 and 6.
type Flight struct {
	// Handshake is the association's handshake the record belongs to (1 =
	// the first).
	Handshake int
	// Number is the RFC 6347 flight: 1 ClientHello without cookie, 2
	// HelloVerifyRequest, 3 ClientHello with cookie, 4 the server's
	// ServerHello to ServerHelloDone, 5 the client's Certificate to
	// Finished, 6 the server's ChangeCipherSpec and Finished. A handshake
	// without HelloVerifyRequest reads 1, 4, 5, 6.
	Number int
	// Transmission is the n-th time the sender's driver put the flight on
	// the wire (1 = the first sending): counted at the sender's port before
	// any stage, whenever a datagram repeats a message fragment the
	// flight's current transmission already carried. NetX retransmits
	// byte-identical datagrams, so content alone could not tell; copies
	// made by Duplicate, DuplicateIt or Corrupt never count.
	Transmission int
	// Message is the index of the record's message within the flight (1 =
	// the first; ChangeCipherSpec counts as a message), across however many
	// datagrams the flight uses.
	Message int
	// Last is set on the flight's last message: ClientHello,
	// HelloVerifyRequest, ServerHelloDone, or the encrypted Finished.
	Last bool
}

// String reads "handshake 1 flight 4 transmission 2".
func (f Flight) String() string {
	return fmt.Sprintf("handshake %d flight %d transmission %d", f.Handshake, f.Number, f.Transmission)
}

// HandshakeIs matches records of the association's n-th handshake.
func HandshakeIs(n int) func(Record) bool {
	return func(r Record) bool { return r.Flight.Number > 0 && r.Flight.Handshake == n }
}

// FlightIs matches records of RFC 6347 flight n (1 to 6).
func FlightIs(n int) func(Record) bool { return func(r Record) bool { return r.Flight.Number == n } }

// TransmissionIs matches records of a flight's n-th transmission (1 = the
// first sending).
func TransmissionIs(n int) func(Record) bool {
	return func(r Record) bool { return r.Flight.Number > 0 && r.Flight.Transmission == n }
}

// MessageIs matches the i-th message of a flight (1 = the first).
func MessageIs(i int) func(Record) bool {
	return func(r Record) bool { return r.Flight.Number > 0 && r.Flight.Message == i }
}

// LastMessage matches a flight's last message.
func LastMessage() func(Record) bool { return func(r Record) bool { return r.Flight.Last } }
