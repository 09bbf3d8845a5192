package logs

import (
	"errors"
	"os"
)

// segmentFile is the part of *os.File the writer uses; tests inject faults
// through it (the real full-disk test uses a tiny tmpfs instead).
type segmentFile interface {
	Write(p []byte) (int, error)
	Truncate(size int64) error
	Sync() error
	Close() error
}

type fileSystem struct {
	// create makes a new segment file (exclusive, 0600, append-only).
	create func(path string) (segmentFile, error)
	// openAppend reopens the tail segment after a restart.
	openAppend func(path string) (segmentFile, error)
}

func osFileSystem() fileSystem {
	return fileSystem{
		create: func(path string) (segmentFile, error) {
			return os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL|os.O_APPEND, 0o600)
		},
		openAppend: func(path string) (segmentFile, error) {
			return os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0o600)
		},
	}
}

// classify maps a write error to ErrDiskFull or ErrWrite.
func classify(err error) error {
	if isDiskFull(err) {
		return ErrDiskFull
	}
	return ErrWrite
}

func isDiskFull(err error) bool {
	for _, e := range diskFullErrors {
		if errors.Is(err, e) {
			return true
		}
	}
	return false
}
