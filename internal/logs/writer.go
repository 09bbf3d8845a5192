package logs

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"sync"
	"time"
)

// Writer appends records to segment files. It is safe for concurrent use.
type Writer struct {
	mu   sync.Mutex
	opts Options
	seal *sealer

	f      segmentFile
	segs   []segment // oldest first; the last one is the active segment when f != nil
	next   uint64
	broken bool // the active file holds a torn frame we could not truncate
	closed bool

	lastSync time.Time
	buf      []byte
	ends     []int

	stats    Stats
	gapAfter uint64 // last seq written before the drops began
	gapFrom  time.Time
	gapWhy   string
}

// Open opens (or creates) the log directory, repairs a torn tail left by a
// crash, and continues the sequence.
func Open(opts Options) (*Writer, error) {
	opts.setDefaults()
	if opts.Dir == "" {
		return nil, errors.New("open logs: empty directory")
	}
	w := &Writer{opts: opts}
	if opts.EncryptionKey != nil {
		s, err := newSealer(opts.EncryptionKey)
		if err != nil {
			return nil, fmt.Errorf("open logs: %w", err)
		}
		w.seal = s
	}
	if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("open logs: %w", err)
	}
	if err := os.Chmod(opts.Dir, 0o700); err != nil {
		return nil, fmt.Errorf("open logs: %w", err)
	}
	segs, err := listSegments(opts.Dir)
	if err != nil {
		return nil, fmt.Errorf("open logs: %w", err)
	}
	w.segs = segs
	w.next = 1
	if len(segs) > 0 {
		tail := &w.segs[len(segs)-1]
		last, size, repaired, err := repairTail(segPath(opts.Dir, *tail))
		if err != nil {
			return nil, fmt.Errorf("open logs: %w", err)
		}
		tail.size = size
		w.stats.Repaired = repaired
		w.next = max(tail.firstSeq, last+1)
		f, err := opts.fs.openAppend(segPath(opts.Dir, *tail))
		if err != nil {
			return nil, fmt.Errorf("open logs: %w", err)
		}
		w.f = f
	}
	w.lastSync = opts.Clock.Now()
	w.enforce(w.lastSync)
	return w, nil
}

// Append stores a batch. Records get consecutive sequence numbers (their Seq
// field is ignored) and are acknowledged once written. On a full disk the
// records that did not fit are dropped and counted, the error wraps
// ErrDiskFull, and a gap record is written as soon as writing works again.
func (w *Writer) Append(batch []Record) (Ack, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return Ack{}, ErrClosed
	}
	if len(batch) == 0 {
		return Ack{}, nil
	}
	now := w.opts.Clock.Now()
	if err := w.writeGap(now); err != nil {
		w.drop(len(batch), now, err)
		return Ack{}, fmt.Errorf("append %d records: %w", len(batch), err)
	}
	ack, err := w.write(batch, now)
	if err != nil {
		w.drop(len(batch)-ack.Count(), now, err)
		return ack, fmt.Errorf("append %d records (%d stored): %w", len(batch), ack.Count(), err)
	}
	if err := w.syncPolicy(now); err != nil {
		return ack, err
	}
	return ack, nil
}

func (w *Writer) syncPolicy(now time.Time) error {
	switch w.opts.Fsync {
	case FsyncBatch:
	case FsyncInterval:
		if now.Sub(w.lastSync) < w.opts.FsyncInterval {
			return nil
		}
	default:
		return nil
	}
	return w.syncLocked(now)
}

func (w *Writer) syncLocked(now time.Time) error {
	w.lastSync = now
	if w.f == nil {
		return nil
	}
	if err := w.f.Sync(); err != nil {
		w.stats.LastError = err.Error()
		return fmt.Errorf("fsync log segment: %w: %w", ErrSync, err)
	}
	return nil
}

// Sync forces written records to stable storage.
func (w *Writer) Sync() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	return w.syncLocked(w.opts.Clock.Now())
}

