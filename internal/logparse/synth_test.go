package logparse

import (
	"bytes"
	"encoding/json"
	"time"
)

// A synthetic Streams download, shaped like JSON.stringify(logs, null, 4)
// of real LogEntry objects (field order of src/log.js LogEntry). A later
// step adds logs recorded from the real library running against ccpsim.

type synthEntry struct {
	Component       string  `json:"component"`
	Level           string  `json:"level"`
	Text            string  `json:"text"`
	Time            string  `json:"time"`
	TabID           string  `json:"tabId"`
	Exception       any     `json:"exception"`
	Objects         []any   `json:"objects"`
	Line            int     `json:"line"`
	AgentResourceID *string `json:"agentResourceId"`
	LoggerID        string  `json:"loggerId"`
	ContextLayer    string  `json:"contextLayer"`
}

type synth struct {
	t0      time.Time
	entries []synthEntry
	agent   string
}

func newSynth(t0 time.Time) *synth { return &synth{t0: t0, agent: "f3c2a1b0-agent"} }

func (s *synth) add(at time.Duration, level, component, text string, objs ...any) {
	if objs == nil {
		objs = []any{}
	}
	s.entries = append(s.entries, synthEntry{Component: component, Level: level, Text: text,
		Time: s.t0.Add(at).UTC().Format("2006-01-02T15:04:05.000Z"), TabID: "tab-7", Objects: objs,
		Line: len(s.entries) + 1, AgentResourceID: &s.agent, LoggerID: "1795255200000-k3x", ContextLayer: "SharedWorker"})
}

type synthContact struct{ id, typ, state string }

func (s *synth) snapshot(at time.Duration, state, stateType string, skewMs int, contacts ...synthContact) {
	ts := s.t0.Add(at)
	var cs []any
	for _, c := range contacts {
		cs = append(cs, map[string]any{"contactId": c.id, "type": c.typ, "initialContactId": nil,
			"state":      map[string]any{"type": c.state, "timestamp": ts.Format(time.RFC3339Nano)},
			"queue":      map[string]any{"name": "[redacted]", "queueARN": "arn:aws:connect:us-east-1:111122223333:instance/0f0e/queue/q1"},
			"attributes": "[redacted]", "connections": []any{
				map[string]any{"connectionId": c.id + "-agent", "type": "agent", "initial": false, "state": map[string]any{"type": "connected"}},
				map[string]any{"connectionId": c.id + "-cust", "type": "inbound", "initial": true, "endpoint": map[string]any{"type": "phone_number", "phoneNumber": "[redacted]"}},
			}})
	}
	if cs == nil {
		cs = []any{}
	}
	snap := map[string]any{"snapshot": map[string]any{
		"state":                  map[string]any{"agentStateARN": nil, "type": stateType, "name": state, "startTimestamp": ts.Format(time.RFC3339Nano)},
		"agentAvailabilityState": map[string]any{"state": "Available", "timeStamp": ts.Format(time.RFC3339Nano)},
		"contacts":               cs, "snapshotTimestamp": ts.Add(time.Duration(skewMs) * time.Millisecond).Format(time.RFC3339Nano),
		"localTimestamp": ts.UnixMilli(), "skew": skewMs,
	}, "nextToken": "tok"}
	s.add(at-40*time.Millisecond, "TRACE", "ccp", "AWSClient: --> Calling operation 'getAgentSnapshot'")
	s.add(at, "TRACE", "ccp", "AWSClient: <-- Operation 'getAgentSnapshot' succeeded.", snap)
	s.add(at, "TRACE", "ccp", "GET_AGENT_SNAPSHOT succeeded.", snap)
}

