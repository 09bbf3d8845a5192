package ccpsim

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"
)

// FuzzControlDecode: no body can crash the control API's decoder or make CreateContact/AddFault panic
// or corrupt the world.
func FuzzControlDecode(f *testing.F) {
	for _, s := range []string{`{"channel":"VOICE","from":"+1555","attributes":{"a":"b"}}`, `{"kind":"api_error","method":"x","count":-1}`, `{`, `[]`, `{"attributes":{"":""}}`, `null`} {
		f.Add([]byte(s))
	}
	w, err := NewWorld(DefaultConfig(), DefaultRegions, NewManualClock(time.Unix(0, 0)))
	if err != nil {
		f.Fatal(err)
	}
	w.SignIn("agent1")
	w.SetAgentState("agent1", "Available")
	f.Fuzz(func(t *testing.T, body []byte) {
		var c NewContact
		if decodeStrict(bytes.NewReader(body), &c) == nil {
			w.CreateContact(c)
		}
		var fl Fault
		if decodeStrict(bytes.NewReader(body), &fl) == nil {
			w.AddFault(fl)
			w.ClearFaults()
		}
		if st := w.State(); len(st.Agents) != 1 {
			t.Fatalf("world corrupted: %+v", st)
		}
	})
}

// FuzzAPI: whatever params a page sends with any method, the world answers without panicking.
func FuzzAPI(f *testing.F) {
	for _, m := range []string{"acceptContact", "createAdditionalConnection", "putAgentState", "getEndpoints", "sendDigits", "createOutboundContact"} {
		f.Add(m, []byte(`{"contactId":"x","endpoint":{"type":"phone_number","phoneNumber":"+1"},"state":{"name":"Available"},"nextToken":"7"}`))
	}
	w, _ := NewWorld(DefaultConfig(), DefaultRegions, NewManualClock(time.Unix(0, 0)))
	w.SignIn("agent1")
	w.SetAgentState("agent1", "Available")
	w.CreateContact(NewContact{Channel: "VOICE"})
	f.Fuzz(func(t *testing.T, method string, params []byte) {
		r := w.API("agent1", "us-east-1", method, json.RawMessage(params))
		if r.Err == nil && r.Data == nil && !r.Unauthorized {
			t.Fatalf("%s: neither data nor error", method)
		}
	})
}
