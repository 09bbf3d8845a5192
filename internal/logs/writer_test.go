package logs

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestAppendReadBack(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  []byte
	}{{"plain", nil}, {"encrypted", bytes.Repeat([]byte{7}, 32)}} {
		t.Run(tc.name, func(t *testing.T) {
			clk := newFakeClock()
			w := openTest(t, Options{Clock: clk, EncryptionKey: tc.key})
			ack, err := w.Append(recs(10, "a"))
			if err != nil {
				t.Fatal(err)
			}
			if got, want := ack, (Ack{1, 10}); got != want {
				t.Fatalf("got %v, want %v", got, want)
			}
			ack, _ = w.Append(recs(5, "b"))
			if got, want := ack, (Ack{11, 15}); got != want {
				t.Fatalf("got %v, want %v", got, want)
			}
			got, rep := readAll(t, w.opts.Dir, tc.key)
			if len(got) != 15 || len(rep.Problems) != 0 {
				t.Fatalf("got %d records, problems %v", len(got), rep.Problems)
			}
			checkContiguous(t, got, 1)
			if got[11].Text != "b 1" || got[11].Region != "us-east-1" || !got[11].Time.Equal(clk.Now()) {
				t.Errorf("got %+v", got[11])
			}
			if tc.key != nil {
				b, _ := os.ReadFile(filepath.Join(w.opts.Dir, w.segs[0].name))
				if bytes.Contains(b, []byte("us-east-1")) {
					t.Error("encrypted segment contains clear text")
				}
				_, rep := readAll(t, w.opts.Dir, bytes.Repeat([]byte{8}, 32))
				if len(rep.Problems) != 15 {
					t.Errorf("wrong key: got %d problems, want 15", len(rep.Problems))
				}
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	w := openTest(t, Options{})
	if _, err := w.Append(recs(1, "x")); err != nil {
		t.Fatal(err)
	}
	info, err := os.Stat(w.opts.Dir)
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o700 {
		t.Errorf("dir mode: got %o, want 700", got)
	}
	info, err = os.Stat(filepath.Join(w.opts.Dir, w.segs[0].name))
	if err != nil {
		t.Fatal(err)
	}
	if got := info.Mode().Perm(); got != 0o600 {
		t.Errorf("file mode: got %o, want 600", got)
	}
}

func TestTornTailRepair(t *testing.T) {
	for _, tc := range []struct {
		name string
		cut  int // bytes removed from the end (tears the last frame)
		junk []byte
		key  []byte
	}{
		{"torn frame", 5, nil, nil},
		{"torn header", 0, []byte{frameMagic, 0, 0}, nil},
		{"garbage", 0, []byte("garbage garbage garbage garbage"), nil},
		{"torn sealed frame", 9, nil, bytes.Repeat([]byte{1}, 16)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "logs")
			w, err := Open(Options{Dir: dir, EncryptionKey: tc.key})
			if err != nil {
				t.Fatal(err)
			}
			w.Append(recs(20, "r"))
			path := filepath.Join(dir, w.segs[0].name)
			w.Close()
			b, _ := os.ReadFile(path)
			b = append(b[:len(b)-tc.cut], tc.junk...)
			os.WriteFile(path, b, 0o600)

			w2 := openTest(t, Options{Dir: dir, EncryptionKey: tc.key})
			if !w2.Stats().Repaired {
				t.Error("Repaired: got false, want true")
			}
			wantNext := uint64(21)
			if tc.cut > 0 {
				wantNext = 20 // the torn record was never acknowledged
			}
			if got := w2.Stats().NextSeq; got != wantNext {
				t.Fatalf("NextSeq: got %d, want %d", got, wantNext)
			}
			w2.Append(recs(3, "after"))
			got, rep := readAll(t, dir, tc.key)
			if len(rep.Problems) != 0 {
				t.Fatalf("problems after repair: %v", rep.Problems)
			}
			checkContiguous(t, got, 1)
			if last := got[len(got)-1]; last.Text != "after 2" {
				t.Errorf("last: got %q", last.Text)
			}
		})
	}
}

func TestRotationRetentionBudget(t *testing.T) {
	clk := newFakeClock()
	w := openTest(t, Options{Clock: clk, MaxSegmentBytes: 4 << 10, MaxSegmentAge: time.Hour, Retention: 48 * time.Hour, MaxTotalBytes: 1 << 30})
	// Size rotation.
	for range 20 {
		w.Append(recs(10, strings.Repeat("x", 100)))
	}
	if n := w.Stats().Segments; n < 5 {
		t.Fatalf("size rotation: got %d segments, want ≥5", n)
	}
	// Age rotation.
	before := w.Stats().Segments
	clk.Advance(61 * time.Minute)
	w.Append(recs(1, "late"))
	if got := w.Stats().Segments; got != before+1 {
		t.Fatalf("age rotation: got %d segments, want %d", got, before+1)
	}
	// Retention: everything closed more than 48h ago goes, the active stays.
	clk.Advance(49 * time.Hour)
	w.Append(recs(1, "much later")) // rotates (age) and enforces
	if got := w.Stats().Segments; got != 2 {
		t.Fatalf("retention: got %d segments, want 2", got)
	}
	got, rep := readAll(t, w.opts.Dir, nil)
	if len(got) != 2 || got[0].Text != "late 0" || len(rep.Problems) != 0 {
		t.Fatalf("after retention got %d records (%v)", len(got), rep.Problems)
	}
}

func TestDiskBudget(t *testing.T) {
	clk := newFakeClock()
	w := openTest(t, Options{Clock: clk, MaxSegmentBytes: 8 << 10, MaxTotalBytes: 32 << 10})
	for range 200 {
		w.Append(recs(5, strings.Repeat("y", 100)))
	}
	st := w.Stats()
	if st.Bytes > 32<<10+8<<10 {
		t.Errorf("bytes: got %d, want ≤ %d", st.Bytes, 40<<10)
	}
	var onDisk int64
	entries, _ := os.ReadDir(w.opts.Dir)
	for _, e := range entries {
		info, _ := e.Info()
		onDisk += info.Size()
	}
	if onDisk != st.Bytes {
		t.Errorf("on disk %d, stats %d", onDisk, st.Bytes)
	}
	got, rep := readAll(t, w.opts.Dir, nil)
	if len(rep.Problems) != 0 || got[len(got)-1].Seq != 1000 {
		t.Fatalf("got last seq %d, problems %v", got[len(got)-1].Seq, rep.Problems)
	}
	checkContiguous(t, got, got[0].Seq)
}

func TestFsyncPolicies(t *testing.T) {
	for _, tc := range []struct {
		policy FsyncPolicy
		steps  []time.Duration // clock advance before each append
		want   int             // syncs
	}{
		{FsyncNone, []time.Duration{0, time.Hour}, 0},
		{FsyncBatch, []time.Duration{0, 0, 0}, 3},
		{FsyncInterval, []time.Duration{0, 500 * time.Millisecond, 600 * time.Millisecond, 100 * time.Millisecond}, 1},
	} {
		clk := newFakeClock()
		ff := &faultFS{}
		w := openTest(t, Options{Clock: clk, Fsync: tc.policy, FsyncInterval: time.Second, fs: ff.fs()})
		for _, d := range tc.steps {
			clk.Advance(d)
			if _, err := w.Append(recs(1, "s")); err != nil {
				t.Fatal(err)
			}
		}
		if got := ff.syncs; got != tc.want {
			t.Errorf("policy %d: got %d syncs, want %d", tc.policy, got, tc.want)
		}
	}
}

// faultFS wraps real files and fails writes once a byte budget is spent,
// like a disk that fills up mid-write.
type faultFS struct {
	budget  int64 // bytes that may still be written; <0 means unlimited
	limited bool
	syncs   int
	errno   syscall.Errno // the write error past the budget (default ENOSPC)
	syncErr error         // returned by every Sync when set
}

type faultFile struct {
	*os.File
	fs *faultFS
}

func (f faultFile) Write(p []byte) (int, error) {
	if f.fs.limited && int64(len(p)) > f.fs.budget {
		n, _ := f.File.Write(p[:f.fs.budget])
		f.fs.budget -= int64(n)
		errno := f.fs.errno
		if errno == 0 {
			errno = syscall.ENOSPC
		}
		return n, &os.PathError{Op: "write", Path: f.Name(), Err: errno}
	}
	if f.fs.limited {
		f.fs.budget -= int64(len(p))
	}
	return f.File.Write(p)
}

func (f faultFile) Sync() error {
	f.fs.syncs++
	if f.fs.syncErr != nil {
		return f.fs.syncErr
	}
	return f.File.Sync()
}

func (ff *faultFS) fs() fileSystem {
	real := osFileSystem()
	wrap := func(open func(string) (segmentFile, error)) func(string) (segmentFile, error) {
		return func(p string) (segmentFile, error) {
			f, err := open(p)
			if err != nil {
				return nil, err
			}
			return faultFile{f.(*os.File), ff}, nil
		}
	}
	return fileSystem{create: wrap(real.create), openAppend: wrap(real.openAppend)}
}

func TestShortWriteKeepsWholeFramesAndWritesGap(t *testing.T) {
	clk := newFakeClock()
	ff := &faultFS{}
	w := openTest(t, Options{Clock: clk, fs: ff.fs()})
	w.Append(recs(3, "ok"))
	// Room for about 2.5 more frames.
	frame := int64(len(w.appendFrame(nil, &Record{Seq: 4, Time: clk.Now(), Level: "INFO", Component: "ccp", Text: "x 0", Objects: emptyArray, Source: SourceStreamsCCP, Region: "us-east-1"})))
	ff.limited, ff.budget = true, frame*5/2
	ack, err := w.Append(recs(10, "x"))
	if !errors.Is(err, ErrDiskFull) {
		t.Fatalf("got %v, want ErrDiskFull", err)
	}
	if got, want := ack, (Ack{4, 5}); got != want {
		t.Fatalf("ack: got %v, want %v", got, want)
	}
	for range 4 { // disk stays full
		if _, err := w.Append(recs(7, "lost")); !errors.Is(err, ErrDiskFull) {
			t.Fatalf("got %v, want ErrDiskFull", err)
		}
	}
	if got, want := w.Stats().Dropped, uint64(8+4*7); got != want {
		t.Fatalf("dropped: got %d, want %d", got, want)
	}
	ff.limited = false
	ack, err = w.Append(recs(2, "back"))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := ack, (Ack{7, 8}); got != want { // seq 6 is the gap record
		t.Fatalf("ack: got %v, want %v", got, want)
	}
	got, rep := readAll(t, w.opts.Dir, nil)
	if len(rep.Problems) != 0 {
		t.Fatalf("problems: %v", rep.Problems)
	}
	checkContiguous(t, got, 1)
	gap := got[5]
	if !strings.HasPrefix(gap.Text, GapText) || !strings.Contains(gap.Text, " 36 records dropped between seq 5 and seq 6") {
		t.Errorf("gap record: got %q", gap.Text)
	}
	if st := w.Stats(); st.PendingGap != 0 || st.Written != 8 {
		t.Errorf("stats: got %+v", st)
	}
}

func TestClosedWriter(t *testing.T) {
	w := openTest(t, Options{})
	w.Close()
	if _, err := w.Append(recs(1, "x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("got %v, want ErrClosed", err)
	}
}

func TestBadKey(t *testing.T) {
	if _, err := Open(Options{Dir: t.TempDir(), EncryptionKey: []byte("short")}); !errors.Is(err, ErrKey) {
		t.Fatalf("got %v, want ErrKey", err)
	}
	if _, err := NewRedactor([]byte("short")); !errors.Is(err, ErrKey) {
		t.Fatalf("got %v, want ErrKey", err)
	}
}

// TestReaderSkipsDamageInsideASegment: damage in the middle of a closed segment (bit rot, a bad copy) costs
// readers only the damaged record: each bad spot is reported with its offset and reading resumes at the
// next whole frame.
func TestReaderSkipsDamageInsideASegment(t *testing.T) {
	for _, key := range [][]byte{nil, bytes.Repeat([]byte{7}, 32)} {
		dir := filepath.Join(t.TempDir(), "logs")
		w, err := Open(Options{Dir: dir, EncryptionKey: key})
		if err != nil {
			t.Fatal(err)
		}
		w.Append(recs(30, "r"))
		path := filepath.Join(dir, w.segs[0].name)
		w.Close()
		b, _ := os.ReadFile(path)
		var starts []int
		for off := len(segmentMagic); off < len(b); {
			h, err := frameAt(b, off)
			if err != nil {
				t.Fatal(err)
			}
			starts = append(starts, off)
			off += frameHeaderLen + int(h.Len)
		}
		at := func(i int) int { return starts[i] }
		copy(b[at(10)+frameHeaderLen+3:], "rot")   // payload of record 11: CRC mismatch
		copy(b[at(20):], []byte{0, 0, 0, 0, 0, 0}) // header of record 21: bad magic
		os.WriteFile(path, b, 0o600)

		got, rep := readAll(t, dir, key)
		if len(got) != 28 {
			t.Fatalf("key %v: got %d records, want 28 (all but the two damaged)", key != nil, len(got))
		}
		for _, r := range got {
			if r.Seq == 11 || r.Seq == 21 {
				t.Errorf("damaged record %d returned", r.Seq)
			}
		}
		if rep.ProblemCount != 2 || rep.Problems[0].Offset != int64(at(10)) || rep.Problems[1].Offset != int64(at(20)) ||
			!strings.Contains(rep.Problems[0].Err, "checksum") || !strings.Contains(rep.Problems[0].Err, "skipped") {
			t.Errorf("problems: %+v, want two at offsets %d and %d", rep.Problems, at(10), at(20))
		}
	}
}

// Reopening after damage in the middle of the tail segment keeps every whole
// record after it (only a torn tail is cut), continues the sequence after the
// highest one, and appends readable records after the damage.
func TestRepairKeepsRecordsAfterDamageInTheTail(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "logs")
	w, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	w.Append(recs(10, "r"))
	path := filepath.Join(dir, w.segs[0].name)
	w.Close()
	b, _ := os.ReadFile(path)
	h, err := frameAt(b, len(segmentMagic))
	if err != nil {
		t.Fatal(err)
	}
	second := len(segmentMagic) + frameHeaderLen + int(h.Len)
	copy(b[second+frameHeaderLen:], "rot")                     // record 2: CRC mismatch
	b = append(b, b[len(segmentMagic):len(segmentMagic)+9]...) // and a torn frame at the end
	os.WriteFile(path, b, 0o600)

	w, err = Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	if !w.Stats().Repaired {
		t.Error("the torn tail was not reported repaired")
	}
	if _, err := w.Append(recs(1, "after")); err != nil {
		t.Fatal(err)
	}
	w.Close()
	got, rep := readAll(t, dir, nil)
	var seqs []uint64
	for _, r := range got {
		seqs = append(seqs, r.Seq)
	}
	want := []uint64{1, 3, 4, 5, 6, 7, 8, 9, 10, 11}
	if fmt.Sprint(seqs) != fmt.Sprint(want) {
		t.Errorf("seqs after repair = %v, want %v (only record 2 lost to the damage)", seqs, want)
	}
	if rep.ProblemCount != 1 {
		t.Errorf("problems = %+v, want the one damaged record", rep.Problems)
	}
}
