package logs

import (
	"encoding/json"
	"os"
	"regexp"
	"strings"
	"testing"
)

// realStreamsFiles are the real-Streams recordings of internal/logparse (the page log of
// Streams 2.28.2 in Chromium against ccpsim): what redaction sees in production.
var realStreamsFiles = []string{
	"../logparse/testdata/real-streams-gr.txt",
	"../logparse/testdata/real-streams-gr-calls.txt",
	"../logparse/testdata/ccp-us-east-1-agent-log.txt",
	"../logparse/testdata/ccp-us-west-2-agent-log.txt",
}

// realStreamsPhones are the caller numbers in those recordings (ccpsim's chat
// customer, logged by Streams as chatMediaInfo.customerName).
var realStreamsPhones = []string{"+15555550100"}

func loadRealStreams(tb testing.TB, path string) []Record {
	tb.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		tb.Fatal(err)
	}
	var recs []Record
	if err := json.Unmarshal(b, &recs); err != nil {
		tb.Fatalf("%s: %v", path, err)
	}
	return recs
}

// numericToken: a word with a digit in it, as far as it runs through ID and number
// punctuation — timestamps, UUIDs, ARNs, loggerIds, versions, IPs and ports, line
// numbers, durations, counts, status codes.
var (
	numericToken = regexp.MustCompile(`[0-9A-Za-z_.:/+-]*[0-9][0-9A-Za-z_.:/+-]*`)
	epochMillis  = regexp.MustCompile(`(^|[^0-9])1[6-9][0-9]{11}($|[^0-9])`)
)

// TestRedactRealStreams runs the redactor over the real Streams recordings: every
// numeric token survives unchanged (epoch-ms timestamps, UUIDs, ARNs and account IDs,
// loggerIds, line numbers, durations, ports, status codes…) except the recordings'
// caller numbers, which become their phone pseudonym, and values redacted by key
// (tokens). Seeded with more phone numbers in text, they go as well.
func TestRedactRealStreams(t *testing.T) {
	r := newTestRedactor(t)
	for _, f := range realStreamsFiles {
		recs := loadRealStreams(t, f)
		kept, timestamps := 0, 0
		lost := map[string]int{}
		for _, rec := range recs {
			orig, _ := json.Marshal(rec)
			keyed := keyedValues(rec.Objects)
			r.Record(&rec)
			red, _ := json.Marshal(rec)
			have := map[string]int{}
			for _, m := range numericToken.FindAllString(pseudoRE.ReplaceAllString(string(red), ""), -1) {
				have[m]++
			}
			for _, m := range numericToken.FindAllString(string(orig), -1) {
				if have[m] > 0 {
					have[m]--
					kept++
					if epochMillis.MatchString(m) {
						timestamps++
					}
					continue
				}
				lost[m]++
				if !isRealPhone(m) && !strings.Contains(keyed, m) {
					t.Errorf("%s: %q was redacted (line %d: %.200s)", f, m, rec.Line, orig)
				}
			}
			for _, p := range realStreamsPhones {
				if strings.Contains(string(red), p) || strings.Contains(string(red), digits(p)) {
					t.Errorf("%s: caller %s not redacted: %.300s", f, p, red)
				}
			}
		}
		if kept < 500 || timestamps == 0 {
			t.Errorf("%s: only %d numeric tokens (%d epoch-ms timestamps) checked", f, kept, timestamps)
		}
		t.Logf("%s: %d records, %d numeric tokens kept (%d with epoch-ms timestamps), redacted %v", f, len(recs), kept, timestamps, lost)
	}

	// The known caller gets the same pseudonym as in any other form.
	want := r.Pseudonym("phone", "15555550100")
	recs := loadRealStreams(t, realStreamsFiles[1])
	found := 0
	for _, rec := range recs {
		if !strings.Contains(string(rec.Objects), realStreamsPhones[0]) {
			continue
		}
		r.Record(&rec)
		if !strings.Contains(string(rec.Objects), want) {
			t.Errorf("customerName: want %s in %.300s", want, rec.Objects)
		}
		found++
	}
	if found == 0 {
		t.Errorf("no record with the caller %s in %s", realStreamsPhones[0], realStreamsFiles[1])
	}
	for _, s := range []string{"call back 5555550100", "555-555-0100", "(555) 555-0100", "+1 555 555 0100", `{"digits":"15555550100"}`} {
		if got := r.Text(s); !strings.Contains(got, want) {
			t.Errorf("Text(%q) = %q, want %s", s, got, want)
		}
	}
}

func isRealPhone(tok string) bool {
	for _, p := range realStreamsPhones {
		if strings.Contains(tok, digits(p)) {
			return true
		}
	}
	return false
}

// keyedValues: every string value under a key redacted by key, joined.
func keyedValues(raw json.RawMessage) string {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	var b strings.Builder
	var walk func(k string, v any)
	walk = func(k string, v any) {
		switch x := v.(type) {
		case map[string]any:
			for k, e := range x {
				walk(k, e)
			}
		case []any:
			for _, e := range x {
				walk(k, e)
			}
		case string:
			if _, ok := redactKeys[strings.ToLower(k)]; ok {
				b.WriteString(x)
				b.WriteByte('\n')
			}
		}
	}
	walk("", v)
	return b.String()
}
