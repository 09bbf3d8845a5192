package logs

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

func openTestLog(t *testing.T, clk Clock, limits IngestLimits) *Log {
	t.Helper()
	l, err := OpenLog(Config{Options: Options{Dir: filepath.Join(t.TempDir(), "logs"), Clock: clk}, PseudonymKey: testPseudoKey, Limits: limits})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	return l
}

func entry(text string) map[string]any {
	return map[string]any{"component": "ccp", "level": "INFO", "text": text, "time": "2026-11-21T10:00:01.500Z",
		"tabId": "tab-1", "exception": nil, "objects": []any{}, "line": 7, "agentResourceId": "agent-1",
		"loggerId": "1763719200000-abc", "contextLayer": "CRM"}
}

func batch(t *testing.T, src, region string, entries ...any) []byte {
	t.Helper()
	return mustJSON(t, map[string]any{"source": src, "region": region, "entries": entries})
}

func TestIngest(t *testing.T) {
	long := strings.Repeat("x", 100)
	with := func(k string, v any) map[string]any { e := entry("e"); e[k] = v; return e }
	without := func(k string) map[string]any { e := entry("e"); delete(e, k); return e }
	for _, tc := range []struct {
		name        string
		raw         []byte
		wantErr     error
		wantOK      int
		wantRejects []string // "index:field"
	}{
		{"valid", batch(t, "streams-ccp", "us-east-1", entry("a"), entry("b")), nil, 2, nil},
		{"epoch ms time", batch(t, "frontend", "", with("time", 1763719200123)), nil, 1, nil},
		{"null objects and numeric tab", batch(t, "streams-crm", "", with("objects", nil), with("tabId", 3)), nil, 2, nil},
		{"exception", batch(t, "streams-ccp", "r", with("exception", map[string]any{"type": "Error", "message": "m", "stack": []string{"a", "b"}})), nil, 1, nil},
		{"per-entry rejects keep the valid ones",
			batch(t, "streams-ccp", "us-east-1", entry("ok0"), with("level", "LOUD"), without("text"), with("text", 5),
				with("time", "yesterday"), with("objects", map[string]any{}), with("text", long+long), entry("ok7"), "not an object",
				with("exception", "boom"), with("line", -1)),
			nil, 2, []string{"1:level", "2:text", "3:text", "4:time", "5:objects", "6:text", "8:", "9:exception", "10:line"}},
		{"too large", batch(t, "streams-ccp", "r", entry(strings.Repeat("y", 5000))), ErrBatchTooLarge, 0, nil},
		{"too many", batch(t, "streams-ccp", "r", entry("1"), entry("2"), entry("3"), entry("4"), entry("5")), ErrTooManyRecords, 0, nil},
		{"not json", []byte(`{"source":`), ErrMalformedBatch, 0, nil},
		{"trailing", append(batch(t, "frontend", "", entry("x")), []byte(" {}")...), ErrMalformedBatch, 0, nil},
		{"bad source", batch(t, "go", "", entry("x")), ErrInvalidSource, 0, nil},
		{"missing source", []byte(`{"entries":[]}`), ErrInvalidSource, 0, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := openTestLog(t, newFakeClock(), IngestLimits{MaxBatchBytes: 4096, MaxRecords: 4 + 8*btoi(strings.HasPrefix(tc.name, "per-entry")), MaxTextBytes: 150})
			res, err := l.Ingest(tc.raw)
			if !errors.Is(err, tc.wantErr) {
				t.Fatalf("err: got %v, want %v", err, tc.wantErr)
			}
			if res.Accepted != tc.wantOK {
				t.Errorf("accepted: got %d, want %d", res.Accepted, tc.wantOK)
			}
			var got []string
			for _, r := range res.Rejects {
				got = append(got, fmt.Sprintf("%d:%s", r.Index, r.Field))
				if r.Reason == "" {
					t.Errorf("reject %d has no reason", r.Index)
				}
			}
			if fmt.Sprint(got) != fmt.Sprint(tc.wantRejects) {
				t.Errorf("rejects: got %v, want %v", got, tc.wantRejects)
			}
			stored, _ := readAll(t, l.w.opts.Dir, nil)
			wantStored := tc.wantOK
			if len(tc.wantRejects) > 0 {
				wantStored++ // the note about rejected entries
				if last := stored[len(stored)-1]; !strings.Contains(last.Text, fmt.Sprintf("%d streams-ccp entries rejected", len(tc.wantRejects))) {
					t.Errorf("reject note: got %q", last.Text)
				}
			}
			if len(stored) != wantStored {
				t.Errorf("stored: got %d, want %d", len(stored), wantStored)
			}
		})
	}
}

