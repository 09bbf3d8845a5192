package ccpsim

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Scenario is a timed script of things that happen to the simulated contact center (docs/ccpsim.md).
type Scenario struct {
	Steps []Step `yaml:"steps" json:"steps"`
}

// Step is one action at an offset from the scenario's start. Exactly one action field is set.
type Step struct {
	At string `yaml:"at" json:"at"` // Go duration from the start, e.g. "2s", "1m30s"
	// ID names the contact a "contact" step creates, for later steps to refer to.
	ID            string          `yaml:"id" json:"id"`
	Contact       *NewContact     `yaml:"contact" json:"contact"`
	Disconnect    string          `yaml:"disconnect" json:"disconnect"`
	Answer        string          `yaml:"answer" json:"answer"`
	Failover      string          `yaml:"failover" json:"failover"`
	Fault         *Fault          `yaml:"fault" json:"fault"`
	ClearFaults   bool            `yaml:"clearFaults" json:"clearFaults"`
	AgentState    *AgentStateStep `yaml:"agentState" json:"agentState"`
	ExpireSession string          `yaml:"expireSession" json:"expireSession"`

	at time.Duration
}

// AgentStateStep sets an agent's status.
type AgentStateStep struct {
	Agent string `yaml:"agent" json:"agent"`
	State string `yaml:"state" json:"state"`
}

// LoadScenario reads and validates a YAML or JSON scenario file.
func LoadScenario(path string) (*Scenario, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read scenario: %w", err)
	}
	return ParseScenario(path, raw)
}

// ParseScenario validates a scenario; errors name the file, the step and the field.
func ParseScenario(name string, raw []byte) (*Scenario, error) {
	var sc Scenario
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&sc); err != nil {
		return nil, fmt.Errorf("%s: %s", name, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if len(sc.Steps) == 0 {
		return nil, fmt.Errorf("%s: steps: at least one step is required", name)
	}
	ids := map[string]bool{}
	var prev time.Duration
	for i := range sc.Steps {
		st := &sc.Steps[i]
		where := fmt.Sprintf("%s: steps[%d]", name, i)
		d, err := time.ParseDuration(st.At)
		if err != nil || d < 0 {
			return nil, fmt.Errorf("%s.at: want a duration such as 2s, got %q", where, st.At)
		}
		if d < prev {
			return nil, fmt.Errorf("%s.at: %s is before the previous step (%s)", where, d, prev)
		}
		st.at, prev = d, d
		n := 0
		for _, set := range []bool{st.Contact != nil, st.Disconnect != "", st.Answer != "", st.Failover != "", st.Fault != nil, st.ClearFaults, st.AgentState != nil, st.ExpireSession != ""} {
			if set {
				n++
			}
		}
		if n != 1 {
			return nil, fmt.Errorf("%s: exactly one action (contact, disconnect, answer, failover, fault, clearFaults, agentState, expireSession) is required, got %d", where, n)
		}
		if st.ID != "" {
			if st.Contact == nil {
				return nil, fmt.Errorf("%s.id: only a contact step can have an id", where)
			}
			ids[st.ID] = true
		}
		for field, ref := range map[string]string{"disconnect": st.Disconnect, "answer": st.Answer} {
			if ref != "" && !ids[ref] {
				return nil, fmt.Errorf("%s.%s: no earlier contact step has id %q", where, field, ref)
			}
		}
	}
	return &sc, nil
}

// Run performs the steps on w at their times, stopping early if ctx ends. A failing step stops the run.
func (sc *Scenario) Run(ctx context.Context, w *World) error {
	start := w.clock.Now()
	contacts := map[string]string{}
	for i, st := range sc.Steps {
		wait := st.at - w.clock.Now().Sub(start)
		if wait > 0 {
			done := make(chan struct{})
			t := w.clock.AfterFunc(wait, func() { close(done) })
			select {
			case <-done:
			case <-ctx.Done():
				t.Stop()
				return ctx.Err()
			}
		}
		var err error
		switch {
		case st.Contact != nil:
			var id string
			id, err = w.CreateContact(*st.Contact)
			if st.ID != "" {
				contacts[st.ID] = id
			}
		case st.Disconnect != "":
			err = w.CustomerDisconnect(contacts[st.Disconnect])
		case st.Answer != "":
			err = w.AnswerFarEnd(contacts[st.Answer])
		case st.Failover != "":
			err = w.SetActiveRegion(st.Failover)
		case st.Fault != nil:
			_, err = w.AddFault(*st.Fault)
		case st.ClearFaults:
			w.ClearFaults()
		case st.AgentState != nil:
			err = w.SetAgentState(st.AgentState.Agent, st.AgentState.State)
		case st.ExpireSession != "":
			err = w.ExpireSession(st.ExpireSession)
		}
		if err != nil {
			return fmt.Errorf("step %d (at %s): %w", i, st.At, err)
		}
	}
	return nil
}
