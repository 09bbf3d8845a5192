package logs

import (
	"os"
	"strings"
	"testing"
	"time"
)

// Retention also happens while nothing is logged, through Maintain.
func TestMaintainRetention(t *testing.T) {
	clk := newFakeClock()
	w := openTest(t, Options{Clock: clk, MaxSegmentAge: time.Hour, Retention: 24 * time.Hour})
	for range 3 {
		w.Append(recs(1, "x"))
		clk.Advance(2 * time.Hour) // each append after this rotates
	}
	if got := w.Stats().Segments; got != 3 {
		t.Fatalf("segments: got %d, want 3", got)
	}
	clk.Advance(21 * time.Hour) // now 27 h: the first closed segment ended 25 h ago, the second 23 h ago
	if err := w.Maintain(); err != nil {
		t.Fatal(err)
	}
	if got := w.Stats().Segments; got != 2 {
		t.Fatalf("segments after Maintain: got %d, want 2", got)
	}
}

func TestReadDirTimeRange(t *testing.T) {
	clk := newFakeClock()
	w := openTest(t, Options{Clock: clk, MaxSegmentAge: time.Hour})
	for i := range 6 {
		w.Append(recs(1, "h"+string(rune('0'+i))))
		clk.Advance(time.Hour)
	}
	t0 := newFakeClock().Now()
	var got []string
	_, err := ReadDir(ReadOptions{Dir: w.opts.Dir, From: t0.Add(2 * time.Hour), To: t0.Add(4 * time.Hour)}, func(r Record) error {
		got = append(got, r.Text)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "h2 0,h3 0,h4 0" {
		t.Errorf("got %v, want h2..h4", got)
	}
}

func TestZerologRecordFormats(t *testing.T) {
	now := newFakeClock().Now()
	for _, tc := range []struct {
		in        string
		level     string
		text      string
		component string
		time      time.Time
	}{
		{`{"level":"error","time":"2026-11-21T09:00:00Z","message":"boom","error":"eof"}`, "ERROR", "boom", "go", time.Date(2026, 11, 21, 9, 0, 0, 0, time.UTC)},
		{`{"level":"fatal","time":1763715600,"message":"x","component":"auth"}`, "CRITICAL", "x", "auth", time.Unix(1763715600, 0)},
		{`{"time":1763715600123,"message":"ms"}`, "LOG", "ms", "go", time.UnixMilli(1763715600123)},
		{"not json at all\n", "LOG", "not json at all", "go", now},
	} {
		r, _, err := zerologRecord([]byte(tc.in), now)
		if err != nil {
			t.Fatal(err)
		}
		if r.Level != tc.level || r.Text != tc.text || r.Component != tc.component || !r.Time.Equal(tc.time) || r.Source != SourceGo {
			t.Errorf("%s: got %+v", tc.in, r)
		}
	}
}

// TestDefaults: what the app gets with zero Options (it sets only Dir, Fsync and the key) and
// zero IngestLimits, as docs/logs.md states them: 7 days of retention, a 512 MiB budget.
func TestDefaults(t *testing.T) {
	clk := newFakeClock()
	w := openTest(t, Options{Clock: clk})
	o := w.opts
	for _, c := range []struct {
		name      string
		got, want int64
	}{
		{"Retention", int64(o.Retention), int64(7 * 24 * time.Hour)},
		{"MaxTotalBytes", o.MaxTotalBytes, 512 << 20},
		{"MaxSegmentBytes", o.MaxSegmentBytes, 8 << 20},
		{"MaxSegmentAge", int64(o.MaxSegmentAge), int64(time.Hour)},
		{"FsyncInterval", int64(o.FsyncInterval), int64(time.Second)},
		{"MaxBatchBytes", int64(DefaultIngestLimits.MaxBatchBytes), 4 << 20},
		{"MaxRecords", int64(DefaultIngestLimits.MaxRecords), 5000},
		{"MaxTextBytes", int64(DefaultIngestLimits.MaxTextBytes), 32 << 10},
	} {
		if c.got != c.want {
			t.Errorf("default %s: got %d, want %d", c.name, c.got, c.want)
		}
	}
	doc, err := os.ReadFile("../../docs/logs.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"`Retention` (**7 days**", "`MaxTotalBytes` (512 MiB)", "`MaxSegmentBytes` (8 MiB) or `MaxSegmentAge` (1 h)", "4 MiB per batch, 5000 entries, 32 KiB text"} {
		if !strings.Contains(string(doc), s) {
			t.Errorf("docs/logs.md no longer says %q", s)
		}
	}
	// Retention with the defaults: a segment closed 7 days ago minus a minute stays, plus a minute goes.
	w.Append(recs(1, "old"))
	clk.Advance(2 * time.Hour)
	w.Append(recs(1, "new")) // rotates: the first segment is closed now
	clk.Advance(7*24*time.Hour - time.Minute)
	if err := w.Maintain(); err != nil {
		t.Fatal(err)
	}
	if got := w.Stats().Segments; got != 2 {
		t.Fatalf("segments 7 days - 1 min after closing: got %d, want 2", got)
	}
	clk.Advance(2 * time.Minute)
	if err := w.Maintain(); err != nil {
		t.Fatal(err)
	}
	if got := w.Stats().Segments; got != 1 {
		t.Fatalf("segments 7 days + 1 min after closing: got %d, want 1", got)
	}
}
