package logparse

import (
	"archive/zip"
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"sort"
	"strings"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

// ErrNoSegments is returned for a directory without ccpdesk segments.
var ErrNoSegments = errors.New("no ccpdesk log segments (*.ccplog) in directory")

// ParseFile adds a file to the analysis: a Streams download, ccpdesk JSON
// lines, a ccpdesk segment, or a support bundle (zip) containing those.
// Damage inside a file becomes a Problem; only an unreadable file is an error.
// A directory means ccpdesk's log directory: its segments in order.
func (a *Analyzer) ParseFile(name string) error {
	if info, err := os.Stat(name); err == nil && info.IsDir() {
		segs, err := filepath.Glob(filepath.Join(name, "*.ccplog"))
		if err != nil {
			return fmt.Errorf("parse: %w", err)
		}
		if len(segs) == 0 {
			return fmt.Errorf("parse %s: %w", name, ErrNoSegments)
		}
		sort.Strings(segs) // names start with the first sequence number
		for _, seg := range segs {
			if err := a.ParseFile(seg); err != nil {
				return err
			}
		}
		return nil
	}
	f, err := os.Open(name)
	if err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	defer f.Close()
	var magic [4]byte
	if n, _ := io.ReadFull(f, magic[:]); n == 4 && string(magic[:]) == "PK\x03\x04" {
		info, err := f.Stat()
		if err != nil {
			return fmt.Errorf("parse: %w", err)
		}
		return a.parseZip(f, info.Size(), name)
	}
	if _, err := f.Seek(0, io.SeekStart); err != nil {
		return fmt.Errorf("parse: %w", err)
	}
	return a.Parse(f, name)
}

func (a *Analyzer) parseZip(r io.ReaderAt, size int64, name string) error {
	zr, err := zip.NewReader(r, size)
	if err != nil {
		return fmt.Errorf("parse %s: %w", name, err)
	}
	for _, zf := range zr.File {
		ext := path.Ext(zf.Name)
		if strings.HasPrefix(zf.Name, "extra/") || (ext != ".txt" && ext != ".jsonl" && ext != ".ccplog") {
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			a.problem(name+":"+zf.Name, 0, err.Error())
			continue
		}
		err = a.Parse(rc, name+":"+zf.Name)
		rc.Close()
		if err != nil {
			return err
		}
	}
	return nil
}

// Parse adds one input stream. name labels problems and, for Streams'
// ccp-<region>-agent-log.txt files, gives the region.
func (a *Analyzer) Parse(r io.Reader, name string) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8)
	fs := FileSummary{Name: name, Region: regionFromName(name)}
	before, beforeP := a.tl.Entries, a.tl.ProblemCount
	defer func() {
		fs.Entries = a.tl.Entries - before
		fs.Problems = a.tl.ProblemCount - beforeP
		a.tl.Files = append(a.tl.Files, fs)
	}()
	if bytes.HasPrefix(head, []byte("CCPDLOG")) {
		fs.Format = "ccpdesk-segment"
		return a.parseSegment(br, name)
	}
	s := newStream(br)
	c, ok := s.skipSpace()
	if !ok {
		if s.err != nil {
			return fmt.Errorf("parse %s: %w", name, s.err)
		}
		a.problem(name, 0, "empty file")
		return nil
	}
	switch c {
	case '[':
		fs.Format = "streams-json"
		s.pos++
		a.entries(s, name, fs.Region, true)
	case '{':
		fs.Format = "ccpdesk-jsonl"
		a.entries(s, name, fs.Region, false)
	default:
		fs.Format = "unknown"
		a.problem(name, s.offset(s.pos), fmt.Sprintf("not a CCP log: starts with %q (want a JSON array of log entries)", c))
		if s.resync() {
			a.entries(s, name, fs.Region, false)
		}
	}
	if s.err != nil {
		return fmt.Errorf("parse %s: %w", name, s.err)
	}
	return nil
}

// entries reads LogEntry objects: inside a JSON array (inArray) or as a
// sequence of objects (JSON lines).
func (a *Analyzer) entries(s *stream, name, region string, inArray bool) {
	var e Entry
	for {
		c, ok := s.skipSpace()
		if !ok {
			if inArray {
				a.problem(name, s.offset(s.pos), "truncated: the array is not closed (the file was cut short?)")
			}
			return
		}
		switch {
		case c == ']' && inArray:
			s.pos++
			if c, ok := s.skipSpace(); ok {
				a.problem(name, s.offset(s.pos), fmt.Sprintf("data after the end of the array (%q)", c))
				if s.resync() {
					inArray = false
					continue
				}
			}
			return
		case c == ',' && inArray:
			s.pos++
			continue
		case c == '{':
			start := s.offset(s.pos)
			v, err := s.readValue()
			if errors.Is(err, errTruncated) {
				a.problem(name, start, "truncated: the last entry is incomplete")
				return
			}
			if err == nil {
				e = Entry{File: name, Offset: start, Region: region}
				s.idx = index{root: v, spans: s.spans}
				if err = parseEntry(v, s.members, &s.idx, &e); err == nil {
					if e.Region == "" {
						e.Region = region
					}
					a.Add(&e)
					continue
				}
			}
			a.problem(name, start, "malformed entry: "+err.Error())
			// The bad span may have swallowed following entries: look again
			// from just after its start.
			s.pos = s.mark + 1
			if !s.resync() {
				return
			}
		default:
			a.problem(name, s.offset(s.pos), fmt.Sprintf("unexpected %q between entries", c))
			s.pos++
			if !s.resync() {
				return
			}
		}
	}
}

func (a *Analyzer) parseSegment(r io.Reader, name string) error {
	rep, err := logs.ScanSegment(r, name, a.opts.EncryptionKey, func(rec logs.Record) error {
		e := Entry{Time: rec.Time, Level: rec.Level, Component: rec.Component, Text: rec.Text, Objects: rec.Objects,
			Region: rec.Region, Source: string(rec.Source), Seq: rec.Seq, File: name}
		a.Add(&e)
		return nil
	})
	for _, p := range rep.Problems {
		a.problem(name, p.Offset, p.Err)
	}
	if err != nil {
		return fmt.Errorf("parse %s: %w", name, err)
	}
	return nil
}

// maxProblems bounds the problems listed; all are counted.
const maxProblems = 200

func (a *Analyzer) problem(file string, off int64, msg string) {
	a.tl.ProblemCount++
	if len(a.tl.Problems) < maxProblems {
		a.tl.Problems = append(a.tl.Problems, Problem{File: file, Offset: off, Msg: msg})
	}
}

// regionFromName reads the region of Streams' GR download names,
// ccp-<region>-agent-log.txt.
func regionFromName(name string) string {
	base := path.Base(strings.ReplaceAll(name, "\\", "/"))
	if i := strings.LastIndexByte(base, ':'); i >= 0 {
		base = base[i+1:]
	}
	r, ok := strings.CutPrefix(base, "ccp-")
	if !ok {
		return ""
	}
	r, ok = strings.CutSuffix(r, "-agent-log.txt")
	if !ok || r == "region" {
		return ""
	}
	return r
}
