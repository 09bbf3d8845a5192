package logs

import (
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// ExportOptions select what goes into a support bundle.
type ExportOptions struct {
	Dir           string
	EncryptionKey []byte
	From, To      time.Time // inclusive; zero means unbounded
	// Extras are added under extra/ (redacted effective configuration,
	// system information). They are redacted with Redactor first.
	Extras   map[string][]byte
	Redactor *Redactor
	Now      time.Time // for the manifest; zero means time.Now
}

// ExportSummary describes a bundle.
type ExportSummary struct {
	Generated time.Time      `json:"generated" ts_type:"string"`
	From      time.Time      `json:"from,omitzero" ts_type:"string"`
	To        time.Time      `json:"to,omitzero" ts_type:"string"`
	Files     map[string]int `json:"files"` // file name → records
	Gaps      []string       `json:"gaps,omitempty"`
	Problems  []Problem      `json:"problems,omitempty"`
	Redaction string         `json:"redaction"`
}

// Bundle file names. Streams' Global Resiliency download names each CCP's
// file ccp-<region>-agent-log.txt (src/core.js, "region" when unknown).
const (
	crmFileName     = "crm-agent-log.txt"
	ccpdeskFileName = "ccpdesk-log.jsonl"
	manifestName    = "manifest.json"
)

// StreamsFileName is the bundle file for a regional CCP's Streams log.
func StreamsFileName(region string) string {
	if region == "" {
		region = "region"
	}
	return "ccp-" + region + "-agent-log.txt"
}

func bundleFile(rec *Record) string {
	switch rec.Source {
	case SourceStreamsCCP:
		return StreamsFileName(rec.Region)
	case SourceStreamsCRM:
		return crmFileName
	}
	return ccpdeskFileName
}

// Export writes a zip bundle for support. Records are read one file at a time
// (one pass over the segments per output file) so memory stays flat and
// decrypted data never touches a temporary file.
func Export(w io.Writer, opts ExportOptions) (ExportSummary, error) {
	if opts.Redactor == nil {
		return ExportSummary{}, fmt.Errorf("export: %w: a redactor is required", ErrKey)
	}
	now := opts.Now
	if now.IsZero() {
		now = time.Now()
	}
	sum := ExportSummary{Generated: now.UTC(), From: opts.From, To: opts.To, Files: map[string]int{},
		Redaction: "phone numbers, e-mail addresses, names, contact attributes, tokens and presigned URLs replaced by keyed pseudonyms before storage"}
	ro := ReadOptions{Dir: opts.Dir, EncryptionKey: opts.EncryptionKey, From: opts.From, To: opts.To}

	rep, err := ReadDir(ro, func(r Record) error {
		sum.Files[bundleFile(&r)]++
		if r.Source == SourceGo && strings.HasPrefix(r.Text, GapText) {
			sum.Gaps = append(sum.Gaps, fmt.Sprintf("seq %d: %s", r.Seq, r.Text))
		}
		return nil
	})
	if err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	sum.Problems = rep.Problems

	zw := zip.NewWriter(w)
	names := make([]string, 0, len(sum.Files))
	for n := range sum.Files {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, name := range names {
		if err := exportFile(zw, name, ro, now); err != nil {
			return sum, fmt.Errorf("export %s: %w", name, err)
		}
	}
	extraNames := make([]string, 0, len(opts.Extras))
	for n := range opts.Extras {
		extraNames = append(extraNames, n)
	}
	slices.Sort(extraNames)
	for _, n := range extraNames {
		fw, err := zw.CreateHeader(&zip.FileHeader{Name: "extra/" + safeName(n), Method: zip.Deflate, Modified: now})
		if err != nil {
			return sum, fmt.Errorf("export extra %s: %w", n, err)
		}
		if _, err := fw.Write(redactExtra(opts.Redactor, n, opts.Extras[n])); err != nil {
			return sum, fmt.Errorf("export extra %s: %w", n, err)
		}
	}
	mf, err := zw.CreateHeader(&zip.FileHeader{Name: manifestName, Method: zip.Deflate, Modified: now})
	if err != nil {
		return sum, fmt.Errorf("export manifest: %w", err)
	}
	enc := json.NewEncoder(mf)
	enc.SetIndent("", "  ")
	if err := enc.Encode(sum); err != nil {
		return sum, fmt.Errorf("export manifest: %w", err)
	}
	if err := zw.Close(); err != nil {
		return sum, fmt.Errorf("export: %w", err)
	}
	return sum, nil
}

var errStop = errors.New("stop")

func exportFile(zw *zip.Writer, name string, ro ReadOptions, now time.Time) error {
	fw, err := zw.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: now})
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(fw, 256<<10)
	streams := name != ccpdeskFileName
	first := true
	if streams {
		bw.WriteString("[\n")
	}
	var line []byte
	_, err = ReadDir(ro, func(r Record) error {
		if bundleFile(&r) != name {
			return nil
		}
		if streams {
			line, err = MarshalStreamsEntry(line[:0], &r)
			if !first {
				bw.WriteString(",\n")
			}
			bw.WriteString("    ")
		} else {
			line, err = json.Marshal(r)
		}
		if err != nil {
			return err
		}
		first = false
		bw.Write(line)
		if !streams {
			bw.WriteByte('\n')
		}
		return nil
	})
	if err != nil {
		return err
	}
	if streams {
		bw.WriteString("\n]\n")
	}
	return bw.Flush()
}

