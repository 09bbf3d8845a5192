package logs

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// FuzzIngest: any input either fails as a whole with a sentinel error, or
// every entry is accounted for (stored or rejected with a reason); nothing
// panics and whatever is stored reads back as valid records. The limits are
// the real ones (DefaultIngestLimits): over MaxBatchBytes is ErrBatchTooLarge,
// more than MaxRecords entries ErrTooManyRecords (nothing stored either way),
// and an entry whose text is over MaxTextBytes is rejected.
func FuzzIngest(f *testing.F) {
	lim := DefaultIngestLimits
	f.Add([]byte(`{"source":"streams-ccp","region":"us-east-1","entries":[{"level":"INFO","text":"a","time":"2026-11-21T10:00:00.000Z","objects":[{"x":1}]}]}`))
	f.Add([]byte(`{"source":"frontend","entries":[{"level":"WARN","text":"b","time":1763719200000,"exception":{"type":"E","message":"m","stack":["s"]}},{"level":"X"},5,null]}`))
	f.Add([]byte(`{"source":"streams-crm","entries":[{"level":"TRACE","text":"c","time":"2026-11-21T10:00:00Z","objects":"no","tabId":{}}]}`))
	f.Add([]byte(`[]`))
	f.Add([]byte(`{"source":"frontend","entries":[{"level":"INFO","text":"+14155550123 jane@example.com","time":"2026-11-21T10:00:00Z","objects":[{"name":"n","attributes":{"a":{"value":"v"}}}]}]}`))
	// At and over the limits.
	withEntries := func(src string, entries ...string) []byte {
		return []byte(`{"source":"` + src + `","region":"us-east-1","entries":[` + strings.Join(entries, ",") + `]}`)
	}
	textEntry := func(n int) string {
		return `{"level":"INFO","text":"` + strings.Repeat("t", n) + `","time":1763719200000}`
	}
	f.Add(withEntries("streams-ccp", textEntry(lim.MaxTextBytes), textEntry(lim.MaxTextBytes+1)))
	small := `{"level":"INFO","text":"x","time":1763719200000}`
	f.Add(withEntries("streams-ccp", slices.Repeat([]string{small}, lim.MaxRecords+1)...))
	f.Add(withEntries("frontend", slices.Repeat([]string{small}, lim.MaxRecords)...))
	f.Add(withEntries("streams-crm", slices.Repeat([]string{textEntry(lim.MaxTextBytes - 64)}, lim.MaxBatchBytes/lim.MaxTextBytes+1)...))
	f.Add(append(withEntries("frontend", small), bytes.Repeat([]byte(" "), lim.MaxBatchBytes)...))
	dir := filepath.Join(f.TempDir(), "logs")
	l, err := OpenLog(Config{Options: Options{Dir: dir, Clock: newFakeClock(), MaxSegmentBytes: 1 << 20}, PseudonymKey: testPseudoKey})
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
		var b IngestBatch
		decoded := json.Unmarshal(raw, &b) == nil
		tooMany := decoded && b.Source.valid() && b.Source != SourceGo && len(b.Region) <= lim.MaxFieldBytes && len(b.Entries) > lim.MaxRecords
		switch {
		case len(raw) > lim.MaxBatchBytes && !errors.Is(err, ErrBatchTooLarge):
			t.Fatalf("%d bytes (limit %d): got %v, want ErrBatchTooLarge", len(raw), lim.MaxBatchBytes, err)
		case len(raw) <= lim.MaxBatchBytes && errors.Is(err, ErrBatchTooLarge):
			t.Fatalf("%d bytes (limit %d): ErrBatchTooLarge", len(raw), lim.MaxBatchBytes)
		case len(raw) <= lim.MaxBatchBytes && tooMany && !errors.Is(err, ErrTooManyRecords):
			t.Fatalf("%d entries (limit %d): got %v, want ErrTooManyRecords", len(b.Entries), lim.MaxRecords, err)
		case errors.Is(err, ErrTooManyRecords) && !tooMany:
			t.Fatalf("%d entries (limit %d): ErrTooManyRecords", len(b.Entries), lim.MaxRecords)
		}
		if err != nil {
			if res.Accepted != 0 || len(res.Rejects) != 0 || l.Stats().NextSeq != before {
				t.Fatalf("whole-batch error %v but something was stored: %+v", err, res)
			}
			return
		}
		if !decoded {
			t.Fatalf("accepted input that is not a batch: %q", raw)
		}
		if res.Accepted+len(res.Rejects) != len(b.Entries) || res.Dropped != 0 || res.DiskFull {
			t.Fatalf("entries %d, accepted %d + rejected %d (dropped %d)", len(b.Entries), res.Accepted, len(res.Rejects), res.Dropped)
		}
		rejected := map[int]bool{}
		for _, r := range res.Rejects {
			if r.Reason == "" {
				t.Fatalf("reject without reason: %+v", r)
			}
			rejected[r.Index] = true
		}
		for i, e := range b.Entries {
			var te struct{ Text string }
			if json.Unmarshal(e, &te) == nil && len(te.Text) > lim.MaxTextBytes && !rejected[i] {
				t.Fatalf("entry %d: %d bytes of text (limit %d) accepted", i, len(te.Text), lim.MaxTextBytes)
			}
		}
		stored := l.Stats().NextSeq - before
		want := uint64(res.Accepted) + uint64(btoi(len(res.Rejects) > 0))
		if stored != want || res.Ack.Count() != int(want) {
			t.Fatalf("stored %d records (ack %v), want %d", stored, res.Ack, want)
		}
	})
}

// FuzzRedactText: redaction never panics and is idempotent.
func FuzzRedactText(f *testing.F) {
	for _, s := range []string{"Dialing +14155550123", "a@b.co", "Bearer abcdefgh", "x?X-Amz-Signature=abc&y=1", "token: [secret:00000000]",
		"dialing +15555550142 (15555550142)", "+44 (0)20 7946 0958 (020 7946 0958), +1.555.555.0143",
		"call back 5555550142, 07911123456; sip:15555550142@x at 1795316515755 seq 00000000000000004417",
		"Send digits 1234*5678# dtmf 4 phone [phone:31922359] tel:+1 (555) 555-0142", "Senddigit0dtmf0", "Senddigit#5 ", "send digits ## then *"} {
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
