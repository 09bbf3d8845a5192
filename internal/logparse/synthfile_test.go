package logparse

import (
	"os"
	"strconv"
	"testing"
)

// TestWriteSynthFile writes the synthetic Streams download (bigSynthLog) to $CCPDESK_SYNTH_OUT, at least
// $CCPDESK_SYNTH_BYTES bytes (default 100 MB), for bench/run.sh (parser MB/s beside jq). Skipped otherwise.
func TestWriteSynthFile(t *testing.T) {
	out := os.Getenv("CCPDESK_SYNTH_OUT")
	if out == "" {
		t.Skip("set CCPDESK_SYNTH_OUT to write the file")
	}
	n := 100 << 20
	if s := os.Getenv("CCPDESK_SYNTH_BYTES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			t.Fatal(err)
		}
		n = v
	}
	if err := os.WriteFile(out, bigSynthLog(n), 0o644); err != nil {
		t.Fatal(err)
	}
}
