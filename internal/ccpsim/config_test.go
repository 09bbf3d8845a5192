package ccpsim

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func writeFile(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ccpsim.yaml")
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestLoadConfig(t *testing.T) {
	cfg, err := LoadConfig(writeFile(t, `
agents:
  - {username: agent1, routingProfile: Basic Routing Profile}
  - {username: a2, routingProfile: Basic Routing Profile, softphone: false, extension: "+15555550150"}
timeouts: {ringSeconds: 5}
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Agents) != 2 || cfg.Agents[1].Username != "a2" || *cfg.Agents[1].Softphone {
		t.Fatalf("agents section must replace the default: %+v", cfg.Agents)
	}
	if cfg.Timeouts.RingSeconds != 5 || cfg.Timeouts.AnswerDelayMs != 1500 {
		t.Fatalf("timeouts: %+v (unset fields keep their defaults)", cfg.Timeouts)
	}
	if len(cfg.Queues) != 3 {
		t.Fatalf("absent sections keep defaults: %v", cfg.Queues)
	}
}

func TestLoadConfigErrors(t *testing.T) {
	for _, tt := range []struct{ body, want string }{
		{"agents:\n  - {username: a1, routingProfile: Basic Routing Profile, colour: red}\n", "line 2: field colour not found"},
		{"timeouts: {ringSeconds: soon}\n", "line 1"},
		{"agents:\n  - {username: a1, routingProfile: Nope}\n", `agents[0].routingProfile: unknown routing profile "Nope"`},
		{"{", "ccpsim.yaml"},
	} {
		_, err := LoadConfig(writeFile(t, tt.body))
		if err == nil || !strings.Contains(err.Error(), tt.want) || !strings.Contains(err.Error(), "ccpsim.yaml") {
			t.Errorf("%q: got %v, want an error naming the file and containing %q", tt.body, err, tt.want)
		}
	}
}
