package logparse

import (
	"bytes"
	"encoding/json"
	"os"
	"sync"
	"testing"
)

// bigLog is the synthetic download, or the file $CCPDESK_BENCH_LOG (bench/run.sh passes the 116 MB one it
// times the CLI on, which also saves generating 64 MB here).
var bigLog = sync.OnceValue(func() []byte {
	if f := os.Getenv("CCPDESK_BENCH_LOG"); f != "" {
		if b, err := os.ReadFile(f); err == nil {
			return b
		}
	}
	return bigSynthLog(64 << 20)
})

// BenchmarkParse reports MB/s for a pretty-printed Streams download (the
// target is ≥200 MB/s).
func BenchmarkParse(b *testing.B) {
	data := bigLog()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		a := NewAnalyzer(Options{})
		if err := a.Parse(bytes.NewReader(data), "ccp-us-east-1-agent-log.txt"); err != nil {
			b.Fatal(err)
		}
		if tl := a.Finish(); len(tl.Problems) != 0 {
			b.Fatal(tl.Problems)
		}
	}
}

// BenchmarkParseEncodingJSON is the baseline the scanner replaces: the
// json.Decoder token API with one Decode per entry.
func BenchmarkParseEncodingJSON(b *testing.B) {
	data := bigLog()
	b.SetBytes(int64(len(data)))
	type entry struct {
		Text    string          `json:"text"`
		Level   string          `json:"level"`
		Time    string          `json:"time"`
		Objects json.RawMessage `json:"objects"`
	}
	for b.Loop() {
		dec := json.NewDecoder(bytes.NewReader(data))
		if _, err := dec.Token(); err != nil {
			b.Fatal(err)
		}
		for dec.More() {
			var e entry
			if err := dec.Decode(&e); err != nil {
				b.Fatal(err)
			}
		}
	}
}
