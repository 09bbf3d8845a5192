package logs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"time"
)

// IngestLimits bound what the frontend may send in one batch.
type IngestLimits struct {
	MaxBatchBytes   int // whole request
	MaxRecords      int // entries per batch
	MaxTextBytes    int // text of one entry
	MaxObjectsBytes int // objects array of one entry (a snapshot with contacts is a few KB)
	MaxFieldBytes   int // short fields: level, component, ids
	MaxExceptBytes  int // exception object
}

// DefaultIngestLimits are generous for Streams (which batches about a second
// of logs) and small enough that a runaway page cannot exhaust memory.
var DefaultIngestLimits = IngestLimits{
	MaxBatchBytes:   4 << 20,
	MaxRecords:      5000,
	MaxTextBytes:    32 << 10,
	MaxObjectsBytes: 512 << 10,
	MaxFieldBytes:   256,
	MaxExceptBytes:  64 << 10,
}

func (l *IngestLimits) setDefaults() {
	d := DefaultIngestLimits
	for _, p := range []struct {
		v *int
		d int
	}{
		{&l.MaxBatchBytes, d.MaxBatchBytes}, {&l.MaxRecords, d.MaxRecords}, {&l.MaxTextBytes, d.MaxTextBytes},
		{&l.MaxObjectsBytes, d.MaxObjectsBytes}, {&l.MaxFieldBytes, d.MaxFieldBytes}, {&l.MaxExceptBytes, d.MaxExceptBytes},
	} {
		if *p.v <= 0 {
			*p.v = p.d
		}
	}
}

// IngestBatch is what the frontend sends: Streams LogEntry objects exactly as
// the library produced them, plus where they came from.
//
//	{"source":"streams-ccp","region":"us-east-1","entries":[{LogEntry}, …]}
type IngestBatch struct {
	Source  Source            `json:"source"`
	Region  string            `json:"region"`
	Entries []json.RawMessage `json:"entries"`
}

// Reject explains why one entry was not stored.
type Reject struct {
	Index  int    `json:"index"`
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// IngestResult reports the outcome per batch: every entry is accepted (stored,
// in Ack), dropped or rejected — Accepted+Dropped+len(Rejects) is the number of
// entries.
type IngestResult struct {
	Ack      Ack      `json:"ack"`
	Accepted int      `json:"accepted"`
	Rejects  []Reject `json:"rejects,omitempty"`
	// Dropped are valid entries the writer could not store (counted in Stats().Dropped
	// and in the gap record written once writing works again; that count also includes
	// the note of this batch's rejects if it was dropped too).
	Dropped int `json:"dropped,omitempty"`
	// DiskFull: the entries were dropped because the disk is full. The batch is settled
	// (what was stored is acknowledged, the rest counted): sending it again would store
	// its first entries twice.
	DiskFull bool `json:"diskFull,omitempty"`
	// StoreError says what went wrong storing a valid batch (full disk, write or fsync
	// failure). Such a batch is settled like a full disk's: what was written is in Ack,
	// the rest in Dropped; sending it again would store entries twice.
	StoreError string `json:"storeError,omitempty"`
}

// entryIn is a LogEntry as sent; loosely typed where Streams is loose.
type entryIn struct {
	Component       *string          `json:"component"`
	Level           *string          `json:"level"`
	Text            *json.RawMessage `json:"text"`
	Time            json.RawMessage  `json:"time"`
	TabID           json.RawMessage  `json:"tabId"`
	Exception       json.RawMessage  `json:"exception"`
	Objects         json.RawMessage  `json:"objects"`
	Line            json.RawMessage  `json:"line"`
	AgentResourceID *string          `json:"agentResourceId"`
	LoggerID        *string          `json:"loggerId"`
	ContextLayer    *string          `json:"contextLayer"`
}

// parseBatch validates a frontend batch without storing anything. Whole-batch
// problems return an error; per-entry problems become Rejects.
func parseBatch(raw []byte, lim IngestLimits) ([]Record, []Reject, Source, error) {
	lim.setDefaults()
	if len(raw) > lim.MaxBatchBytes {
		return nil, nil, "", fmt.Errorf("%w: %d bytes, limit %d: split the batch", ErrBatchTooLarge, len(raw), lim.MaxBatchBytes)
	}
	var b IngestBatch
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&b); err != nil {
		return nil, nil, "", fmt.Errorf("%w: %w", ErrMalformedBatch, err)
	}
	if len(bytes.TrimSpace(raw[dec.InputOffset():])) != 0 {
		return nil, nil, "", fmt.Errorf("%w: trailing data after the batch object", ErrMalformedBatch)
	}
	return checkBatch(b, lim, len(raw))
}

// checkBatch validates a decoded batch; size is its encoded size when known
// (else it is summed from the entries).
func checkBatch(b IngestBatch, lim IngestLimits, size int) ([]Record, []Reject, Source, error) {
	lim.setDefaults()
	if size < 0 {
		size = len(b.Region)
		for _, e := range b.Entries {
			size += len(e)
		}
		if size > lim.MaxBatchBytes {
			return nil, nil, "", fmt.Errorf("%w: %d bytes, limit %d: split the batch", ErrBatchTooLarge, size, lim.MaxBatchBytes)
		}
	}
	if !b.Source.valid() || b.Source == SourceGo {
		return nil, nil, "", fmt.Errorf("%w: %q (want streams-ccp, streams-crm or frontend)", ErrInvalidSource, b.Source)
	}
	if len(b.Region) > lim.MaxFieldBytes {
		return nil, nil, "", fmt.Errorf("%w: region longer than %d bytes", ErrMalformedBatch, lim.MaxFieldBytes)
	}
	if len(b.Entries) > lim.MaxRecords {
		return nil, nil, "", fmt.Errorf("%w: %d entries, limit %d: split the batch", ErrTooManyRecords, len(b.Entries), lim.MaxRecords)
	}
	recs := make([]Record, 0, len(b.Entries))
	var rejects []Reject
	for i, e := range b.Entries {
		rec, rej := parseEntry(e, lim)
		if rej != nil {
			rej.Index = i
			rejects = append(rejects, *rej)
			continue
		}
		rec.Source, rec.Region = b.Source, b.Region
		recs = append(recs, rec)
	}
	return recs, rejects, b.Source, nil
}

