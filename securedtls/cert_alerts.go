package securedtls

import "github.com/nxsim/nxsim/nx"

// Alert descriptions of the certificate handshake (RFC 5246 §7.2).
const (
	alertBadCertificate         = 42
	alertUnsupportedCertificate = 43
	alertCertificateRevoked     = 44
	alertCertificateExpired     = 45
	alertCertificateUnknown     = 46
	alertUnknownCA              = 48
)

// certificateAlert is the fatal alert nx_secure_tls_map_error_to_alert.c
// sends for the certificate, key-exchange and signature errors.
func certificateAlert(st nx.Status) (byte, bool) {
	switch st {
	case nx.NX_SECURE_TLS_INVALID_SERVER_CERT, nx.NX_SECURE_TLS_INVALID_CERTIFICATE, nx.NX_SECURE_TLS_CERTIFICATE_SIG_CHECK_FAILED,
		nx.NX_SECURE_TLS_CERTIFICATE_NOT_FOUND, nx.NX_SECURE_TLS_CERTIFICATE_VERIFY_FAILURE, nx.NX_SECURE_TLS_EMPTY_REMOTE_CERTIFICATE_RECEIVED,
		nx.NX_SECURE_X509_WRONG_SIGNATURE_METHOD, nx.NX_SECURE_X509_CERTIFICATE_NOT_FOUND:
		return alertBadCertificate, true
	case nx.NX_SECURE_TLS_UNSUPPORTED_PUBLIC_CIPHER, nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_TYPE, nx.NX_SECURE_TLS_UNSUPPORTED_CERT_SIGN_ALG:
		return alertUnsupportedCertificate, true
	case nx.NX_SECURE_X509_CRL_CERTIFICATE_REVOKED:
		return alertCertificateRevoked, true
	case nx.NX_SECURE_X509_CERTIFICATE_EXPIRED, nx.NX_SECURE_X509_CERTIFICATE_NOT_YET_VALID:
		return alertCertificateExpired, true
	case nx.NX_SECURE_TLS_INVALID_SELF_SIGNED_CERT, nx.NX_SECURE_TLS_UNKNOWN_CERT_SIG_ALGORITHM:
		return alertCertificateUnknown, true
	case nx.NX_SECURE_TLS_ISSUER_CERTIFICATE_NOT_FOUND, nx.NX_SECURE_X509_CHAIN_VERIFY_FAILURE:
		return alertUnknownCA, true
	case nx.NX_SECURE_TLS_UNSUPPORTED_ECC_CURVE, nx.NX_SECURE_TLS_UNSUPPORTED_ECC_FORMAT, nx.NX_SECURE_TLS_UNSUPPORTED_SIGNATURE_ALGORITHM:
		return alertHandshakeFailure, true
	case nx.NX_SECURE_TLS_SIGNATURE_VERIFICATION_ERROR:
		return alertDecryptError, true
	}
	return 0, false
}