func TestIngestBatchDecoded(t *testing.T) {
	l := openTestLog(t, newFakeClock(), IngestLimits{MaxBatchBytes: 1000})
	ok := IngestBatch{Source: SourceFrontend, Entries: []json.RawMessage{mustJSON(t, entry("a")), []byte(`{"level":"?"}`)}}
	res, err := l.IngestBatch(ok)
	if err != nil || res.Accepted != 1 || len(res.Rejects) != 1 {
		t.Fatalf("got %+v, %v", res, err)
	}
	big := IngestBatch{Source: SourceFrontend, Entries: []json.RawMessage{mustJSON(t, entry(strings.Repeat("z", 1200)))}}
	if _, err := l.IngestBatch(big); !errors.Is(err, ErrBatchTooLarge) {
		t.Fatalf("got %v, want ErrBatchTooLarge", err)
	}
}

func TestIngestStoresStreamsFields(t *testing.T) {
	l := openTestLog(t, newFakeClock(), IngestLimits{})
	e := entry("Dialing +14155550123")
	e["objects"] = []any{map[string]any{"phoneNumber": "+14155550123", "n": 1}}
	if _, err := l.Ingest(batch(t, "streams-ccp", "us-west-2", e)); err != nil {
		t.Fatal(err)
	}
	got, _ := readAll(t, l.w.opts.Dir, nil)
	r := got[0]
	want := Record{Seq: 1, Time: time.Date(2026, 11, 21, 10, 0, 1, 5e8, time.UTC), Level: "INFO", Component: "ccp", Line: 7, AgentResourceID: "agent-1",
		LoggerID: "1763719200000-abc", ContextLayer: "CRM", TabID: "tab-1", Region: "us-west-2", Source: SourceStreamsCCP}
	r2 := r
	r2.Text, r2.Objects = "", nil
	if fmt.Sprint(r2) != fmt.Sprint(want) {
		t.Errorf("got %+v, want %+v", r2, want)
	}
	if strings.Contains(r.Text, "4155550123") || strings.Contains(string(r.Objects), "4155550123") || !strings.Contains(string(r.Objects), `"n":1`) {
		t.Errorf("redaction: got %q %s", r.Text, r.Objects)
	}
}

func TestZerologWriter(t *testing.T) {
	clk := newFakeClock()
	l := openTestLog(t, clk, IngestLimits{})
	zl := zerolog.New(l.ZerologWriter()).With().Timestamp().Str("component", "region").Logger()
	zl.Warn().Str("region", "us-east-1").Int("duration_ms", 12).Str("caller_email", "jane.doe@example.com").Msg("failover pending")
	zl.Info().Msg("plain")
	got, _ := readAll(t, l.w.opts.Dir, nil)
	if len(got) != 2 {
		t.Fatalf("got %d records, want 2", len(got))
	}
	r := got[0]
	if r.Source != SourceGo || r.Level != "WARN" || r.Component != "region" || r.Text != "failover pending" {
		t.Errorf("got %+v", r)
	}
	if !strings.Contains(string(r.Objects), `"duration_ms":12`) || strings.Contains(string(r.Objects), "jane.doe") {
		t.Errorf("objects: got %s", r.Objects)
	}
	if string(got[1].Objects) != "[]" || got[1].Level != "INFO" {
		t.Errorf("got %+v", got[1])
	}
}

