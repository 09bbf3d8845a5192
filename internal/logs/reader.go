package logs

import (
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
	sc, err := newFrameScanner(r)
	if err != nil {
		rep.add(Problem{File: name, Err: err.Error()})
		return nil
	}
	for {
		off := sc.off
		h, payload, ok := sc.next()
		if !ok {
			break
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
			if payload, err = open.open(sc.header[:], payload); err != nil {
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
	if sc.err != nil {
		rep.add(Problem{File: name, Offset: sc.off, Err: sc.err.Error()})
	}
	return nil
}
