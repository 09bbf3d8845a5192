package logparse

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"
)

// TestWriteSynthFile writes the synthetic Streams download (bigSynthLog) to $CCPDESK_SYNTH_OUT, at least
// $CCPDESK_SYNTH_BYTES bytes (default 100 MB), for bench/run.sh (parser MB/s beside jq). Without the
// variable it writes a small one to a temp dir and checks it parses, so the generator stays tested.
func TestWriteSynthFile(t *testing.T) {
	out := os.Getenv("CCPDESK_SYNTH_OUT")
	n := 100 << 20
	if out == "" {
		out, n = filepath.Join(t.TempDir(), "synth.txt"), 1<<20
		defer func() {
			raw, err := os.ReadFile(out)
			if err != nil || len(raw) < n {
				t.Fatalf("synthetic file: %d bytes, err %v", len(raw), err)
			}
			if tl := analyze(t, map[string][]byte{"s": raw}, "s"); tl.Snapshots == 0 {
				t.Fatal("synthetic file has no snapshots")
			}
		}()
	}
	if s := os.Getenv("CCPDESK_SYNTH_BYTES"); s != "" {
		v, err := strconv.Atoi(s)
		if err == nil && os.Getenv("CCPDESK_SYNTH_OUT") == "" {
			v = n // the small self-check keeps its size
		}
		if err != nil {
			t.Fatal(err)
		}
		n = v
	}
	if err := os.WriteFile(out, bigSynthLog(n), 0o644); err != nil {
		t.Fatal(err)
	}
}