// write frames a batch and writes it with one write(2). On a short write it
// keeps the whole frames that made it and truncates the rest.
func (w *Writer) write(batch []Record, now time.Time) (Ack, error) {
	if err := w.rotateIfNeeded(now); err != nil {
		return Ack{}, err
	}
	w.buf = w.buf[:0]
	w.ends = w.ends[:0]
	for i := range batch {
		rec := batch[i]
		rec.Seq = w.next + uint64(i)
		rec.normalize(now)
		w.buf = w.appendFrame(w.buf, &rec)
		w.ends = append(w.ends, len(w.buf))
	}
	n, err := w.f.Write(w.buf)
	if err == nil && n == len(w.buf) {
		ack := Ack{First: w.next, Last: w.next + uint64(len(batch)) - 1}
		w.next += uint64(len(batch))
		w.addSize(int64(n))
		w.stats.Written += uint64(len(batch))
		return ack, nil
	}
	if err == nil {
		err = errors.New("short write")
	}
	kept, keptBytes := 0, 0
	for kept < len(w.ends) && w.ends[kept] <= n {
		keptBytes = w.ends[kept]
		kept++
	}
	if n > keptBytes {
		if terr := w.f.Truncate(w.segs[len(w.segs)-1].size + int64(keptBytes)); terr != nil {
			w.broken = true // never append after a torn frame: rotate next time
		}
	}
	w.addSize(int64(keptBytes))
	var ack Ack
	if kept > 0 {
		ack = Ack{First: w.next, Last: w.next + uint64(kept) - 1}
		w.next += uint64(kept)
		w.stats.Written += uint64(kept)
	}
	return ack, fmt.Errorf("%w: %w", classify(err), err)
}

func (w *Writer) addSize(n int64) { w.segs[len(w.segs)-1].size += n }

// appendFrame encodes one record. A record that cannot be encoded or is too
// large is stored in a reduced form rather than lost.
func (w *Writer) appendFrame(dst []byte, rec *Record) []byte {
	js, err := json.Marshal(rec)
	if err != nil || len(js) > MaxRecordBytes-64 {
		why := "invalid JSON"
		if err == nil {
			why = "too large"
		}
		rec.Objects = emptyArray
		rec.Text = truncate(rec.Text, 64<<10) + " [ccpdesk: objects dropped: " + why + "]"
		if rec.Exception != nil {
			rec.Exception.Stack = nil
			rec.Exception.Message = truncate(rec.Exception.Message, 4<<10)
		}
		js, _ = json.Marshal(rec)
	}
	start := len(dst)
	dst = append(dst, make([]byte, frameHeaderLen)...)
	h := frameHeader{Seq: rec.Seq, UnixNano: rec.Time.UnixNano(), Len: uint32(len(js))}
	if w.seal != nil {
		h.Flags = flagSealed
		h.Len = uint32(len(js) + w.seal.overhead())
		putHeader(dst[start:], h)
		dst = w.seal.seal(dst, dst[start:start+frameHeaderLen], js, rec.Seq)
	} else {
		putHeader(dst[start:], h)
		dst = append(dst, js...)
	}
	sealCRC(dst[start:])
	return dst
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

// Stats returns counters.
func (w *Writer) Stats() Stats {
	w.mu.Lock()
	defer w.mu.Unlock()
	s := w.stats
	s.NextSeq = w.next
	s.Segments = len(w.segs)
	for _, seg := range w.segs {
		s.Bytes += seg.size
	}
	return s
}

// Close writes a pending gap record if it can, syncs and closes.
func (w *Writer) Close() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return nil
	}
	now := w.opts.Clock.Now()
	gapErr := w.writeGap(now)
	w.closed = true
	if w.f == nil {
		return gapErr
	}
	var err error
	if w.opts.Fsync != FsyncNone {
		err = w.f.Sync()
	}
	if cerr := w.f.Close(); err == nil {
		err = cerr
	}
	w.f = nil
	if err != nil {
		return fmt.Errorf("close log segment: %w", err)
	}
	if gapErr != nil {
		return fmt.Errorf("close logs: %d dropped records not reported: %w", w.stats.PendingGap, gapErr)
	}
	return nil
}
