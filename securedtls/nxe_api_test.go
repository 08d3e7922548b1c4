package securedtls_test

import (
	"testing"
	"time"

	"github.com/nxsim/nxsim/netx"
	"github.com/nxsim/nxsim/nx"
	"github.com/nxsim/nxsim/packetpool"
	"github.com/nxsim/nxsim/securedtls"
	"github.com/stretchr/testify/assert"
)

// TestNxeAPI ports nx_secure_dtls_nxe_api_test.c: every nxe entry with NULL
// arguments answers NX_PTR_ERROR, and an all-zero (never created) session
// NX_SECURE_TLS_SESSION_UNINITIALIZED.
func TestNxeAPI(t *testing.T) {
	if !securedtls.ErrorChecking {
		t.Skip("the nxe layer is compiled out")
	}
	w := newWorld(t, 5)
	type row struct {
		name string
		call func() nx.Status
		want nx.Status
	}
	var rows []row
	w.add("device", serverIP, 7, func(b *board) {
		var zero securedtls.Session
		var srv securedtls.Server
		var pkt *packetpool.Packet
		var addr nx.NXDAddress
		var port, local nx.UINT
		var cert securedtls.X509Cert
		tab := table(t, pskSuites...)
		meta := make([]byte, metaPerSess)
		sock := &netx.UDPSocket{}
		ptr := nx.NX_PTR_ERROR
		uninit := nx.NX_SECURE_TLS_SESSION_UNINITIALIZED
		connect := func(*securedtls.Session, *nx.NXDAddress, nx.UINT) nx.Status { return 0 }
		recv := func(*securedtls.Session) nx.Status { return 0 }
		rows = []row{
			{"session_create NULL session", func() nx.Status { return securedtls.SessionCreate(nil, tab, meta, nil, 0, nil) }, ptr},
			{"session_create NULL table", func() nx.Status { return securedtls.SessionCreate(&zero, nil, meta, nil, 0, nil) }, ptr},
			{"session_create NULL metadata", func() nx.Status { return securedtls.SessionCreate(&zero, tab, nil, nil, 0, nil) }, ptr},
			{"session_delete NULL", func() nx.Status { return securedtls.SessionDelete(nil) }, ptr},
			{"session_delete never created", func() nx.Status { return securedtls.SessionDelete(&zero) }, ptr},
			{"server_create NULL", func() nx.Status {
				return securedtls.ServerCreate(nil, &b.ip, 1, 1, make([]securedtls.Session, 1), tab, meta, meta, connect, recv)
			}, ptr},
			{"server_create NULL connect_notify", func() nx.Status {
				return securedtls.ServerCreate(&srv, &b.ip, 1, 1, make([]securedtls.Session, 1), tab, meta, meta, nil, recv)
			}, ptr},
			{"server_delete NULL", func() nx.Status { return securedtls.ServerDelete(nil) }, ptr},
			{"server_delete never created", func() nx.Status { return securedtls.ServerDelete(&srv) }, ptr},
			{"server_start NULL", func() nx.Status { return securedtls.ServerStart(nil) }, ptr},
			{"server_stop NULL", func() nx.Status { return securedtls.ServerStop(nil) }, ptr},
			{"server_notify_set NULL", func() nx.Status { return securedtls.ServerNotifySet(nil, nil, nil) }, ptr},
			{"server_psk_add NULL", func() nx.Status { return securedtls.ServerPSKAdd(nil, psk, pskID, nil) }, ptr},
			{"server_protocol_version_override NULL", func() nx.Status { return securedtls.ServerProtocolVersionOverride(nil, nx.NX_SECURE_DTLS_VERSION_1_2) }, ptr},
			{"server_protocol_version_override bad version", func() nx.Status { return securedtls.ServerProtocolVersionOverride(&srv, 0x0303) }, ptr},
			{"server_local_certificate_add NULL", func() nx.Status { return securedtls.ServerLocalCertificateAdd(nil, &cert, 1) }, ptr},
			{"server_local_certificate_remove NULL", func() nx.Status { return securedtls.ServerLocalCertificateRemove(nil, nil, 1) }, ptr},
			{"server_trusted_certificate_add NULL", func() nx.Status { return securedtls.ServerTrustedCertificateAdd(nil, &cert, 1) }, ptr},
			{"server_trusted_certificate_remove NULL name", func() nx.Status { return securedtls.ServerTrustedCertificateRemove(&srv, nil, 1) }, ptr},
			{"server_x509_client_verify_configure NULL", func() nx.Status { return securedtls.ServerX509ClientVerifyConfigure(nil, 1, meta) }, ptr},
			{"server_x509_client_verify_configure 0 certs", func() nx.Status { return securedtls.ServerX509ClientVerifyConfigure(&srv, 0, meta) }, nx.NX_INVALID_PARAMETERS},
			{"server_x509_client_verify_disable NULL", func() nx.Status { return securedtls.ServerX509ClientVerifyDisable(nil) }, ptr},
			{"server_session_start NULL", func() nx.Status { return securedtls.ServerSessionStart(nil, 0) }, ptr},
			{"server_session_send NULL packet", func() nx.Status { return securedtls.ServerSessionSend(&zero, nil) }, ptr},
			{"client_session_start NULL socket", func() nx.Status { return securedtls.ClientSessionStart(&zero, nil, &addr, 1, 0) }, ptr},
			{"client_session_start NULL address", func() nx.Status { return securedtls.ClientSessionStart(&zero, sock, nil, 1, 0) }, ptr},
			{"session_start NULL socket", func() nx.Status { return securedtls.SessionStart(&zero, nil, 1, 0) }, ptr},
			{"session_send NULL", func() nx.Status { return securedtls.SessionSend(nil, nil, &addr, 1) }, ptr},
			{"session_receive NULL", func() nx.Status { return securedtls.SessionReceive(nil, &pkt, 0) }, ptr},
			{"session_receive NULL packet pointer", func() nx.Status { return securedtls.SessionReceive(&zero, nil, 0) }, ptr},
			{"session_end NULL", func() nx.Status { return securedtls.SessionEnd(nil, 0) }, ptr},
			{"session_reset NULL", func() nx.Status { return securedtls.SessionReset(nil) }, ptr},
			{"packet_allocate NULL pool", func() nx.Status { return securedtls.PacketAllocate(&zero, nil, &pkt, 0) }, ptr},
			{"psk_add NULL", func() nx.Status { return securedtls.PSKAdd(nil, psk, pskID, nil) }, ptr},
			{"client_info_get NULL", func() nx.Status { return securedtls.SessionClientInfoGet(&zero, nil, &port, &local) }, ptr},
			{"local_certificate_add NULL cert", func() nx.Status { return securedtls.SessionLocalCertificateAdd(&zero, nil, 1) }, ptr},
			{"trusted_certificate_add NULL cert", func() nx.Status { return securedtls.SessionTrustedCertificateAdd(&zero, nil, 1) }, ptr},
			{"local_certificate_remove NULL", func() nx.Status { return securedtls.SessionLocalCertificateRemove(nil, nil, 1) }, ptr},
			{"trusted_certificate_remove NULL", func() nx.Status { return securedtls.SessionTrustedCertificateRemove(nil, nil, 1) }, ptr},
			{"client_protocol_version_override NULL", func() nx.Status { return securedtls.ClientProtocolVersionOverride(nil, nx.NX_SECURE_DTLS_VERSION_1_2) }, ptr},
			{"ecc_initialize NULL", func() nx.Status { return securedtls.ECCInitialize(nil, nil, nil) }, ptr},
			{"server_ecc_initialize NULL", func() nx.Status { return securedtls.ServerECCInitialize(nil, nil, nil) }, ptr},
			{"ecc_initialize count without curves", func() nx.Status {
				return securedtls.ECCInitialize(&zero, securedtls.CryptoECCSupportedGroups, nil)
			}, ptr},
			{"metadata_size_calculate NULL", func() nx.Status { return securedtls.TLSMetadataSizeCalculate(nil, nil) }, ptr},
			{"x509_certificate_initialize NULL", func() nx.Status { return securedtls.X509CertificateInitialize(nil, []byte{1}, nil, nil, 0) }, ptr},

			// All-zero session: 0x101.
			{"client_protocol_version_override", func() nx.Status {
				return securedtls.ClientProtocolVersionOverride(&zero, nx.NX_SECURE_DTLS_VERSION_1_2)
			}, uninit},
			{"client_session_start", func() nx.Status { return securedtls.ClientSessionStart(&zero, sock, &addr, 1, 0) }, uninit},
			{"packet_allocate", func() nx.Status { return securedtls.PacketAllocate(&zero, &b.pool, &pkt, 0) }, uninit},
			{"psk_add", func() nx.Status { return securedtls.PSKAdd(&zero, psk, pskID, nil) }, uninit},
			{"server_session_send", func() nx.Status { return securedtls.ServerSessionSend(&zero, &packetpool.Packet{}) }, uninit},
			{"server_session_start", func() nx.Status { return securedtls.ServerSessionStart(&zero, 0) }, uninit},
			{"client_info_get", func() nx.Status { return securedtls.SessionClientInfoGet(&zero, &addr, &port, &local) }, uninit},
			{"session_end", func() nx.Status { return securedtls.SessionEnd(&zero, 0) }, uninit},
			{"local_certificate_add", func() nx.Status { return securedtls.SessionLocalCertificateAdd(&zero, &cert, 1) }, uninit},
			{"local_certificate_remove", func() nx.Status { return securedtls.SessionLocalCertificateRemove(&zero, nil, 1) }, uninit},
			{"session_receive", func() nx.Status { return securedtls.SessionReceive(&zero, &pkt, 0) }, uninit},
			{"session_reset", func() nx.Status { return securedtls.SessionReset(&zero) }, uninit},
			{"session_send", func() nx.Status { return securedtls.SessionSend(&zero, &packetpool.Packet{}, &addr, 1) }, uninit},
			{"session_start", func() nx.Status { return securedtls.SessionStart(&zero, sock, 1, 0) }, uninit},
			{"trusted_certificate_add", func() nx.Status { return securedtls.SessionTrustedCertificateAdd(&zero, &cert, 1) }, uninit},
			{"trusted_certificate_remove", func() nx.Status { return securedtls.SessionTrustedCertificateRemove(&zero, nil, 1) }, uninit},
		}
		for _, r := range rows {
			assert.Equal(t, r.want, r.call(), r.name)
		}
	})
	w.run(time.Second)
	assert.NotEmpty(t, rows)
}
