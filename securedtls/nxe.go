package securedtls

import "github.com/nxsim/nxsim/nx"

// The checks of the nxe_secure_dtls_*.c front end that several services
// share. They run only with errorChecking (the build tag
// nx_secure_disable_error_checking removes them); none checks the caller's
// context (dtls-semantics.md §0).

// nxeSession: NX_PTR_ERROR for nil, NX_SECURE_TLS_SESSION_UNINITIALIZED for
// a session that is not created.
func nxeSession(s *Session) nx.Status {
	switch {
	case s == nil:
		return nx.NX_PTR_ERROR
	case !s.initialized():
		return nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
	}
	return nx.NX_SUCCESS
}

// nxeCreatedSession: NX_PTR_ERROR for nil or a session not in the created list.
func nxeCreatedSession(s *Session) nx.Status {
	if s == nil || s.dev == nil || !s.dev.created(s) {
		return nx.NX_PTR_ERROR
	}
	return nx.NX_SUCCESS
}

// nxeSessionCreate: NX_PTR_ERROR for nil arguments or a duplicate.
func nxeSessionCreate(s *Session, table *CryptoTable, metadata []byte) nx.Status {
	if s == nil || table == nil || metadata == nil {
		return nx.NX_PTR_ERROR
	}
	if d := current(); d != nil && d.created(s) {
		return nx.NX_PTR_ERROR
	}
	return nx.NX_SUCCESS
}
