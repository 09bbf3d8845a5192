package bridge

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
	"github.com/ccpdesk/ccpdesk/internal/testfs"
)

const ingestDiskFullEnv = "CCPDESK_BRIDGE_DISKFULL_CHILD"

// TestIngestDiskFull runs TestIngestDiskFullChild on a real 256 KiB tmpfs (in a user+mount
// namespace, like internal/logs' TestDiskFull): a batch that half fits is settled, not an error.
func TestIngestDiskFull(t *testing.T) {
	out := testfs.RunOnTmpfs(t, "256k", "TestIngestDiskFullChild", ingestDiskFullEnv)
	if !strings.Contains(string(out), "CHECKED ") {
		t.Fatalf("the child did not run its checks:\n%s", out)
	}
	t.Logf("child:\n%s", out)
}

// TestIngestDiskFullChild runs inside the namespace; it does nothing otherwise.
func TestIngestDiskFullChild(t *testing.T) {
	mnt := testfs.Dir(ingestDiskFullEnv)
	if mnt == "" {
		return
	}
	dir := filepath.Join(mnt, "logs")
	lg, err := logs.OpenLog(logs.Config{Options: logs.Options{Dir: dir, MaxSegmentBytes: 1 << 20}, PseudonymKey: []byte("0123456789abcdef0123456789abcdef")})
	if err != nil {
		t.Fatal(err)
	}
	defer lg.Close()
	l := &Logs{d: &Deps{Logs: &LogsBackend{Log: lg, Dir: dir}}}
	pad := strings.Repeat("z", 600)
	batch := func(name string, n int) string {
		entries := make([]any, n)
		for i := range entries {
			entries[i] = map[string]any{"level": "INFO", "text": fmt.Sprintf("%s entry %d %s", name, i, pad),
				"time": time.Now().UTC().Format(time.RFC3339Nano)}
		}
		b, _ := json.Marshal(map[string]any{"source": "streams-ccp", "region": "us-east-1", "entries": entries})
		return string(b)
	}
	if res, err := l.Ingest(batch("before", 2)); err != nil || res.Accepted != 2 {
		t.Fatalf("before the disk filled: %+v, %v", res, err)
	}
	// Fill the filesystem, leaving the 8 KiB of hole (plus the segment's last page) free.
	hole := filepath.Join(mnt, "hole")
	if err := os.WriteFile(hole, make([]byte, 8<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	filler, err := os.Create(filepath.Join(mnt, "filler"))
	if err != nil {
		t.Fatal(err)
	}
	for chunk := make([]byte, 4<<10); ; {
		if _, err := filler.Write(chunk); err != nil {
			if !errors.Is(err, syscall.ENOSPC) {
				t.Fatal(err)
			}
			break
		}
	}
	filler.Close()
	if err := os.Remove(hole); err != nil {
		t.Fatal(err)
	}

	const n = 40 // about 30 KiB: some of it fits
	res, err := l.Ingest(batch("half", n))
	if err != nil {
		t.Fatalf("a full disk must not fail the call (the frontend would resend the batch): %v", err)
	}
	if !res.DiskFull || res.Accepted == 0 || res.Dropped == 0 || res.Accepted+res.Dropped != n || res.Ack.Count() != res.Accepted || len(res.Rejects) != 0 {
		t.Fatalf("got %+v, want diskFull with accepted+dropped = %d, both > 0", res, n)
	}
	if st := lg.Stats(); st.Dropped != uint64(res.Dropped) {
		t.Fatalf("writer counted %d dropped, the result says %d", st.Dropped, res.Dropped)
	}
	js, _ := json.Marshal(res)
	if !strings.Contains(string(js), `"diskFull":true`) || !strings.Contains(string(js), fmt.Sprintf(`"dropped":%d`, res.Dropped)) {
		t.Fatalf("wire form %s lacks diskFull/dropped", js)
	}

	// Space returns: the next batch is stored after one gap record counting exactly the drops.
	if err := os.Remove(filepath.Join(mnt, "filler")); err != nil {
		t.Fatal(err)
	}
	if r, err := l.Ingest(batch("after", 1)); err != nil || r.Accepted != 1 || r.DiskFull {
		t.Fatalf("after space returned: %+v, %v", r, err)
	}
	seen := map[string]int{}
	var gaps []float64
	if _, err := logs.ReadDir(logs.ReadOptions{Dir: dir}, func(r logs.Record) error {
		if strings.HasPrefix(r.Text, logs.GapText) {
			var g []map[string]map[string]any
			if err := json.Unmarshal(r.Objects, &g); err != nil {
				return err
			}
			gaps = append(gaps, g[0]["gap"]["dropped"].(float64))
			return nil
		}
		name, _, _ := strings.Cut(r.Text, " "+pad)
		seen[name]++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(gaps) != 1 || int(gaps[0]) != res.Dropped {
		t.Errorf("gap records: got %v, want one counting %d", gaps, res.Dropped)
	}
	for i := range n {
		name, want := fmt.Sprintf("half entry %d", i), 0
		if i < res.Accepted {
			want = 1
		}
		if seen[name] != want {
			t.Errorf("%s stored %d times, want %d", name, seen[name], want)
		}
	}
	if seen["before entry 1"] != 1 || seen["after entry 0"] != 1 {
		t.Errorf("records around the full disk: %v", seen)
	}
	fmt.Printf("CHECKED accepted %d dropped %d\n", res.Accepted, res.Dropped)
}
