package logparse

import (
	"bytes"
	"testing"
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
