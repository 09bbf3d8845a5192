package ccpsim

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// Config describes the simulated instance(s): the same agents, queues, states and quick connects exist in
// every region, as they do in a Global Resiliency replica.
type Config struct {
	Agents          []AgentConfig          `yaml:"agents" json:"agents"`
	Queues          []string               `yaml:"queues" json:"queues"`
	RoutingProfiles []RoutingProfileConfig `yaml:"routingProfiles" json:"routingProfiles"`
	AgentStates     []AgentStateConfig     `yaml:"agentStates" json:"agentStates"`
	QuickConnects   []QuickConnectConfig   `yaml:"quickConnects" json:"quickConnects"`
	Timeouts        TimeoutsConfig         `yaml:"timeouts" json:"timeouts"`
	// QuickConnectPageSize caps getEndpoints pages (Streams asks for 500) so paging can be exercised.
	QuickConnectPageSize int `yaml:"quickConnectPageSize" json:"quickConnectPageSize"`
	// ClockSkewMs shifts the server's snapshotTimestamp, as a real CCP's clock differs from the agent's PC.
	ClockSkewMs int `yaml:"clockSkewMs" json:"clockSkewMs"`
	// AccountID is the 12-digit AWS account used in ARNs.
	AccountID string `yaml:"accountId" json:"accountId"`
}

// AgentConfig is one agent user.
type AgentConfig struct {
	Username       string `yaml:"username" json:"username"`
	Name           string `yaml:"name" json:"name"`
	RoutingProfile string `yaml:"routingProfile" json:"routingProfile"`
	// Softphone false makes a deskphone agent (calls ring the extension).
	Softphone *bool  `yaml:"softphone" json:"softphone"`
	Extension string `yaml:"extension" json:"extension"`
	// Permissions are Streams permission names such as outboundCall.
	Permissions []string `yaml:"permissions" json:"permissions"`
}

// RoutingProfileConfig assigns queues and channel concurrency.
type RoutingProfileConfig struct {
	Name                 string         `yaml:"name" json:"name"`
	Queues               []string       `yaml:"queues" json:"queues"`
	Concurrency          map[string]int `yaml:"concurrency" json:"concurrency"`
	DefaultOutboundQueue string         `yaml:"defaultOutboundQueue" json:"defaultOutboundQueue"`
}

// AgentStateConfig is an agent status an agent can choose.
type AgentStateConfig struct {
	Name string `yaml:"name" json:"name"`
	Type string `yaml:"type" json:"type"` // routable | not_routable | offline
}

// QuickConnectConfig is a transfer destination of one of the three kinds.
type QuickConnectConfig struct {
	Name        string `yaml:"name" json:"name"`
	Type        string `yaml:"type" json:"type"` // phone_number | queue | agent
	PhoneNumber string `yaml:"phoneNumber" json:"phoneNumber"`
	Queue       string `yaml:"queue" json:"queue"`
	Agent       string `yaml:"agent" json:"agent"`
}

// TimeoutsConfig holds the instance's timers.
type TimeoutsConfig struct {
	// RingSeconds: an offered contact not accepted in time is missed.
	RingSeconds int `yaml:"ringSeconds" json:"ringSeconds"`
	// ACWSeconds: after-call work ends by itself after this long; 0 means it lasts until cleared.
	ACWSeconds int `yaml:"acwSeconds" json:"acwSeconds"`
	// AnswerDelayMs: how long an outbound, callback or third-party leg rings before the far end answers.
	AnswerDelayMs int `yaml:"answerDelayMs" json:"answerDelayMs"`
	// MissedLingerMs: how long a missed contact stays in the agent's snapshot before it is requeued.
	MissedLingerMs int `yaml:"missedLingerMs" json:"missedLingerMs"`
	// RouteDelayMs: how long routing takes to offer a waiting contact once an agent can take it
	// (0 = at once). Connect never offers in the same instant the agent changes state.
	RouteDelayMs int `yaml:"routeDelayMs" json:"routeDelayMs"`
	// ConnectDelayMs: after accept, how long the agent's media takes to connect (0 = at once). This is
	// why Streams' onAccepted comes before onConnected.
	ConnectDelayMs int `yaml:"connectDelayMs" json:"connectDelayMs"`
}

// DefaultConfig is a small contact center: one agent, three queues, the usual statuses and quick connects.
func DefaultConfig() Config {
	return Config{
		Agents: []AgentConfig{{Username: "agent1", Name: "Alex Agent", RoutingProfile: "Basic Routing Profile"}},
		Queues: []string{"BasicQueue", "Sales", "Support"},
		RoutingProfiles: []RoutingProfileConfig{{
			Name:                 "Basic Routing Profile",
			Queues:               []string{"BasicQueue", "Sales", "Support"},
			Concurrency:          map[string]int{"VOICE": 1, "CHAT": 3, "TASK": 1},
			DefaultOutboundQueue: "BasicQueue",
		}},
		AgentStates: []AgentStateConfig{
			{Name: "Available", Type: "routable"},
			{Name: "Offline", Type: "offline"},
			{Name: "Break", Type: "not_routable"},
			{Name: "Lunch", Type: "not_routable"},
			{Name: "Training", Type: "not_routable"},
		},
		QuickConnects: []QuickConnectConfig{
			{Name: "Escalations desk", Type: "phone_number", PhoneNumber: "+15555550199"},
			{Name: "Sales queue", Type: "queue", Queue: "Sales"},
			{Name: "Support queue", Type: "queue", Queue: "Support"},
			{Name: "Supervisor", Type: "agent", Agent: "agent1"},
		},
		Timeouts:             TimeoutsConfig{RingSeconds: 20, ACWSeconds: 0, AnswerDelayMs: 1500, MissedLingerMs: 2000, RouteDelayMs: 300, ConnectDelayMs: 300},
		QuickConnectPageSize: 500,
		AccountID:            "123456789012",
	}
}

