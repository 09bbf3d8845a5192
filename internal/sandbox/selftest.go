package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sync"
	"time"

	"github.com/rs/zerolog"
)

// SelfTest drives one sandbox scenario through the real window and records what the panel
// saw: the frontend reports each step (with the panel's visible text) and clicks the
// panel's own buttons; the Go side makes the contact arrive through ccpsim and writes the
// report file after every step.
//
// Scenario: agent_ready → (ccpsim makes a call arrive) → incoming → connected → held →
// resumed → consulting (a quick connect added) → conference → after_call_work → cleared.
type SelfTest struct {
	scenario string
	path     string
	log      zerolog.Logger
	sim      ContactMaker
	now      func() time.Time

	mu          sync.Mutex
	report      Report
	contactMade bool
	done        chan struct{}
	finished    bool
}

// ContactMaker is the part of Client the self-test needs.
type ContactMaker interface {
	MakeContact(ctx context.Context, req ContactRequest) (string, error)
}

// Report is written to the self-test file.
type Report struct {
	Name      string     `json:"name"`
	Scenario  string     `json:"scenario"`
	Started   time.Time  `json:"started" ts_type:"string"`
	Finished  *time.Time `json:"finished,omitempty" ts_type:"string"`
	Done      bool       `json:"done"`
	OK        bool       `json:"ok"`
	Error     string     `json:"error,omitempty"`
	ContactID string     `json:"contactId,omitempty"`
	Caller    string     `json:"caller"`
	Steps     []Step     `json:"steps"`
}

// Step is one observation of the panel.
type Step struct {
	Name  string         `json:"name"`
	At    time.Time      `json:"at" ts_type:"string"`
	Panel map[string]any `json:"panel,omitempty"`
}

// SelfTestCaller is the number the self-test call comes from.
const SelfTestCaller = "+15555550100"

// Scenarios: the steps each must report, in order, to pass.
var Scenarios = map[string]struct {
	Description string
	Steps       []string
}{
	// Go makes the call arrive through ccpsim's control API.
	"inbound": {"inbound call: arrive → accept → hold → resume → transfer → conference → end → clear",
		[]string{"agent_ready", "incoming", "connected", "held", "resumed", "consulting", "conference", "after_call_work", "cleared"}},
	// The UI's own Simulator drawer makes a chat and a call arrive, then fails over.
	"multi": {"a chat and a call at once (from the Simulator drawer), failover pending until they end, then completed",
		[]string{"agent_ready", "chat_incoming", "chat_active", "two_contacts", "call_active", "failover_pending", "cleared", "failed_over"}},
	// An outbound call from the panel's dialer, then a call that rings out unanswered.
	"outbound-missed": {"outbound call from the dialer (dialing → answered → end → clear), then a missed call",
		[]string{"agent_ready", "dialing", "outbound_connected", "outbound_cleared", "missed_ringing", "missed", "recovered"}},
}

// RequiredSteps of the default scenario.
var RequiredSteps = Scenarios["inbound"].Steps

// ErrUnknownScenario is returned for a scenario name not in Scenarios.
var ErrUnknownScenario = errors.New("unknown self-test scenario")

// NewSelfTest returns a self-test of scenario ("" = inbound) writing to path. now may be nil.
func NewSelfTest(path, scenario string, sim ContactMaker, log zerolog.Logger, now func() time.Time) (*SelfTest, error) {
	if scenario == "" {
		scenario = "inbound"
	}
	sc, ok := Scenarios[scenario]
	if !ok {
		return nil, fmt.Errorf("self-test %q: %w", scenario, ErrUnknownScenario)
	}
	if now == nil {
		now = time.Now
	}
	st := &SelfTest{scenario: scenario, path: path, sim: sim, now: now, log: log.With().Str("component", "selftest").Logger(), done: make(chan struct{})}
	st.report = Report{Name: scenario, Scenario: sc.Description, Started: now(), Caller: SelfTestCaller, Steps: []Step{}}
	return st, nil
}

// Scenario is the scenario's name (the frontend driver runs the matching script).
func (s *SelfTest) Scenario() string { return s.scenario }

