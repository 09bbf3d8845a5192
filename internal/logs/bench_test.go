package logs

import (
	"encoding/json"
	"fmt"
	"path/filepath"
	"testing"

	"github.com/rs/zerolog"
	"gopkg.in/natefinch/lumberjack.v2"
)

// Typical Streams lines: mostly short trace lines, some with objects.
func benchRecords(n int) []Record {
	out := make([]Record, n)
	obj := json.RawMessage(`[{"contactId":"c1a2b3c4-1111-2222-3333-444455556666","state":{"type":"connected"},"skew":-23}]`)
	for i := range out {
		out[i] = Record{Level: "TRACE", Component: "ccp", Text: fmt.Sprintf("AWSClient: --> Calling operation 'getAgentSnapshot' %d", i),
			Source: SourceStreamsCCP, Region: "us-east-1", LoggerID: "1763719200000-abc", ContextLayer: "SharedWorker"}
		if i%4 == 0 {
			out[i].Objects = obj
		}
	}
	return out
}

func reportRecords(b *testing.B, n int) {
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "records/s")
}

// BenchmarkWriter: the writer alone (records already redacted), 100-record
// batches as the frontend sends them.
func BenchmarkWriter(b *testing.B) {
	for _, tc := range []struct {
		name string
		key  []byte
	}{{"plain", nil}, {"aesgcm", make([]byte, 32)}} {
		b.Run(tc.name, func(b *testing.B) {
			w, err := Open(Options{Dir: filepath.Join(b.TempDir(), "logs"), EncryptionKey: tc.key})
			if err != nil {
				b.Fatal(err)
			}
			defer w.Close()
			batch := benchRecords(100)
			n := 0
			for b.Loop() {
				if _, err := w.Append(batch); err != nil {
					b.Fatal(err)
				}
				n += len(batch)
			}
			reportRecords(b, n)
		})
	}
}

// BenchmarkLogAppend: redaction + writer, what Ingest and zerolog pay.
func BenchmarkLogAppend(b *testing.B) {
	l, err := OpenLog(Config{Options: Options{Dir: filepath.Join(b.TempDir(), "logs")}, PseudonymKey: testPseudoKey})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	src := benchRecords(100)
	batch := make([]Record, len(src))
	n := 0
	for b.Loop() {
		copy(batch, src)
		if _, err := l.Append(batch); err != nil {
			b.Fatal(err)
		}
		n += len(batch)
	}
	reportRecords(b, n)
}

// BenchmarkZerolog compares Go's own logging through our adapter with the
// common zerolog → lumberjack setup (one line per event, no redaction, no
// framing), side by side.
func BenchmarkZerolog(b *testing.B) {
	b.Run("ccpdesk-logs", func(b *testing.B) {
		l, err := OpenLog(Config{Options: Options{Dir: filepath.Join(b.TempDir(), "logs")}, PseudonymKey: testPseudoKey})
		if err != nil {
			b.Fatal(err)
		}
		defer l.Close()
		zl := zerolog.New(l.ZerologWriter()).With().Timestamp().Str("component", "region").Logger()
		n := 0
		for b.Loop() {
			zl.Info().Str("region", "us-east-1").Int("duration_ms", 12).Msg("snapshot received")
			n++
		}
		reportRecords(b, n)
	})
	b.Run("lumberjack-peer", func(b *testing.B) {
		lj := &lumberjack.Logger{Filename: filepath.Join(b.TempDir(), "peer.log"), MaxSize: 8}
		defer lj.Close()
		zl := zerolog.New(lj).With().Timestamp().Str("component", "region").Logger()
		n := 0
		for b.Loop() {
			zl.Info().Str("region", "us-east-1").Int("duration_ms", 12).Msg("snapshot received")
			n++
		}
		reportRecords(b, n)
	})
}
