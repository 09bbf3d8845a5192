package bridge

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/wailsapp/wails/v2/pkg/runtime"

	"github.com/ccpdesk/ccpdesk/internal/logparse"
	"github.com/ccpdesk/ccpdesk/internal/logs"
)

// Dialogs are the native file dialogs the Logs view needs (Runtime in the app, a fake in tests).
// An empty path with a nil error means the user cancelled.
type Dialogs interface {
	SaveFile(ctx context.Context, defaultName string) (string, error)
	OpenFile(ctx context.Context) (string, error)
}

// LogsBackend is what the Logs bindings front: the open log, where it lives, where the
// pseudonym key came from, and the extra files a support bundle carries.
type LogsBackend struct {
	Log *logs.Log // nil when capture is off; Off says why
	Dir string
	// KeySource says where the redaction (pseudonym) key came from, for diagnostics:
	// "os-keyring (…)" or "file … (keyring unavailable: …)".
	KeySource string
	// Encryption says whether new records are sealed at rest, and the key's source.
	Encryption string
	// ReadKey opens sealed records for timelines; without it they are reported as unreadable.
	ReadKey []byte
	// Off is why capture is off ("" while it works), e.g. encryption at rest is on and the
	// OS keyring is unavailable. Ingest, Today and Export fail with it (code logs_off).
	Off string
	// Extras returns the bundle's extra files (redacted effective configuration, system
	// information); Export redacts them again on the way in.
	Extras  func() map[string][]byte
	Dialogs Dialogs
	Now     func() time.Time
}

// Error codes of the logs bindings.
const (
	CodeLogsBatchTooLarge = "logs_batch_too_large"
	CodeLogsMalformed     = "logs_malformed_batch"
	CodeLogsEmpty         = "logs_empty"
	CodeLogsOff           = "logs_off"
)

// Logs is the bound log service: ingest from the frontend, export, and timelines.
type Logs struct{ d *Deps }

// backend returns the logs backend; with capture it also requires the open log.
func (l *Logs) backend(capture bool) (*LogsBackend, error) {
	b := l.d.Logs
	if b == nil || (b.Log == nil && b.Off == "") {
		return nil, &Error{Code: CodeNotAvailable, Message: "logs: " + ErrNotAvailable.Error()}
	}
	if capture && b.Log == nil {
		return nil, &Error{Code: CodeLogsOff, Message: "log capture is off: " + b.Off}
	}
	return b, nil
}

func (b *LogsBackend) now() time.Time {
	if b.Now != nil {
		return b.Now()
	}
	return time.Now()
}

func logsError(op string, err error) error {
	if err == nil {
		return nil
	}
	msg := fmt.Sprintf("%s: %v", op, err)
	switch {
	case errors.Is(err, logs.ErrBatchTooLarge), errors.Is(err, logs.ErrTooManyRecords):
		return &Error{Code: CodeLogsBatchTooLarge, Message: msg + " — split the batch and send the parts"}
	case errors.Is(err, logs.ErrMalformedBatch), errors.Is(err, logs.ErrInvalidSource):
		return &Error{Code: CodeLogsMalformed, Message: msg}
	}
	return toError(fmt.Errorf("%s: %w", op, err))
}

// Ingest stores a batch of log entries sent by the frontend as JSON text:
//
//	{"source":"streams-ccp","region":"us-east-1","entries":[LogEntry…]}
//
// A batch over the limits is rejected whole (code logs_batch_too_large) and nothing is
// stored, so the caller can split it and send it again; otherwise every valid entry is
// stored and every invalid one is listed in Rejects.
//
// A full disk, a failed write or a failed fsync is not an error: the result says
// StoreError (and DiskFull), Accepted (stored, in Ack) and Dropped (counted; the gap
// record reports them once writing works again). Such a batch is settled and must not
// be sent again — Wails drops the result of a failed call, and a
// resent batch would store its first entries twice and count its drops twice.
func (l *Logs) Ingest(batch string) (logs.IngestResult, error) {
	b, err := l.backend(true)
	if err != nil {
		return logs.IngestResult{}, err
	}
	res, err := b.Log.Ingest([]byte(batch))
	if res.StoreError != "" { // settled: a full disk, a write or fsync failure (see IngestResult)
		return res, nil
	}
	return res, logsError("ingest", err)
}

// LogsDiagnostics tell support where logs live and how they are protected.
type LogsDiagnostics struct {
	Dir        string     `json:"dir"`
	KeySource  string     `json:"keySource"`
	Encryption string     `json:"encryption"`
	Off        string     `json:"off,omitempty"` // why capture is off
	Stats      logs.Stats `json:"stats"`
}

