package logs

import (
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

// A frame is one record on disk:
//
//	0  magic 0xC7
//	1  flags (bit 0: payload is AES-GCM sealed)
//	2  reserved (2 bytes, zero)
//	4  payload length (uint32 LE)
//	8  sequence number (uint64 LE)
//	16 record time, Unix nanoseconds (int64 LE)
//	24 CRC32C of bytes 0..23 and the payload (uint32 LE)
//	28 payload: the record's JSON, or nonce‖ciphertext‖tag when sealed
//
// Sequence number and time stay in clear so torn-tail repair, sequence
// continuation and time-range selection work without the encryption key.
const (
	frameMagic     = 0xC7
	frameHeaderLen = 28
	flagSealed     = 1

	// MaxRecordBytes bounds one stored record (payload), so a corrupt length
	// can never make the reader allocate gigabytes.
	MaxRecordBytes = 4 << 20
)

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// frameHeader is the clear part of a frame.
type frameHeader struct {
	Flags    byte
	Len      uint32
	Seq      uint64
	UnixNano int64
}

func putHeader(b []byte, h frameHeader) {
	b[0] = frameMagic
	b[1] = h.Flags
	b[2], b[3] = 0, 0
	binary.LittleEndian.PutUint32(b[4:], h.Len)
	binary.LittleEndian.PutUint64(b[8:], h.Seq)
	binary.LittleEndian.PutUint64(b[16:], uint64(h.UnixNano))
}

// sealCRC writes the CRC of a complete frame (header + payload) into place.
func sealCRC(frame []byte) {
	c := crc32.Update(0, castagnoli, frame[:24])
	c = crc32.Update(c, castagnoli, frame[frameHeaderLen:])
	binary.LittleEndian.PutUint32(frame[24:], c)
}

// parseHeader validates the fixed part; the CRC is checked by checkFrame once
// the payload is available.
func parseHeader(b []byte) (frameHeader, error) {
	if b[0] != frameMagic || b[2] != 0 || b[3] != 0 || b[1]&^flagSealed != 0 {
		return frameHeader{}, fmt.Errorf("%w: bad magic or flags", ErrCorrupt)
	}
	h := frameHeader{
		Flags:    b[1],
		Len:      binary.LittleEndian.Uint32(b[4:]),
		Seq:      binary.LittleEndian.Uint64(b[8:]),
		UnixNano: int64(binary.LittleEndian.Uint64(b[16:])),
	}
	if h.Len > MaxRecordBytes {
		return frameHeader{}, fmt.Errorf("%w: length %d exceeds %d", ErrCorrupt, h.Len, MaxRecordBytes)
	}
	return h, nil
}

func checkFrame(header, payload []byte) error {
	c := crc32.Update(0, castagnoli, header[:24])
	c = crc32.Update(c, castagnoli, payload)
	if c != binary.LittleEndian.Uint32(header[24:]) {
		return fmt.Errorf("%w: checksum mismatch", ErrCorrupt)
	}
	return nil
}
