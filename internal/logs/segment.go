package logs

import (
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

// repairTail makes the last segment appendable after a crash and returns the
// highest sequence number in it (0 if none) and its new size. Only a torn tail
// is cut: the bytes after the last whole frame. Damage followed by whole frames
// (a garbled span in the middle) is left in place for readers to skip and
// report, so no acknowledged record after it is lost.
func repairTail(path string) (lastSeq uint64, size int64, repaired bool, err error) {
	f, err := os.OpenFile(path, os.O_RDWR, 0o600)
	if err != nil {
		return 0, 0, false, fmt.Errorf("open tail segment: %w", err)
	}
	defer f.Close()
	data, err := io.ReadAll(f) // a segment is bounded by MaxSegmentBytes
	if err != nil {
		return 0, 0, false, fmt.Errorf("read tail segment: %w", err)
	}
	if len(data) < len(segmentMagic) || string(data[:len(segmentMagic)]) != segmentMagic {
		// A crash while creating the file can leave it without a full header.
		if err := f.Truncate(0); err != nil {
			return 0, 0, false, fmt.Errorf("repair tail segment header: %w", err)
		}
		if _, err := f.WriteAt([]byte(segmentMagic), 0); err != nil {
			return 0, 0, false, fmt.Errorf("repair tail segment header: %w", err)
		}
		return 0, int64(len(segmentMagic)), true, nil
	}
	end := int64(len(segmentMagic)) // end of the last whole frame
	fr := frameReader{data: data, off: len(segmentMagic), bad: func(int64, string) {}}
	for {
		h, _, _, off, ok := fr.next()
		if !ok {
			break
		}
		lastSeq = max(lastSeq, h.Seq)
		end = off + frameHeaderLen + int64(h.Len)
	}
	if end != int64(len(data)) {
		if err := f.Truncate(end); err != nil {
			return 0, 0, false, fmt.Errorf("truncate torn tail: %w", err)
		}
		repaired = true
	}
	return lastSeq, end, repaired, nil
}

func segPath(dir string, s segment) string { return filepath.Join(dir, s.name) }
