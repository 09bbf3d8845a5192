package logparse

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ccpdesk/ccpdesk/internal/logs"
)

// Golden tests on logs the real Streams library wrote against ccpsim (testdata/real-streams-*.txt) and on
// damaged copies derived from them deterministically. Each case is parsed and its --json and text renderings
// are compared byte for byte with testdata/golden/<case>.{json,txt}; `go test -run TestRealGolden -update`
// rewrites them. Review a rewrite with git diff: the goldens are the specification of what a support
// engineer sees, damage included (the problem, its byte offset, and everything after it still parsed).

// realFiles are the recordings: real-streams-gr.txt (see real_streams_test.go) and real-streams-gr-calls.txt,
// Streams' own download after the session e2e/tools/record-streams-log.mjs drives (calls, chat, reject, missed,
// an API failure, a 35 s link loss, a failover with a call in progress).
var realFiles = []string{"real-streams-gr.txt", "real-streams-gr-calls.txt"}

func readReal(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// realEntries returns a recording's entries, each as its original bytes.
func realEntries(t *testing.T, raw []byte) []json.RawMessage {
	t.Helper()
	var es []json.RawMessage
	if err := json.Unmarshal(raw, &es); err != nil {
		t.Fatalf("recording is not a JSON array: %v", err)
	}
	return es
}

// streamsDownload serialises entries as Streams' Logger.download does (JSON.stringify(logs, undefined, 4)).
func streamsDownload(t *testing.T, es []json.RawMessage) []byte {
	t.Helper()
	compact, err := json.Marshal(es)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if err := json.Indent(&b, compact, "", "    "); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// entryHead is what splitting and re-recording need of an entry.
type entryHead struct {
	Time      time.Time       `json:"time"`
	Level     string          `json:"level"`
	Component string          `json:"component"`
	Text      string          `json:"text"`
	Objects   json.RawMessage `json:"objects"`
	Line      int             `json:"line"`
	LoggerID  string          `json:"loggerId"`
}

// loggerRegion is the region of a ccpsim CCP's logger ("ccpsim-<region>-…"); "" for the page's own logger.
func loggerRegion(id string) string {
	r, ok := strings.CutPrefix(id, "ccpsim-")
	if !ok {
		return ""
	}
	parts := strings.SplitN(r, "-", 4)
	if len(parts) < 4 {
		return ""
	}
	return strings.Join(parts[:3], "-")
}

func heads(t *testing.T, es []json.RawMessage) []entryHead {
	t.Helper()
	out := make([]entryHead, len(es))
	for i, e := range es {
		if err := json.Unmarshal(e, &out[i]); err != nil {
			t.Fatalf("entry %d: %v", i, err)
		}
	}
	return out
}

// splitByRegion derives Streams' Global Resiliency download names from a page log: each regional CCP's
// entries (told apart by loggerId) in ccp-<region>-agent-log.txt, the page's own in crm-agent-log.txt.
func splitByRegion(t *testing.T, raw []byte) map[string][]byte {
	t.Helper()
	es := realEntries(t, raw)
	hs := heads(t, es)
	by := map[string][]json.RawMessage{}
	for i, h := range hs {
		name := "crm-agent-log.txt"
		if r := loggerRegion(h.LoggerID); r != "" {
			name = "ccp-" + r + "-agent-log.txt"
		}
		by[name] = append(by[name], es[i])
	}
	out := map[string][]byte{}
	for n, list := range by {
		out[n] = streamsDownload(t, list)
	}
	return out
}

// ndjson is the recording as JSON lines (ccpdesk-log.jsonl's shape): one compact entry per line.
func ndjson(t *testing.T, raw []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	for _, e := range realEntries(t, raw) {
		if err := json.Compact(&b, e); err != nil {
			t.Fatal(err)
		}
		b.WriteByte('\n')
	}
	return b.Bytes()
}

// segment stores the recording with ccpdesk's own writer (sealed with key when not nil), as the app would
// have captured it: the CCPs' entries as streams-ccp with their region, the page's as streams-crm.
func segment(t *testing.T, raw, key []byte) []byte {
	t.Helper()
	dir := t.TempDir()
	start := time.Date(2026, 11, 22, 2, 12, 55, 0, time.UTC)
	w, err := logs.Open(logs.Options{Dir: dir, Clock: logs.ClockFunc(func() time.Time { return start }), EncryptionKey: key})
	if err != nil {
		t.Fatal(err)
	}
	var recs []logs.Record
	for _, h := range heads(t, realEntries(t, raw)) {
		r := logs.Record{Time: h.Time, Level: h.Level, Component: h.Component, Text: h.Text, Objects: h.Objects,
			Line: h.Line, LoggerID: h.LoggerID, Source: logs.SourceStreamsCRM}
		if reg := loggerRegion(h.LoggerID); reg != "" {
			r.Region, r.Source = reg, logs.SourceStreamsCCP
		}
		recs = append(recs, r)
	}
	if _, err := w.Append(recs); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	segs, err := filepath.Glob(filepath.Join(dir, "*.ccplog"))
	if err != nil || len(segs) != 1 {
		t.Fatalf("segments: %v, %v", segs, err)
	}
	b, err := os.ReadFile(segs[0])
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// nth returns the offset of the n-th (0-based) occurrence of sub in b, failing the test if there is none:
// damage is placed relative to the content, so a re-recording keeps each case meaningful.
func nth(t *testing.T, b []byte, sub string, n int) int {
	t.Helper()
	off := 0
	for i := 0; ; i++ {
		j := bytes.Index(b[off:], []byte(sub))
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", sub, n+1)
		}
		if i == n {
			return off + j
		}
		off += j + len(sub)
	}
}

func splice(b []byte, at int, insert string, drop int) []byte {
	out := append(bytes.Clone(b[:at]), insert...)
	return append(out, b[at+drop:]...)
}

// goldenInput is one file of a case: its name (which can carry the region) and its bytes.
type goldenInput struct {
	name string
	data []byte
}

var goldenKey = bytes.Repeat([]byte{0x42}, 32)

// goldenCases derives every case from the recordings. Damage positions are found by content.
func goldenCases(t *testing.T) map[string][]goldenInput {
	t.Helper()
	raw := readReal(t, "real-streams-gr.txt")
	es := realEntries(t, raw)
	half := nth(t, raw, "\n    {\n", len(es)/2) + 1 // the start of the middle entry's line
	text := nth(t, raw, `"text": "AWSClient: <-- Operation 'putAgentState' failed`, 0)
	failMsg := nth(t, raw[text:], "ServiceException", 0) + text

	cases := map[string][]goldenInput{}
	for _, f := range realFiles {
		rec := readReal(t, f)
		name := strings.TrimSuffix(f, ".txt")
		cases[name] = []goldenInput{{f, rec}}
		split := splitByRegion(t, rec)
		names := make([]string, 0, len(split))
		for n := range split {
			names = append(names, n)
		}
		sort.Strings(names)
		var gr []goldenInput
		for _, n := range names {
			gr = append(gr, goldenInput{n, split[n]})
		}
		cases[name+"-split"] = gr
	}

	// Streams downloads cut, torn and polluted.
	cases["truncated-mid-record"] = []goldenInput{{"agent-log.txt", raw[:nth(t, raw[half:], `"time"`, 0)+half]}}
	cases["truncated-mid-string"] = []goldenInput{{"agent-log.txt", raw[:failMsg+5]}}
	cases["torn-tail"] = []goldenInput{{"agent-log.txt", raw[:len(raw)-len(raw)/50]}}
	cases["garbage-line"] = []goldenInput{{"agent-log.txt", splice(raw, half, "\x00\x00 garbage {{{ \"unterminated \n", 0)}}
	cases["invalid-utf8"] = []goldenInput{{"agent-log.txt", splice(raw, failMsg, "\xff\xfe\xc3", 0)}}
	cases["invalid-utf8-between"] = []goldenInput{{"agent-log.txt", splice(raw, half, "\xff\xfe\n", 0)}}
	cases["bom"] = []goldenInput{{"agent-log.txt", append([]byte("\xef\xbb\xbf"), raw...)}}
	cases["crlf"] = []goldenInput{{"agent-log.txt", bytes.ReplaceAll(raw, []byte("\n"), []byte("\r\n"))}}
	cases["empty"] = []goldenInput{{"agent-log.txt", nil}}
	cases["not-a-log"] = []goldenInput{{"agent-log.txt", []byte("<html><body>Session expired</body></html>\n")}}

	// Not a JSON array: JSON lines, whole and with a torn last line.
	nd := ndjson(t, raw)
	cases["ndjson"] = []goldenInput{{"ccpdesk-log.jsonl", nd}}
	cases["ndjson-torn-tail"] = []goldenInput{{"ccpdesk-log.jsonl", nd[:len(nd)-len(es[len(es)-1])/3]}}

	// ccpdesk's own segment format: whole, torn, sealed (with and without the key: see TestRealGolden).
	seg := segment(t, raw, nil)
	cases["segment"] = []goldenInput{{"00000000000000000001-1795313575000.ccplog", seg}}
	cases["segment-torn-tail"] = []goldenInput{{"00000000000000000001-1795313575000.ccplog", seg[:len(seg)-40]}}
	cases["segment-garbage"] = []goldenInput{{"00000000000000000001-1795313575000.ccplog", splice(seg, len(seg)/2, "garbage", 7)}}
	sealed := segment(t, raw, goldenKey)
	cases["segment-sealed"] = []goldenInput{{"00000000000000000001-1795313575000.ccplog", sealed}}
	cases["segment-sealed-no-key"] = []goldenInput{{"00000000000000000001-1795313575000.ccplog", sealed}}
	return cases
}

// TestRealCallsFacts checks the second recording's facts directly, so a wrong golden cannot hide a wrong
// analysis.
func TestRealCallsFacts(t *testing.T) {
	tl, _, _ := renderCase(t, []goldenInput{{"real-streams-gr-calls.txt", readReal(t, "real-streams-gr-calls.txt")}}, nil)
	types := map[string]int{}
	var missed *Contact
	for _, c := range tl.Contacts {
		types[c.Type]++
		for _, s := range c.States {
			if s.State == "missed" {
				missed = c
			}
		}
	}
	if types["voice"] != 6 || types["chat"] != 1 {
		t.Errorf("contacts by type: %v, want 6 voice and 1 chat", types)
	}
	if missed == nil || missed.States[len(missed.States)-1].State != "cleared" || len(missed.States) < 5 {
		t.Errorf("missed contact: %+v, want missed, then offered again and answered", missed)
	}
	var states []string
	for _, s := range tl.AgentStates {
		states = append(states, s.Name)
	}
	if j := strings.Join(states, ","); !strings.Contains(j, "PendingBusy,MissedCallAgent,Available") || !strings.HasSuffix(j, "AfterCallWork,Available") {
		t.Errorf("agent states: %s", j)
	}
	ops := map[string]APIStat{}
	for _, a := range tl.API {
		ops[a.Op] = a
	}
	if ops["acceptContact"].Count != 7 || ops["acceptContact"].Failures != 1 || ops["rejectContact"].Count != 1 || ops["holdConnection"].Count != 1 {
		t.Errorf("api: %+v", tl.API)
	}
	if len(tl.APIFailures) != 1 || !strings.Contains(tl.APIFailures[0].Error, "InvalidStateException") {
		t.Errorf("api failures: %+v", tl.APIFailures)
	}
	if len(tl.SnapshotGaps) != 1 || tl.SnapshotGaps[0].Seconds < 35 || tl.SnapshotGaps[0].Seconds > 40 {
		t.Errorf("snapshot gaps: %+v, want the 35 s link loss", tl.SnapshotGaps)
	}
	if len(tl.SoftphoneErrors) != 1 || tl.SoftphoneErrors[0].Type != "ice_collection_timeout" || !strings.Contains(tl.SoftphoneErrors[0].Remedy, "UDP 3478") {
		t.Errorf("softphone errors: %+v, want the recorded ice_collection_timeout with its remedy", tl.SoftphoneErrors)
	}
	// The recorder runs ccpsim's clock 2.5 s ahead; the worker's snapshot lines carry the skew it measured.
	if tl.Skew.Samples < 50 || tl.Skew.MeanMs < 2300 || tl.Skew.MeanMs > 2600 {
		t.Errorf("skew: %+v by region %+v, want ~2500 ms (the recorder's clockSkewMs)", tl.Skew, tl.SkewByRegion)
	}
	if tl.ProblemCount != 0 {
		t.Errorf("problems: %+v", tl.Problems)
	}
}

func checkGolden(t *testing.T, name string, got []byte) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (go test -run TestRealGolden -update creates it)", err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from its golden file (go test -run TestRealGolden -update rewrites it); got:\n%s", path, got)
	}
}

