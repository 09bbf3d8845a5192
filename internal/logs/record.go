package logs

import (
	"encoding/json"
	"time"
)

// Source says which logger produced a record.
type Source string

// Sources.
const (
	SourceStreamsCCP Source = "streams-ccp" // Streams logs of a regional CCP iframe (worker, CCP, softphone)
	SourceStreamsCRM Source = "streams-crm" // Streams' logger in our own page (the "CRM" layer)
	SourceFrontend   Source = "frontend"    // ccpdesk's UI code
	SourceGo         Source = "go"          // the Go backend (zerolog)
)

func (s Source) valid() bool {
	switch s {
	case SourceStreamsCCP, SourceStreamsCRM, SourceFrontend, SourceGo:
		return true
	}
	return false
}

// Streams' levels (src/log.js LogLevel). CRITICAL is accepted on input.
var levelOrder = map[string]int{
	"TEST": 0, "TRACE": 10, "DEBUG": 20, "INFO": 30, "LOG": 40, "WARN": 50, "ERROR": 100, "CRITICAL": 200,
}

// Exception mirrors Streams' LoggedException.
type Exception struct {
	Type    string   `json:"type"`
	Message string   `json:"message"`
	Stack   []string `json:"stack"`
}

// Record is one log line. It keeps every field of Streams' LogEntry so an
// export is a faithful Streams download, plus where it came from and a
// sequence number assigned by the writer.
type Record struct {
	Seq             uint64          `json:"seq"`
	Time            time.Time       `json:"time" ts_type:"string"`
	Level           string          `json:"level"`
	Component       string          `json:"component"`
	Text            string          `json:"text"`
	Objects         json.RawMessage `json:"objects"` // always a JSON array
	Exception       *Exception      `json:"exception"`
	Line            int             `json:"line,omitempty"`
	AgentResourceID string          `json:"agentResourceId,omitempty"`
	LoggerID        string          `json:"loggerId,omitempty"`
	ContextLayer    string          `json:"contextLayer,omitempty"`
	TabID           string          `json:"tabId,omitempty"`
	Region          string          `json:"region,omitempty"`
	Source          Source          `json:"source"`
}

var emptyArray = json.RawMessage("[]")

// normalize fills defaults so every stored record is a valid Streams entry.
func (r *Record) normalize(now time.Time) {
	if r.Time.IsZero() {
		r.Time = now
	}
	r.Time = r.Time.UTC()
	if r.Level == "" {
		r.Level = "INFO"
	}
	if r.Component == "" {
		r.Component = "ccp"
	}
	if len(r.Objects) == 0 || string(r.Objects) == "null" {
		r.Objects = emptyArray
	}
	if r.Source == "" {
		r.Source = SourceGo
	}
}
