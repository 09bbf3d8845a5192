package logs

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"
)

// rotateIfNeeded starts a new segment when there is none, the current one is
// full or old, or it holds a torn frame.
func (w *Writer) rotateIfNeeded(now time.Time) error {
	if w.f != nil && !w.broken {
		cur := w.segs[len(w.segs)-1]
		empty := cur.size <= int64(len(segmentMagic))
		if empty || (cur.size < w.opts.MaxSegmentBytes && now.Sub(cur.created) < w.opts.MaxSegmentAge) {
			return nil
		}
	}
	if w.f != nil {
		if w.opts.Fsync != FsyncNone {
			_ = w.f.Sync() // best effort: the old segment is complete either way
		}
		_ = w.f.Close()
		w.f = nil
	}
	seg := segment{name: segmentName(w.next, now), firstSeq: w.next, created: now}
	path := segPath(w.opts.Dir, seg)
	f, err := w.opts.fs.create(path)
	if err != nil {
		return fmt.Errorf("%w: create log segment: %w", classify(err), err)
	}
	if n, err := f.Write([]byte(segmentMagic)); err != nil || n != len(segmentMagic) {
		_ = f.Close()
		_ = os.Remove(path)
		if err == nil {
			err = errors.New("short write")
		}
		return fmt.Errorf("%w: write segment header: %w", classify(err), err)
	}
	if w.opts.Fsync != FsyncNone {
		syncDir(w.opts.Dir)
	}
	seg.size = int64(len(segmentMagic))
	w.f, w.broken = f, false
	w.segs = append(w.segs, seg)
	w.enforce(now)
	return nil
}

// syncDir makes a new file's directory entry durable (no-op where the OS
// cannot fsync directories).
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		_ = d.Sync()
		_ = d.Close()
	}
}

// enforce deletes closed segments older than the retention period (a closed
// segment ends when the next one was created) and, oldest first, whatever
// exceeds the disk budget. The active segment is never deleted.
func (w *Writer) enforce(now time.Time) {
	var total int64
	for _, s := range w.segs {
		total += s.size
	}
	for len(w.segs) > 1 {
		old, end := w.segs[0], w.segs[1].created
		if now.Sub(end) <= w.opts.Retention && total <= w.opts.MaxTotalBytes {
			break
		}
		if err := os.Remove(filepath.Join(w.opts.Dir, old.name)); err != nil && !errors.Is(err, os.ErrNotExist) {
			w.stats.LastError = err.Error()
			break
		}
		total -= old.size
		w.segs = w.segs[1:]
	}
}

// Maintain applies retention and the disk budget and, with FsyncInterval,
// syncs when due. The app calls it from a timer so retention also happens
// while nothing is logged.
func (w *Writer) Maintain() error {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return ErrClosed
	}
	now := w.opts.Clock.Now()
	w.enforce(now)
	return w.syncPolicy(now)
}
