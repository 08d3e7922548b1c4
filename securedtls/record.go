package securedtls

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/subtle"
	"encoding/binary"

	"github.com/nxsim/nxsim/nx"
	"github.com/pion/dtls/v2/pkg/crypto/ccm"
)

// halfConn is one direction of record protection, shaped like crypto/tls's
// halfConn: the suite and keys of the current epoch. The zero value sends
// and accepts plaintext (epoch 0).
type halfConn struct {
	suite  *suite
	macKey []byte
	block  cipher.Block
	aead   cipher.AEAD
	iv     []byte // AEAD salt, or the CBC IV of the key block
	// chain is the IV of the next CBC record sent: the last ciphertext
	// block of the previous one, starting from the key block's IV
	// (nx_secure_tls_record_payload_encrypt.c).
	chain []byte
}

// keyBlock is a negotiated suite's keys, both directions.
type keyBlock struct {
	suite                *suite
	clientMAC, serverMAC []byte
	clientKey, serverKey []byte
	clientIV, serverIV   []byte
}

// set switches the direction to the suite's keys.
func (h *halfConn) set(c *suite, macKey, key, iv []byte) {
	block, err := aes.NewCipher(key)
	if err != nil && c.cipher != cipherNull {
		panic("securedtls: key length of " + c.name) // the table fixes it
	}
	*h = halfConn{suite: c, macKey: macKey, block: block, iv: iv, chain: append([]byte(nil), iv...)}
	switch c.cipher {
	case cipherCCM8:
		h.aead, _ = ccm.NewCCM(block, 8, 12)
	case cipherGCM:
		h.aead, _ = cipher.NewGCM(block)
	}
}

// active reports whether the direction protects records.
func (h *halfConn) active() bool { return h.suite != nil }

// overhead returns the bytes protection adds to a plaintext of n bytes.
func (h *halfConn) overhead(n int) int {
	if h.suite == nil {
		return 0
	}
	switch h.suite.cipher {
	case cipherCBC:
		body := n + h.suite.macLen
		return 16 + h.suite.macLen + (16 - body%16)
	case cipherGCM:
		return 8 + 16
	case cipherCCM8:
		return 8 + 8
	}
	return h.suite.macLen
}

// macInput is seq‖type‖version‖length‖content (RFC 6347 §4.1.2.1).
func macInput(hdr recordHeader, content []byte) []byte {
	b := append(hdr.nonce(), hdr.typ, byte(hdr.version>>8), byte(hdr.version))
	b = binary.BigEndian.AppendUint16(b, uint16(len(content)))
	return append(b, content...)
}

// seal protects plaintext for the record hdr (hdr.length is ignored) and
// returns the record body. AEAD nonces are the epoch and sequence; CBC IVs
// chain from the previous record, so every byte is reproducible.
func (h *halfConn) seal(hdr recordHeader, plaintext []byte) []byte {
	c := h.suite
	if c == nil {
		return append([]byte(nil), plaintext...)
	}
	chargeRecord(c, len(plaintext))
	explicit := hdr.nonce()
	switch c.cipher {
	case cipherCBC:
		mac := hmac.New(c.mac, h.macKey)
		mac.Write(macInput(hdr, plaintext))
		data := mac.Sum(append([]byte(nil), plaintext...))
		pad := 16 - len(data)%16
		for i := 0; i < pad; i++ {
			data = append(data, byte(pad-1))
		}
		iv := h.chain
		out := make([]byte, 16+len(data))
		copy(out, iv)
		cipher.NewCBCEncrypter(h.block, iv).CryptBlocks(out[16:], data)
		h.chain = append([]byte(nil), out[len(out)-16:]...)
		return out
	case cipherGCM, cipherCCM8:
		nonce := append(append([]byte(nil), h.iv...), explicit...)
		ad := macInput(hdr, nil)
		binary.BigEndian.PutUint16(ad[11:], uint16(len(plaintext)))
		return h.aead.Seal(explicit, nonce, plaintext, ad)
	}
	mac := hmac.New(c.mac, h.macKey)
	mac.Write(macInput(hdr, plaintext))
	return mac.Sum(append([]byte(nil), plaintext...))
}

// Errors of open, as NetX reports them: a decryption (padding or AEAD tag)
// failure rewinds the replay state, a MAC failure after decryption does not
// (dtls-semantics.md §2.6).
const (
	openPaddingFailed = nx.NX_SECURE_TLS_PADDING_CHECK_FAILED
	openAEADFailed    = nx.NX_SECURE_TLS_AEAD_DECRYPT_FAIL
	openMACFailed     = nx.NX_SECURE_TLS_HASH_MAC_VERIFY_FAILURE
)

// open verifies and decrypts a record body.
func (h *halfConn) open(hdr recordHeader, body []byte) ([]byte, nx.Status) {
	c := h.suite
	if c == nil {
		return body, nx.NX_SUCCESS
	}
	chargeRecord(c, len(body))
	switch c.cipher {
	case cipherCBC:
		if len(body) < 32 || len(body)%16 != 0 {
			return nil, openPaddingFailed
		}
		data := make([]byte, len(body)-16)
		cipher.NewCBCDecrypter(h.block, body[:16]).CryptBlocks(data, body[16:])
		pad := int(data[len(data)-1])
		if pad+1+c.macLen > len(data) {
			return nil, openPaddingFailed
		}
		for _, b := range data[len(data)-pad-1:] {
			if int(b) != pad {
				return nil, openPaddingFailed
			}
		}
		data = data[:len(data)-pad-1]
		content, got := data[:len(data)-c.macLen], data[len(data)-c.macLen:]
		mac := hmac.New(c.mac, h.macKey)
		mac.Write(macInput(hdr, content))
		if subtle.ConstantTimeCompare(mac.Sum(nil), got) != 1 {
			return nil, openMACFailed
		}
		return content, nx.NX_SUCCESS
	case cipherGCM, cipherCCM8:
		if len(body) < 8+h.aead.Overhead() {
			return nil, openAEADFailed
		}
		nonce := append(append([]byte(nil), h.iv...), body[:8]...)
		ad := macInput(hdr, nil)
		binary.BigEndian.PutUint16(ad[11:], uint16(len(body)-8-h.aead.Overhead()))
		out, err := h.aead.Open(nil, nonce, body[8:], ad)
		if err != nil {
			return nil, openAEADFailed
		}
		return out, nx.NX_SUCCESS
	}
	if len(body) < c.macLen {
		return nil, openMACFailed
	}
	content := body[:len(body)-c.macLen]
	mac := hmac.New(c.mac, h.macKey)
	mac.Write(macInput(hdr, content))
	if subtle.ConstantTimeCompare(mac.Sum(nil), body[len(content):]) != 1 {
		return nil, openMACFailed
	}
	return content, nx.NX_SUCCESS
}