func TestExportBundle(t *testing.T) {
	clk := newFakeClock()
	l := openTestLog(t, clk, IngestLimits{})
	e := entry("GET_AGENT_SNAPSHOT succeeded.")
	e["objects"] = []any{map[string]any{"snapshot": map[string]any{"state": map[string]any{"name": "Available"},
		"contacts": []any{map[string]any{"attributes": map[string]any{"n": map[string]any{"name": "n", "value": "Zebulon Quixley"}}}}}}}
	for _, c := range canaryEntries() {
		if _, err := l.Ingest(batch(t, "streams-ccp", "us-east-1", c)); err != nil {
			t.Fatal(err)
		}
	}
	l.Ingest(batch(t, "streams-ccp", "us-east-1", e))
	l.Ingest(batch(t, "streams-ccp", "us-west-2", entry("west")))
	l.Ingest(batch(t, "streams-crm", "", entry("crm")))
	l.Ingest(batch(t, "frontend", "", entry("ui")))
	clk.Advance(2 * time.Hour)
	late := entry("too late")
	late["time"] = clk.Now().Format(time.RFC3339)
	l.Ingest(batch(t, "streams-ccp", "us-east-1", late))

	var buf bytes.Buffer
	extras := map[string][]byte{"config.json": []byte(`{"instance":"x","supervisorEmail":"jane.doe@example.com","password":"CANARYCREDENTIAL9876"}`),
		"system.txt": []byte("support contact jane.doe@example.com, phone +14155550123")}
	from, to := time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC), time.Date(2026, 11, 21, 11, 0, 0, 0, time.UTC)
	sum, err := l.Export(&buf, from, to, extras)
	if err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{}
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		files[f.Name] = b
		grepBytes(t, f.Name, b, append(canaries[:len(canaries):len(canaries)], "Zebulon Quixley"))
	}
	for _, want := range []string{"ccp-us-east-1-agent-log.txt", "ccp-us-west-2-agent-log.txt", "crm-agent-log.txt", "ccpdesk-log.jsonl", "extra/config.json", "extra/system.txt", "manifest.json"} {
		if _, ok := files[want]; !ok {
			t.Errorf("bundle lacks %s (has %v)", want, sum.Files)
		}
	}
	var east []map[string]any
	if err := json.Unmarshal(files["ccp-us-east-1-agent-log.txt"], &east); err != nil {
		t.Fatalf("east log is not a JSON array: %v", err)
	}
	if got, want := len(east), len(canaryEntries())+1; got != want {
		t.Fatalf("east entries: got %d, want %d (time range)", got, want)
	}
	for _, e := range east {
		if _, ok := e["text"].(string); !ok {
			t.Fatalf("text not a string: %v", e)
		}
		if _, ok := e["objects"].([]any); !ok {
			t.Fatalf("objects not an array: %v", e)
		}
		if ts, _ := e["time"].(string); len(ts) != 24 || !strings.HasSuffix(ts, "Z") {
			t.Fatalf("time not ISO: %v", e["time"])
		}
	}
	if !strings.Contains(string(files["ccp-us-east-1-agent-log.txt"]), `"name":"Available"`) {
		t.Error("agent state name lost in export")
	}
	grepDir(t, l.w.opts.Dir, canaries)
}

