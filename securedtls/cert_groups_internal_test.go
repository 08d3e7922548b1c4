package securedtls

import (
	"testing"

	"github.com/nxsim/nxsim/nx"
	"github.com/stretchr/testify/assert"
)

// TestCurveChoiceReadsTheListLength pins how the server reads
// supported_groups (_nx_secure_tls_proc_clienthello_sec_sa_extension): the
// extension data word by word from its first byte, so the list length is
// read as a group: a client offering twelve groups none of which the
// server has (a 24-byte list) gets secp384r1. Among what is offered the
// server's own order decides.
func TestCurveChoiceReadsTheListLength(t *testing.T) {
	hello := func(groups ...uint16) *clientHello {
		ch := &clientHello{version: nx.NX_SECURE_DTLS_VERSION_1_2, cookie: []byte{1}, suites: []uint16{0xC027}, compression: []byte{0}, groups: groups}
		parsed, st := parseClientHello(ch.marshal())
		assert.Equal(t, nx.NX_SUCCESS, st)
		return parsed
	}
	twelve := make([]uint16, 12)
	for i := range twelve {
		twelve[i] = uint16(0x0100 + i) // none of them a curve the server has
	}
	rows := []struct {
		name   string
		server []nx.USHORT
		ch     *clientHello
		want   uint16
	}{
		{"server order decides", []nx.USHORT{24, 23}, hello(23, 24), 24},
		{"only common group", []nx.USHORT{25}, hello(23, 25), 25},
		{"none common", []nx.USHORT{25}, hello(23), 0},
		{"twelve unknown groups: the length 24 is secp384r1", []nx.USHORT{23, 24}, hello(twelve...), 24},
		{"no extension", []nx.USHORT{23}, hello(), 0},
	}
	for _, r := range rows {
		t.Run(r.name, func(t *testing.T) {
			s := &Session{}
			s.NxSecureDTLSTLSSession.certs.groups = r.server
			assert.Equal(t, r.want, s.chooseCurve(r.ch.groupWords))
		})
	}
}
