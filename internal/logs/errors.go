package logs

import "errors"

// Sentinel errors. Wrapped errors add the detail; callers test with errors.Is.
var (
	ErrClosed         = errors.New("logs: writer closed")
	ErrDiskFull       = errors.New("logs: disk full, records dropped")
	ErrWrite          = errors.New("logs: write failed, records dropped")
	ErrSync           = errors.New("logs: fsync failed (records written, durability unknown)")
	ErrKey            = errors.New("logs: invalid key")
	ErrCorrupt        = errors.New("logs: corrupt frame")
	ErrDecrypt        = errors.New("logs: cannot decrypt record")
	ErrRecordTooLarge = errors.New("logs: record too large")

	// Ingest errors that reject a whole batch (nothing of it is stored; the
	// caller still holds it and can split or fix it).
	ErrBatchTooLarge  = errors.New("logs: batch too large")
	ErrTooManyRecords = errors.New("logs: too many records in batch")
	ErrMalformedBatch = errors.New("logs: malformed batch")
	ErrInvalidSource  = errors.New("logs: invalid source")
)
