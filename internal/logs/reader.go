package logs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// ReadOptions select records from a log directory.
type ReadOptions struct {
	Dir           string
	EncryptionKey []byte    // needed for sealed records; without it they are reported, not returned
	From, To      time.Time // inclusive bounds on record time; zero means unbounded
}

// Problem is a damaged or unreadable part of a segment. Reading continues
// with the next segment (or record), so one bad spot never hides the rest.
type Problem struct {
	File   string `json:"file"`
	Offset int64  `json:"offset"`
	Err    string `json:"error"`
}

// ReadReport summarises a read.
type ReadReport struct {
	Segments     int       `json:"segments"`
	Records      int       `json:"records"`
	Problems     []Problem `json:"problems,omitempty"` // the first MaxProblems
	ProblemCount int       `json:"problemCount"`       // all of them
}

// MaxProblems bounds the problems listed in a report (an encrypted log read
// without its key would otherwise list every record).
const MaxProblems = 100

func (r *ReadReport) add(p Problem) {
	r.ProblemCount++
	if len(r.Problems) < MaxProblems {
		r.Problems = append(r.Problems, p)
	}
}

// segmentSlack allows for records written a while after their own time (a
// delayed frontend batch) when whole segments are skipped by creation time.
const segmentSlack = 15 * time.Minute

// ReadDir calls fn for every record in dir in sequence order. An error from fn
// stops the read and is returned.
func ReadDir(opts ReadOptions, fn func(Record) error) (ReadReport, error) {
	var rep ReadReport
	segs, err := listSegments(opts.Dir)
	if err != nil {
		return rep, err
	}
	var open *sealer
	if opts.EncryptionKey != nil {
		if open, err = newSealer(opts.EncryptionKey); err != nil {
			return rep, err
		}
	}
	for i, s := range segs {
		// A segment holds records up to the next segment's creation, so whole
		// segments outside the range are skipped unread.
		if !opts.From.IsZero() && i+1 < len(segs) && segs[i+1].created.Before(opts.From.Add(-segmentSlack)) {
			continue
		}
		if !opts.To.IsZero() && s.created.After(opts.To.Add(segmentSlack)) {
			continue
		}
		rep.Segments++
		err := readSegmentFile(segPath(opts.Dir, s), s.name, open, opts, &rep, fn)
		if err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func readSegmentFile(path, name string, open *sealer, opts ReadOptions, rep *ReadReport, fn func(Record) error) error {
	f, err := os.Open(path)
	if err != nil {
		if errors.Is(err, os.ErrNotExist) { // deleted by retention meanwhile
			return nil
		}
		rep.add(Problem{File: name, Err: err.Error()})
		return nil
	}
	defer f.Close()
	return scanSegment(f, name, open, opts.From, opts.To, rep, fn)
}

// ScanSegment reads one segment file (for example one handed to
// `ccpdesk logs parse`). key may be nil for plain segments.
func ScanSegment(r io.Reader, name string, key []byte, fn func(Record) error) (ReadReport, error) {
	var rep ReadReport
	var open *sealer
	if key != nil {
		var err error
		if open, err = newSealer(key); err != nil {
			return rep, err
		}
	}
	rep.Segments = 1
	err := scanSegment(r, name, open, time.Time{}, time.Time{}, &rep, fn)
	return rep, err
}

func scanSegment(r io.Reader, name string, open *sealer, from, to time.Time, rep *ReadReport, fn func(Record) error) error {
	data, err := io.ReadAll(r)
	if err != nil {
		rep.add(Problem{File: name, Err: err.Error()})
		return nil
	}
	if len(data) < len(segmentMagic) || string(data[:len(segmentMagic)]) != segmentMagic {
		rep.add(Problem{File: name, Err: fmt.Sprintf("%v: not a ccpdesk log segment", ErrCorrupt)})
		return nil
	}
	fr := frameReader{data: data, off: len(segmentMagic), bad: func(off int64, msg string) {
		rep.add(Problem{File: name, Offset: off, Err: msg})
	}}
	for {
		h, header, payload, off, ok := fr.next()
		if !ok {
			return nil
		}
		t := time.Unix(0, h.UnixNano)
		if (!from.IsZero() && t.Before(from)) || (!to.IsZero() && t.After(to)) {
			continue
		}
		if h.Flags&flagSealed != 0 {
			if open == nil {
				rep.add(Problem{File: name, Offset: off, Err: fmt.Sprintf("seq %d: %v: no key", h.Seq, ErrDecrypt)})
				continue
			}
			if payload, err = open.open(header, payload); err != nil {
				rep.add(Problem{File: name, Offset: off, Err: fmt.Sprintf("seq %d: %v", h.Seq, err)})
				continue
			}
		}
		var rec Record
		if err := json.Unmarshal(payload, &rec); err != nil {
			rep.add(Problem{File: name, Offset: off, Err: fmt.Sprintf("seq %d: %v", h.Seq, err)})
			continue
		}
		rec.Seq = h.Seq
		rep.Records++
		if err := fn(rec); err != nil {
			return err
		}
	}
}

// frameReader reads a whole segment's frames from memory, for readers. Unlike
// repairTail's scanner, which must stop at the first bad frame (that is where a
// torn tail is cut), it skips a damaged span and resynchronises at the next
// frame whose header and CRC check out: damage in the middle of a segment costs
// only the damaged records.
type frameReader struct {
	data []byte
	off  int
	bad  func(off int64, msg string)
}

func (r *frameReader) next() (h frameHeader, header, payload []byte, off int64, ok bool) {
	for r.off < len(r.data) {
		h, err := frameAt(r.data, r.off)
		if err == nil {
			start := r.off
			r.off += frameHeaderLen + int(h.Len)
			return h, r.data[start : start+frameHeaderLen], r.data[start+frameHeaderLen : r.off], int64(start), true
		}
		next := r.resync(r.off + 1)
		if next < len(r.data) {
			r.bad(int64(r.off), fmt.Sprintf("%v at offset %d; skipped %d bytes to the next whole frame", err, r.off, next-r.off))
		} else {
			r.bad(int64(r.off), fmt.Sprintf("%v at offset %d; no whole frame in the last %d bytes", err, r.off, len(r.data)-r.off))
		}
		r.off = next
	}
	return frameHeader{}, nil, nil, 0, false
}

// resync returns the offset of the next whole frame at or after from, or len(data).
func (r *frameReader) resync(from int) int {
	for i := from; i < len(r.data); i++ {
		j := bytes.IndexByte(r.data[i:], frameMagic)
		if j < 0 {
			break
		}
		i += j
		if _, err := frameAt(r.data, i); err == nil {
			return i
		}
	}
	return len(r.data)
}

// frameAt checks the frame starting at off: header, length and CRC.
func frameAt(data []byte, off int) (frameHeader, error) {
	if len(data)-off < frameHeaderLen {
		return frameHeader{}, fmt.Errorf("%w: torn frame header", ErrCorrupt)
	}
	header := data[off : off+frameHeaderLen]
	h, err := parseHeader(header)
	if err != nil {
		return frameHeader{}, err
	}
	end := off + frameHeaderLen + int(h.Len)
	if end > len(data) {
		return frameHeader{}, fmt.Errorf("%w: torn frame", ErrCorrupt)
	}
	if err := checkFrame(header, data[off+frameHeaderLen:end]); err != nil {
		return frameHeader{}, err
	}
	return h, nil
}
