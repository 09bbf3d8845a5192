package logcli

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

const streamsLog = "../logparse/testdata/ccp-us-east-1-agent-log.txt"

func run(t *testing.T, now time.Time, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	c := &CLI{Now: func() time.Time { return now }}
	code := c.Run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestParse(t *testing.T) {
	svg := filepath.Join(t.TempDir(), "charts")
	for _, tc := range []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"text", []string{"parse", streamsLog}, ExitOK, "ice_collection_timeout"},
		{"json after file", []string{"parse", streamsLog, "--json"}, ExitOK, `"softphoneErrors"`},
		{"svg", []string{"parse", "--svg", svg, streamsLog}, ExitOK, "Agent states"},
		{"gap flag", []string{"parse", "--gap", "1m", streamsLog}, ExitOK, "gaps longer than the threshold: 0"},
		{"missing file", []string{"parse", "nope.txt"}, ExitError, ""},
		{"no files", []string{"parse"}, ExitUsage, ""},
		{"bad flag", []string{"parse", "--nope", streamsLog}, ExitUsage, ""},
		{"unknown command", []string{"frobnicate"}, ExitUsage, ""},
		{"no command", nil, ExitUsage, ""},
		{"help", []string{"help"}, ExitOK, "logs export"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code, out, errOut := run(t, time.Now(), tc.args...)
			if code != tc.code {
				t.Fatalf("exit: got %d, want %d (stderr %s)", code, tc.code, errOut)
			}
			if !strings.Contains(out, tc.contains) {
				t.Errorf("stdout lacks %q:\n%s", tc.contains, out)
			}
			if code != ExitOK && errOut == "" {
				t.Error("failure without a message on stderr")
			}
		})
	}
	for _, f := range []string{"skew.svg", "api-latency.svg", "agent-states.svg"} {
		if _, err := os.Stat(filepath.Join(svg, f)); err != nil {
			t.Errorf("chart: %v", err)
		}
	}
	_, out, _ := run(t, time.Now(), "parse", "--json", streamsLog)
	var tl map[string]any
	if err := json.Unmarshal([]byte(out), &tl); err != nil {
		t.Fatalf("--json output is not JSON: %v", err)
	}
}

// TestExportThenParse: records captured by logs, exported by the CLI, parsed
// back from the bundle; no canary survives.
func TestExportThenParse(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	dir := filepath.Join(t.TempDir(), "logs")
	key := bytes.Repeat([]byte{3}, 32)
	pkey := []byte("installation-pseudonym-key-0001")
	l, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, EncryptionKey: key, Clock: logs.ClockFunc(func() time.Time { return now })}, PseudonymKey: pkey})
	if err != nil {
		t.Fatal(err)
	}
	// Feed the synthetic Streams download through Ingest as the frontend would.
	raw, err := os.ReadFile(streamsLog)
	if err != nil {
		t.Fatal(err)
	}
	var entries []json.RawMessage
	if err := json.Unmarshal(raw, &entries); err != nil {
		t.Fatal(err)
	}
	entries = append(entries, json.RawMessage(`{"level":"INFO","text":"Dialing +14155550123 for jane.doe@example.com","time":"2026-11-20T14:00:30.000Z","objects":[{"customerName":"Zebulon Quixley"}]}`))
	batch, _ := json.Marshal(map[string]any{"source": "streams-ccp", "region": "us-east-1", "entries": entries})
	if res, err := l.Ingest(batch); err != nil || len(res.Rejects) != 0 {
		t.Fatalf("ingest: %v %+v", err, res.Rejects)
	}
	l.Close()
	keyFile := filepath.Join(t.TempDir(), "key")
	os.WriteFile(keyFile, []byte(strings.Repeat("03", 32)+"\n"), 0o600)
	extra := filepath.Join(t.TempDir(), "sys.txt")
	os.WriteFile(extra, []byte("os: linux; support: jane.doe@example.com"), 0o600)
	bundle := filepath.Join(t.TempDir(), "bundle.zip")

	code, out, errOut := run(t, now, "export", "--dir", dir, "--from", "2026-11-20", "--to", "now", "--out", bundle,
		"--key-file", keyFile, "--extra", "system.txt="+extra)
	if code != ExitOK {
		t.Fatalf("export: exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "ccp-us-east-1-agent-log.txt") {
		t.Errorf("export summary: %s", out)
	}
	info, err := os.Stat(bundle)
	if err != nil || info.Mode().Perm() != 0o600 {
		t.Fatalf("bundle: %v %v", err, info)
	}
	zr, err := zip.OpenReader(bundle)
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range zr.File {
		rc, _ := f.Open()
		var b bytes.Buffer
		b.ReadFrom(rc)
		rc.Close()
		for _, c := range []string{"4155550123", "jane.doe", "Zebulon", "Quixley"} {
			if strings.Contains(b.String(), c) {
				t.Errorf("%s contains %q", f.Name, c)
			}
		}
	}
	zr.Close()

	code, out, errOut = run(t, now, "parse", bundle)
	if code != ExitOK {
		t.Fatalf("parse bundle: exit %d: %s", code, errOut)
	}
	for _, want := range []string{"ice_collection_timeout", "MissedCallAgent", "createOutboundContact", "c-0001", "us-east-1"} {
		if !strings.Contains(out, want) {
			t.Errorf("parsed bundle lacks %q:\n%s", want, out)
		}
	}
	// Our own segments parse directly too (with the key).
	segs, _ := filepath.Glob(filepath.Join(dir, "*.ccplog"))
	code, out, _ = run(t, now, append([]string{"parse", "--key-file", keyFile}, segs...)...)
	if code != ExitOK || !strings.Contains(out, "MissedCallAgent") {
		t.Errorf("parse segments: exit %d:\n%s", code, out)
	}
	// …and so does the whole directory.
	code, out, _ = run(t, now, "parse", "--key-file", keyFile, "--json", dir)
	if code != ExitOK || !strings.Contains(out, `"ccpdesk-segment"`) || !strings.Contains(out, "MissedCallAgent") {
		t.Errorf("parse directory: exit %d:\n%.500s", code, out)
	}
	// Without the key the records are reported, not shown.
	code, out, _ = run(t, now, "parse", dir)
	if code != ExitOK || strings.Contains(out, "MissedCallAgent") || !strings.Contains(out, "cannot decrypt") {
		t.Errorf("parse directory without key: exit %d:\n%.800s", code, out)
	}
}

