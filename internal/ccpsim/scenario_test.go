package ccpsim

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestScenarioParseErrors(t *testing.T) {
	for _, tt := range []struct{ src, want string }{
		{`steps: []`, "at least one step"},
		{`steps: [{at: soon, failover: us-west-2}]`, "steps[0].at"},
		{`steps: [{at: 2s, failover: us-west-2}, {at: 1s, clearFaults: true}]`, "before the previous step"},
		{`steps: [{at: 1s}]`, "exactly one action"},
		{`steps: [{at: 1s, disconnect: c9}]`, `no earlier contact step has id "c9"`},
		{`steps: [{at: 1s, meteor: true}]`, "field meteor not found"},
	} {
		if _, err := ParseScenario("day.yaml", []byte(tt.src)); err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: got %v, want %q", tt.src, err, tt.want)
		}
	}
}

func TestScenarioRun(t *testing.T) {
	f := newFixture(t)
	sc, err := ParseScenario("day.json", []byte(`{"steps":[
	  {"at":"0s","agentState":{"agent":"agent1","state":"Available"}},
	  {"at":"1s","id":"c1","contact":{"channel":"VOICE","from":"+15555550100"}},
	  {"at":"5s","disconnect":"c1"},
	  {"at":"6s","failover":"us-west-2"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- sc.Run(context.Background(), f.w) }()
	waitFor(t, func() bool { return f.agent().State.Name == "Available" })
	f.clock.Advance(time.Second)
	waitFor(t, func() bool { return f.agent().State.Name == "PendingBusy" })
	f.clock.Advance(4 * time.Second)
	waitFor(t, func() bool { return len(f.agent().Contacts) == 0 }) // abandoned while ringing
	f.clock.Advance(time.Second)
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if got := f.w.State().ActiveRegion; got != "us-west-2" {
		t.Fatalf("active region: %s", got)
	}
}

func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for i := 0; i < 500; i++ {
		if cond() {
			return
		}
		time.Sleep(2 * time.Millisecond)
	}
	t.Fatal("condition not reached")
}
