package nx

// NetX Secure constants a DTLS application uses (nx_secure_tls.h,
// nx_secure_dtls.h, nx_secure_x509.h), with their C values.
const (
	// NX_SECURE_TLS_ID marks an initialized TLS session (nx_secure_tls_id).
	NX_SECURE_TLS_ID = 0x544C5320
	// NX_SECURE_DTLS_VERSION_1_0 is DTLS 1.0 on the wire.
	NX_SECURE_DTLS_VERSION_1_0 = 0xFEFF
	// NX_SECURE_DTLS_VERSION_1_2 is DTLS 1.2 on the wire.
	NX_SECURE_DTLS_VERSION_1_2 = 0xFEFD

	// NX_SECURE_X509_KEY_TYPE_NONE: no private key.
	NX_SECURE_X509_KEY_TYPE_NONE = 0
	// NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER: a PKCS#1 DER RSA private key.
	NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER = 1
	// NX_SECURE_X509_KEY_TYPE_EC_DER: an RFC 5915 ECPrivateKey.
	NX_SECURE_X509_KEY_TYPE_EC_DER = 2
	// NX_SECURE_X509_KEY_TYPE_HARDWARE: a key held by hardware.
	NX_SECURE_X509_KEY_TYPE_HARDWARE = 3
	// NX_SECURE_X509_KEY_TYPE_USER_DEFINED_MASK: key types with these bits
	// are user-defined and stored opaque.
	NX_SECURE_X509_KEY_TYPE_USER_DEFINED_MASK = 0xFFFF0000

	// NX_SECURE_TLS_ALERT_LEVEL_WARNING is alert level 1.
	NX_SECURE_TLS_ALERT_LEVEL_WARNING = 1
	// NX_SECURE_TLS_ALERT_LEVEL_FATAL is alert level 2.
	NX_SECURE_TLS_ALERT_LEVEL_FATAL = 2
)