// ErrSelfTestFinished is returned for steps reported after Finish.
var ErrSelfTestFinished = errors.New("self-test already finished")

// Step records one observation. On agent_ready it makes the call arrive and returns its id.
func (s *SelfTest) Step(ctx context.Context, name string, panel map[string]any) (string, error) {
	s.mu.Lock()
	if s.finished {
		s.mu.Unlock()
		return "", ErrSelfTestFinished
	}
	s.report.Steps = append(s.report.Steps, Step{Name: name, At: s.now(), Panel: panel})
	makeContact := name == "agent_ready" && !s.contactMade && (s.scenario == "inbound" || s.scenario == ScenarioSSO)
	if makeContact {
		s.contactMade = true
	}
	s.mu.Unlock()
	s.log.Info().Str("step", name).Msg("self-test step")

	id := ""
	if makeContact {
		var err error
		id, err = s.sim.MakeContact(ctx, ContactRequest{Channel: "VOICE", From: SelfTestCaller, Queue: "BasicQueue",
			Attributes: map[string]string{"accountId": "A-1001", "tier": "Gold"}})
		if err != nil {
			s.Finish(fmt.Sprintf("make the call arrive: %v", err))
			return "", err
		}
		s.mu.Lock()
		s.report.ContactID = id
		s.mu.Unlock()
	}
	return id, s.write()
}

// Finish ends the self-test. failure is "" when the frontend saw the whole scenario.
func (s *SelfTest) Finish(failure string) {
	s.mu.Lock()
	if s.finished {
		s.mu.Unlock()
		return
	}
	s.finished = true
	t := s.now()
	s.report.Finished = &t
	s.report.Done = true
	if failure == "" {
		failure = checkSteps(s.report.Steps, Scenarios[s.scenario].Steps)
	}
	s.report.Error = failure
	s.report.OK = failure == ""
	s.mu.Unlock()
	if err := s.write(); err != nil {
		s.log.Error().Err(err).Msg("write self-test report")
	}
	s.log.Info().Bool("ok", failure == "").Str("error", failure).Msg("self-test finished")
	close(s.done)
}

// checkSteps verifies the required steps appear in order.
func checkSteps(steps []Step, required []string) string {
	i := 0
	for _, st := range steps {
		if i < len(required) && st.Name == required[i] {
			i++
		}
	}
	if i < len(required) {
		names := make([]string, len(steps))
		for j, st := range steps {
			names[j] = st.Name
		}
		return fmt.Sprintf("missing step %q (saw %v)", required[i], names)
	}
	return ""
}

// Done is closed when the self-test finished.
func (s *SelfTest) Done() <-chan struct{} { return s.done }

// Report returns a copy of the report.
func (s *SelfTest) Report() Report {
	s.mu.Lock()
	defer s.mu.Unlock()
	r := s.report
	r.Steps = slices.Clone(r.Steps)
	return r
}

// OK reports whether the self-test finished and passed.
func (s *SelfTest) OK() bool {
	r := s.Report()
	return r.Done && r.OK
}

// Watch finishes the self-test with a timeout failure if it is not done within timeout,
// then waits linger (so a screenshot can be taken) and calls quit.
func (s *SelfTest) Watch(ctx context.Context, timeout, linger time.Duration, quit func()) {
	t := time.NewTimer(timeout)
	defer t.Stop()
	select {
	case <-s.done:
	case <-t.C:
		s.Finish(fmt.Sprintf("timed out after %s", timeout))
	case <-ctx.Done():
		s.Finish("app stopped before the self-test finished")
		return
	}
	select {
	case <-time.After(linger):
	case <-ctx.Done():
	}
	quit()
}

func (s *SelfTest) write() error {
	r := s.Report()
	data, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return fmt.Errorf("encode self-test report: %w", err)
	}
	tmp := s.path + ".tmp"
	if err := os.MkdirAll(filepath.Dir(s.path), 0o755); err != nil {
		return fmt.Errorf("write self-test report: %w", err)
	}
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return fmt.Errorf("write self-test report: %w", err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("write self-test report: %w", err)
	}
	return nil
}
