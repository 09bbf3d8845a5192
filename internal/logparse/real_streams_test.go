package logparse

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// testdata/real-streams-gr.txt is what the real amazon-connect-streams 2.28.2 logged in headless Chromium
// against ccpsim (Global Resiliency, two regions): sign-in, Available, an inbound call accepted, the
// customer hanging up, after-call work cleared, an injected putAgentState failure, a failover. It is the
// parent page's connect.getLog() buffer serialised as Streams' own download does.
func TestRealStreamsLog(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("testdata", "real-streams-gr.txt"))
	if err != nil {
		t.Fatal(err)
	}
	tl := analyze(t, map[string][]byte{"real": raw}, "real")
	var states []string
	for _, s := range tl.AgentStates {
		states = append(states, s.Name)
	}
	if got, want := strings.Join(states, ","), "Offline,Available,PendingBusy,Busy,AfterCallWork,Available"; got != want {
		t.Errorf("agent states: got %s, want %s", got, want)
	}
	if len(tl.Contacts) != 1 || tl.Contacts[0].Type != "voice" {
		t.Fatalf("contacts: %+v", tl.Contacts)
	}
	// Both regional CCPs' snapshots are interleaved in this page log; the inactive CCP's empty ones must
	// not make the contact look cleared.
	var cs []string
	for _, s := range tl.Contacts[0].States {
		cs = append(cs, s.State)
	}
	if got, want := strings.Join(cs, ","), "connecting,connected,ended,cleared"; got != want {
		t.Errorf("contact states: got %s, want %s", got, want)
	}
	if len(tl.APIFailures) != 1 || tl.APIFailures[0].Op != "putAgentState" || !strings.Contains(tl.APIFailures[0].Error, "ServiceException") {
		t.Errorf("api failures: %+v", tl.APIFailures)
	}
	if tl.Snapshots < 10 {
		t.Errorf("snapshots: got %d, want the CCPs' GET_AGENT_SNAPSHOT lines", tl.Snapshots)
	}
}