// Diagnostics returns the log directory, the keys' sources, the writer's stats, and why
// capture is off if it is.
func (l *Logs) Diagnostics() (LogsDiagnostics, error) {
	b, err := l.backend(false)
	if err != nil {
		return LogsDiagnostics{}, err
	}
	d := LogsDiagnostics{Dir: b.Dir, KeySource: b.KeySource, Encryption: b.Encryption, Off: b.Off}
	if b.Log != nil {
		d.Stats = b.Log.Stats()
	}
	return d, nil
}

// parseRange reads the from/to arguments: RFC 3339, a date (2006-01-02, local time), or "".
func parseRange(from, to string) (time.Time, time.Time, error) {
	var out [2]time.Time
	for i, s := range []string{from, to} {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			d, derr := time.ParseInLocation(time.DateOnly, s, time.Local)
			if derr != nil {
				return time.Time{}, time.Time{}, &Error{Code: CodeBadRequest, Message: fmt.Sprintf("time %q: use RFC 3339 or YYYY-MM-DD", s)}
			}
			t = d
			if i == 1 {
				t = d.Add(24*time.Hour - time.Nanosecond) // a "to" date includes that whole day
			}
		}
		out[i] = t
	}
	if !out[0].IsZero() && !out[1].IsZero() && out[1].Before(out[0]) {
		return time.Time{}, time.Time{}, &Error{Code: CodeBadRequest, Message: "the end of the range is before its start"}
	}
	return out[0], out[1], nil
}

// Export asks the user where to save a support bundle for [from, to] (RFC 3339 or dates;
// "" is unbounded), writes it (logs.Export: per-region Streams agent logs, ccpdesk's
// records, the redacted effective configuration, system information) and returns the path.
// "" means the user cancelled.
func (l *Logs) Export(from, to string) (string, error) {
	b, err := l.backend(true)
	if err != nil {
		return "", err
	}
	f, t, err := parseRange(from, to)
	if err != nil {
		return "", err
	}
	if b.Dialogs == nil {
		return "", &Error{Code: CodeNotAvailable, Message: "export: no file dialog"}
	}
	ctx, cancel := l.d.ctxFor(10 * time.Minute) // the user picks a file
	defer cancel()
	name := "ccpdesk-logs-" + b.now().Format("20060102-150405") + ".zip"
	path, err := b.Dialogs.SaveFile(ctx, name)
	if err != nil {
		return "", toError(fmt.Errorf("export: save dialog: %w", err))
	}
	if path == "" {
		return "", nil
	}
	if err := b.ExportTo(path, f, t); err != nil {
		return "", err
	}
	return path, nil
}

// ExportTo writes the bundle to path (temporary file in the same directory, then rename; 0600).
func (b *LogsBackend) ExportTo(path string, from, to time.Time) error {
	if err := b.Log.Sync(); err != nil {
		return logsError("export", err)
	}
	var extras map[string][]byte
	if b.Extras != nil {
		extras = b.Extras()
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".ccpdesk-export-*")
	if err != nil {
		return toError(fmt.Errorf("export: %w", err))
	}
	defer os.Remove(tmp.Name()) // no-op after the rename
	if _, err := b.Log.Export(tmp, from, to, extras); err != nil {
		tmp.Close()
		return logsError("export", err)
	}
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return toError(fmt.Errorf("export: %w", err))
	}
	if err := tmp.Close(); err != nil {
		return toError(fmt.Errorf("export: %w", err))
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return toError(fmt.Errorf("export: %w", err))
	}
	return nil
}

// TimelineView is a parsed timeline with its SVG charts (file name → SVG document).
type TimelineView struct {
	Source   string             `json:"source"`
	Timeline *logparse.Timeline `json:"timeline"`
	Charts   map[string]string  `json:"charts"`
}

// Today parses today's logs (local midnight until now) into a timeline.
func (l *Logs) Today() (TimelineView, error) {
	b, err := l.backend(true)
	if err != nil {
		return TimelineView{}, err
	}
	now := b.now()
	y, m, d := now.Date()
	return b.TimelineSince(time.Date(y, m, d, 0, 0, 0, 0, now.Location()))
}