// TestIngestStoreFailuresSettleTheBatch: a write error other than a full disk, and an fsync
// failure after the write, also come back as a settled result (StoreError) that accounts for
// every entry, so the frontend does not send the batch again.
func TestIngestStoreFailuresSettleTheBatch(t *testing.T) {
	for _, tc := range []struct {
		name     string
		set      func(ff *faultFS, frame int64)
		want     error
		accepted int
	}{
		{"EIO after two frames", func(ff *faultFS, frame int64) { ff.limited, ff.budget, ff.errno = true, 2*frame+frame/2, syscall.EIO }, ErrWrite, 2},
		{"fsync fails after the write", func(ff *faultFS, _ int64) { ff.syncErr = syscall.EIO }, ErrSync, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			ff := &faultFS{}
			l, err := OpenLog(Config{Options: Options{Dir: filepath.Join(t.TempDir(), "logs"), Clock: clk, fs: ff.fs(), Fsync: FsyncBatch}, PseudonymKey: testPseudoKey})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { ff.syncErr = nil; l.Close() })
			if _, err := l.Append(recs(1, "first")); err != nil {
				t.Fatal(err)
			}
			entries := make([]any, 4)
			for i := range entries {
				entries[i] = entry(fmt.Sprintf("e%d %s", i, strings.Repeat("x", 100)))
			}
			batch, _ := json.Marshal(map[string]any{"source": "streams-ccp", "region": "us-east-1", "entries": entries})
			frame := int64(len(l.w.appendFrame(nil, &Record{Seq: 2, Time: clk.Now(), Level: "INFO", Component: "ccp",
				Text: fmt.Sprintf("e0 %s", strings.Repeat("x", 100)), Objects: emptyArray, Source: SourceStreamsCCP, Region: "us-east-1",
				TabID: "tab-1", Line: 7, AgentResourceID: "agent-1", LoggerID: "1763719200000-abc", ContextLayer: "CRM"})))
			tc.set(ff, frame)
			res, err := l.Ingest(batch)
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
			if res.DiskFull || res.StoreError == "" || res.Accepted != tc.accepted || res.Accepted+res.Dropped != len(entries) {
				t.Fatalf("got %+v, want a settled result with %d accepted and every entry accounted for", res, tc.accepted)
			}
		})
	}
}

// TestIngestDiskFullAccountsForEveryEntry: on a disk that fills mid-batch the result says
// DiskFull and every entry is accepted, dropped or rejected; the gap record counts the drops
// (and the note of the rejects when it was dropped too).
func TestIngestDiskFullAccountsForEveryEntry(t *testing.T) {
	for _, tc := range []struct {
		name        string
		frames      int64 // whole frames that fit
		withRejects bool
	}{{"nothing fits", 0, false}, {"half fits", 3, false}, {"half fits, with rejects", 3, true}, {"all but the note", 6, true}} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			ff := &faultFS{}
			l, err := OpenLog(Config{Options: Options{Dir: filepath.Join(t.TempDir(), "logs"), Clock: clk, fs: ff.fs()}, PseudonymKey: testPseudoKey})
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { l.Close() })
			if _, err := l.Append(recs(1, "first")); err != nil { // the segment exists
				t.Fatal(err)
			}
			entries := make([]any, 6)
			for i := range entries {
				entries[i] = entry(fmt.Sprintf("e%d %s", i, strings.Repeat("x", 100)))
			}
			if tc.withRejects {
				entries = append(entries, map[string]any{"level": "NOPE"}, 5)
			}
			batch, _ := json.Marshal(map[string]any{"source": "streams-ccp", "region": "us-east-1", "entries": entries})
			frame := int64(len(l.w.appendFrame(nil, &Record{Seq: 2, Time: clk.Now(), Level: "INFO", Component: "ccp",
				Text: fmt.Sprintf("e0 %s", strings.Repeat("x", 100)), Objects: emptyArray, Source: SourceStreamsCCP, Region: "us-east-1",
				TabID: "tab-1", Line: 7, AgentResourceID: "agent-1", LoggerID: "1763719200000-abc", ContextLayer: "CRM"})))
			ff.limited, ff.budget = true, frame*tc.frames+frame/2
			res, err := l.Ingest(batch)
			if !errors.Is(err, ErrDiskFull) {
				t.Fatalf("got %v, want ErrDiskFull", err)
			}
			if !res.DiskFull || res.StoreError == "" || int64(res.Accepted) != tc.frames || res.Accepted+res.Dropped+len(res.Rejects) != len(entries) || res.Ack.Count() < res.Accepted {
				t.Fatalf("got %+v, want diskFull, %d accepted, every one of %d entries accounted for", res, tc.frames, len(entries))
			}
			noteDropped := tc.withRejects && res.Ack.Count() == res.Accepted
			if got, want := l.Stats().Dropped, uint64(res.Dropped+btoi(noteDropped)); got != want {
				t.Errorf("writer dropped %d, want %d", got, want)
			}
		})
	}
}
