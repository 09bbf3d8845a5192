package sandbox

import (
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/rs/zerolog"
)

type fakeMaker struct {
	calls atomic.Int32
	err   error
}

func (f *fakeMaker) MakeContact(_ context.Context, req ContactRequest) (string, error) {
	f.calls.Add(1)
	if req.Channel != "VOICE" || req.From != SelfTestCaller {
		return "", errors.New("unexpected request")
	}
	return "c-7", f.err
}

func TestSelfTest(t *testing.T) {
	tests := []struct {
		name      string
		steps     []string
		makeErr   error
		failure   string
		wantOK    bool
		wantErr   string
		wantCalls int32
	}{
		{"full scenario", RequiredSteps, nil, "", true, "", 1},
		{"agent_ready twice makes one call", append([]string{"agent_ready"}, RequiredSteps...), nil, "", true, "", 1},
		{"missing step", []string{"agent_ready", "incoming", "cleared"}, nil, "", false, `missing step "connected"`, 1},
		{"frontend failure", []string{"agent_ready"}, nil, "no incoming contact", false, "no incoming contact", 1},
		{"ccpsim refuses", []string{"agent_ready"}, errors.New("no agent"), "", false, "make the call arrive", 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := filepath.Join(t.TempDir(), "out.json")
			fm := &fakeMaker{err: tt.makeErr}
			clock := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
			st, err := NewSelfTest(path, "", fm, zerolog.Nop(), func() time.Time { clock = clock.Add(time.Second); return clock })
			if err != nil {
				t.Fatal(err)
			}
			for _, s := range tt.steps {
				_, _ = st.Step(context.Background(), s, map[string]any{"text": s})
			}
			st.Finish(tt.failure)
			<-st.Done()
			if st.OK() != tt.wantOK {
				t.Errorf("OK = %v, want %v (%s)", st.OK(), tt.wantOK, st.Report().Error)
			}
			if !strings.Contains(st.Report().Error, tt.wantErr) {
				t.Errorf("Error = %q, want it to contain %q", st.Report().Error, tt.wantErr)
			}
			if got := fm.calls.Load(); got != tt.wantCalls {
				t.Errorf("MakeContact calls = %d, want %d", got, tt.wantCalls)
			}
			var r Report
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			if !r.Done || r.OK != tt.wantOK {
				t.Errorf("file report done=%v ok=%v", r.Done, r.OK)
			}
			if _, err := st.Step(context.Background(), "late", nil); !errors.Is(err, ErrSelfTestFinished) {
				t.Errorf("late step err = %v", err)
			}
		})
	}
}

func TestSelfTestWatchTimeout(t *testing.T) {
	st, _ := NewSelfTest(filepath.Join(t.TempDir(), "out.json"), "inbound", &fakeMaker{}, zerolog.Nop(), nil)
	quit := make(chan struct{})
	go st.Watch(context.Background(), 10*time.Millisecond, 0, func() { close(quit) })
	select {
	case <-quit:
	case <-time.After(5 * time.Second):
		t.Fatal("Watch did not quit")
	}
	if st.OK() || !strings.Contains(st.Report().Error, "timed out") {
		t.Errorf("report = %+v", st.Report())
	}
}

func TestSelfTestScenarios(t *testing.T) {
	tests := []struct {
		scenario  string
		wantErr   bool
		wantCalls int32
	}{
		{"", false, 1},
		{"inbound", false, 1},
		{"multi", false, 0}, // the UI's Simulator drawer makes the contacts
		{"outbound-missed", false, 0},
		{"nope", true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.scenario, func(t *testing.T) {
			fm := &fakeMaker{}
			st, err := NewSelfTest(filepath.Join(t.TempDir(), "o.json"), tt.scenario, fm, zerolog.Nop(), nil)
			if (err != nil) != tt.wantErr {
				t.Fatalf("err = %v", err)
			}
			if err != nil {
				if !errors.Is(err, ErrUnknownScenario) {
					t.Errorf("err = %v, want ErrUnknownScenario", err)
				}
				return
			}
			for _, s := range Scenarios[st.Scenario()].Steps {
				_, _ = st.Step(context.Background(), s, nil)
			}
			st.Finish("")
			if !st.OK() {
				t.Errorf("not ok: %s", st.Report().Error)
			}
			if fm.calls.Load() != tt.wantCalls {
				t.Errorf("calls = %d, want %d", fm.calls.Load(), tt.wantCalls)
			}
		})
	}
}
