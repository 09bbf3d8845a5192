package bridge

import (
	"encoding/json"
	"testing"
)

func TestErrorWireFormat(t *testing.T) {
	b, err := json.Marshal(FormatError(&Error{Code: CodeLogsBatchTooLarge, Message: "too big"}))
	if err != nil {
		t.Fatal(err)
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		t.Fatalf("got %s, want a JSON string (Wails wraps the error in new Error(...))", b)
	}
	var got struct{ Code, Message string }
	if err := json.Unmarshal([]byte(s), &got); err != nil || got.Code != CodeLogsBatchTooLarge || got.Message != "too big" {
		t.Errorf("got %q (%v), want code %s and the message", s, err, CodeLogsBatchTooLarge)
	}
}
