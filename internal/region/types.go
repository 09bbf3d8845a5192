package region

import (
	"errors"
	"fmt"
	"regexp"
	"time"
)

// Event names (Go → frontend).
const (
	// EventChanged carries a Snapshot whenever anything the UI shows changed.
	EventChanged = "region:changed"
	// EventSwitched carries a Switch after the active region changed: the frontend clears
	// its region-specific caches (agent-state ARNs, quick connects, queues) and refetches.
	EventSwitched = "region:switched"
)

// Sentinel errors; the bridge maps them to stable codes.
var (
	ErrInvalidRegion = errors.New("invalid region name")
	ErrInvalidConfig = errors.New("invalid region configuration")
	ErrInvalidHealth = errors.New("invalid health status")
	ErrUnknownSignal = errors.New("unknown health signal")
	ErrCorruptState  = errors.New("corrupt region state file")
	ErrMissingRegion = errors.New("no region and no known CCP URL")
	ErrTrackerClosed = errors.New("region tracker closed")
)

// Phase is where the agent is in the Global Resiliency life cycle.
type Phase string

const (
	// PhaseUnknown: Streams has not reported the active region in this run yet.
	PhaseUnknown Phase = "unknown"
	// PhaseActive: one region is active and no failover is in progress.
	PhaseActive Phase = "active"
	// PhaseFailoverDetected: the CCP announced a failover; Streams has not switched yet.
	PhaseFailoverDetected Phase = "failover_detected"
	// PhaseFailoverPending: the failover waits for the agent's contacts to be cleared.
	PhaseFailoverPending Phase = "failover_pending"
	// PhaseFailoverCompleted: Streams switched region; decays to PhaseActive.
	PhaseFailoverCompleted Phase = "failover_completed"
	// PhaseConfigureError: Streams reported a Global Resiliency configuration error.
	PhaseConfigureError Phase = "configure_error"
)

// HealthStatus is one region's CCP connection health.
type HealthStatus string

const (
	HealthUnknown  HealthStatus = "unknown"
	HealthHealthy  HealthStatus = "healthy"
	HealthDegraded HealthStatus = "degraded"
	HealthDown     HealthStatus = "down"
)

// rank orders statuses from best to worst; unknown ranks lowest so any signal wins over it.
func (s HealthStatus) rank() int {
	switch s {
	case HealthHealthy:
		return 1
	case HealthDegraded:
		return 2
	case HealthDown:
		return 3
	}
	return 0
}

// ParseHealth validates a status sent by the frontend.
func ParseHealth(s string) (HealthStatus, error) {
	switch h := HealthStatus(s); h {
	case HealthHealthy, HealthDegraded, HealthDown:
		return h, nil
	}
	return "", fmt.Errorf("%w: %q (valid: healthy, degraded, down)", ErrInvalidHealth, s)
}

// Endpoint is one configured regional instance.
type Endpoint struct {
	Region string `json:"region"`
	CCPURL string `json:"ccpUrl"`
}

// Contact is a contact as the frontend sees it, tagged with the region whose CCP reported it.
type Contact struct {
	ID     string `json:"contactId"`
	Region string `json:"region"`
	State  string `json:"state,omitempty"`
}

// Health is one region's connection health.
type Health struct {
	// Status is the worst of Reported and the keepalive liveness.
	Status HealthStatus `json:"status"`
	// Reported is the last explicit signal (websocket events); unknown if none.
	Reported HealthStatus `json:"reported"`
	// LastSeen is the last sign of life (keepalive ACK or a healthy signal).
	LastSeen time.Time `json:"lastSeen,omitzero" ts_type:"string"`
	// Since is when Status last changed.
	Since time.Time `json:"since,omitzero" ts_type:"string"`
	// Problem names a known cause of a bad Status: ProblemNoAnswer, or "".
	Problem string `json:"problem,omitempty"`
}

// RegionInfo is one region as the badge shows it.
type RegionInfo struct {
	Region string `json:"region"`
	CCPURL string `json:"ccpUrl,omitempty"`
	// Role is primary or secondary, or "" for a region Streams reported that is not configured.
	Role   string `json:"role"`
	Active bool   `json:"active"`
	Health Health `json:"health"`
}

// ConfigError is the last Global Resiliency configuration error Streams reported.
type ConfigError struct {
	Message string    `json:"message"`
	At      time.Time `json:"at" ts_type:"string"`
}

// Snapshot is everything the UI shows about regions (payload of EventChanged).
type Snapshot struct {
	// Version increases with every change, so the UI can drop a stale event.
	Version      uint64       `json:"version"`
	Regions      []RegionInfo `json:"regions"`
	ActiveRegion string       `json:"activeRegion"`
	// Restored: ActiveRegion comes from the previous run and Streams has not confirmed it yet.
	Restored     bool      `json:"restored"`
	Phase        Phase     `json:"phase"`
	TargetRegion string    `json:"targetRegion,omitempty"`
	WaitingFor   []Contact `json:"waitingFor"`
	DetectedAt   time.Time `json:"detectedAt,omitzero" ts_type:"string"`
	CompletedAt  time.Time `json:"completedAt,omitzero" ts_type:"string"`
	// ConfigureError stays until Streams re-initializes or a failover completes.
	ConfigureError *ConfigError `json:"configureError,omitempty"`
	// Warning reports inconsistencies (a region Streams reported that is not configured).
	Warning string `json:"warning,omitempty"`
	// StateFileError reports a corrupt or unwritable state file (ignored, never fatal).
	StateFileError string    `json:"stateFileError,omitempty"`
	ChangedAt      time.Time `json:"changedAt,omitzero" ts_type:"string"`
}

// Switch is the payload of EventSwitched.
type Switch struct {
	From string    `json:"from"`
	To   string    `json:"to"`
	At   time.Time `json:"at" ts_type:"string"`
}

// regionRE accepts AWS-style region names; anything else is refused before it reaches logs or files.
var regionRE = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]{1,2}$`)

func checkRegion(r string) error {
	if !regionRE.MatchString(r) {
		return fmt.Errorf("%w: %q", ErrInvalidRegion, r)
	}
	return nil
}
