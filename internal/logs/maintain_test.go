package logs

import (
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
