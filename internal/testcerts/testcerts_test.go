package testcerts

import (
	"crypto/x509"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/nxsim/nxsim/nx"
)

// TestEveryIdentityParses checks each certificate and key in the form the
// engine reads them, its validity window and that its issuer signed it.
func TestEveryIdentityParses(t *testing.T) {
	issuers := map[string]string{
		"rsa-server": "rsa-ca", "rsa-client": "rsa-ca", "ec-server": "ec-ca", "ec-server-rsaca": "rsa-ca",
		"ec384-server": "ec-ca", "ec-server-ec384ca": "ec384-ca", "ec-client": "ec-ca",
		"ec-client-untrusted": "other-ca", "rsa-expired": "rsa-ca", "rsa-large": "rsa-ca",
	}
	for _, name := range Names {
		t.Run(name, func(t *testing.T) {
			id := Get(name)
			cert, err := x509.ParseCertificate(id.CertDER)
			require.NoError(t, err)
			switch id.KeyType {
			case nx.NX_SECURE_X509_KEY_TYPE_RSA_PKCS1_DER:
				_, err = x509.ParsePKCS1PrivateKey(id.KeyDER)
			default:
				_, err = x509.ParseECPrivateKey(id.KeyDER)
			}
			require.NoError(t, err)
			if name != "rsa-expired" {
				assert.Equal(t, 2000, cert.NotBefore.Year())
				assert.Equal(t, 9999, cert.NotAfter.Year())
			}
			issuer, ok := issuers[name]
			if !ok { // a CA or a self-signed leaf
				assert.NoError(t, cert.CheckSignature(cert.SignatureAlgorithm, cert.RawTBSCertificate, cert.Signature))
			} else {
				signer, err := x509.ParseCertificate(Get(issuer).CertDER)
				require.NoError(t, err)
				assert.NoError(t, cert.CheckSignatureFrom(signer))
			}
			_, err = os.Stat(Path(name, "crt.pem"))
			assert.NoError(t, err)
		})
	}
}
