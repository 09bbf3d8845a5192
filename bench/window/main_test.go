package main

import "testing"

// The lines WebKitGTK 2.50's JavaScriptCore printed for JSC_useDollarVM=1, which it does not have.
func TestRefusedEngineOption(t *testing.T) {
	out := `{"level":"info","message":"ccpsim ready"}
ERROR: invalid option: JSC_useDollarVM=1
WARNING: failed to parse JSC_useDollarVM=1
{"level":"info","message":"window started"}`
	if got := refusedEngineOption(out); got != "ERROR: invalid option: JSC_useDollarVM=1" {
		t.Errorf("refusedEngineOption = %q", got)
	}
	if got := refusedEngineOption(`{"level":"info","message":"the option parser: invalid input"}` + "\n"); got != "" {
		t.Errorf("an ordinary log line counted as a refused option: %q", got)
	}
}
