package netx_test

import (
	"testing"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
	"github.com/nxsim/nxsim/rtos/rtostest"
	"github.com/stretchr/testify/assert"
)

// TestUDPSocketIPPtr: nx_udp_socket_ip_ptr is nil on a socket never
// created, the instance after nx_udp_socket_create, and stays the instance
// after nx_udp_socket_delete (NetX clears only the socket's id).
func TestUDPSocketIPPtr(t *testing.T) {
	var never netx.UDPSocket
	assert.Nil(t, never.NxUDPSocketIPPtr)

	var s stack
	var created, deleted *netx.IP
	st := rtostest.InContext(t, rtos.ContextThread, s.setup(t, true), func() nx.Status {
		created = s.sock.NxUDPSocketIPPtr
		st := netx.UDPSocketDelete(&s.sock)
		deleted = s.sock.NxUDPSocketIPPtr
		return st
	})
	assert.Equal(t, nx.NX_SUCCESS, st)
	assert.Same(t, &s.ip, created)
	assert.Same(t, &s.ip, deleted)
}