func TestExportUsage(t *testing.T) {
	now := time.Now()
	for _, args := range [][]string{
		{"export"},
		{"export", "--dir", "x"},
		{"export", "--dir", "x", "--out", "y", "--from", "yesterday"},
		{"export", "--dir", "x", "--out", "y", "--from", "now", "--to", "2h"},
		{"export", "--dir", "x", "--out", "y", "stray"},
	} {
		if code, _, errOut := run(t, now, args...); code != ExitUsage || errOut == "" {
			t.Errorf("%v: got exit %d (%q), want %d with a message", args, code, errOut, ExitUsage)
		}
	}
	if code, _, _ := run(t, now, "export", "--dir", filepath.Join(t.TempDir(), "missing"), "--out", filepath.Join(t.TempDir(), "b.zip")); code != ExitError {
		t.Errorf("missing dir: got exit %d, want %d", code, ExitError)
	}
}

func TestParseWhen(t *testing.T) {
	now := time.Date(2026, 11, 21, 12, 0, 0, 0, time.UTC)
	for in, want := range map[string]time.Time{
		"now": now, "24h": now.Add(-24 * time.Hour), "-90m": now.Add(-90 * time.Minute),
		"2026-11-20": time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC), "2026-11-20T09:30:00Z": time.Date(2026, 11, 20, 9, 30, 0, 0, time.UTC),
	} {
		got, err := parseWhen(in, now)
		if err != nil || !got.Equal(want) {
			t.Errorf("parseWhen(%q): got %v %v, want %v", in, got, err, want)
		}
	}
}

// TestSealedSegmentsUseTheKeyringKey: without --key-file, parse and export open sealed segments
// with the key the keyring hook returns; without one they say why on stderr. A Streams download
// never asks the keyring.
func TestSealedSegmentsUseTheKeyringKey(t *testing.T) {
	key := bytes.Repeat([]byte{9}, 32)
	dir := filepath.Join(t.TempDir(), "logs")
	w, err := logs.Open(logs.Options{Dir: dir, EncryptionKey: key})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Append([]logs.Record{{Time: time.Now(), Level: "ERROR", Text: "sealed canary-41", Source: logs.SourceGo}}); err != nil {
		t.Fatal(err)
	}
	w.Close()
	asked := 0
	withKey := &CLI{Key: func() ([]byte, error) { asked++; return key, nil }}
	noKey := &CLI{Key: func() ([]byte, error) { return nil, errors.New("keyring locked") }}

	var out, errb bytes.Buffer
	if code := withKey.Run([]string{"parse", dir}, &out, &errb); code != ExitOK || !strings.Contains(out.String(), "sealed canary-41") || asked != 1 {
		t.Fatalf("parse with the keyring key: exit %d, asked %d\n%s%s", code, asked, out.String(), errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := noKey.Run([]string{"parse", dir}, &out, &errb); code != ExitOK || strings.Contains(out.String(), "sealed canary-41") ||
		!strings.Contains(errb.String(), "sealed records were not read: keyring locked") {
		t.Fatalf("parse without a key: exit %d\nstdout %s\nstderr %s", code, out.String(), errb.String())
	}
	asked = 0
	if code := withKey.Run([]string{"parse", streamsLog}, &out, &errb); code != ExitOK || asked != 0 {
		t.Errorf("a Streams download asked the keyring %d times", asked)
	}

	bundle := filepath.Join(t.TempDir(), "b.zip")
	out.Reset()
	errb.Reset()
	if code := withKey.Run([]string{"export", "--dir", dir, "--from", "1h", "--out", bundle}, &out, &errb); code != ExitOK || strings.Contains(out.String(), "problem") {
		t.Fatalf("export: exit %d\n%s%s", code, out.String(), errb.String())
	}
	raw, _ := os.ReadFile(bundle)
	zr, _ := zip.NewReader(bytes.NewReader(raw), int64(len(raw)))
	found := false
	for _, f := range zr.File {
		rc, _ := f.Open()
		b, _ := io.ReadAll(rc)
		rc.Close()
		found = found || bytes.Contains(b, []byte("sealed canary-41"))
	}
	if !found {
		t.Error("the bundle lacks the sealed record in plaintext")
	}
	errb.Reset()
	if code := noKey.Run([]string{"export", "--dir", dir, "--from", "1h", "--out", bundle}, &out, &errb); code != ExitOK || !strings.Contains(errb.String(), "keyring locked") {
		t.Errorf("export without a key: exit %d, stderr %s", code, errb.String())
	}
}