func parseEntry(raw json.RawMessage, lim IngestLimits) (Record, *Reject) {
	bad := func(field, format string, a ...any) (Record, *Reject) {
		return Record{}, &Reject{Field: field, Reason: fmt.Sprintf(format, a...)}
	}
	var e entryIn
	if err := json.Unmarshal(raw, &e); err != nil {
		return bad("", "not a LogEntry object: %v", err)
	}
	var rec Record
	if _, known := levelOrder[deref(e.Level)]; !known {
		return bad("level", "missing or unknown level (want TEST, TRACE, DEBUG, INFO, LOG, WARN, ERROR or CRITICAL)")
	}
	rec.Level = *e.Level
	if e.Text == nil {
		return bad("text", "missing")
	}
	if err := json.Unmarshal(*e.Text, &rec.Text); err != nil {
		return bad("text", "must be a string")
	}
	if len(rec.Text) > lim.MaxTextBytes {
		return bad("text", "%d bytes, limit %d", len(rec.Text), lim.MaxTextBytes)
	}
	t, ok := parseEntryTime(e.Time)
	if !ok {
		return bad("time", "missing or not an ISO 8601 string or epoch milliseconds")
	}
	rec.Time = t
	if e.Component != nil {
		rec.Component = *e.Component
	}
	for _, f := range []struct {
		name string
		p    *string
		dst  *string
	}{{"component", e.Component, nil}, {"agentResourceId", e.AgentResourceID, &rec.AgentResourceID},
		{"loggerId", e.LoggerID, &rec.LoggerID}, {"contextLayer", e.ContextLayer, &rec.ContextLayer}} {
		if f.p != nil && len(*f.p) > lim.MaxFieldBytes {
			return bad(f.name, "%d bytes, limit %d", len(*f.p), lim.MaxFieldBytes)
		}
		if f.p != nil && f.dst != nil {
			*f.dst = *f.p
		}
	}
	if tab, ok := scalarString(e.TabID); !ok || len(tab) > lim.MaxFieldBytes {
		return bad("tabId", "must be a short string, number or null")
	} else {
		rec.TabID = tab
	}
	if len(e.Line) > 0 && string(e.Line) != "null" {
		n, err := strconv.ParseFloat(string(e.Line), 64)
		if err != nil || n < 0 || n > math.MaxInt32 {
			return bad("line", "must be a non-negative number")
		}
		rec.Line = int(n)
	}
	if o := bytes.TrimSpace(e.Objects); len(o) > 0 && string(o) != "null" {
		if len(o) > lim.MaxObjectsBytes {
			return bad("objects", "%d bytes, limit %d", len(o), lim.MaxObjectsBytes)
		}
		if o[0] != '[' {
			return bad("objects", "must be an array")
		}
		rec.Objects = json.RawMessage(o)
	}
	if x := bytes.TrimSpace(e.Exception); len(x) > 0 && string(x) != "null" {
		if len(x) > lim.MaxExceptBytes {
			return bad("exception", "%d bytes, limit %d", len(x), lim.MaxExceptBytes)
		}
		var ex struct {
			Type    json.RawMessage `json:"type"`
			Message json.RawMessage `json:"message"`
			Stack   json.RawMessage `json:"stack"`
		}
		if err := json.Unmarshal(x, &ex); err != nil {
			return bad("exception", "must be an object {type, message, stack}")
		}
		rec.Exception = &Exception{}
		rec.Exception.Type, _ = scalarString(ex.Type)
		rec.Exception.Message, _ = scalarString(ex.Message)
		if err := json.Unmarshal(ex.Stack, &rec.Exception.Stack); err != nil && len(ex.Stack) > 0 && string(ex.Stack) != "null" {
			return bad("exception", "stack must be an array of strings")
		}
	}
	return rec, nil
}

// parseEntryTime accepts what Streams' LogEntry.fromObject accepts: an ISO
// string or epoch milliseconds.
func parseEntryTime(raw json.RawMessage) (time.Time, bool) {
	if len(raw) == 0 || string(raw) == "null" {
		return time.Time{}, false
	}
	if raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return time.Time{}, false
		}
		t, err := time.Parse(time.RFC3339Nano, s)
		if err != nil {
			return time.Time{}, false
		}
		return t.UTC(), true
	}
	ms, err := strconv.ParseFloat(string(raw), 64)
	if err != nil || ms < 0 || ms > 1e14 {
		return time.Time{}, false
	}
	return time.UnixMilli(int64(ms)).UTC(), true
}

// scalarString turns a JSON string/number/bool/null into a string.
func scalarString(raw json.RawMessage) (string, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return "", true
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return "", false
		}
		return s, true
	case '{', '[':
		return "", false
	}
	if !json.Valid(raw) {
		return "", false
	}
	return string(raw), true
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}