// LoadConfig reads a YAML or JSON file (JSON is YAML) over DefaultConfig: a section present in the file
// replaces the default section. Unknown fields are errors that name the file and line.
func LoadConfig(path string) (Config, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return Config{}, fmt.Errorf("read config: %w", err)
	}
	cfg := DefaultConfig()
	dec := yaml.NewDecoder(bytes.NewReader(raw))
	dec.KnownFields(true)
	if err := dec.Decode(&cfg); err != nil {
		return Config{}, fmt.Errorf("%s: %s", path, strings.TrimPrefix(err.Error(), "yaml: "))
	}
	if err := cfg.Validate(); err != nil {
		return Config{}, fmt.Errorf("%s: %w", path, err)
	}
	return cfg, nil
}

// Validate checks references between sections so the simulation never runs half-configured.
func (c *Config) Validate() error {
	var errs []error
	bad := func(field, format string, a ...any) {
		errs = append(errs, fmt.Errorf("%s: %s", field, fmt.Sprintf(format, a...)))
	}
	queues := map[string]bool{}
	for i, q := range c.Queues {
		if q == "" {
			bad(fmt.Sprintf("queues[%d]", i), "empty queue name")
		}
		queues[q] = true
	}
	profiles := map[string]bool{}
	for i, p := range c.RoutingProfiles {
		f := fmt.Sprintf("routingProfiles[%d]", i)
		if p.Name == "" {
			bad(f+".name", "required")
		}
		profiles[p.Name] = true
		for _, q := range p.Queues {
			if !queues[q] {
				bad(f+".queues", "unknown queue %q", q)
			}
		}
		if p.DefaultOutboundQueue != "" && !queues[p.DefaultOutboundQueue] {
			bad(f+".defaultOutboundQueue", "unknown queue %q", p.DefaultOutboundQueue)
		}
		for ch, n := range p.Concurrency {
			if _, ok := channelTypes[ch]; !ok {
				bad(f+".concurrency", "unknown channel %q (VOICE, CHAT or TASK)", ch)
			}
			if n < 0 || n > 10 {
				bad(f+".concurrency."+ch, "must be 0..10, got %d", n)
			}
		}
	}
	users := map[string]bool{}
	for i, a := range c.Agents {
		f := fmt.Sprintf("agents[%d]", i)
		if a.Username == "" {
			bad(f+".username", "required")
		}
		if users[a.Username] {
			bad(f+".username", "duplicate %q", a.Username)
		}
		users[a.Username] = true
		if !profiles[a.RoutingProfile] {
			bad(f+".routingProfile", "unknown routing profile %q", a.RoutingProfile)
		}
	}
	if len(c.Agents) == 0 {
		bad("agents", "at least one agent is required")
	}
	hasRoutable, hasOffline := false, false
	for i, s := range c.AgentStates {
		switch s.Type {
		case "routable":
			hasRoutable = true
		case "offline":
			hasOffline = true
		case "not_routable":
		default:
			bad(fmt.Sprintf("agentStates[%d].type", i), "must be routable, not_routable or offline, got %q", s.Type)
		}
	}
	if !hasRoutable || !hasOffline {
		bad("agentStates", "needs at least one routable and one offline state")
	}
	for i, q := range c.QuickConnects {
		f := fmt.Sprintf("quickConnects[%d]", i)
		switch q.Type {
		case "phone_number":
			if q.PhoneNumber == "" {
				bad(f+".phoneNumber", "required for a phone_number quick connect")
			}
		case "queue":
			if !queues[q.Queue] {
				bad(f+".queue", "unknown queue %q", q.Queue)
			}
		case "agent":
			if !users[q.Agent] {
				bad(f+".agent", "unknown agent %q", q.Agent)
			}
		default:
			bad(f+".type", "must be phone_number, queue or agent, got %q", q.Type)
		}
	}
	t := c.Timeouts
	if t.RingSeconds <= 0 || t.ACWSeconds < 0 || t.AnswerDelayMs < 0 || t.MissedLingerMs < 0 || t.RouteDelayMs < 0 || t.ConnectDelayMs < 0 {
		bad("timeouts", "ringSeconds must be > 0 and the others >= 0")
	}
	if c.QuickConnectPageSize <= 0 {
		bad("quickConnectPageSize", "must be > 0")
	}
	if len(c.AccountID) != 12 || strings.Trim(c.AccountID, "0123456789") != "" {
		bad("accountId", "must be 12 digits")
	}
	return errors.Join(errs...)
}

func (t TimeoutsConfig) ring() time.Duration { return time.Duration(t.RingSeconds) * time.Second }
func (t TimeoutsConfig) acw() time.Duration  { return time.Duration(t.ACWSeconds) * time.Second }
func (t TimeoutsConfig) answer() time.Duration {
	return time.Duration(t.AnswerDelayMs) * time.Millisecond
}
func (t TimeoutsConfig) linger() time.Duration {
	return time.Duration(t.MissedLingerMs) * time.Millisecond
}
func (t TimeoutsConfig) route() time.Duration {
	return time.Duration(t.RouteDelayMs) * time.Millisecond
}
func (t TimeoutsConfig) connect() time.Duration {
	return time.Duration(t.ConnectDelayMs) * time.Millisecond
}

var channelTypes = map[string]string{"VOICE": "voice", "CHAT": "chat", "TASK": "task"}
