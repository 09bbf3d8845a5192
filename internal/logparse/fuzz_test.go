package logparse

import (
	"bytes"
	"encoding/json"
	"testing"
	"unicode/utf8"
)

// FuzzParse: any input is parsed without panicking or looping, and every
// problem names the file and a position inside it.
func FuzzParse(f *testing.F) {
	good := synthLog()
	f.Add(good[:4000])
	f.Add([]byte(`[{"text":"GET_AGENT_SNAPSHOT succeeded.","time":1,"objects":[{"snapshot":{"state":{"name":"A"},"skew":"x","contacts":[{"contactId":"c","state":{"type":"connected"}}]}}]}]`))
	f.Add([]byte(`{"text":"a","time":"2026-11-21T10:00:00.000Z"}` + "\n" + `{"text":"AWSClient: <-- Operation 'x' failed: {}","time":2}`))
	f.Add([]byte(`[{"component":"ccp"}, {"level": ], {"text":"x","time":"bad"}]`))
	f.Add([]byte("\xef\xbb\xbf[ ]"))
	f.Add([]byte(`[{"text":"\"quoted\\\\","time":0,"objects":[[[[]]]]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		a := NewAnalyzer(Options{})
		if err := a.Parse(bytes.NewReader(data), "f"); err != nil {
			t.Fatal(err)
		}
		tl := a.Finish()
		for _, p := range tl.Problems {
			if p.File != "f" || p.Offset < 0 || p.Offset > int64(len(data)) || p.Msg == "" {
				t.Fatalf("bad problem %+v (input %d bytes)", p, len(data))
			}
		}
		var out bytes.Buffer
		if err := tl.WriteText(&out); err != nil {
			t.Fatal(err)
		}
		if err := tl.WriteJSON(&out); err != nil {
			t.Fatal(err)
		}
	})
}

// FuzzUnquote: the fast string decoder agrees with encoding/json.
func FuzzUnquote(f *testing.F) {
	for _, s := range []string{`"a\"b"`, `"\u003c-- \ud83d\ude00 \n\t\\"`, `"\ud800x"`, `"\u12"`, `"plain"`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var want string
		wantErr := json.Unmarshal(b, &want) != nil
		if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' || wantErr || !utf8.Valid(b) {
			return // str sees spans the scanner found to be strings; invalid UTF-8 passes through (outputs sanitise it)
		}
		got, ok := str(b)
		if !ok || got != want {
			t.Fatalf("str(%q) = %q, %v; encoding/json says %q", b, got, ok, want)
		}
	})
}
