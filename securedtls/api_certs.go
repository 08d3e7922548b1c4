package securedtls

import (
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/rtos"
)

// The certificate-store and ECC services. Their checks and codes are
// NetX's (dtls-semantics.md §1); the handshake uses the stores in
// handshake_*.go, the chain check in x509_verify.go.

// SessionLocalCertificateAdd is nx_secure_dtls_session_local_certificate_add.
func SessionLocalCertificateAdd(sessionPtr *Session, certificate *X509Cert, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionLocalCertificateAdd))
	if errorChecking {
		if st := nxeCertAdd(sessionPtr, certificate, certID, true); st != nx.NX_SUCCESS {
			return st
		}
	}
	if certID == 0 {
		return nx.NX_SECURE_TLS_CERT_ID_INVALID
	}
	local, _ := sessionPtr.NxSecureDTLSTLSSession.certs.stores()
	return local.add(certificate, certID)
}

// SessionLocalCertificateRemove is nx_secure_dtls_session_local_certificate_remove:
// by id when certID != 0 (not found: 0x18E), else by common name (0x119).
func SessionLocalCertificateRemove(sessionPtr *Session, commonName []byte, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionLocalCertificateRemove))
	if errorChecking {
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	local, _ := sessionPtr.NxSecureDTLSTLSSession.certs.stores()
	return local.remove(commonName, certID)
}

// SessionTrustedCertificateAdd is nx_secure_dtls_session_trusted_certificate_add.
func SessionTrustedCertificateAdd(sessionPtr *Session, certificate *X509Cert, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionTrustedCertificateAdd))
	if errorChecking {
		if st := nxeCertAdd(sessionPtr, certificate, certID, true); st != nx.NX_SUCCESS {
			return st
		}
	}
	_, trusted := sessionPtr.NxSecureDTLSTLSSession.certs.stores()
	return trusted.add(certificate, certID)
}

// SessionTrustedCertificateRemove is nx_secure_dtls_session_trusted_certificate_remove.
func SessionTrustedCertificateRemove(sessionPtr *Session, commonName []byte, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opSessionTrustedCertificateRemove))
	if errorChecking {
		if st := nxeSession(sessionPtr); st != nx.NX_SUCCESS {
			return st
		}
	}
	_, trusted := sessionPtr.NxSecureDTLSTLSSession.certs.stores()
	return trusted.remove(commonName, certID)
}

// nxeCertAdd: nil arguments 0x07, an uninitialized session 0x101, id 0 0x4D.
func nxeCertAdd(s *Session, cert *X509Cert, id nx.UINT, session bool) nx.Status {
	if cert == nil {
		return nx.NX_PTR_ERROR
	}
	if session {
		if st := nxeSession(s); st != nx.NX_SUCCESS {
			return st
		}
	}
	if id == 0 {
		return nx.NX_INVALID_PARAMETERS
	}
	return nx.NX_SUCCESS
}

// shareStores makes every session of the server use session 0's lists.
func (srv *Server) shareStores() {
	first := &srv.sessions[0].NxSecureDTLSTLSSession.certs
	for i := range srv.sessions {
		cs := &srv.sessions[i].NxSecureDTLSTLSSession.certs
		cs.local, cs.trusted = first.local, first.trusted
	}
}

// serverStores returns session 0's stores, shared with every session; not
// ok when the server has no session, where NetX's server certificate
// services do nothing and return NX_SUCCESS.
func (srv *Server) serverStores() (local, trusted *certStore, ok bool) {
	if len(srv.sessions) == 0 {
		return nil, nil, false
	}
	local, trusted = srv.sessions[0].NxSecureDTLSTLSSession.certs.stores()
	srv.shareStores()
	return local, trusted, true
}

// ServerLocalCertificateAdd is nx_secure_dtls_server_local_certificate_add.
func ServerLocalCertificateAdd(serverPtr *Server, certificate *X509Cert, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerLocalCertificateAdd))
	if errorChecking {
		if serverPtr == nil {
			return nx.NX_PTR_ERROR
		}
		if st := nxeCertAdd(nil, certificate, certID, false); st != nx.NX_SUCCESS {
			return st
		}
	}
	if certID == 0 {
		return nx.NX_SECURE_TLS_CERT_ID_INVALID
	}
	local, _, ok := serverPtr.serverStores()
	if !ok {
		return nx.NX_SUCCESS // no session (a server never created): C's loop does nothing
	}
	return local.add(certificate, certID)
}

// ServerLocalCertificateRemove is nx_secure_dtls_server_local_certificate_remove
// (not found, by id or by name: 0x119).
func ServerLocalCertificateRemove(serverPtr *Server, commonName []byte, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerLocalCertificateRemove))
	if errorChecking && serverPtr == nil {
		return nx.NX_PTR_ERROR
	}
	local, _, ok := serverPtr.serverStores()
	if !ok {
		return nx.NX_SUCCESS // no session (a server never created): C's loop does nothing
	}
	if st := local.remove(commonName, certID); st != nx.NX_SUCCESS {
		return nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND
	}
	return nx.NX_SUCCESS
}

