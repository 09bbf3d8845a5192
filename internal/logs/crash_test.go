package logs

import (
	"bufio"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
)

const (
	crashChildEnv = "CCPDESK_LOGS_CRASH_CHILD"
	crashKeyEnv   = "CCPDESK_LOGS_CRASH_KEY" // hex; set for the encrypted variant
)

func crashKey() []byte {
	k, _ := hex.DecodeString(os.Getenv(crashKeyEnv))
	if len(k) == 0 {
		return nil
	}
	return k
}

// TestCrashChild is the writer under load that TestKill9 kills. It does
// nothing in a normal run. It reports every acknowledged range on fd 3 after
// Append returned.
func TestCrashChild(t *testing.T) {
	dir := os.Getenv(crashChildEnv)
	if dir == "" {
		return
	}
	w, err := Open(Options{Dir: dir, MaxSegmentBytes: 48 << 10, EncryptionKey: crashKey()})
	if err != nil {
		fmt.Fprintln(os.Stderr, "child open:", err)
		os.Exit(3)
	}
	acks := os.NewFile(3, "acks") // unbuffered: one atomic pipe write per acknowledgement
	pad := strings.Repeat("p", 200)
	for i := 0; ; i++ {
		batch := recs(1+rand.IntN(40), fmt.Sprintf("child batch %d %s", i, pad[:rand.IntN(200)]))
		ack, err := w.Append(batch)
		if err != nil {
			fmt.Fprintln(os.Stderr, "child append:", err)
			os.Exit(4)
		}
		fmt.Fprintf(acks, "%d %d\n", ack.First, ack.Last)
	}
}

// TestKill9 kills a writer child at random moments and checks that every
// acknowledged record survives and every file is readable after restart,
// with plain and with encrypted segments.
func TestKill9(t *testing.T) {
	for _, tc := range []struct {
		name string
		key  string
		runs int
	}{{"plain", "", 20}, {"aesgcm", strings.Repeat("5a", 32), 10}} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv(crashKeyEnv, tc.key)
			kill9(t, tc.runs, crashKey())
		})
	}
}

func kill9(t *testing.T, runs int, key []byte) {
	dir := filepath.Join(t.TempDir(), "logs")
	var maxAcked uint64
	repairs := 0
	for run := range runs {
		pr, pw, err := os.Pipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd := exec.Command(os.Args[0], "-test.run=^TestCrashChild$")
		cmd.Env = append(os.Environ(), crashChildEnv+"="+dir)
		cmd.ExtraFiles = []*os.File{pw}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		pw.Close()
		sc := bufio.NewScanner(pr)
		record := func() {
			var first, last uint64
			if _, err := fmt.Sscanf(sc.Text(), "%d %d", &first, &last); err != nil {
				t.Fatalf("run %d: bad ack line %q", run, sc.Text())
			}
			maxAcked = max(maxAcked, last)
		}
		// Kill after a random number of acknowledgements: the child is
		// mid-batch somewhere, with no sleeping involved.
		k := 1 + rand.IntN(400)
		acks := 0
		for ; acks < k && sc.Scan(); acks++ {
			record()
		}
		if err := cmd.Process.Kill(); err != nil {
			t.Fatal(err)
		}
		for sc.Scan() { // acknowledged before the kill, still in the pipe
			record()
			acks++
		}
		state, err := cmd.Process.Wait()
		pr.Close()
		if err != nil {
			t.Fatalf("run %d: wait: %v", run, err)
		}
		// Killed by us, not exited or crashed on its own (a panic exits 2, a failed open 3;
		// Windows has no signals: TerminateProcess leaves exit code 1, which the child never uses).
		if ws, ok := state.Sys().(syscall.WaitStatus); runtime.GOOS != "windows" && (!ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL) ||
			runtime.GOOS == "windows" && state.ExitCode() != 1 {
			t.Fatalf("run %d: child ended with %v, want killed by SIGKILL", run, state)
		}
		if acks == 0 {
			t.Fatalf("run %d: the child acknowledged no batch before the kill", run)
		}

		// Kills tear a frame only when they land inside write(2); tear the
		// tail on purpose every third run so repair is always exercised.
		if run%3 == 2 {
			tearTail(t, dir)
		}

		// Restart: repair, then everything must read cleanly.
		w, err := Open(Options{Dir: dir, MaxSegmentBytes: 48 << 10, EncryptionKey: key})
		if err != nil {
			t.Fatalf("run %d: reopen: %v", run, err)
		}
		if w.Stats().Repaired {
			repairs++
		}
		if err := w.Close(); err != nil {
			t.Fatal(err)
		}
		// Frames (checksums, sequence) after every run; full decode at the end.
		if n := scanSeqs(t, dir); n < maxAcked {
			t.Fatalf("run %d: lost acknowledged records: have seqs 1..%d, acknowledged up to %d", run, n, maxAcked)
		}
	}
	got, rep := readAll(t, dir, key)
	if len(rep.Problems) != 0 {
		t.Fatalf("unreadable after restart: %v", rep.Problems)
	}
	checkContiguous(t, got, 1)
	if n := uint64(len(got)); n < maxAcked {
		t.Fatalf("lost acknowledged records: have seqs 1..%d, acknowledged up to %d", n, maxAcked)
	}
	t.Logf("%d kills, %d restarts repaired a torn tail (every third torn on purpose), %d records acknowledged, 0 lost", runs, repairs, maxAcked)
}

// scanSeqs checks every frame of every segment and that sequence numbers run
// 1..n without holes; it returns n.
func scanSeqs(t *testing.T, dir string) uint64 {
	t.Helper()
	segs, err := listSegments(dir)
	if err != nil {
		t.Fatal(err)
	}
	var n uint64
	for _, s := range segs {
		data, err := os.ReadFile(segPath(dir, s))
		if err != nil {
			t.Fatal(err)
		}
		if len(data) < len(segmentMagic) || string(data[:len(segmentMagic)]) != segmentMagic {
			t.Fatalf("%s: no segment header", s.name)
		}
		fr := frameReader{data: data, off: len(segmentMagic), bad: func(_ int64, msg string) { t.Fatalf("%s: %s", s.name, msg) }}
		for {
			h, _, _, _, ok := fr.next()
			if !ok {
				break
			}
			if h.Seq != n+1 {
				t.Fatalf("%s: got seq %d, want %d", s.name, h.Seq, n+1)
			}
			n++
		}
	}
	return n
}

// tearTail appends the first bytes of a frame to the last segment, as a kill
// in the middle of write(2) leaves it.
func tearTail(t *testing.T, dir string) {
	t.Helper()
	segs, err := listSegments(dir)
	if err != nil || len(segs) == 0 {
		t.Fatalf("tear: %v", err)
	}
	f, err := os.OpenFile(segPath(dir, segs[len(segs)-1]), os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	w := &Writer{}
	frame := w.appendFrame(nil, &Record{Seq: 1 << 40, Text: "torn", Objects: emptyArray})
	if _, err := f.Write(frame[:1+rand.IntN(len(frame)-1)]); err != nil {
		t.Fatal(err)
	}
}
