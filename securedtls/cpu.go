package securedtls

import "github.com/nxsim/nxsim/rtos"

// CPU time (DESIGN.md "CPU time"): every public service starts with
// defer rtos.Leave(rtos.Enter(op)), and the crypto inside — the PRF, record
// protection, transcript hashing — charges per byte with rtos.Charge.
//
// MCU figures are for the default profile, a Cortex-M4 at 100 MHz with
// software crypto. AES-128: 33.8 cycles per byte (Schwabe and Stoffelen,
// "All the AES You Need on Cortex-M3 and M4", SAC 2016, table-based
// AES-128-CTR on Cortex-M4); CCM runs AES twice per block (CTR and CBC-MAC),
// so about 68; CBC encryption about 34. SHA-256: about 35 cycles per byte
// for a software implementation on Cortex-M4 (an estimate in line with
// mbed TLS benchmarks on that core), an HMAC adding four compressions
// (about 9,000 cycles) per call. The TLS PRF (P_SHA256) costs two HMACs per
// 32 output bytes: about 18,000 cycles, 560 per output byte. A service's own
// bookkeeping (argument checks, lists, the protection mutex) is about 300
// cycles, like a ThreadX service of the same class.
//
// Host figures are calibrated to the real regression build on a Linux host
// (netx-observed.md §5: a PSK handshake takes 0-1 tick of 10 ms on each side):
// a few hundred nanoseconds per service, a few cycles per byte of crypto.

// serviceOp registers a public DTLS service.
func serviceOp(name string) *rtos.Op {
	return rtos.NewOp(name, map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: 300},
		rtos.FamilyHost: {Cycles: 500},
	})
}

// The public services.
var (
	opSessionLocalCertificateAdd      = serviceOp("nx_secure_dtls_session_local_certificate_add")
	opSessionLocalCertificateRemove   = serviceOp("nx_secure_dtls_session_local_certificate_remove")
	opSessionTrustedCertificateAdd    = serviceOp("nx_secure_dtls_session_trusted_certificate_add")
	opSessionTrustedCertificateRemove = serviceOp("nx_secure_dtls_session_trusted_certificate_remove")
	opServerLocalCertificateAdd       = serviceOp("nx_secure_dtls_server_local_certificate_add")
	opServerLocalCertificateRemove    = serviceOp("nx_secure_dtls_server_local_certificate_remove")
	opServerTrustedCertificateAdd     = serviceOp("nx_secure_dtls_server_trusted_certificate_add")
	opServerTrustedCertificateRemove  = serviceOp("nx_secure_dtls_server_trusted_certificate_remove")
	opServerX509ClientVerifyConfigure = serviceOp("nx_secure_dtls_server_x509_client_verify_configure")
	opServerX509ClientVerifyDisable   = serviceOp("nx_secure_dtls_server_x509_client_verify_disable")
	opECCInitialize                   = serviceOp("nx_secure_dtls_ecc_initialize")
	opServerECCInitialize             = serviceOp("nx_secure_dtls_server_ecc_initialize")
	opSessionSend                     = serviceOp("nx_secure_dtls_session_send")
	opServerSessionSend               = serviceOp("nx_secure_dtls_server_session_send")
	opPacketAllocate                  = serviceOp("nx_secure_dtls_packet_allocate")
	opServerCreate                    = serviceOp("nx_secure_dtls_server_create")
	opServerDelete                    = serviceOp("nx_secure_dtls_server_delete")
	opServerStart                     = serviceOp("nx_secure_dtls_server_start")
	opServerStop                      = serviceOp("nx_secure_dtls_server_stop")
	opServerNotifySet                 = serviceOp("nx_secure_dtls_server_notify_set")
	opServerPSKAdd                    = serviceOp("nx_secure_dtls_server_psk_add")
	opServerProtocolVersionOverride   = serviceOp("nx_secure_dtls_server_protocol_version_override")
	opSessionCreate                   = serviceOp("nx_secure_dtls_session_create")
	opSessionDelete                   = serviceOp("nx_secure_dtls_session_delete")
	opSessionReset                    = serviceOp("nx_secure_dtls_session_reset")
	opSessionStart                    = serviceOp("nx_secure_dtls_session_start")
	opClientSessionStart              = serviceOp("nx_secure_dtls_client_session_start")
	opServerSessionStart              = serviceOp("nx_secure_dtls_server_session_start")
	opSessionReceive                  = serviceOp("nx_secure_dtls_session_receive")
	opSessionEnd                      = serviceOp("nx_secure_dtls_session_end")
	opPSKAdd                          = serviceOp("nx_secure_dtls_psk_add")
	opClientProtocolVersionOverride   = serviceOp("nx_secure_dtls_client_protocol_version_override")
	opSessionClientInfoGet            = serviceOp("nx_secure_dtls_session_client_info_get")
	opTLSSessionTimeFunctionSet       = serviceOp("nx_secure_tls_session_time_function_set")
	opTLSMetadataSizeCalculate        = serviceOp("nx_secure_tls_metadata_size_calculate")
	opX509CertificateInitialize       = serviceOp("nx_secure_x509_certificate_initialize")
)

// Crypto operations, charged per call and per byte.
var (
	opAESCCM = rtos.NewOp("aes_128_ccm", map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: 1000, CyclesPerByte: 68},
		rtos.FamilyHost: {Cycles: 200, CyclesPerByte: 4},
	})
	opAESCBC = rtos.NewOp("aes_cbc", map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: 1000, CyclesPerByte: 34},
		rtos.FamilyHost: {Cycles: 200, CyclesPerByte: 2},
	})
	opHMACSHA = rtos.NewOp("hmac_sha256", map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: 9000, CyclesPerByte: 35},
		rtos.FamilyHost: {Cycles: 1000, CyclesPerByte: 5},
	})
	opSHA256 = rtos.NewOp("sha256", map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: 500, CyclesPerByte: 35},
		rtos.FamilyHost: {Cycles: 200, CyclesPerByte: 5},
	})
	opPRF = rtos.NewOp("tls_prf_sha256", map[string]rtos.Cost{
		rtos.FamilyMCU:  {Cycles: 18000, CyclesPerByte: 560},
		rtos.FamilyHost: {Cycles: 2000, CyclesPerByte: 60},
	})
)

// chargeRecord charges protecting or opening n bytes with suite c.
func chargeRecord(c *suite, n int) {
	switch c.cipher {
	case cipherCCM8, cipherGCM:
		rtos.Charge(opAESCCM, n)
	case cipherCBC:
		rtos.Charge(opAESCBC, n)
		rtos.Charge(opHMACSHA, n)
	default:
		rtos.Charge(opHMACSHA, n)
	}
}
