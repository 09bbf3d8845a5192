package bridge

import (
	"archive/zip"
	"context"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

type fakeDialogs struct{ save, open string }

func (f fakeDialogs) SaveFile(context.Context, string) (string, error) { return f.save, nil }
func (f fakeDialogs) OpenFile(context.Context) (string, error)         { return f.open, nil }

func newLogsService(t *testing.T, dialogs Dialogs) (*Logs, *LogsBackend) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "logs")
	lg, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir}, PseudonymKey: []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lg.Close() })
	b := &LogsBackend{Log: lg, Dir: dir, KeySource: "test", Dialogs: dialogs,
		Extras: func() map[string][]byte {
			return map[string][]byte{"effective-config.json": []byte(`{"ccpUrl":"https://x.my.connect.aws/ccp-v2/","phone":"+15555550123"}`)}
		}}
	return &Logs{d: &Deps{Logs: b}}, b
}

const canaryPhone = "+15555550123"

// streamsBatch is a small Streams-shaped batch: an API call, a snapshot with an agent state,
// and a line with a phone number that must be redacted.
func streamsBatch(t *testing.T, now time.Time) string {
	t.Helper()
	ts := func(d time.Duration) string { return now.Add(d).UTC().Format("2006-01-02T15:04:05.000Z") }
	snap := map[string]any{"snapshot": map[string]any{
		"state":    map[string]any{"type": "routable", "name": "Available"},
		"contacts": []any{}, "snapshotTimestamp": now.UTC().Format(time.RFC3339Nano), "skew": 12,
	}}
	entry := func(d time.Duration, text string, objs ...any) map[string]any {
		if objs == nil {
			objs = []any{}
		}
		return map[string]any{"component": "ccp", "level": "TRACE", "text": text, "time": ts(d), "objects": objs,
			"line": 1, "loggerId": "l-1", "agentResourceId": "a-1", "tabId": "t-1", "contextLayer": "SharedWorker"}
	}
	b, err := json.Marshal(map[string]any{"source": "streams-ccp", "region": "us-east-1", "entries": []any{
		entry(0, "AWSClient: --> Calling operation 'getAgentSnapshot'"),
		entry(40*time.Millisecond, "AWSClient: <-- Operation 'getAgentSnapshot' succeeded.", snap),
		entry(40*time.Millisecond, "GET_AGENT_SNAPSHOT succeeded.", snap),
		entry(50*time.Millisecond, "dialing "+canaryPhone),
	}})
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestLogsIngestTimelineExport(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bundle.zip")
	l, _ := newLogsService(t, fakeDialogs{save: out})
	res, err := l.Ingest(streamsBatch(t, time.Now()))
	if err != nil {
		t.Fatal(err)
	}
	if res.Accepted != 4 || len(res.Rejects) != 0 {
		t.Fatalf("ingest got %+v, want 4 accepted", res)
	}

	tv, err := l.Today()
	if err != nil {
		t.Fatal(err)
	}
	if len(tv.Timeline.API) == 0 || tv.Timeline.API[0].Op != "getAgentSnapshot" {
		t.Errorf("timeline API got %+v, want getAgentSnapshot", tv.Timeline.API)
	}
	if len(tv.Timeline.AgentStates) == 0 || tv.Timeline.AgentStates[0].Name != "Available" {
		t.Errorf("timeline agent states got %+v, want Available", tv.Timeline.AgentStates)
	}
	if _, ok := tv.Charts["api-latency.svg"]; !ok {
		t.Errorf("charts got %v, want api-latency.svg", keys(tv.Charts))
	}

	path, err := l.Export("", "")
	if err != nil || path != out {
		t.Fatalf("export got %q, %v, want %q", path, err, out)
	}
	st, err := os.Stat(out)
	if err != nil {
		t.Fatal(err)
	}
	if st.Mode().Perm() != 0o600 {
		t.Errorf("bundle mode got %v, want 0600", st.Mode().Perm())
	}
	zr, err := zip.OpenReader(out)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	names := map[string]bool{}
	for _, f := range zr.File {
		names[f.Name] = true
		rc, _ := f.Open()
		data, _ := io.ReadAll(rc)
		rc.Close()
		if strings.Contains(string(data), canaryPhone) || strings.Contains(string(data), "5555550123") {
			t.Errorf("%s contains the canary phone number", f.Name)
		}
	}
	for _, want := range []string{"ccp-us-east-1-agent-log.txt", "extra/effective-config.json", "manifest.json"} {
		if !names[want] {
			t.Errorf("bundle lacks %s (has %v)", want, names)
		}
	}

	// The parser reads the bundle back (the Logs view's "open a file").
	tv2, err := ParseTimelineFile(out, nil)
	if err != nil || len(tv2.Timeline.API) == 0 {
		t.Errorf("parse bundle: %v, api %+v", err, tv2.Timeline)
	}
	if d, err := l.Diagnostics(); err != nil || d.KeySource != "test" || d.Stats.Written < 4 {
		t.Errorf("diagnostics got %+v, %v", d, err)
	}
}

func TestLogsIngestOversized(t *testing.T) {
	l, b := newLogsService(t, nil)
	before := b.Log.Stats().Written
	big := `{"source":"frontend","region":"","entries":[{"component":"ccpdesk","level":"INFO","text":"` +
		strings.Repeat("x", 5<<20) + `","time":"2026-11-22T00:00:00.000Z"}]}`
	_, err := l.Ingest(big)
	var be *Error
	if !errors.As(err, &be) || be.Code != CodeLogsBatchTooLarge {
		t.Fatalf("got %v, want code %s", err, CodeLogsBatchTooLarge)
	}
	if !strings.Contains(be.Message, "split") {
		t.Errorf("message %q does not say what to do", be.Message)
	}
	if got := b.Log.Stats().Written; got != before {
		t.Errorf("records written got %d, want %d (nothing stored)", got, before)
	}
	// Malformed JSON gets its own code.
	if _, err := l.Ingest("{"); !errors.As(err, &be) || be.Code != CodeLogsMalformed {
		t.Errorf("malformed: got %v, want %s", err, CodeLogsMalformed)
	}
	// Invalid entries are listed, valid ones stored.
	res, err := l.Ingest(`{"source":"frontend","entries":[{"component":"ccpdesk","level":"INFO","text":"ok","time":"2026-11-22T00:00:00.000Z"},{"level":7}]}`)
	if err != nil || res.Accepted != 1 || len(res.Rejects) != 1 {
		t.Errorf("mixed batch got %+v, %v; want 1 accepted, 1 reject", res, err)
	}
}

func TestLogsExportCancelAndRange(t *testing.T) {
	l, _ := newLogsService(t, fakeDialogs{save: ""})
	if p, err := l.Export("2026-11-01", "2026-11-02"); err != nil || p != "" {
		t.Errorf("cancelled export got %q, %v; want \"\", nil", p, err)
	}
	var be *Error
	if _, err := l.Export("2026-11-02", "2026-11-01"); !errors.As(err, &be) || be.Code != CodeBadRequest {
		t.Errorf("reversed range: got %v, want %s", err, CodeBadRequest)
	}
	if _, err := l.Export("yesterday-ish", ""); !errors.As(err, &be) || be.Code != CodeBadRequest {
		t.Errorf("bad time: got %v, want %s", err, CodeBadRequest)
	}
	if _, err := l.Today(); !errors.As(err, &be) || be.Code != CodeLogsEmpty {
		// An empty log has one segment and no records; either "empty" or an empty timeline is fine.
		if err != nil {
			t.Errorf("today on an empty log: %v", err)
		}
	}
	if _, err := (&Logs{d: &Deps{}}).Ingest("{}"); !errors.As(err, &be) || be.Code != CodeNotAvailable {
		t.Errorf("no backend: got %v, want %s", err, CodeNotAvailable)
	}
}

func TestSegmentsSince(t *testing.T) {
	dir := t.TempDir()
	day := time.Date(2026, 11, 22, 0, 0, 0, 0, time.Local)
	mk := func(seq int, at time.Time) string {
		name := filepath.Join(dir, strings.Repeat("0", 19)+string(rune('0'+seq))+"-"+itoa(at.UnixMilli())+".ccplog")
		if err := os.WriteFile(name, nil, 0o600); err != nil {
			t.Fatal(err)
		}
		return name
	}
	a := mk(1, day.Add(-48*time.Hour))
	b := mk(2, day.Add(-2*time.Hour)) // still open at midnight: holds records of today
	c := mk(3, day.Add(3*time.Hour))
	_ = a
	got, err := segmentsSince(dir, day)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != b || got[1] != c {
		t.Errorf("got %v, want [%s %s]", got, b, c)
	}
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func keys(m map[string]string) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// TestLogsSealedAtRest: with an encryption key the segments hold no plaintext, and Today, Export
// and opening a segment read it transparently; the bundle is the usual redacted plaintext.
func TestLogsSealedAtRest(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	dir := filepath.Join(t.TempDir(), "logs")
	lg, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, EncryptionKey: key}, PseudonymKey: []byte("fedcba9876543210fedcba9876543210")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { lg.Close() })
	out := filepath.Join(t.TempDir(), "bundle.zip")
	l := &Logs{d: &Deps{Logs: &LogsBackend{Log: lg, Dir: dir, ReadKey: key, Encryption: "on (os-keyring (test))", Dialogs: fakeDialogs{save: out}}}}
	if _, err := l.Ingest(streamsBatch(t, time.Now())); err != nil {
		t.Fatal(err)
	}
	lg.Sync()
	segs, _ := filepath.Glob(filepath.Join(dir, "*.ccplog"))
	for _, s := range segs {
		raw, _ := os.ReadFile(s)
		if strings.Contains(string(raw), "getAgentSnapshot") || strings.Contains(string(raw), "Available") {
			t.Fatalf("%s holds plaintext", s)
		}
	}
	tv, err := l.Today()
	if err != nil || len(tv.Timeline.AgentStates) == 0 || tv.Timeline.ProblemCount != 0 {
		t.Fatalf("today: %v, %+v", err, tv.Timeline)
	}
	if tv, err := ParseTimelineFile(segs[0], key); err != nil || len(tv.Timeline.API) == 0 {
		t.Errorf("open the segment: %v, %+v", err, tv.Timeline)
	}
	if tv, _ := ParseTimelineFile(segs[0], nil); tv.Timeline.ProblemCount == 0 || !strings.Contains(tv.Timeline.Problems[0].Msg, "no key") {
		t.Errorf("segment without the key: %+v, want \"no key\" problems", tv.Timeline.Problems)
	}
	if _, err := l.Export("", ""); err != nil {
		t.Fatal(err)
	}
	tv2, err := ParseTimelineFile(out, nil) // the bundle is plaintext: no key needed
	if err != nil || len(tv2.Timeline.AgentStates) == 0 || tv2.Timeline.ProblemCount != 0 {
		t.Errorf("bundle: %v, %+v", err, tv2.Timeline)
	}
	if d, _ := l.Diagnostics(); d.Encryption != "on (os-keyring (test))" || d.Off != "" {
		t.Errorf("diagnostics: %+v", d)
	}
}