// streamsEntry is Streams' LogEntry as JSON.stringify writes it.
type streamsEntry struct {
	Component       string          `json:"component"`
	Level           string          `json:"level"`
	Text            string          `json:"text"`
	Time            string          `json:"time"`
	TabID           *string         `json:"tabId"`
	Exception       *Exception      `json:"exception"`
	Objects         json.RawMessage `json:"objects"`
	Line            int             `json:"line"`
	AgentResourceID *string         `json:"agentResourceId"`
	LoggerID        *string         `json:"loggerId"`
	ContextLayer    *string         `json:"contextLayer,omitempty"`
}

// StreamsTimeFormat is JavaScript's Date.prototype.toISOString.
const StreamsTimeFormat = "2006-01-02T15:04:05.000Z"

// MarshalStreamsEntry appends r as a Streams LogEntry (what the AWS CCP Log
// Parser reads: ISO time, objects array, string text).
func MarshalStreamsEntry(dst []byte, r *Record) ([]byte, error) {
	nz := func(s string) *string {
		if s == "" {
			return nil
		}
		return &s
	}
	objs := r.Objects
	if len(objs) == 0 {
		objs = emptyArray
	}
	e := streamsEntry{Component: r.Component, Level: r.Level, Text: r.Text, Time: r.Time.UTC().Format(StreamsTimeFormat),
		TabID: nz(r.TabID), Exception: r.Exception, Objects: objs, Line: r.Line, AgentResourceID: nz(r.AgentResourceID),
		LoggerID: nz(r.LoggerID), ContextLayer: nz(r.ContextLayer)}
	buf := bytes.NewBuffer(dst)
	enc := json.NewEncoder(buf)
	enc.SetEscapeHTML(false) // like JSON.stringify: "<--" stays readable
	if err := enc.Encode(e); err != nil {
		return dst, err
	}
	return bytes.TrimRight(buf.Bytes(), "\n"), nil
}

func safeName(n string) string {
	n = strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < 32 {
			return '_'
		}
		return r
	}, n)
	n = strings.TrimLeft(n, ".")
	if n == "" {
		n = "unnamed"
	}
	return n
}

func redactExtra(r *Redactor, name string, data []byte) []byte {
	if strings.HasSuffix(name, ".json") && json.Valid(data) {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if dec.Decode(&v) == nil {
			if out, err := json.MarshalIndent(r.value("", v), "", "  "); err == nil {
				return out
			}
		}
	}
	return []byte(r.Text(string(data)))
}

// Export writes a bundle of this log's directory; see Export.
func (l *Log) Export(w io.Writer, from, to time.Time, extras map[string][]byte) (ExportSummary, error) {
	return Export(w, ExportOptions{Dir: l.w.opts.Dir, EncryptionKey: l.w.opts.EncryptionKey, From: from, To: to,
		Extras: extras, Redactor: l.red, Now: l.clock.Now()})
}
