package scenarios

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// A note expectation holds when a note of the device (or of a board of the
// group) is about the service and contains the text.
func TestNoteExpectation(t *testing.T) {
	sc, err := Parse("notes.yaml", []byte(`duration: 1s
segments: [{name: lan}]
devices:
  - {name: server, segment: lan, address: 10.0.0.1}
  - {name: client, count: 2, segment: lan, address: 10.0.0.2}
`))
	require.NoError(t, err)
	r := &run{sc: sc}
	notes := []string{
		"server: nx_secure_dtls_server_notify_set: documented: disconnect_notify is called; NetX 6.4.2: never",
		"client2: nx_secure_dtls_*_session_start: documented: NX_NOT_CONNECTED; NetX 6.4.2: NX_NO_PACKET (0x01)",
	}
	for _, c := range []struct {
		name string
		note NoteCheck
		pass bool
	}{
		{"service and text", NoteCheck{Device: "client2", Service: "nx_secure_dtls_*_session_start", Contains: "NX_NO_PACKET"}, true},
		{"a board of the group", NoteCheck{Device: "client", Contains: "NX_NO_PACKET"}, true},
		{"any device", NoteCheck{Service: "nx_secure_dtls_server_notify_set"}, true},
		{"another device's note", NoteCheck{Device: "server", Contains: "NX_NO_PACKET"}, false},
		{"another board of the group", NoteCheck{Device: "client1", Contains: "NX_NO_PACKET"}, false},
		{"the service is the note's, not text in it", NoteCheck{Service: "disconnect_notify"}, false},
		{"text the note lacks", NoteCheck{Device: "server", Contains: "0x127"}, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := r.checkNote(&c.note, notes)
			assert.Equal(t, c.pass, got.Pass, got.Why)
		})
	}
	assert.Equal(t, "the run earned no rehearsal note", r.checkNote(&NoteCheck{Contains: "x"}, nil).Why)
}
