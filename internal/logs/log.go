package logs

import (
	"errors"
	"fmt"
	"strings"
)

// Config configures a Log: the writer options, the pseudonym key (from the OS
// keyring) and the ingest limits.
type Config struct {
	Options
	PseudonymKey []byte
	Limits       IngestLimits
}

// Log is the service the app binds: redaction in front of a Writer.
type Log struct {
	w      *Writer
	red    *Redactor
	limits IngestLimits
	clock  Clock
}

// OpenLog opens the writer and prepares redaction.
func OpenLog(cfg Config) (*Log, error) {
	red, err := NewRedactor(cfg.PseudonymKey)
	if err != nil {
		return nil, fmt.Errorf("open logs: %w", err)
	}
	w, err := Open(cfg.Options)
	if err != nil {
		return nil, err
	}
	cfg.Limits.setDefaults()
	return &Log{w: w, red: red, limits: cfg.Limits, clock: w.opts.Clock}, nil
}

// Append redacts and stores records.
func (l *Log) Append(recs []Record) (Ack, error) {
	for i := range recs {
		l.red.Record(&recs[i])
	}
	return l.w.Append(recs)
}

// Ingest validates, redacts and stores a batch from the frontend. A batch
// that is too large or malformed as a whole is rejected with an error naming
// the problem and nothing is stored; otherwise every valid entry is stored
// and every invalid one is listed in Rejects (and noted in the log itself).
func (l *Log) Ingest(raw []byte) (IngestResult, error) {
	recs, rejects, src, err := parseBatch(raw, l.limits)
	return l.store(recs, rejects, src, err)
}

// IngestBatch is Ingest for a batch already decoded (a Wails binding receives
// its argument decoded); the size limit applies to the sum of the entries.
func (l *Log) IngestBatch(b IngestBatch) (IngestResult, error) {
	recs, rejects, src, err := checkBatch(b, l.limits, -1)
	return l.store(recs, rejects, src, err)
}

func (l *Log) store(recs []Record, rejects []Reject, src Source, err error) (IngestResult, error) {
	if err != nil {
		return IngestResult{}, fmt.Errorf("ingest: %w", err)
	}
	valid := len(recs) // the note of the rejects comes last: stored entries are a prefix
	if len(rejects) > 0 {
		recs = append(recs, rejectRecord(src, rejects, l.clock))
	}
	ack, err := l.Append(recs)
	res := IngestResult{Ack: ack, Accepted: min(ack.Count(), valid), Rejects: rejects}
	if err != nil {
		if errors.Is(err, ErrDiskFull) || errors.Is(err, ErrWrite) || errors.Is(err, ErrSync) {
			res.Dropped = valid - res.Accepted // the writer counted them (and the note, if dropped)
			res.DiskFull = errors.Is(err, ErrDiskFull)
			res.StoreError = err.Error()
		}
		return res, fmt.Errorf("ingest: %w", err)
	}
	return res, nil
}

func btoi(b bool) int {
	if b {
		return 1
	}
	return 0
}

// rejectRecord notes rejected entries in the log so nothing vanishes silently.
func rejectRecord(src Source, rejects []Reject, c Clock) Record {
	var b strings.Builder
	fmt.Fprintf(&b, "ccpdesk ingest: %d %s entries rejected:", len(rejects), src)
	for i, r := range rejects {
		if i == 10 {
			fmt.Fprintf(&b, " …")
			break
		}
		fmt.Fprintf(&b, " #%d %s: %s;", r.Index, r.Field, r.Reason)
	}
	return Record{Time: c.Now(), Level: "WARN", Component: "logs", Source: SourceGo, Text: b.String()}
}

// Stats returns the writer's counters.
func (l *Log) Stats() Stats { return l.w.Stats() }

// Sync forces written records to stable storage (see FsyncPolicy).
func (l *Log) Sync() error { return l.w.Sync() }

// Maintain applies retention and the disk budget; call it from a timer.
func (l *Log) Maintain() error { return l.w.Maintain() }

// Redactor exposes the redactor (to redact extra export files).
func (l *Log) Redactor() *Redactor { return l.red }

// Close closes the writer.
func (l *Log) Close() error { return l.w.Close() }