// TimelineSince parses the segments that can hold records from since on.
func (b *LogsBackend) TimelineSince(since time.Time) (TimelineView, error) {
	if err := b.Log.Sync(); err != nil {
		return TimelineView{}, logsError("timeline", err)
	}
	segs, err := segmentsSince(b.Dir, since)
	if err != nil {
		return TimelineView{}, toError(fmt.Errorf("timeline: %w", err))
	}
	if len(segs) == 0 {
		return TimelineView{}, &Error{Code: CodeLogsEmpty, Message: "no logs yet"}
	}
	a := logparse.NewAnalyzer(logparse.Options{EncryptionKey: b.ReadKey})
	for _, s := range segs {
		if err := a.ParseFile(s); err != nil {
			return TimelineView{}, toError(fmt.Errorf("timeline: %w", err))
		}
	}
	tl := a.Finish()
	return TimelineView{Source: "today", Timeline: tl, Charts: tl.Charts()}, nil
}

// segmentsSince lists dir's segments in order, skipping those closed before since (a
// segment is closed when the next one is created; names are <seq>-<creation ms>.ccplog).
func segmentsSince(dir string, since time.Time) ([]string, error) {
	all, err := filepath.Glob(filepath.Join(dir, "*.ccplog"))
	if err != nil {
		return nil, err
	}
	sort.Strings(all)
	created := func(p string) (time.Time, bool) {
		base := strings.TrimSuffix(filepath.Base(p), ".ccplog")
		_, ms, ok := strings.Cut(base, "-")
		if !ok {
			return time.Time{}, false
		}
		n, err := strconv.ParseInt(ms, 10, 64)
		if err != nil {
			return time.Time{}, false
		}
		return time.UnixMilli(n), true
	}
	var out []string
	for i, p := range all {
		if i+1 < len(all) {
			if next, ok := created(all[i+1]); ok && next.Before(since) {
				continue
			}
		}
		out = append(out, p)
	}
	return out, nil
}

// OpenTimeline asks the user for a log file (a Streams download, a ccpdesk bundle or
// segment) and parses it. An empty Source means the user cancelled. It works while capture
// is off too: a Streams download needs no capture.
func (l *Logs) OpenTimeline() (TimelineView, error) {
	b, err := l.backend(false)
	if err != nil {
		return TimelineView{}, err
	}
	if b.Dialogs == nil {
		return TimelineView{}, &Error{Code: CodeNotAvailable, Message: "open: no file dialog"}
	}
	ctx, cancel := l.d.ctxFor(10 * time.Minute)
	defer cancel()
	path, err := b.Dialogs.OpenFile(ctx)
	if err != nil {
		return TimelineView{}, toError(fmt.Errorf("open: %w", err))
	}
	if path == "" {
		return TimelineView{}, nil
	}
	return ParseTimelineFile(path, b.ReadKey)
}

// ParseTimelineFile parses one file into a timeline; damage is reported in its problems.
// key opens sealed segment records (nil: they are reported as unreadable).
func ParseTimelineFile(path string, key []byte) (TimelineView, error) {
	a := logparse.NewAnalyzer(logparse.Options{EncryptionKey: key})
	if err := a.ParseFile(path); err != nil {
		return TimelineView{}, toError(fmt.Errorf("parse %s: %w", filepath.Base(path), err))
	}
	tl := a.Finish()
	return TimelineView{Source: path, Timeline: tl, Charts: tl.Charts()}, nil
}

func (d *Deps) ctxFor(timeout time.Duration) (context.Context, context.CancelFunc) {
	parent := context.Background()
	if d.Lifetime != nil {
		parent = d.Lifetime()
	}
	return context.WithTimeout(parent, timeout)
}

// SaveFile implements Dialogs with the Wails save dialog.
func (r *Runtime) SaveFile(_ context.Context, defaultName string) (string, error) {
	ctx := r.wctx()
	if ctx == nil {
		return "", ErrNotAvailable
	}
	return runtime.SaveFileDialog(ctx, runtime.SaveDialogOptions{
		Title: "Save the support bundle", DefaultFilename: defaultName,
		Filters: []runtime.FileFilter{{DisplayName: "Support bundle (*.zip)", Pattern: "*.zip"}},
	})
}

// OpenFile implements Dialogs with the Wails open dialog.
func (r *Runtime) OpenFile(_ context.Context) (string, error) {
	ctx := r.wctx()
	if ctx == nil {
		return "", ErrNotAvailable
	}
	return runtime.OpenFileDialog(ctx, runtime.OpenDialogOptions{
		Title: "Open a log",
		Filters: []runtime.FileFilter{
			{DisplayName: "Logs (*.txt, *.zip, *.jsonl, *.ccplog)", Pattern: "*.txt;*.zip;*.jsonl;*.ccplog"},
			{DisplayName: "All files", Pattern: "*"},
		},
	})
}

var _ Dialogs = (*Runtime)(nil)
