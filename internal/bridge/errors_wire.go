package bridge

import "encoding/json"

// MarshalJSON sends an *Error to the frontend as a JSON *string* holding {"code","message"}.
// Wails v2.16's runtime rejects a failed call with `new Error(message.error)`
// (runtime/desktop/calls.js), which turns an object into "[object Object]" and loses the
// code; a string survives as the Error's message, and src/bridge/errors.ts parses it back.
func (e *Error) MarshalJSON() ([]byte, error) {
	inner, err := json.Marshal(struct {
		Code    string `json:"code"`
		Message string `json:"message"`
	}{e.Code, e.Message})
	if err != nil {
		return nil, err
	}
	return json.Marshal(string(inner))
}
