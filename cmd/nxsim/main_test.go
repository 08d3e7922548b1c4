package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDemoCommand(t *testing.T) {
	var out, errs bytes.Buffer
	dir := t.TempDir()
	code := run([]string{"demo", "-devices", "2", "-seconds", "2", "-out", dir}, &out, &errs)
	assert.Equal(t, 0, code, errs.String())
	assert.Contains(t, out.String(), "ThreadX demo: 2 device(s), 2s of virtual time, seed 1")
	assert.Contains(t, out.String(), "second run identical: yes")
	assert.Regexp(t, `device0\s+100\s+2\d\s+10\d\s+2\d\s+10\d\s+\d+\s+ok`, out.String())
	assert.Contains(t, out.String(), "UDP echo over a simulated LAN: 2 sent, 2 echoed; capture "+dir+"/udp-echo.pcapng")
	assert.FileExists(t, dir+"/udp-echo.pcapng")
}

func TestCommandLineErrors(t *testing.T) {
	tests := []struct {
		args []string
		code int
		want string
	}{
		{nil, 2, "usage: nxsim COMMAND"},
		{[]string{"fly"}, 2, `unknown command "fly"`},
		{[]string{"demo", "-devices", "0"}, 1, "need at least one device"},
		{[]string{"demo", "-bogus"}, 2, "flag provided but not defined: -bogus"},
	}
	for _, tt := range tests {
		var out, errs bytes.Buffer
		assert.Equal(t, tt.code, run(tt.args, &out, &errs), tt.args)
		assert.Contains(t, errs.String(), tt.want)
	}
}