func renderCase(t *testing.T, in []goldenInput, key []byte) (*Timeline, []byte, []byte) {
	t.Helper()
	a := NewAnalyzer(Options{EncryptionKey: key})
	for _, f := range in {
		if err := a.Parse(bytes.NewReader(f.data), f.name); err != nil {
			t.Fatalf("Parse %s: %v", f.name, err)
		}
	}
	tl := a.Finish()
	var js, txt bytes.Buffer
	if err := tl.WriteJSON(&js); err != nil {
		t.Fatal(err)
	}
	if err := tl.WriteText(&txt); err != nil {
		t.Fatal(err)
	}
	return tl, js.Bytes(), txt.Bytes()
}

func TestRealGolden(t *testing.T) {
	cases := goldenCases(t)
	names := make([]string, 0, len(cases))
	for n := range cases {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			var key []byte
			if name == "segment-sealed" {
				key = goldenKey
			}
			_, js, txt := renderCase(t, cases[name], key)
			checkGolden(t, name+".json", js)
			checkGolden(t, name+".txt", txt)
			// Small reads (every buffer refill and resync path) give the same answer.
			a := NewAnalyzer(Options{EncryptionKey: key})
			for _, f := range cases[name] {
				if err := a.Parse(&chunkReader{data: f.data, n: 7}, f.name); err != nil {
					t.Fatal(err)
				}
			}
			var small bytes.Buffer
			if err := a.Finish().WriteJSON(&small); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(small.Bytes(), js) {
				t.Errorf("7-byte reads differ from one read:\n%s", small.Bytes())
			}
		})
	}
	// Every golden file belongs to a case: a renamed case must not leave a stale golden behind.
	files, err := filepath.Glob(filepath.Join("testdata", "golden", "*"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		base := filepath.Base(f)
		if _, ok := cases[strings.TrimSuffix(strings.TrimSuffix(base, ".json"), ".txt")]; !ok {
			t.Errorf("%s belongs to no case; delete it", f)
		}
	}
}
