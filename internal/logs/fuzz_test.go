package logs

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

// FuzzIngest: any input either fails as a whole with a sentinel error, or
// every entry is accounted for (stored or rejected with a reason); nothing
// panics and whatever is stored reads back as valid records.
func FuzzIngest(f *testing.F) {
	f.Add([]byte(`{"source":"streams-ccp","region":"us-east-1","entries":[{"level":"INFO","text":"a","time":"2026-11-21T10:00:00.000Z","objects":[{"x":1}]}]}`))
	f.Add([]byte(`{"source":"frontend","entries":[{"level":"WARN","text":"b","time":1763719200000,"exception":{"type":"E","message":"m","stack":["s"]}},{"level":"X"},5,null]}`))
	f.Add([]byte(`{"source":"streams-crm","entries":[{"level":"TRACE","text":"c","time":"2026-11-21T10:00:00Z","objects":"no","tabId":{}}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"source":"frontend","entries":[{"level":"INFO","text":"+14155550123 jane@example.com","time":"2026-11-21T10:00:00Z","objects":[{"name":"n","attributes":{"a":{"value":"v"}}}]}]}`))
	dir := filepath.Join(f.TempDir(), "logs")
	l, err := OpenLog(Config{Options: Options{Dir: dir, Clock: newFakeClock(), MaxSegmentBytes: 1 << 20}, PseudonymKey: testPseudoKey,
		Limits: IngestLimits{MaxBatchBytes: 64 << 10, MaxRecords: 50, MaxTextBytes: 4 << 10}})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() {
		l.Close()
		// Everything stored during the run reads back as valid Streams entries.
		_, err := ReadDir(ReadOptions{Dir: dir}, func(r Record) error {
			if !json.Valid(r.Objects) || r.Objects[0] != '[' {
				f.Errorf("seq %d: stored objects not an array: %s", r.Seq, r.Objects)
			}
			return nil
		})
		if err != nil {
			f.Error(err)
		}
	})
	f.Fuzz(func(t *testing.T, raw []byte) {
		before := l.Stats().NextSeq
		res, err := l.Ingest(raw)
		if err != nil {
			if res.Accepted != 0 || len(res.Rejects) != 0 || l.Stats().NextSeq != before {
				t.Fatalf("whole-batch error %v but something was stored: %+v", err, res)
			}
			return
		}
		var b struct {
			Entries []json.RawMessage `json:"entries"`
		}
		if json.Unmarshal(raw, &b) != nil {
			t.Fatalf("accepted input that is not a batch: %q", raw)
		}
		if res.Accepted+len(res.Rejects) != len(b.Entries) {
			t.Fatalf("entries %d, accepted %d + rejected %d", len(b.Entries), res.Accepted, len(res.Rejects))
		}
		for _, r := range res.Rejects {
			if r.Reason == "" {
				t.Fatalf("reject without reason: %+v", r)
			}
		}
		stored := l.Stats().NextSeq - before
		want := uint64(res.Accepted) + uint64(btoi(len(res.Rejects) > 0))
		if stored != want || res.Ack.Count() != int(want) {
			t.Fatalf("stored %d records (ack %v), want %d", stored, res.Ack, want)
		}
		// Whatever was stored reads back as valid records.
	})
}

// FuzzRedactText: redaction never panics and is idempotent.
func FuzzRedactText(f *testing.F) {
	for _, s := range []string{"Dialing +14155550123", "a@b.co", "Bearer abcdefgh", "x?X-Amz-Signature=abc&y=1", "token: [secret:00000000]"} {
		f.Add(s)
	}
	r, _ := NewRedactor(testPseudoKey)
	f.Fuzz(func(t *testing.T, s string) {
		once := r.Text(s)
		if twice := r.Text(once); twice != once {
			t.Fatalf("not idempotent: %q → %q → %q", s, once, twice)
		}
	})
}

// FuzzScanSegment: a damaged segment never panics or allocates without
// bound; whole frames before the damage are returned.
func FuzzScanSegment(f *testing.F) {
	dir := filepath.Join(f.TempDir(), "seed")
	w, err := Open(Options{Dir: dir, Clock: newFakeClock()})
	if err != nil {
		f.Fatal(err)
	}
	w.Append(recs(3, "seed"))
	w.Close()
	segs, _ := listSegments(dir)
	seed, _ := os.ReadFile(segPath(dir, segs[0]))
	f.Add(seed)
	f.Add(seed[:len(seed)-3])
	f.Add([]byte(segmentMagic))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		rep, err := ScanSegment(bytes.NewReader(b), "f", nil, func(r Record) error {
			n++
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		if rep.Records != n {
			t.Fatalf("report says %d records, got %d", rep.Records, n)
		}
		if bytes.HasPrefix(b, seed) && n < 3 {
			t.Fatalf("lost whole frames: got %d records from a valid prefix", n)
		}
	})
}
