package logparse

import "time"

// Timeline is the result of parsing one or more logs.
type Timeline struct {
	Files           []FileSummary    `json:"files"`
	Entries         int              `json:"entries"`
	Start           time.Time        `json:"start,omitzero" ts_type:"string"`
	End             time.Time        `json:"end,omitzero" ts_type:"string"`
	Levels          map[string]int   `json:"levels"`
	AgentStates     []StateChange    `json:"agentStates"`
	Contacts        []*Contact       `json:"contacts"`
	API             []APIStat        `json:"api"`
	APIFailures     []APICall        `json:"apiFailures"`
	Snapshots       int              `json:"snapshots"`
	SnapshotGaps    []SnapshotGap    `json:"snapshotGaps"`
	Skew            SkewStats        `json:"skew"`
	SkewByRegion    []SkewStats      `json:"skewByRegion,omitempty"` // only with more than one region
	SoftphoneErrors []SoftphoneError `json:"softphoneErrors"`
	LogGaps         []LogGap         `json:"logGaps"`
	Errors          []Notable        `json:"errors"`
	ErrorCount      int              `json:"errorCount"`
	Problems        []Problem        `json:"problems"` // the first 200
	ProblemCount    int              `json:"problemCount"`

	calls []APICall    // every call, for charts
	skews []SkewSample // every sample, for charts
}

// FileSummary describes one input.
type FileSummary struct {
	Name     string `json:"name"`
	Format   string `json:"format"` // streams-json, ccpdesk-jsonl, ccpdesk-segment
	Region   string `json:"region,omitempty"`
	Entries  int    `json:"entries"`
	Problems int    `json:"problems"`
}

// Problem is a damaged part of an input; parsing went on after it.
type Problem struct {
	File   string `json:"file"`
	Offset int64  `json:"offset"`
	Msg    string `json:"message"`
}

// StateChange is an agent state seen in a snapshot that differs from the
// previous one of the same region.
type StateChange struct {
	Time   time.Time `json:"time" ts_type:"string"`
	Region string    `json:"region,omitempty"`
	Name   string    `json:"name"`
	Type   string    `json:"type,omitempty"`
}

// Contact is one contact and the states its snapshots showed.
type Contact struct {
	ID        string         `json:"contactId"`
	Type      string         `json:"type,omitempty"`
	Region    string         `json:"region,omitempty"`
	First     time.Time      `json:"first" ts_type:"string"`
	Last      time.Time      `json:"last" ts_type:"string"`
	Softphone bool           `json:"softphone,omitempty"`
	States    []ContactState `json:"states"`
}

// ContactState is a contact state change; "cleared" means the contact left
// the snapshot.
type ContactState struct {
	Time  time.Time `json:"time" ts_type:"string"`
	State string    `json:"state"`
}

// APICall is one AWSClient operation.
type APICall struct {
	Time      time.Time `json:"time" ts_type:"string"`
	Region    string    `json:"region,omitempty"`
	Op        string    `json:"op"`
	LatencyMs float64   `json:"latencyMs"` // -1 when the request line was not in the log
	OK        bool      `json:"ok"`
	Error     string    `json:"error,omitempty"`
}

// APIStat aggregates calls per operation.
type APIStat struct {
	Op       string  `json:"op"`
	Count    int     `json:"count"`
	Failures int     `json:"failures"`
	P50Ms    float64 `json:"p50Ms"`
	P95Ms    float64 `json:"p95Ms"`
	MaxMs    float64 `json:"maxMs"`
}

// SnapshotGap is a period without GET_AGENT_SNAPSHOT success in a region.
type SnapshotGap struct {
	From    time.Time `json:"from" ts_type:"string"`
	To      time.Time `json:"to" ts_type:"string"`
	Region  string    `json:"region,omitempty"`
	Seconds float64   `json:"seconds"`
}

// SkewSample is one snapshot's skew (server minus local clock, ms).
type SkewSample struct {
	Time   time.Time
	Region string
	Ms     float64
}

// SkewStats summarise the skew samples.
type SkewStats struct {
	Region  string  `json:"region,omitempty"`
	Samples int     `json:"samples"`
	MinMs   float64 `json:"minMs"`
	MaxMs   float64 `json:"maxMs"`
	MeanMs  float64 `json:"meanMs"`
	MaxAbs  float64 `json:"maxAbsMs"`
	Warning string  `json:"warning,omitempty"`
}

// SoftphoneError is a softphone failure with its likely cause.
type SoftphoneError struct {
	Time    time.Time `json:"time" ts_type:"string"`
	Region  string    `json:"region,omitempty"`
	Message string    `json:"message"`
	SoftphoneCause
}

// LogGap is a ccpdesk gap record: records dropped on a full disk.
type LogGap struct {
	Time time.Time `json:"time" ts_type:"string"`
	Text string    `json:"text"`
}

// Notable is an ERROR or CRITICAL line.
type Notable struct {
	Time   time.Time `json:"time" ts_type:"string"`
	Region string    `json:"region,omitempty"`
	Level  string    `json:"level"`
	Text   string    `json:"text"`
}
