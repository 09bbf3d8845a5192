package logparse

import (
	"bytes"
	"encoding/xml"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and the synthetic testdata")

func analyze(t *testing.T, files map[string][]byte, names ...string) *Timeline {
	t.Helper()
	a := NewAnalyzer(Options{})
	for _, n := range names {
		if err := a.Parse(bytes.NewReader(files[n]), n); err != nil {
			t.Fatalf("Parse %s: %v", n, err)
		}
	}
	return a.Finish()
}

func golden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from golden file (go test -update rewrites it); got:\n%s", name, got)
	}
}

// testInputs are the synthetic download and damaged copies of it.
func testInputs(t *testing.T) map[string][]byte {
	t.Helper()
	path := filepath.Join("testdata", "ccp-us-east-1-agent-log.txt")
	if *update {
		if err := os.WriteFile(path, synthLog(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	west := filepath.Join("testdata", "ccp-us-west-2-agent-log.txt")
	if *update {
		if err := os.WriteFile(west, synthStandby(), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	standby, err := os.ReadFile(west)
	if err != nil {
		t.Fatal(err)
	}
	cut := bytes.Index(good, []byte(`"GET_AGENT_SNAPSHOT succeeded."`)) // first snapshot entry
	mid := len(good) / 2
	garbage := append(append(bytes.Clone(good[:mid]), []byte("\x00\x00 garbage {{{ \"unterminated ")...), good[mid+1000:]...)
	return map[string][]byte{
		"ccp-us-east-1-agent-log.txt": good,
		"ccp-us-west-2-agent-log.txt": standby,
		"truncated.txt":               good[:len(good)*3/4],
		"garbage.txt":                 garbage,
		"notjson.txt":                 []byte("hello, this is not a log"),
		"empty.txt":                   nil,
		"early-cut.txt":               good[:cut+10],
	}
}

func TestGolden(t *testing.T) {
	in := testInputs(t)
	for _, tc := range []struct {
		golden string
		files  []string
	}{
		{"synthetic", []string{"ccp-us-east-1-agent-log.txt"}},
		{"two-regions", []string{"ccp-us-east-1-agent-log.txt", "ccp-us-west-2-agent-log.txt"}},
		{"truncated", []string{"truncated.txt"}},
		{"garbage", []string{"garbage.txt"}},
		{"notjson-empty-earlycut", []string{"notjson.txt", "empty.txt", "early-cut.txt"}},
	} {
		t.Run(tc.golden, func(t *testing.T) {
			tl := analyze(t, in, tc.files...)
			var txt, js bytes.Buffer
			if err := tl.WriteText(&txt); err != nil {
				t.Fatal(err)
			}
			if err := tl.WriteJSON(&js); err != nil {
				t.Fatal(err)
			}
			golden(t, tc.golden+".golden.txt", txt.Bytes())
			golden(t, tc.golden+".golden.json", js.Bytes())
		})
	}
}

// TestSyntheticFacts checks the scenario's facts directly, so a wrong golden
// file cannot hide a wrong analysis.
func TestSyntheticFacts(t *testing.T) {
	in := testInputs(t)
	tl := analyze(t, in, "ccp-us-east-1-agent-log.txt")
	var states []string
	for _, s := range tl.AgentStates {
		states = append(states, s.Name)
		if s.Region != "us-east-1" {
			t.Errorf("region from file name: got %q", s.Region)
		}
	}
	if got, want := strings.Join(states, ","), "Available,PendingBusy,Busy,AfterCallWork,Available,PendingBusy,MissedCallAgent,Available"; got != want {
		t.Errorf("agent states: got %s, want %s", got, want)
	}
	if len(tl.Contacts) != 2 {
		t.Fatalf("contacts: got %d, want 2", len(tl.Contacts))
	}
	var c1 []string
	for _, s := range tl.Contacts[0].States {
		c1 = append(c1, s.State)
	}
	if got, want := strings.Join(c1, ","), "connecting,connected,ended,cleared"; got != want || !tl.Contacts[0].Softphone {
		t.Errorf("contact c-0001: got %s softphone=%v, want %s softphone", got, tl.Contacts[0].Softphone, want)
	}
	if len(tl.APIFailures) != 1 || tl.APIFailures[0].Op != "createOutboundContact" || tl.APIFailures[0].LatencyMs != 956 {
		t.Errorf("api failures: got %+v", tl.APIFailures)
	}
	if len(tl.SnapshotGaps) != 1 || tl.SnapshotGaps[0].Seconds != 45 {
		t.Errorf("snapshot gaps: got %+v", tl.SnapshotGaps)
	}
	if len(tl.SoftphoneErrors) != 1 || tl.SoftphoneErrors[0].Type != "ice_collection_timeout" || !strings.Contains(tl.SoftphoneErrors[0].Cause, "UDP 3478") {
		t.Errorf("softphone errors: got %+v", tl.SoftphoneErrors)
	}
	if tl.Skew.MinMs != -7200 || tl.Skew.Warning == "" {
		t.Errorf("skew: got %+v", tl.Skew)
	}
	if len(tl.Problems) != 0 {
		t.Errorf("problems: %v", tl.Problems)
	}
}

func TestDamagedFilesKeepTheRest(t *testing.T) {
	in := testInputs(t)
	full := analyze(t, in, "ccp-us-east-1-agent-log.txt")
	for _, tc := range []struct {
		name       string
		minEntries int
		problem    string
	}{
		{"truncated.txt", full.Entries * 7 / 10, "truncated"},
		{"garbage.txt", full.Entries * 9 / 10, "offset"},
		{"notjson.txt", 0, "not a CCP log"},
		{"empty.txt", 0, "empty file"},
		{"early-cut.txt", 1, "truncated"},
	} {
		tl := analyze(t, in, tc.name)
		if tl.Entries < tc.minEntries || tl.Entries >= full.Entries {
			t.Errorf("%s: got %d entries, want ≥%d and <%d", tc.name, tl.Entries, tc.minEntries, full.Entries)
		}
		if len(tl.Problems) == 0 || !strings.Contains(tl.Problems[0].Msg+" offset", tc.problem) {
			t.Errorf("%s: problems %v, want one mentioning %q", tc.name, tl.Problems, tc.problem)
		}
		for _, p := range tl.Problems {
			if p.File != tc.name {
				t.Errorf("%s: problem names file %q", tc.name, p.File)
			}
		}
	}
}

// TestSmallReads parses through tiny reads so every buffer refill and
// compaction path runs; the result must equal a single-read parse.
func TestSmallReads(t *testing.T) {
	in := testInputs(t)
	for _, name := range []string{"ccp-us-east-1-agent-log.txt", "garbage.txt", "truncated.txt"} {
		want := analyze(t, in, name)
		for _, chunk := range []int{1, 7, 4096} {
			a := NewAnalyzer(Options{})
			if err := a.Parse(&chunkReader{data: in[name], n: chunk}, name); err != nil {
				t.Fatal(err)
			}
			got := a.Finish()
			var gb, wb bytes.Buffer
			got.WriteJSON(&gb)
			want.WriteJSON(&wb)
			if !bytes.Equal(gb.Bytes(), wb.Bytes()) {
				t.Errorf("%s with %d-byte reads differs from one read:\n%s", name, chunk, gb.String()[:min(2000, gb.Len())])
			}
		}
	}
}

type chunkReader struct {
	data []byte
	n    int
}

func (r *chunkReader) Read(p []byte) (int, error) {
	if len(r.data) == 0 {
		return 0, io.EOF
	}
	n := copy(p[:min(len(p), r.n)], r.data)
	r.data = r.data[n:]
	return n, nil
}

func TestCharts(t *testing.T) {
	tl := analyze(t, testInputs(t), "ccp-us-east-1-agent-log.txt")
	charts := tl.Charts()
	for _, name := range []string{"skew.svg", "api-latency.svg", "agent-states.svg"} {
		svg, ok := charts[name]
		if !ok {
			t.Fatalf("no %s", name)
		}
		if err := xml.Unmarshal([]byte(svg), new(struct{ XMLName xml.Name })); err != nil {
			t.Errorf("%s is not well-formed XML: %v", name, err)
		}
		if strings.Contains(svg, "<script") || strings.Contains(svg, "href") {
			t.Errorf("%s is not self-contained", name)
		}
		golden(t, name, []byte(svg))
	}
	if !strings.Contains(charts["agent-states.svg"], "MissedCallAgent") || !strings.Contains(charts["api-latency.svg"], "#d91515") {
		t.Error("charts lack the scenario's states or the failed call")
	}
	if got := (&Timeline{}).Charts(); len(got) != 0 {
		t.Errorf("empty timeline: got %d charts", len(got))
	}
}
