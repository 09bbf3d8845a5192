package logs

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Segment files are named <first seq, 20 digits>-<creation Unix ms>.ccplog so
// that lexical order is write order and a segment's age is known without
// reading it. Every file starts with an 8-byte magic.
const (
	segmentExt   = ".ccplog"
	segmentMagic = "CCPDLOG\x01"
)

type segment struct {
	name     string
	firstSeq uint64
	created  time.Time
	size     int64
}

func segmentName(firstSeq uint64, created time.Time) string {
	return fmt.Sprintf("%020d-%d%s", firstSeq, created.UnixMilli(), segmentExt)
}

func parseSegmentName(name string) (segment, bool) {
	base, ok := strings.CutSuffix(name, segmentExt)
	if !ok {
		return segment{}, false
	}
	seqStr, msStr, ok := strings.Cut(base, "-")
	if !ok || len(seqStr) != 20 {
		return segment{}, false
	}
	seq, err1 := strconv.ParseUint(seqStr, 10, 64)
	ms, err2 := strconv.ParseInt(msStr, 10, 64)
	if err1 != nil || err2 != nil {
		return segment{}, false
	}
	return segment{name: name, firstSeq: seq, created: time.UnixMilli(ms).UTC()}, true
}

// listSegments returns the segments of dir in write order.
func listSegments(dir string) ([]segment, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, fmt.Errorf("list log segments: %w", err)
	}
	var segs []segment
	for _, e := range entries {
		s, ok := parseSegmentName(e.Name())
		if !ok || !e.Type().IsRegular() {
			continue
		}
		if info, err := e.Info(); err == nil {
			s.size = info.Size()
		}
		segs = append(segs, s)
	}
	slices.SortFunc(segs, func(a, b segment) int { return strings.Compare(a.name, b.name) })
	return segs, nil
}

// frameScanner reads frames from a segment. It stops at the first frame that
// is incomplete or fails its checks and reports the offset where the valid
// data ends, which is where a torn tail is truncated.
type frameScanner struct {
	r      *bufio.Reader
	off    int64 // end of the last valid frame
	header [frameHeaderLen]byte
	buf    []byte
	err    error // why scanning stopped; nil at a clean end
}

func newFrameScanner(r io.Reader) (*frameScanner, error) {
	br := bufio.NewReaderSize(r, 256<<10)
	var magic [len(segmentMagic)]byte
	if _, err := io.ReadFull(br, magic[:]); err != nil {
		return nil, fmt.Errorf("%w: segment header: %w", ErrCorrupt, err)
	}
	if string(magic[:]) != segmentMagic {
		return nil, fmt.Errorf("%w: not a ccpdesk log segment", ErrCorrupt)
	}
	return &frameScanner{r: br, off: int64(len(segmentMagic))}, nil
}

// next returns the next valid frame. The payload is only valid until the
// following call.
func (s *frameScanner) next() (frameHeader, []byte, bool) {
	if s.err != nil {
		return frameHeader{}, nil, false
	}
	n, err := io.ReadFull(s.r, s.header[:])
	if err != nil {
		if n > 0 || !errors.Is(err, io.EOF) {
			s.err = fmt.Errorf("%w: torn frame header at offset %d", ErrCorrupt, s.off)
		}
		return frameHeader{}, nil, false
	}
	h, err := parseHeader(s.header[:])
	if err != nil {
		s.err = fmt.Errorf("at offset %d: %w", s.off, err)
		return frameHeader{}, nil, false
	}
	if cap(s.buf) < int(h.Len) {
		s.buf = make([]byte, h.Len)
	}
	s.buf = s.buf[:h.Len]
	if _, err := io.ReadFull(s.r, s.buf); err != nil {
		s.err = fmt.Errorf("%w: torn frame at offset %d", ErrCorrupt, s.off)
		return frameHeader{}, nil, false
	}
	if err := checkFrame(s.header[:], s.buf); err != nil {
		s.err = fmt.Errorf("at offset %d: %w", s.off, err)
		return frameHeader{}, nil, false
	}
	s.off += frameHeaderLen + int64(h.Len)
	return h, s.buf, true
}

// repairTail scans the last segment, truncates anything after the last whole
// frame and returns the last sequence number found (0 if none) and the new
// size.
func repairTail(path string) (lastSeq uint64, size int64, repaired bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0o600)
	if err != nil {
		return 0, 0, false, fmt.Errorf("open tail segment: %w", err)
	}
	defer f.Close()
	sc, err := newFrameScanner(f)
	if err != nil {
		// A crash while creating the file can leave it without a full header.
		if err := f.Truncate(0); err != nil {
			return 0, 0, false, fmt.Errorf("repair tail segment header: %w", err)
		}
		if _, err := f.WriteAt([]byte(segmentMagic), 0); err != nil {
			return 0, 0, false, fmt.Errorf("repair tail segment header: %w", err)
		}
		return 0, int64(len(segmentMagic)), true, nil
	}
	for {
		h, _, ok := sc.next()
		if !ok {
			break
		}
		lastSeq = h.Seq
	}
	info, err := f.Stat()
	if err != nil {
		return 0, 0, false, fmt.Errorf("stat tail segment: %w", err)
	}
	if info.Size() != sc.off {
		if err := f.Truncate(sc.off); err != nil {
			return 0, 0, false, fmt.Errorf("truncate torn tail: %w", err)
		}
		repaired = true
	}
	return lastSeq, sc.off, repaired, nil
}

func segPath(dir string, s segment) string { return filepath.Join(dir, s.name) }