// TestLogsCaptureOff: when capture could not start (encryption on, no keyring), every call that
// needs it fails with logs_off and the reason, Diagnostics says it, and a Streams download can
// still be opened.
func TestLogsCaptureOff(t *testing.T) {
	dl := filepath.Join(t.TempDir(), "agent-log.txt")
	os.WriteFile(dl, []byte(`[{"component":"ccp","level":"ERROR","text":"boom","time":"2026-11-22T00:00:00.000Z","objects":[]}]`), 0o600)
	off := "log encryption key unavailable: logs.encryptAtRest is on but the OS keyring is unavailable (keyring locked)"
	l := &Logs{d: &Deps{Logs: &LogsBackend{Dir: "/x/logs", Off: off, Encryption: "on, no key", Dialogs: fakeDialogs{open: dl}}}}
	var be *Error
	for name, call := range map[string]func() error{
		"ingest": func() error { _, err := l.Ingest(`{"source":"frontend","entries":[]}`); return err },
		"today":  func() error { _, err := l.Today(); return err },
		"export": func() error { _, err := l.Export("", ""); return err },
	} {
		if err := call(); !errors.As(err, &be) || be.Code != CodeLogsOff || !strings.Contains(be.Message, "keyring locked") {
			t.Errorf("%s: got %v, want %s naming the reason", name, err, CodeLogsOff)
		}
	}
	d, err := l.Diagnostics()
	if err != nil || d.Off != off || d.Dir != "/x/logs" {
		t.Errorf("diagnostics: %+v, %v", d, err)
	}
	tv, err := l.OpenTimeline()
	if err != nil || tv.Timeline.ErrorCount != 1 {
		t.Errorf("open a download while capture is off: %v, %+v", err, tv.Timeline)
	}
}
