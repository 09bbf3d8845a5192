package logs

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"fmt"
)

// sealer encrypts each record on its own with AES-GCM, so a torn tail loses
// at most the torn record and every whole frame stays decryptable. The frame
// header is the additional data: a record cannot be moved to another sequence
// number or time undetected.
type sealer struct {
	aead cipher.AEAD
	base [12]byte // random per writer; the sequence number is XORed in
}

func newSealer(key []byte) (*sealer, error) {
	switch len(key) {
	case 16, 24, 32:
	default:
		return nil, fmt.Errorf("%w: encryption key must be 16, 24 or 32 bytes, got %d", ErrKey, len(key))
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKey, err)
	}
	s := &sealer{aead: aead}
	if _, err := rand.Read(s.base[:]); err != nil {
		return nil, fmt.Errorf("encryption nonce: %w", err)
	}
	return s, nil
}

func (s *sealer) overhead() int { return 12 + s.aead.Overhead() }

// seal appends nonce‖ciphertext‖tag of plain to dst. Nonces are unique per
// record: a random 96-bit base per writer with the (unique) sequence number
// mixed in.
func (s *sealer) seal(dst, header, plain []byte, seq uint64) []byte {
	var nonce [12]byte
	nonce = s.base
	binary.LittleEndian.PutUint64(nonce[4:], binary.LittleEndian.Uint64(s.base[4:])^seq)
	dst = append(dst, nonce[:]...)
	return s.aead.Seal(dst, nonce[:], plain, header[:24])
}

func (s *sealer) open(header, payload []byte) ([]byte, error) {
	if len(payload) < s.overhead() {
		return nil, fmt.Errorf("%w: payload too short", ErrDecrypt)
	}
	plain, err := s.aead.Open(nil, payload[:12], payload[12:], header[:24])
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrDecrypt, err)
	}
	return plain, nil
}