// ServerTrustedCertificateAdd is nx_secure_dtls_server_trusted_certificate_add:
// id 0 is accepted (the certificate is then keyed by its common name),
// whatever the documentation says.
func ServerTrustedCertificateAdd(serverPtr *Server, certificate *X509Cert, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerTrustedCertificateAdd))
	if errorChecking && (serverPtr == nil || certificate == nil) {
		return nx.NX_PTR_ERROR
	}
	_, trusted, ok := serverPtr.serverStores()
	if !ok {
		return nx.NX_SUCCESS // no session (a server never created): C's loop does nothing
	}
	return trusted.add(certificate, certID)
}

// ServerTrustedCertificateRemove is nx_secure_dtls_server_trusted_certificate_remove.
// With error checking a common name is required even to remove by id.
func ServerTrustedCertificateRemove(serverPtr *Server, commonName []byte, certID nx.UINT) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerTrustedCertificateRemove))
	if errorChecking && (serverPtr == nil || len(commonName) == 0) {
		return nx.NX_PTR_ERROR
	}
	_, trusted, ok := serverPtr.serverStores()
	if !ok {
		return nx.NX_SUCCESS // no session (a server never created): C's loop does nothing
	}
	return trusted.remove(commonName, certID)
}

// ServerX509ClientVerifyConfigure is nx_secure_dtls_server_x509_client_verify_configure:
// each session requests client certificates, with certsPerSession slots
// carved from its share of certsBuffer.
func ServerX509ClientVerifyConfigure(serverPtr *Server, certsPerSession nx.UINT, certsBuffer []byte) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerX509ClientVerifyConfigure))
	if errorChecking {
		if serverPtr == nil || certsBuffer == nil {
			return nx.NX_PTR_ERROR
		}
		if certsPerSession == 0 || len(certsBuffer) == 0 {
			return nx.NX_INVALID_PARAMETERS
		}
	}
	n := len(serverPtr.sessions)
	if n == 0 || certsPerSession == 0 {
		return nx.NX_INVALID_PARAMETERS
	}
	per, need := len(certsBuffer)/n, int(certsPerSession)*x509CertSize
	if per < need || (per-need)/int(certsPerSession) < minimumCertificateSize {
		return nx.NX_INVALID_PARAMETERS
	}
	for i := range serverPtr.sessions {
		serverPtr.sessions[i].remoteCertSlots = int(certsPerSession)
		serverPtr.sessions[i].NxSecureDTLSTLSSession.certs.remoteSlotSize = (per - need) / int(certsPerSession)
		serverPtr.sessions[i].NxSecureDTLSTLSSession.certs.verifyClient = true
	}
	return nx.NX_SUCCESS
}

// ServerX509ClientVerifyDisable is nx_secure_dtls_server_x509_client_verify_disable.
func ServerX509ClientVerifyDisable(serverPtr *Server) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerX509ClientVerifyDisable))
	if errorChecking && serverPtr == nil {
		return nx.NX_PTR_ERROR
	}
	for i := range serverPtr.sessions {
		serverPtr.sessions[i].NxSecureDTLSTLSSession.certs.verifyClient = false
	}
	return nx.NX_SUCCESS
}

// ECCInitialize is nx_secure_dtls_ecc_initialize: the supported groups the
// client offers, in order, with their curve methods (count =
// len(supportedGroups); a curves slice of another length is NX_PTR_ERROR).
func ECCInitialize(dtlsSession *Session, supportedGroups []nx.USHORT, curves []*CryptoMethod) nx.Status {
	defer rtos.Leave(rtos.Enter(opECCInitialize))
	if errorChecking && (dtlsSession == nil || len(curves) != len(supportedGroups)) {
		return nx.NX_PTR_ERROR
	}
	dtlsSession.NxSecureDTLSTLSSession.certs.groups = append([]nx.USHORT(nil), supportedGroups...)
	setX509Curves(dtlsSession.dev, supportedGroups)
	return nx.NX_SUCCESS
}

// ServerECCInitialize is nx_secure_dtls_server_ecc_initialize: ECCInitialize
// for every session of the server.
func ServerECCInitialize(serverPtr *Server, supportedGroups []nx.USHORT, curves []*CryptoMethod) nx.Status {
	defer rtos.Leave(rtos.Enter(opServerECCInitialize))
	if errorChecking && (serverPtr == nil || len(curves) != len(supportedGroups)) {
		return nx.NX_PTR_ERROR
	}
	for i := range serverPtr.sessions {
		serverPtr.sessions[i].NxSecureDTLSTLSSession.certs.groups = append([]nx.USHORT(nil), supportedGroups...)
		setX509Curves(serverPtr.sessions[i].dev, supportedGroups)
	}
	return nx.NX_SUCCESS
}

// setX509Curves is the X.509 half of _nx_secure_tls_ecc_initialize: the
// curves certificate signatures may use become groups, for every session of
// the device (d, or the calling device for a session never created).
func setX509Curves(d *device, groups []nx.USHORT) {
	if d == nil {
		d = current()
	}
	if d != nil {
		d.x509Curves = append([]nx.USHORT(nil), groups...)
	}
}
