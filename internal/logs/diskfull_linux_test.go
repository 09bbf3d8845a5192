package logs

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/testfs"
)

const diskFullChildEnv = "CCPDESK_LOGS_DISKFULL_CHILD"

// diskFullResult is what the child measured on the real full filesystem.
type diskFullResult struct {
	Acked, CallerDropped, StatsDropped uint64
	Gaps                               []gapInfo
	LastAckBeforeFull                  uint64
	Records                            int
	Problems                           []Problem
	SeqHoles                           int
	BackAfterFree                      bool
}

// TestDiskFull fills a real 256 KiB tmpfs (in a user+mount namespace) and
// checks: no panic, an exact count of dropped records, and a gap record once
// space is back.
func TestDiskFull(t *testing.T) {
	out := testfs.RunOnTmpfs(t, "256k", "TestDiskFullChild", diskFullChildEnv)
	_, js, ok := strings.Cut(string(out), "RESULT ")
	if !ok {
		t.Fatalf("no result from child:\n%s", out)
	}
	js, _, _ = strings.Cut(js, "\n")
	var r diskFullResult
	if err := json.Unmarshal([]byte(js), &r); err != nil {
		t.Fatalf("bad result %q: %v", js, err)
	}
	t.Logf("child: %+v", r)
	if r.CallerDropped == 0 {
		t.Fatal("the disk never filled up")
	}
	if r.StatsDropped != r.CallerDropped {
		t.Errorf("dropped: writer counted %d, caller saw %d", r.StatsDropped, r.CallerDropped)
	}
	if len(r.Gaps) != 1 {
		t.Fatalf("gap records: got %d, want 1", len(r.Gaps))
	}
	if g := r.Gaps[0]; g.Dropped != r.CallerDropped || g.AfterSeq != r.LastAckBeforeFull || g.GapSeq != g.AfterSeq+1 {
		t.Errorf("gap: got %+v, want dropped %d after seq %d", g, r.CallerDropped, r.LastAckBeforeFull)
	}
	if !r.BackAfterFree {
		t.Error("writing did not resume after space was freed")
	}
	if len(r.Problems) != 0 || r.SeqHoles != 0 {
		t.Errorf("files after the full disk: problems %v, sequence holes %d", r.Problems, r.SeqHoles)
	}
	if uint64(r.Records) != r.Acked+1 {
		t.Errorf("records on disk: got %d, want %d acknowledged + 1 gap", r.Records, r.Acked)
	}
}

// TestDiskFullChild runs inside the namespace; it does nothing otherwise.
func TestDiskFullChild(t *testing.T) {
	mnt := testfs.Dir(diskFullChildEnv)
	if mnt == "" {
		return
	}
	clk := newFakeClock()
	dir := filepath.Join(mnt, "logs")
	w, err := Open(Options{Dir: dir, Clock: clk, MaxSegmentBytes: 32 << 10})
	if err != nil {
		t.Fatal(err)
	}
	filler := filepath.Join(mnt, "filler")
	if err := os.WriteFile(filler, bytes.Repeat([]byte{1}, 64<<10), 0o600); err != nil {
		t.Fatal(err)
	}
	var r diskFullResult
	full := false
	appendOne := func(i int) bool {
		clk.Advance(time.Millisecond)
		batch := recs(10, fmt.Sprintf("batch %d %s", i, strings.Repeat("z", 150)))
		ack, err := w.Append(batch)
		r.Acked += uint64(ack.Count())
		if err != nil {
			if !errors.Is(err, ErrDiskFull) {
				t.Fatalf("got %v, want ErrDiskFull", err)
			}
			if !full {
				full = true
				r.LastAckBeforeFull = w.Stats().NextSeq - 1
			}
			r.CallerDropped += uint64(len(batch) - ack.Count())
			return false
		}
		return true
	}
	i := 0
	for ; !full && i < 10000; i++ {
		appendOne(i)
	}
	for j := 0; j < 30; j++ { // stays full
		appendOne(i)
		i++
	}
	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	r.BackAfterFree = true
	for j := 0; j < 3; j++ {
		r.BackAfterFree = appendOne(i) && r.BackAfterFree
		i++
	}
	r.StatsDropped = w.Stats().Dropped
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	var want uint64 = 1
	rep, err := ReadDir(ReadOptions{Dir: dir}, func(rec Record) error {
		r.Records++
		if rec.Seq != want {
			r.SeqHoles++
		}
		want = rec.Seq + 1
		if strings.HasPrefix(rec.Text, GapText) {
			var g []map[string]gapInfo
			if err := json.Unmarshal(rec.Objects, &g); err != nil {
				return err
			}
			r.Gaps = append(r.Gaps, g[0]["gap"])
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Problems = rep.Problems
	js, _ := json.Marshal(r)
	fmt.Printf("RESULT %s\n", js)
}