// scenario: ten minutes of one agent's CCP with one answered call, a missed
// call, a failed API call, a snapshot gap, an ICE timeout and a clock jump.
func (s *synth) scenario(offset time.Duration) {
	sec := func(n float64) time.Duration { return offset + time.Duration(n*float64(time.Second)) }
	s.add(sec(0), "INFO", "ccp", "Initializing CCP")
	for i := 0; i < 120; i++ {
		at := float64(i * 5)
		if at > 300 && at < 345 { // network outage: no snapshots
			continue
		}
		skew := -120 + (i%7)*10
		if at >= 500 {
			skew = -7200
		}
		switch {
		case at == 60:
			s.snapshot(sec(at), "PendingBusy", "system", skew, synthContact{"c-0001", "voice", "connecting"})
			s.add(sec(at+0.5), "INFO", "softphone", " Softphone call detected: contactId c-0001 agent connectionId c-0001-agent")
			s.add(sec(at+1), "TRACE", "ccp", "AWSClient: --> Calling operation 'acceptContact'")
			s.add(sec(at+1.23), "TRACE", "ccp", "AWSClient: <-- Operation 'acceptContact' succeeded.")
		case at > 60 && at < 120:
			s.snapshot(sec(at), "Busy", "system", skew, synthContact{"c-0001", "voice", "connected"})
		case at >= 120 && at < 130:
			s.snapshot(sec(at), "AfterCallWork", "not_routable", skew, synthContact{"c-0001", "voice", "ended"})
		case at == 450:
			s.snapshot(sec(at), "PendingBusy", "system", skew, synthContact{"c-0002", "queue_callback", "connecting"})
		case at == 455:
			s.snapshot(sec(at), "MissedCallAgent", "error", skew, synthContact{"c-0002", "queue_callback", "missed"})
		case at > 455 && at < 470:
			s.snapshot(sec(at), "MissedCallAgent", "error", skew)
		default:
			s.snapshot(sec(at), "Available", "routable", skew)
		}
		s.add(sec(at+1), "DEBUG", "ccp", "Sending heartbeat")
		s.add(sec(at+1.08), "DEBUG", "ccp", "Heartbeat response received")
	}
	s.add(sec(200), "TRACE", "ccp", "AWSClient: --> Calling operation 'createOutboundContact'")
	s.add(sec(200.956), "TRACE", "ccp", `AWSClient: <-- Operation 'createOutboundContact' failed: {"type":"BadEndpointException","message":"Invalid number"}`)
	s.add(sec(201), "ERROR", "ccp", "Failed to create outbound contact.")
	s.add(sec(400), "ERROR", "softphone", " Softphone error occurred :  ice_collection_timeout Ice collection timedout. ")
}

func (s *synth) bytes() []byte {
	var b bytes.Buffer
	b.WriteString("[\n")
	var js bytes.Buffer
	enc := json.NewEncoder(&js)
	enc.SetEscapeHTML(false) // JSON.stringify does not escape <, >, &
	enc.SetIndent("    ", "    ")
	for i, e := range s.entries {
		js.Reset()
		if err := enc.Encode(e); err != nil {
			panic(err)
		}
		if i > 0 {
			b.WriteString(",\n")
		}
		b.WriteString("    ")
		b.Write(bytes.TrimRight(js.Bytes(), "\n"))
	}
	b.WriteString("\n]")
	return b.Bytes()
}

var synthT0 = time.Date(2026, 11, 20, 14, 0, 0, 0, time.UTC)

// synthLog is the ten-minute scenario.
func synthLog() []byte {
	s := newSynth(synthT0)
	s.scenario(0)
	return s.bytes()
}

// bigSynthLog repeats the scenario until the file has at least n bytes.
func bigSynthLog(n int) []byte {
	s := newSynth(synthT0)
	for i := 0; ; i++ {
		s.scenario(time.Duration(i) * 11 * time.Minute)
		if len(s.entries)*700 > n {
			break
		}
	}
	return s.bytes()
}

// synthStandby is the other region of a Global Resiliency pair: its CCP
// stays signed in and idle while us-east-1 is active.
func synthStandby() []byte {
	s := newSynth(synthT0)
	for i := 0; i < 20; i++ {
		s.snapshot(time.Duration(i)*30*time.Second, "Available", "routable", 300)
	}
	s.add(9*time.Minute, "WARN", "ccp", "globalResiliency::failover_pending received")
	return s.bytes()
}
