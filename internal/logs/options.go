package logs

import "time"

// FsyncPolicy says when written records are forced to stable storage. Every
// policy survives a process crash (kill -9) for acknowledged records, because
// acknowledgement happens after write(2) returned and the data is then in the
// kernel. The policy only matters for power loss or a kernel crash.
type FsyncPolicy int

const (
	FsyncNone     FsyncPolicy = iota // the OS flushes when it likes (fastest)
	FsyncBatch                       // fsync before Append returns: nothing acknowledged is lost
	FsyncInterval                    // fsync on the first Append after FsyncInterval elapsed, and on Sync/Close
)

// Defaults.
const (
	DefaultMaxSegmentBytes = 8 << 20
	DefaultMaxSegmentAge   = time.Hour
	DefaultRetention       = 7 * 24 * time.Hour
	DefaultMaxTotalBytes   = 512 << 20
	DefaultFsyncInterval   = time.Second
)

// Options configure a Writer. Zero values mean the defaults.
type Options struct {
	Dir             string // created 0700; the app passes <OS data dir>/ccpdesk/logs
	Clock           Clock
	Fsync           FsyncPolicy
	FsyncInterval   time.Duration
	MaxSegmentBytes int64
	MaxSegmentAge   time.Duration
	Retention       time.Duration
	MaxTotalBytes   int64  // disk budget over all segments; oldest are deleted first
	EncryptionKey   []byte // nil: plain JSON payloads; else AES-GCM (16/24/32 bytes)

	fs fileSystem // test hook
}

func (o *Options) setDefaults() {
	if o.Clock == nil {
		o.Clock = systemClock{}
	}
	if o.FsyncInterval <= 0 {
		o.FsyncInterval = DefaultFsyncInterval
	}
	if o.MaxSegmentBytes <= 0 {
		o.MaxSegmentBytes = DefaultMaxSegmentBytes
	}
	if o.MaxSegmentAge <= 0 {
		o.MaxSegmentAge = DefaultMaxSegmentAge
	}
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.MaxTotalBytes <= 0 {
		o.MaxTotalBytes = DefaultMaxTotalBytes
	}
	if o.fs.create == nil {
		o.fs = osFileSystem()
	}
}

// Ack is the contiguous range of sequence numbers a call stored. It is empty
// (Count 0) when nothing was stored.
type Ack struct{ First, Last uint64 }

// Count is the number of acknowledged records.
func (a Ack) Count() int {
	if a.First == 0 || a.Last < a.First {
		return 0
	}
	return int(a.Last - a.First + 1)
}

// Stats describe the writer since it was opened.
type Stats struct {
	NextSeq    uint64
	Written    uint64 // records acknowledged
	Dropped    uint64 // records that could not be written (disk full, I/O error)
	PendingGap uint64 // dropped records not yet reported by a gap record
	Segments   int
	Bytes      int64
	Repaired   bool // a torn tail was truncated on open
	LastError  string
}
