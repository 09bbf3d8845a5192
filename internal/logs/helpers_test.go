package logs

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"
)

type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func newFakeClock() *fakeClock {
	return &fakeClock{t: time.Date(2026, 11, 21, 10, 0, 0, 0, time.UTC)}
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) Advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

var testPseudoKey = []byte("0123456789abcdef0123456789abcdef")

func openTest(t *testing.T, opts Options) *Writer {
	t.Helper()
	if opts.Dir == "" {
		opts.Dir = filepath.Join(t.TempDir(), "logs")
	}
	w, err := Open(opts)
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	t.Cleanup(func() { w.Close() })
	return w
}

func recs(n int, prefix string) []Record {
	out := make([]Record, n)
	for i := range out {
		out[i] = Record{Level: "INFO", Component: "ccp", Text: fmt.Sprintf("%s %d", prefix, i), Source: SourceStreamsCCP, Region: "us-east-1"}
	}
	return out
}

func readAll(t *testing.T, dir string, key []byte) ([]Record, ReadReport) {
	t.Helper()
	var out []Record
	rep, err := ReadDir(ReadOptions{Dir: dir, EncryptionKey: key}, func(r Record) error {
		out = append(out, r)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadDir: %v", err)
	}
	return out, rep
}

// checkContiguous fails unless seqs run from first without holes.
func checkContiguous(t *testing.T, got []Record, first uint64) {
	t.Helper()
	for i, r := range got {
		if r.Seq != first+uint64(i) {
			t.Fatalf("record %d: got seq %d, want %d", i, r.Seq, first+uint64(i))
		}
	}
}

// grepDir fails if any canary appears in any file under dir.
func grepDir(t *testing.T, dir string, canaries []string) {
	t.Helper()
	err := filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		grepBytes(t, p, b, canaries)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func grepBytes(t *testing.T, name string, b []byte, canaries []string) {
	t.Helper()
	for _, c := range canaries {
		if bytes.Contains(b, []byte(c)) {
			t.Errorf("%s contains canary %q", name, c)
		}
	}
}

func mustJSON(t *testing.T, v any) json.RawMessage {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
